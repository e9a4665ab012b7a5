/**
 * WeChat cannot load a subpackage's code from the main package: main-package pages (src/pages) import
 * only from src/api, src/components, src/ui, src/utils (and the domain core), never from src/packages.
 */
import fs from 'fs';
import path from 'path';

const pagesDir = __dirname;
const src = path.resolve(pagesDir, '..');

/** Every file under src/pages and what it imports (resolved to paths under src/ where relative). */
function imports(dir: string): { file: string; target: string }[] {
  const out: { file: string; target: string }[] = [];
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) out.push(...imports(full));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) {
      const text = fs.readFileSync(full, 'utf8');
      for (const m of text.matchAll(/from\s+'(\.[^']+)'|import\s+'(\.[^']+)'|require\('(\.[^']+)'\)/g)) {
        const spec = m[1] ?? m[2] ?? m[3];
        out.push({ file: path.relative(src, full), target: path.relative(src, path.resolve(dir, spec)) });
      }
    }
  }
  return out;
}

test('main-package pages import no subpackage module', () => {
  const found = imports(pagesDir);
  expect(found.length).toBeGreaterThan(0);
  const bad = found.filter((i) => i.target.startsWith(`packages${path.sep}`));
  expect(bad).toEqual([]);
});
