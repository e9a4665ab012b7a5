import { C } from './collections';
import { recountBatch } from './maintenance';
import type { ClassDoc } from './model';
import { bump, readTotal, rollup, SHARDS, type ClassUnit } from './stats';
import { countingStore } from './storeTools';
import { createHarness, type Harness } from '../testing/harness';

/** A city of `schools` × `classes` classes with nothing counted yet (no demo seed). */
async function city(_h: Harness, schools: number, classes: number): Promise<ClassUnit[]> {
  const units: ClassUnit[] = [];
  for (let s = 0; s < schools; s++) {
    for (let c = 0; c < classes; c++) {
      units.push({ classId: `c${s}-${c}`, schoolId: `s${s}`, districtId: `d${s % 3}` });
    }
  }
  return units;
}

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ demo: false });
});

describe('rollup (issue #8.1)', () => {
  it('is exact at every level after bumps spread over shards', async () => {
    const units = await city(h, 6, 4);
    const now = h.clock.now();
    let expected = 0;
    for (const [i, u] of units.entries()) {
      for (let k = 0; k < i % 5; k++) {
        await bump(h.store, u, 'x', 1, `key-${i}-${k}`, now);
        expected++;
      }
    }
    const report = await rollup(h.store, now);
    expect(report.ran).toBe(true);
    expect((await readTotal(h.store, 'city')).x).toBe(expected);
    const bySchool = units.filter((u) => u.schoolId === 's2').reduce((n, u) => n + (units.indexOf(u) % 5), 0);
    expect((await readTotal(h.store, 's:s2')).x).toBe(bySchool);
    // Running again changes nothing.
    expect((await rollup(h.store, now)).written).toBe(0);
  });

  it('reads only what changed since the last tick, not the whole city', async () => {
    const units = await city(h, 30, 10); // 300 classes
    for (const u of units) await bump(h.store, u, 'x', 1, u.classId, h.clock.now());
    // Ticks run every minute; each re-reads a 2-minute overlap before its watermark (writes in flight).
    h.clock.advanceMs(3 * 60_000);
    await rollup(h.store, h.clock.now());
    h.clock.advanceMs(10 * 60_000);
    await bump(h.store, units[7], 'x', 1, 'someone', h.clock.now());
    const counting = countingStore(h.store);
    const report = await rollup(counting.store, h.clock.now());
    expect(report.classes).toBe(1);
    expect(report.schools).toBe(1);
    // One changed class: its shards, its school's classes, its district's schools, the districts.
    expect(counting.counts.docsRead).toBeLessThan(60);
    expect((await readTotal(h.store, 'city')).x).toBe(301);
  });

  it('two ticks at once: one runs, the other skips (lease)', async () => {
    const units = await city(h, 3, 3);
    for (const u of units) await bump(h.store, u, 'x', 2, u.classId, h.clock.now());
    const [a, b] = await Promise.all([rollup(h.store, h.clock.now()), rollup(h.store, h.clock.now())]);
    expect([a.ran, b.ran].sort()).toEqual([false, true]);
    expect((await readTotal(h.store, 'city')).x).toBe(18);
    // The lease is released: the next tick runs.
    expect((await rollup(h.store, h.clock.now())).ran).toBe(true);
  });

  it('pages changed shards by key: more than one page of changes is counted once each', async () => {
    const units = await city(h, 40, 30); // 1,200 classes: more shards than one page (1,000)
    for (const u of units) await bump(h.store, u, 'x', 1, u.classId, h.clock.now());
    const report = await rollup(h.store, h.clock.now());
    expect(report.classes).toBe(1200);
    expect((await readTotal(h.store, 'city')).x).toBe(1200);
  }, 30_000);
});

describe('nightly repair (issue #8.2)', () => {
  async function classes(n: number) {
    for (let i = 0; i < n; i++) {
      const cls: ClassDoc = {
        _id: `k${String(i).padStart(3, '0')}`,
        districtId: 'd1',
        schoolId: 's1',
        stage: 'primary',
        grade: 1,
        classNo: i + 1,
        classCode: `CODE${i}`,
        teacherIds: [],
        createdAt: h.clock.now().toISOString(),
      };
      await h.store.insert(C.classes, cls);
    }
  }

  it('advances the cursor only after the batch succeeded: a failing batch is repeated, not skipped', async () => {
    await classes(5);
    const services = h.services;
    const original = services.store;
    let fail = true;
    services.store = {
      ...original,
      count: async (...args) => {
        if (fail) throw new Error('timeout');
        return original.count(...args);
      },
    };
    await expect(recountBatch(services, h.clock.now(), 2)).rejects.toThrow('timeout');
    expect(await original.get(C.meta, 'recount:cursor')).toBeNull();
    fail = false;
    expect(await recountBatch(services, h.clock.now(), 2)).toBe(2);
    expect((await original.get<{ _id: string; after: string }>(C.meta, 'recount:cursor'))!.after).toBe(
      'k001',
    );
    services.store = original;
  });

  it('recount rebuilds drifted shards exactly (one shard left per class)', async () => {
    await classes(2);
    const unit = { classId: 'k000', schoolId: 's1', districtId: 'd1' };
    for (let i = 0; i < 10; i++) await bump(h.store, unit, 'roster', 1, `k${i}`, h.clock.now());
    await rollup(h.store, h.clock.now());
    expect((await readTotal(h.store, 'k:k000')).roster).toBe(10);
    await recountBatch(h.services, h.clock.now(), 10);
    // The source (roster collection) has no pupils for k000: the counter is repaired to 0.
    expect((await readTotal(h.store, 'k:k000')).roster).toBe(0);
    const shards = await h.store.find(C.counters, { level: 'shard', classId: 'k000' });
    expect(shards.length).toBeLessThanOrEqual(SHARDS);
    expect(shards.map((s) => s._id)).toEqual(['c:k000:0']);
  });
});
