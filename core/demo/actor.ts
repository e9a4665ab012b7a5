import type { z } from 'zod';
import { FUNCTIONS } from '../functions';
import { dispatch, type ActionMap } from '../router';
import type { Services } from '../services';

/**
 * How the demo seeds act: through the real actions (router.dispatch over FUNCTIONS) as fictional people,
 * at times the seed chooses (a clock of its own behind `services.now`), failing loudly on the first refusal.
 */

type Fns = typeof FUNCTIONS;
/** A cloud function's name. */
export type Fn = keyof Fns;
/** An action of function F. */
export type ActionOf<F extends Fn> = keyof Fns[F] & string;
/** What action A of F accepts (its schema's input). */
export type InputOf<F extends Fn, A extends ActionOf<F>> = Fns[F][A] extends {
  input: infer S extends z.ZodTypeAny;
}
  ? z.input<S>
  : never;
/** What action A of F answers. */
export type OutputOf<F extends Fn, A extends ActionOf<F>> = Fns[F][A] extends {
  handler: (...args: never[]) => Promise<infer R>;
}
  ? R
  : never;

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** Beijing midnight (as a UTC instant, ms) of the day `daysAgo` before `now`. */
export function beijingMidnight(now: Date, daysAgo: number): number {
  const shifted = now.getTime() + 8 * HOUR;
  return shifted - (shifted % DAY) - 8 * HOUR - daysAgo * DAY;
}

/** The seed's clock (ms since the epoch): the actions read it as their `now`. */
export interface DemoClock {
  t: number;
}

/**
 * An actor for one seed: `act(openid, fn, action, input)` runs the action as `openid` (null: a visitor)
 * at `clock.t`, first moving the clock `stepMs` on; it answers the action's data or throws
 * "demo <label>: fn.action as … failed: CODE message". `svc` is `services` reading the seed's clock.
 */
export function demoActor(services: Services, label: string, startMs: number, stepMs: number) {
  const clock: DemoClock = { t: startMs };
  const svc: Services = { ...services, now: () => new Date(clock.t) };
  const act = async <F extends Fn, A extends ActionOf<F>>(
    openid: string | null,
    fn: F,
    action: A,
    input: InputOf<F, A>,
  ): Promise<OutputOf<F, A>> => {
    clock.t += stepMs;
    const env = await dispatch(
      fn,
      FUNCTIONS[fn] as ActionMap,
      { openid, event: { ...(input as object), action } },
      svc,
    );
    if (!env.ok) {
      throw new Error(
        `demo ${label}: ${fn}.${action} as ${openid ?? 'visitor'} failed: ${env.error.code} ${env.error.message}`,
      );
    }
    return env.data as OutputOf<F, A>;
  };
  return { svc, act, clock };
}
