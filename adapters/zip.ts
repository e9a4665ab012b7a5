import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { Zipper } from '../core/services';

/**
 * The .zip edge (fflate, pure JS, bundles into a cloud function): files are added one at a time, each
 * read only when its turn comes, and the archive's chunks are yielded as they are produced, so an export
 * of many works never holds more than one work and a few chunks in memory. Names are UTF-8 (fflate sets
 * the language-encoding flag), so Chinese titles survive on Windows and macOS alike.
 */
export function createZipper(): Zipper {
  return {
    async *zip(files) {
      const ready: Uint8Array[] = [];
      let failure: Error | null = null;
      let done = false;
      const archive = new Zip((err, chunk, final) => {
        if (err) failure = err;
        else if (chunk.length) ready.push(chunk);
        if (final) done = true;
      });
      const drain = function* () {
        while (ready.length) yield ready.shift() as Uint8Array;
      };
      for await (const file of files) {
        if (failure) throw failure;
        const bytes = await file.read();
        const entry = file.compress ? new ZipDeflate(file.name, { level: 6 }) : new ZipPassThrough(file.name);
        archive.add(entry);
        entry.push(bytes, true);
        yield* drain();
      }
      archive.end();
      if (failure) throw failure;
      yield* drain();
      if (!done) throw new Error('zip: archive did not finish');
    },
  };
}
