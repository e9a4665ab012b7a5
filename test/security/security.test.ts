/**
 * What an attacker tried against the product, one test each (issue #7). Every test here failed on the
 * code before the fix; each names the attack in plain words. Handler-level attacks run through the
 * same dispatch the local server and CloudBase use (core/testing/harness.ts).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { randomCode } from '../../core/codes';
import { createHarness, DEMO_USERS as U } from '../../core/testing/harness';

const ROOT = path.resolve(__dirname, '../..');

/** Every non-test TypeScript file under the given top-level folders. */
function serverSources(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const n of readdirSync(p)) walk(path.join(p, n));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  };
  for (const d of dirs) walk(path.join(ROOT, d));
  return out;
}

describe('1. predicting codes from earlier ones', () => {
  it('no server-side code calls Math.random (its state can be recovered from three outputs)', () => {
    const offenders = serverSources(['core', 'adapters', 'server', 'cloudfunctions']).filter((f) =>
      /Math\.random\(/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('an invite code cannot be reproduced by replaying the generator: Math.random pinned, codes still differ', async () => {
    const h = await createHarness();
    const original = Math.random;
    Math.random = () => 0.123;
    try {
      const a = await h.ok(U.schoolAdmin, 'org', 'createInvite', {
        role: 'teacher',
        schoolId: 'school-lvyin',
        classIds: ['class-lvyin-3-2'],
      });
      const b = await h.ok(U.schoolAdmin, 'org', 'createInvite', {
        role: 'teacher',
        schoolId: 'school-lvyin',
        classIds: ['class-lvyin-3-2'],
      });
      expect(a._id).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
      expect(a._id).not.toBe(b._id);
      expect(new Set(Array.from({ length: 30 }, () => randomCode(8))).size).toBe(30);
    } finally {
      Math.random = original;
    }
  });
});
