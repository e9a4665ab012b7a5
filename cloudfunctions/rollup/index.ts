import { getCloudbaseServices } from '../../adapters/cloudbase';
import '../../core/functions';
import { scheduledTick } from '../../core/functions/pledge/maintenance';

/**
 * Timer-triggered cloud function (every minute, see config.json): sums the sharded class counters into
 * class, school, district and city totals, and during the night recounts classes from the source
 * records in batches (round robin) so drift is repaired. Importing the registry registers every metric.
 */
export async function main(): Promise<
  { ok: true; data: unknown } | { ok: false; error: { message: string } }
> {
  try {
    const services = getCloudbaseServices();
    return { ok: true, data: await scheduledTick(services, services.now()) };
  } catch (err) {
    console.error('[rollup]', err);
    return { ok: false, error: { message: err instanceof Error ? err.message : String(err) } };
  }
}
