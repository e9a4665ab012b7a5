import {
  type AssignResult,
  assignJudges,
  type ContestEntry,
  type Judge,
  reassign,
  recusalReason,
} from './assignJudges';
import { mulberry32, pick, timeIt } from './testing/rng';

const CATEGORIES = ['essay', 'drawing', 'photo', 'video'];

/** A generated city: districts → schools → entries with advisors; judges from some schools, some with expertise. */
function city(
  seed: number,
  opts: { entries: number; judges: number; districts: number; schools: number; expertShare?: number },
) {
  const rand = mulberry32(seed);
  const schoolDistrict = Array.from({ length: opts.schools }, () => `d${pick(rand, opts.districts)}`);
  const teachers = Array.from({ length: opts.schools * 3 }, (_, i) => `t${i}`);
  const judges: Judge[] = Array.from({ length: opts.judges }, (_, i) => {
    const kind = pick(rand, 4);
    const school = pick(rand, opts.schools);
    const judge: Judge = { id: `j${String(i).padStart(2, '0')}` };
    if (kind <= 1) {
      // a teacher at a school (recused from the school and its district)
      judge.schoolId = `s${school}`;
      judge.districtId = schoolDistrict[school];
    } else if (kind === 2) {
      judge.districtId = `d${pick(rand, opts.districts)}`; // a district researcher (教研员)
    } // kind 3: a city-level expert with no school or district
    if (rand() < (opts.expertShare ?? 0.3)) {
      judge.categories = CATEGORIES.filter(() => rand() < 0.5);
    }
    return judge;
  });
  // Some judges are also teachers who advise entries.
  const advisorPool = [...teachers, ...judges.map((j) => j.id)];
  const entries: ContestEntry[] = Array.from({ length: opts.entries }, (_, i) => {
    const school = pick(rand, opts.schools);
    return {
      id: `e${String(i).padStart(4, '0')}`,
      schoolId: `s${school}`,
      districtId: schoolDistrict[school],
      advisorIds: Array.from({ length: pick(rand, 3) }, () => advisorPool[pick(rand, advisorPool.length)]),
      category: CATEGORIES[pick(rand, CATEGORIES.length)],
    };
  });
  return { entries, judges };
}

/**
 * Every invariant a result must satisfy, checked independently of the implementation. Problems are
 * collected and asserted once: thousands of expect() calls would dominate the run time.
 */
function checkInvariants(entries: ContestEntry[], judges: Judge[], result: AssignResult, perEntry: number) {
  const problems: string[] = [];
  const judgeById = new Map(judges.map((j) => [j.id, j]));
  const counted = new Map(judges.map((j) => [j.id, 0]));
  expect(result.assignments.map((a) => a.entryId)).toEqual(entries.map((e) => e.id));
  const short = new Map(result.shortfalls.map((s) => [s.entryId, s]));
  entries.forEach((entry, i) => {
    const ids = result.assignments[i].judgeIds;
    if (new Set(ids).size !== ids.length) problems.push(`${entry.id}: a judge twice`);
    for (const id of ids) {
      const judge = judgeById.get(id);
      if (!judge) {
        problems.push(`${entry.id}: unknown judge ${id}`);
        continue;
      }
      // Spelled out, not trusting recusalReason:
      if (entry.advisorIds.includes(id)) problems.push(`${entry.id}: advisor ${id}`);
      if (judge.schoolId === entry.schoolId) problems.push(`${entry.id}: same school ${id}`);
      if (judge.districtId === entry.districtId) problems.push(`${entry.id}: same district ${id}`);
      if (judge.categories?.length && !judge.categories.includes(entry.category)) {
        problems.push(`${entry.id}: category ${id}`);
      }
      counted.set(id, (counted.get(id) ?? 0) + 1);
    }
    const eligible = judges.filter(
      (j) =>
        !entry.advisorIds.includes(j.id) &&
        j.schoolId !== entry.schoolId &&
        j.districtId !== entry.districtId &&
        (!j.categories?.length || j.categories.includes(entry.category)),
    ).length;
    if (ids.length !== Math.min(perEntry, eligible)) problems.push(`${entry.id}: ${ids.length} judges`);
    const reported = short.get(entry.id);
    if (eligible < perEntry) {
      if (
        JSON.stringify(reported) !==
        JSON.stringify({ entryId: entry.id, needed: perEntry, assigned: eligible, eligible })
      ) {
        problems.push(`${entry.id}: shortfall not reported right`);
      }
    } else if (reported) {
      problems.push(`${entry.id}: spurious shortfall`);
    }
  });
  expect(problems).toEqual([]);
  expect(result.load).toEqual(judges.map((j) => ({ judgeId: j.id, load: counted.get(j.id) })));
}

/** A small max-flow network (Dinic): the independent referee for the balance claims. */
class Flow {
  private head: number[];
  private to: number[] = [];
  private cap: number[] = [];
  private next: number[] = [];
  constructor(private n: number) {
    this.head = new Array<number>(n).fill(-1);
  }
  add(u: number, v: number, c: number) {
    for (const [a, b, k] of [
      [u, v, c],
      [v, u, 0],
    ]) {
      this.to.push(b);
      this.cap.push(k);
      this.next.push(this.head[a]);
      this.head[a] = this.to.length - 1;
    }
  }
  max(s: number, t: number): number {
    let flow = 0;
    for (;;) {
      const level = new Array<number>(this.n).fill(-1);
      level[s] = 0;
      const q = [s];
      for (let i = 0; i < q.length; i++) {
        for (let e = this.head[q[i]]; e !== -1; e = this.next[e]) {
          if (this.cap[e] > 0 && level[this.to[e]] < 0) {
            level[this.to[e]] = level[q[i]] + 1;
            q.push(this.to[e]);
          }
        }
      }
      if (level[t] < 0) return flow;
      const it = this.head.slice();
      const push = (u: number, f: number): number => {
        if (u === t) return f;
        for (; it[u] !== -1; it[u] = this.next[it[u]]) {
          const e = it[u];
          const v = this.to[e];
          if (this.cap[e] > 0 && level[v] === level[u] + 1) {
            const d = push(v, Math.min(f, this.cap[e]));
            if (d > 0) {
              this.cap[e] -= d;
              this.cap[e ^ 1] += d;
              return d;
            }
          }
        }
        return 0;
      };
      for (let f = push(s, Infinity); f > 0; f = push(s, Infinity)) flow += f;
    }
  }
}

/**
 * Independent optimality proof by flows. With need_e = min(perEntry, eligible_e) and judge cap C:
 * - every judge ≤ C is possible iff maxflow(caps C) = Σ need_e;
 * - every judge ≥ L is possible iff maxflow(caps L) = L · #judges (a partial assignment giving each
 *   judge L extends to a full one: the loads form a polymatroid's bases, judges have no capacity).
 * So the result's max M is optimal iff caps M−1 fail, and its min m iff L = m+1 fails.
 */
function provesOptimalSpread(
  entries: ContestEntry[],
  judges: Judge[],
  result: AssignResult,
  perEntry: number,
) {
  const nE = entries.length;
  const nJ = judges.length;
  const S = nE + nJ;
  const T = S + 1;
  const flowWithJudgeCap = (judgeCap: number) => {
    const net = new Flow(T + 1);
    entries.forEach((entry, e) => {
      let eligible = 0;
      judges.forEach((judge, j) => {
        if (recusalReason(entry, judge) === null) {
          net.add(e, nE + j, 1);
          eligible++;
        }
      });
      net.add(S, e, Math.min(perEntry, eligible));
    });
    judges.forEach((_, j) => net.add(nE + j, T, judgeCap));
    return net.max(S, T);
  };
  const loads = result.load.map((l) => l.load);
  const M = Math.max(...loads);
  const m = Math.min(...loads);
  const total = loads.reduce((a, b) => a + b, 0);
  if (M > 0) expect(flowWithJudgeCap(M - 1)).toBeLessThan(total);
  expect(flowWithJudgeCap(m + 1)).toBeLessThan((m + 1) * nJ);
}

describe('recusalReason', () => {
  const entry: ContestEntry = {
    id: 'e',
    schoolId: 's1',
    districtId: 'd1',
    advisorIds: ['t9'],
    category: 'essay',
  };
  it.each([
    [{ id: 't9' }, 'advisor'],
    [{ id: 'j', schoolId: 's1', districtId: 'd2' }, 'same-school'],
    [{ id: 'j', schoolId: 's2', districtId: 'd1' }, 'same-district'],
    [{ id: 'j', districtId: 'd1' }, 'same-district'],
    [{ id: 'j', schoolId: 's7', schoolIds: ['s5', 's1'] }, 'same-school'], // also teaches at s1
    [{ id: 'j', districtIds: ['d4', 'd1'] }, 'same-district'],
    [{ id: 'j', schoolIds: ['s5'], districtIds: ['d4'] }, null],
    [{ id: 'j', categories: ['drawing'] }, 'category'],
    [{ id: 'j', categories: [] }, null], // an empty list means "any category"
    [{ id: 'j', categories: ['drawing', 'essay'] }, null],
    [{ id: 'j', schoolId: 's2', districtId: 'd2' }, null],
    [{ id: 'j' }, null],
  ] as [Judge, string | null][])('%o → %s', (judge, reason) => {
    expect(recusalReason(entry, judge)).toBe(reason);
  });
});

describe('assignJudges on a hand-made city', () => {
  // Districts A and B. Judges: jA (district A), jB (district B), jS (school a1), jX/jY/jZ (city experts),
  // jP only for photos.
  const judges: Judge[] = [
    { id: 'jA', districtId: 'A' },
    { id: 'jB', districtId: 'B' },
    { id: 'jS', schoolId: 'a1', districtId: 'A' },
    { id: 'jX' },
    { id: 'jY' },
    { id: 'jZ' },
    { id: 'jP', categories: ['photo'] },
  ];
  const entries: ContestEntry[] = [
    { id: 'e1', schoolId: 'a1', districtId: 'A', advisorIds: ['jX'], category: 'essay' }, // eligible: jB jY jZ
    { id: 'e2', schoolId: 'b1', districtId: 'B', advisorIds: [], category: 'photo' }, // jA jS jX jY jZ jP
    { id: 'e3', schoolId: 'a2', districtId: 'A', advisorIds: ['jY', 'jZ'], category: 'essay' }, // jB jX
    { id: 'e4', schoolId: 'b2', districtId: 'B', advisorIds: [], category: 'drawing' }, // jA jS jX jY jZ
  ];

  it('respects recusal, reports the short entry, and balances the rest', () => {
    const result = assignJudges(entries, judges);
    checkInvariants(entries, judges, result, 3);
    expect(result.assignments[0].judgeIds).toEqual(['jB', 'jY', 'jZ']); // the only three eligible
    expect(result.assignments[2].judgeIds).toEqual(['jB', 'jX']);
    expect(result.shortfalls).toEqual([{ entryId: 'e3', needed: 3, assigned: 2, eligible: 2 }]);
    // 3 + 3 + 2 + 3 = 11 slots over 7 judges; jB must take 2 (e1, e3), so loads {1,2}: max − min = 1.
    const loads = result.load.map((l) => l.load);
    expect(loads.reduce((a, b) => a + b, 0)).toBe(11);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    provesOptimalSpread(entries, judges, result, 3);
  });

  it('is deterministic: same input in another order gives the same judges per entry', () => {
    const a = assignJudges(entries, judges);
    const b = assignJudges(entries.slice().reverse(), judges.slice().reverse());
    const asMap = (r: AssignResult) => Object.fromEntries(r.assignments.map((x) => [x.entryId, x.judgeIds]));
    expect(asMap(b)).toEqual(asMap(a));
    expect(assignJudges(entries, judges)).toEqual(a);
  });

  it('keeps existing pairs, tops entries up, and drops (and reports) pairs that break a rule', () => {
    const result = assignJudges(entries, judges, {
      existing: [
        { entryId: 'e2', judgeIds: ['jP', 'jP'] }, // duplicate listed twice: kept once
        { entryId: 'e4', judgeIds: ['jB', 'jX', 'nobody'] }, // jB is from district B: recused
        { entryId: 'gone', judgeIds: ['jX'] },
      ],
    });
    checkInvariants(entries, judges, result, 3);
    expect(result.assignments[1].judgeIds).toContain('jP');
    expect(result.assignments[3].judgeIds).toContain('jX');
    expect(result.dropped).toEqual([
      { entryId: 'e4', judgeId: 'jB', reason: 'same-district' },
      { entryId: 'e4', judgeId: 'nobody', reason: 'unknown-judge' },
      { entryId: 'gone', judgeId: 'jX', reason: 'unknown-entry' },
    ]);
  });

  it('gives unavailable judges nothing new', () => {
    const result = assignJudges(entries, judges, { unavailable: ['jY', 'jZ'] });
    for (const a of result.assignments) expect(a.judgeIds).not.toContain('jY');
    expect(result.load.find((l) => l.judgeId === 'jZ')?.load).toBe(0);
    // e1 now has only jB eligible and available.
    expect(result.shortfalls).toContainEqual({ entryId: 'e1', needed: 3, assigned: 1, eligible: 1 });
  });

  it('validates its input', () => {
    expect(() => assignJudges(entries, judges, { perEntry: 0 })).toThrow(RangeError);
    expect(() => assignJudges(entries, judges, { perEntry: 2.5 })).toThrow(RangeError);
    expect(() => assignJudges([entries[0], entries[0]], judges)).toThrow(/duplicate entry/);
    expect(() => assignJudges(entries, [judges[0], judges[0]])).toThrow(/duplicate judge/);
    expect(assignJudges([], judges).load.every((l) => l.load === 0)).toBe(true);
    expect(assignJudges(entries, []).shortfalls).toHaveLength(4);
  });
});

describe('assignJudges properties over generated cities', () => {
  it('never breaks recusal, never under-assigns silently, and its load spread is provably optimal (300 cities)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = mulberry32(seed * 7919);
      const perEntry = 1 + pick(rand, 4);
      const { entries, judges } = city(seed, {
        entries: 5 + pick(rand, 60),
        judges: 2 + pick(rand, 12),
        districts: 1 + pick(rand, 5),
        schools: 2 + pick(rand, 15),
        expertShare: rand() * 0.8,
      });
      const result = assignJudges(entries, judges, { perEntry });
      checkInvariants(entries, judges, result, perEntry);
      provesOptimalSpread(entries, judges, result, perEntry);
    }
  });

  it('max − min ≤ 1 in realistic cities where every judge can judge most entries (100 cities)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { entries, judges } = city(1000 + seed, {
        entries: 100 + seed * 3,
        judges: 6 + (seed % 20),
        districts: 8,
        schools: 60,
        expertShare: 0, // a judge who only does videos may be unable to reach the average load
      });
      const result = assignJudges(entries, judges);
      checkInvariants(entries, judges, result, 3);
      const loads = result.load.map((l) => l.load);
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    }
  });

  it('matches exhaustive search on tiny cities (best possible max and min load)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rand = mulberry32(seed);
      const perEntry = 1 + pick(rand, 2);
      const { entries, judges } = city(5000 + seed, {
        entries: 3 + pick(rand, 3),
        judges: 3 + pick(rand, 2),
        districts: 3,
        schools: 4,
        expertShare: 0.5,
      });
      const result = assignJudges(entries, judges, { perEntry });
      const loads = result.load.map((l) => l.load);
      // Enumerate every choice of min(perEntry, eligible) judges for every entry.
      const options = entries.map((entry) => {
        const eligible = judges.map((_, j) => j).filter((j) => recusalReason(entry, judges[j]) === null);
        return subsets(eligible, Math.min(perEntry, eligible.length));
      });
      let bestMax = Infinity;
      let bestMin = -Infinity;
      const count = new Array<number>(judges.length).fill(0);
      const walk = (e: number) => {
        if (e === entries.length) {
          bestMax = Math.min(bestMax, Math.max(...count));
          bestMin = Math.max(bestMin, Math.min(...count));
          return;
        }
        for (const choice of options[e]) {
          for (const j of choice) count[j]++;
          walk(e + 1);
          for (const j of choice) count[j]--;
        }
      };
      walk(0);
      expect(Math.max(...loads)).toBe(bestMax);
      expect(Math.min(...loads)).toBe(bestMin);
    }
  });
});

function subsets(items: number[], k: number): number[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [first, ...s]), ...subsets(rest, k)];
}

describe('reassign', () => {
  const { entries, judges } = city(42, {
    entries: 200,
    judges: 12,
    districts: 6,
    schools: 40,
    expertShare: 0,
  });
  const initial = assignJudges(entries, judges);
  const leaving = 'j03';
  const own = initial.assignments.filter((a) => a.judgeIds.includes(leaving)).map((a) => a.entryId);
  const scored = own.slice(0, 5).map((entryId) => ({ entryId, judgeId: leaving }));

  it("moves the judge's unscored entries, keeps the scored ones and everything else in place", () => {
    const result = reassign({ entries, judges, assignments: initial.assignments, judgeId: leaving, scored });
    checkInvariantsLoose(entries, judges, result);
    const before = new Map(initial.assignments.map((a) => [a.entryId, a.judgeIds]));
    const scoredIds = new Set(scored.map((s) => s.entryId));
    for (const a of result.assignments) {
      const was = before.get(a.entryId) as string[];
      if (scoredIds.has(a.entryId)) {
        expect(a.judgeIds).toEqual(was); // scored: untouched, the leaving judge stays
      } else if (was.includes(leaving)) {
        expect(a.judgeIds).not.toContain(leaving);
        expect(a.judgeIds).toHaveLength(3);
        // the other two judges kept their work
        for (const j of was.filter((x) => x !== leaving)) expect(a.judgeIds).toContain(j);
      } else {
        expect(a.judgeIds).toEqual(was);
      }
    }
    expect(result.moved).toHaveLength(own.length - 5);
    for (const m of result.moved) {
      expect(m.from).toBe(leaving);
      expect(m.to).not.toBeNull();
      expect(result.assignments.find((a) => a.entryId === m.entryId)?.judgeIds).toContain(m.to);
    }
    expect(result.load.find((l) => l.judgeId === leaving)?.load).toBe(5);
    // The moved entries were spread over the others: their loads still differ by at most 1.
    const others = result.load.filter((l) => l.judgeId !== leaving).map((l) => l.load);
    expect(
      Math.max(...initial.load.map((l) => l.load)) - Math.min(...initial.load.map((l) => l.load)),
    ).toBeLessThanOrEqual(1);
    expect(Math.max(...others) - Math.min(...others)).toBeLessThanOrEqual(1);
    expect(new Set(result.moved.map((m) => m.to)).size).toBeGreaterThan(5);
  });

  it('reports an entry nobody else can take', () => {
    const tiny: ContestEntry[] = [
      { id: 'e', schoolId: 's', districtId: 'd', advisorIds: [], category: 'essay' },
    ];
    const js: Judge[] = [{ id: 'a' }, { id: 'b' }, { id: 'c', districtId: 'd' }];
    const first = assignJudges(tiny, js, { perEntry: 2 });
    expect(first.assignments[0].judgeIds).toEqual(['a', 'b']);
    const result = reassign({
      entries: tiny,
      judges: js,
      assignments: first.assignments,
      judgeId: 'a',
      perEntry: 2,
    });
    expect(result.moved).toEqual([{ entryId: 'e', from: 'a', to: null }]);
    expect(result.assignments[0].judgeIds).toEqual(['b']);
    expect(result.shortfalls).toEqual([{ entryId: 'e', needed: 2, assigned: 1, eligible: 1 }]);
  });
});

/** Recusal and distinctness only (reassign keeps scored pairs, so counts may exceed what a fresh run gives). */
function checkInvariantsLoose(entries: ContestEntry[], judges: Judge[], result: AssignResult) {
  const judgeById = new Map(judges.map((j) => [j.id, j]));
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const ids = result.assignments[i].judgeIds;
    if (new Set(ids).size !== ids.length) problems.push(`${entry.id}: a judge twice`);
    for (const id of ids)
      if (recusalReason(entry, judgeById.get(id) as Judge)) problems.push(`${entry.id}: ${id}`);
  });
  expect(problems).toEqual([]);
}

describe('timing', () => {
  it('2,000 entries × 30 judges (printed)', () => {
    const { entries, judges } = city(2024, {
      entries: 2000,
      judges: 30,
      districts: 16,
      schools: 300,
      expertShare: 0.3,
    });
    assignJudges(entries, judges); // warm-up
    const { value, ms } = timeIt(() => assignJudges(entries, judges));
    checkInvariants(entries, judges, value, 3);
    const loads = value.load.map((l) => l.load);
    console.log(
      `assignJudges 2,000 entries × 30 judges: ${ms.toFixed(1)} ms; loads ${Math.min(...loads)}–${Math.max(...loads)}, ` +
        `${value.shortfalls.length} short`,
    );
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(ms).toBeLessThan(5000);
  });
});
