import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderApiDocs } from './gen-api-docs';

describe('docs/api.md', () => {
  it('matches the action registry (regenerate with `npx tsx scripts/gen-api-docs.ts`)', () => {
    const onDisk = readFileSync(path.join(__dirname, '..', 'docs', 'api.md'), 'utf8');
    expect(renderApiDocs()).toBe(onDisk);
  }, 60_000);

  it('documents every action with who may call it and its output', () => {
    const text = renderApiDocs();
    expect(text).toContain('### `org.getClass`');
    expect(text).toMatch(/### `identity\.claimRoster`[\s\S]*?\*\*Who:\*\* any signed-in user/);
    expect(text).toMatch(/### `org\.createClass`[\s\S]*?\*\*Output:\*\* `\{/);
  }, 60_000);
});
