/**
 * City-round judging assignment: every entry gets `perEntry` distinct judges, nobody judges a work they
 * must recuse from, and the workload is as even as the rules allow.
 *
 * Rules
 * - Recusal: a judge never gets an entry from their own school or district, nor one they advised.
 * - Expertise: a judge who lists categories only gets entries of those categories (no list, or an
 *   empty list, means any category).
 * - Balance: the final loads are "decreasingly minimal": no single entry can be handed from a judge
 *   to another with at least 2 fewer, even through a chain of hand-overs. For assignment problems
 *   like this one (the load vectors form an M-convex set) that local condition is global: the
 *   largest load is as small as possible and the smallest as large as possible at the same time, so
 *   max − min ≤ 1 whenever any assignment achieves that (judges with no eligible entry, or loads
 *   pinned by existing assignments, can make it impossible).
 * - Shortage: an entry with fewer eligible judges than `perEntry` gets all of them and is listed in
 *   `shortfalls`, never silently under-assigned.
 * - Determinism: same input, same output. Judges and entries are ordered by id (plain UTF-16
 *   comparison, no locale), and every tie is broken by id.
 *
 * Method: greedy (entries with the least slack first, each taking its least-loaded eligible judges),
 * then repair by shortest hand-over chains (BFS over judges) from the most loaded judge to any judge
 * with ≥ 2 fewer, until none exists. Each repair lowers Σ load² by ≥ 2, so it terminates; a shortest
 * chain never uses one entry twice, so applying it hand-over by hand-over stays valid.
 */

export interface ContestEntry {
  id: string;
  schoolId: string;
  districtId: string;
  /** Teachers who advised the work (指导教师): they may not judge it. */
  advisorIds: string[];
  category: string;
}

export interface Judge {
  id: string;
  schoolId?: string;
  districtId?: string;
  /** Further schools and districts the judge belongs to (a judge who also teaches, or advises elsewhere). */
  schoolIds?: string[];
  districtIds?: string[];
  /** Categories the judge is qualified for; absent or empty = any. */
  categories?: string[];
}

export interface Assignment {
  entryId: string;
  judgeIds: string[];
}

export type RecusalReason = 'advisor' | 'same-school' | 'same-district' | 'category';

export interface AssignOptions {
  /** Judges per entry (default 3). */
  perEntry?: number;
  /**
   * Assignments already made (judges may have started scoring): kept as they are and never moved;
   * entries are topped up to `perEntry`. Pairs that break a rule now are dropped and reported.
   */
  existing?: Assignment[];
  /** Judges who get no new entries (on leave, removed); their existing pairs still count. */
  unavailable?: string[];
}

export interface Shortfall {
  entryId: string;
  /** perEntry */
  needed: number;
  /** Judges the entry has now. */
  assigned: number;
  /** Judges who may judge it at all (available and not recused, plus kept existing pairs). */
  eligible: number;
}

export interface DroppedPair {
  entryId: string;
  judgeId: string;
  reason: RecusalReason | 'unknown-entry' | 'unknown-judge';
}

export interface AssignResult {
  /** One per entry, in input order; judgeIds sorted by id. */
  assignments: Assignment[];
  /** Entries per judge, in input order (every judge listed, 0 included). */
  load: { judgeId: string; load: number }[];
  shortfalls: Shortfall[];
  /** Existing pairs that were not kept (rule broken now, or unknown ids). */
  dropped: DroppedPair[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Why a judge may not judge an entry (advisor first), or null if allowed: one place for the rules, for UI and store checks too. */
export function recusalReason(entry: ContestEntry, judge: Judge): RecusalReason | null {
  if (entry.advisorIds.includes(judge.id)) return 'advisor';
  if (judge.schoolId !== undefined && judge.schoolId === entry.schoolId) return 'same-school';
  if (judge.schoolIds?.includes(entry.schoolId)) return 'same-school';
  if (judge.districtId !== undefined && judge.districtId === entry.districtId) return 'same-district';
  if (judge.districtIds?.includes(entry.districtId)) return 'same-district';
  if (judge.categories && judge.categories.length > 0 && !judge.categories.includes(entry.category)) {
    return 'category';
  }
  return null;
}

function assertUnique(ids: string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new RangeError(`duplicate ${what} id: ${id}`);
    seen.add(id);
  }
}

/** Assigns perEntry distinct, non-recused judges to every entry with loads as even as the rules allow; reports shortfalls. */
export function assignJudges(
  entries: ContestEntry[],
  judges: Judge[],
  options: AssignOptions = {},
): AssignResult {
  const perEntry = options.perEntry ?? 3;
  if (!Number.isInteger(perEntry) || perEntry < 1)
    throw new RangeError('perEntry must be a positive integer');
  assertUnique(
    entries.map((e) => e.id),
    'entry',
  );
  assertUnique(
    judges.map((j) => j.id),
    'judge',
  );

  // Judges by id: index order = id order, so "lowest index" = "lowest id" in every tie-break.
  const jOrder = judges.map((_, i) => i).sort((a, b) => byId(judges[a].id, judges[b].id));
  const J = jOrder.map((i) => judges[i]);
  const jIndex = new Map(J.map((j, i) => [j.id, i]));
  const unavailable = new Set(options.unavailable ?? []);
  const E = entries;
  const eIndex = new Map(E.map((e, i) => [e.id, i]));

  // Judges on each entry (locked first) and which of them may be moved.
  const onEntry: number[][] = E.map(() => []);
  const lockedOn: Set<number>[] = E.map(() => new Set());
  const dropped: DroppedPair[] = [];
  for (const a of options.existing ?? []) {
    const e = eIndex.get(a.entryId);
    for (const judgeId of a.judgeIds) {
      if (e === undefined) {
        dropped.push({ entryId: a.entryId, judgeId, reason: 'unknown-entry' });
        continue;
      }
      const j = jIndex.get(judgeId);
      if (j === undefined) {
        dropped.push({ entryId: a.entryId, judgeId, reason: 'unknown-judge' });
        continue;
      }
      const reason = recusalReason(E[e], J[j]);
      if (reason) {
        dropped.push({ entryId: a.entryId, judgeId, reason });
        continue;
      }
      if (!lockedOn[e].has(j)) {
        lockedOn[e].add(j);
        onEntry[e].push(j);
      }
    }
  }

  // Candidates: available, allowed, not already on the entry; ascending id.
  const candidates: number[][] = E.map((entry, e) => {
    const list: number[] = [];
    J.forEach((judge, j) => {
      if (!unavailable.has(judge.id) && !lockedOn[e].has(j) && recusalReason(entry, judge) === null)
        list.push(j);
    });
    return list;
  });
  const need = E.map((_, e) => Math.min(Math.max(0, perEntry - lockedOn[e].size), candidates[e].length));

  const load = new Array<number>(J.length).fill(0);
  for (const set of lockedOn) for (const j of set) load[j]++;
  // Movable (entry) indices per judge, as sets for O(1) hand-over.
  const movable: Set<number>[] = J.map(() => new Set());

  // Greedy: least slack first (ties by entry id), each taking its least-loaded candidates (ties by judge id).
  const order = E.map((_, e) => e).sort(
    (a, b) => candidates[a].length - need[a] - (candidates[b].length - need[b]) || byId(E[a].id, E[b].id),
  );
  for (const e of order) {
    if (need[e] === 0) continue;
    const picks = candidates[e].slice().sort((a, b) => load[a] - load[b] || a - b);
    for (let k = 0; k < need[e]; k++) {
      const j = picks[k];
      onEntry[e].push(j);
      movable[j].add(e);
      load[j]++;
    }
  }

  rebalance(onEntry, candidates, movable, load);

  const shortfalls: Shortfall[] = [];
  E.forEach((entry, e) => {
    if (onEntry[e].length < perEntry) {
      shortfalls.push({
        entryId: entry.id,
        needed: perEntry,
        assigned: onEntry[e].length,
        eligible: lockedOn[e].size + candidates[e].length,
      });
    }
  });

  return {
    assignments: E.map((entry, e) => ({
      entryId: entry.id,
      judgeIds: onEntry[e]
        .slice()
        .sort((a, b) => a - b)
        .map((j) => J[j].id),
    })),
    load: judges.map((judge) => ({ judgeId: judge.id, load: load[jIndex.get(judge.id) as number] })),
    shortfalls,
    dropped,
  };
}

/**
 * Repair pass: while some judge s can hand an entry, directly or through a chain, to a judge t with
 * load[t] ≤ load[s] − 2, do it (shortest chain, found by BFS). Sources are tried from the most loaded.
 */
function rebalance(
  onEntry: number[][],
  candidates: number[][],
  movable: Set<number>[],
  load: number[],
): void {
  const n = load.length;
  const parentJudge = new Int32Array(n);
  const parentEntry = new Int32Array(n);
  const queue = new Int32Array(n);
  const sources = Array.from({ length: n }, (_, j) => j);

  for (;;) {
    sources.sort((a, b) => load[b] - load[a] || a - b);
    const minLoad = Math.min(...load);
    let moved = false;
    for (const s of sources) {
      if (load[s] - minLoad < 2) break; // nobody is 2 below this judge or any after it
      const t = findChain(s, onEntry, candidates, movable, load, parentJudge, parentEntry, queue);
      if (t < 0) continue;
      // Walk back from t: each step hands entry e from judge p to judge k.
      for (let k = t; k !== s;) {
        const p = parentJudge[k];
        const e = parentEntry[k];
        const list = onEntry[e];
        list[list.indexOf(p)] = k;
        movable[p].delete(e);
        movable[k].add(e);
        k = p;
      }
      load[s]--;
      load[t]++;
      moved = true;
      break;
    }
    if (!moved) return;
  }
}

/** BFS over judges from s; returns the first judge reached with load ≤ load[s] − 2, or −1. */
function findChain(
  s: number,
  onEntry: number[][],
  candidates: number[][],
  movable: Set<number>[],
  load: number[],
  parentJudge: Int32Array,
  parentEntry: Int32Array,
  queue: Int32Array,
): number {
  parentJudge.fill(-1);
  parentJudge[s] = s;
  let head = 0;
  let tail = 0;
  queue[tail++] = s;
  const target = load[s] - 2;
  while (head < tail) {
    const j = queue[head++];
    for (const e of movable[j]) {
      const on = onEntry[e];
      for (const k of candidates[e]) {
        if (parentJudge[k] !== -1 || on.includes(k)) continue;
        parentJudge[k] = j;
        parentEntry[k] = e;
        if (load[k] <= target) return k;
        queue[tail++] = k;
      }
    }
  }
  return -1;
}

export interface ReassignInput {
  entries: ContestEntry[];
  judges: Judge[];
  /** The current assignments. */
  assignments: Assignment[];
  /** The judge whose unscored entries move. */
  judgeId: string;
  /** Pairs already scored ("entryId" + judge): those stay with the judge. */
  scored?: { entryId: string; judgeId: string }[];
  perEntry?: number;
  /** Other judges who must not receive entries either. */
  unavailable?: string[];
}

export interface ReassignResult extends AssignResult {
  /** Each of the judge's unscored entries and who took it over (null: nobody eligible, see shortfalls). */
  moved: { entryId: string; from: string; to: string | null }[];
}

/** Moves one judge's unscored entries to other eligible judges (least loaded first); everything else stays put. */
export function reassign(input: ReassignInput): ReassignResult {
  const scored = new Set((input.scored ?? []).map((p) => `${p.entryId}\u0000${p.judgeId}`));
  const leaving: string[] = [];
  const existing = input.assignments.map((a) => ({
    entryId: a.entryId,
    judgeIds: a.judgeIds.filter((j) => {
      const keep = j !== input.judgeId || scored.has(`${a.entryId}\u0000${j}`);
      if (!keep) leaving.push(a.entryId);
      return keep;
    }),
  }));
  const result = assignJudges(input.entries, input.judges, {
    perEntry: input.perEntry,
    existing,
    unavailable: [...(input.unavailable ?? []), input.judgeId],
  });
  const before = new Map(existing.map((a) => [a.entryId, new Set(a.judgeIds)]));
  const after = new Map(result.assignments.map((a) => [a.entryId, a.judgeIds]));
  const moved = leaving.map((entryId) => {
    const kept = before.get(entryId) ?? new Set<string>();
    const added = (after.get(entryId) ?? []).filter((j) => !kept.has(j));
    return { entryId, from: input.judgeId, to: added[0] ?? null };
  });
  return { ...result, moved };
}
