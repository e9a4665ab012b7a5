import { getCloudbaseServices, openidFrom } from '../../adapters/cloudbase';
import '../../core/functions';
import { scheduledTick } from '../../core/maintenance';

/** Whether an event is CloudBase's timer trigger: `{ Type: 'Timer', TriggerName, Time }`. */
export function isTimerEvent(event: unknown): boolean {
  if (!event || typeof event !== 'object') return false;
  const e = event as Record<string, unknown>;
  return (
    typeof e.Type === 'string' &&
    e.Type.toLowerCase() === 'timer' &&
    typeof e.TriggerName === 'string' &&
    typeof e.Time === 'string'
  );
}

/**
 * Timer-triggered cloud function (every minute, see config.json): rolls up what changed in the class
 * counters, sweeps expired uploads and rate-limit windows, and during the night recounts classes from
 * the source records in batches. Only the timer may run it: its security rule is `{"invoke": false}`
 * (docs/deploy.md), and a call that carries a caller openid or is not a timer event is refused here
 * too, so no client can trigger rollups or recounts. Importing the registry registers every metric.
 */
export async function main(
  event: unknown,
  context: unknown,
): Promise<{ ok: true; data: unknown } | { ok: false; error: { code: string; message: string } }> {
  if (openidFrom(context) || !isTimerEvent(event)) {
    return { ok: false, error: { code: 'PERMISSION_DENIED', message: '此函数只由定时触发器运行' } };
  }
  try {
    const services = getCloudbaseServices();
    return { ok: true, data: await scheduledTick(services, services.now()) };
  } catch (err) {
    console.error('[rollup]', err);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) },
    };
  }
}
