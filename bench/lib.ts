/**
 * What the HTTP benchmarks share: a load generator with latency percentiles, a settled heap before a
 * latency sample, a JSON client for the local server's envelope, and the result table. Each bench keeps
 * only its own seeding and scenario.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/**
 * Let the heap settle before a latency sample: a full GC, then a pause. The embedded store keeps every
 * document in this process's heap, so right after a bulk insert the collector is still busy; samples
 * taken the same way compare steady states.
 */
export async function settle(): Promise<void> {
  collectGarbage();
  await new Promise((r) => setTimeout(r, 3000));
  collectGarbage();
}

/** Percentile `p` (0–100) of numbers sorted ascending; 0 for none. */
export function pct(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** What one load run measured: wall time, throughput and latency (ms), latencies sorted ascending. */
export interface LoadResult {
  wall: number;
  count: number;
  rps: number;
  p50: number;
  p99: number;
  latencies: number[];
}

/** Run jobs `offset … offset + count - 1` with `concurrency` workers; answers wall time and latencies. */
export async function load(
  count: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
  offset = 0,
): Promise<LoadResult> {
  const latencies: number[] = new Array(count);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t0 = performance.now();
        await job(offset + i);
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  const wall = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    wall,
    count,
    rps: (count / wall) * 1000,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    latencies,
  };
}

/** A client of the local server: POST JSON, unwrap the envelope (throws with the error message), dev login. */
export function localClient(base: string) {
  const post = async <T = Record<string, unknown>>(
    url: string,
    body: unknown,
    token?: string,
  ): Promise<T> => {
    const send = () =>
      fetch(`${base}${url}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    // After a long store-only phase (a bulk insert) a pooled keep-alive socket may be closed by the server
    // just as it is reused (a keep-alive race, not an answer): sent once more; every bench call is idempotent.
    const res = await send().catch((err: { cause?: { code?: string } }) => {
      if (err.cause?.code !== 'ECONNRESET') throw err;
      return send();
    });
    const json = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
    if (!json.ok) throw new Error(`${url} ${JSON.stringify(body).slice(0, 80)}: ${json.error?.message}`);
    return json.data as T;
  };
  const login = async (openid: string) => (await post<{ token: string }>('/api/dev/login', { openid })).token;
  return { post, login };
}

/** Print a bench's result table under its title. */
export function printTable(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}\n`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log('');
}
