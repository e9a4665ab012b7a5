import { C } from './collections';
import { randomId } from './codes';
import type { AuditDoc } from './model';
import type { Services } from './services';

/** Audit entries are kept this long (the campaign year plus a year of appeals), then the timer removes them. */
export const AUDIT_RETENTION_DAYS = 730;

/** Append one audit record (who, when, what) for changes that must be traceable. */
export async function audit(
  services: Services,
  actor: string,
  action: string,
  target: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  const doc: AuditDoc = {
    _id: randomId(),
    actor,
    action,
    target,
    at: services.now().toISOString(),
    ...(detail ? { detail } : {}),
  };
  await services.store.insert(C.audit, doc);
}
