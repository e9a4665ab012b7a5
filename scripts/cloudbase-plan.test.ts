import fs from 'node:fs';
import path from 'node:path';
import { ALL_COLLECTIONS } from '../core/collections';
import { FUNCTIONS } from '../core/functions';
import { cloudbasePlan, INTERNAL_FUNCTIONS } from './cloudbase-plan';

describe('the CloudBase plan comes from the registries (issue #8.7)', () => {
  const plan = cloudbasePlan();

  it('creates every registered collection (rate_limits included), admin-only, with its indexes', () => {
    expect(plan.collections.map((c) => c.name).sort()).toEqual(ALL_COLLECTIONS.map((c) => c.name).sort());
    expect(plan.collections.map((c) => c.name)).toContain('rate_limits');
    expect(plan.collections.every((c) => c.acl === 'ADMINONLY')).toBe(true);
    const counters = plan.collections.find((c) => c.name === 'counters')!;
    expect(counters.indexes.map((i) => i.IndexName)).toContain('idx_level__updatedAt');
  });

  it('lets the app call only its own functions; the timer and the push receiver refuse clients', () => {
    for (const f of Object.keys(FUNCTIONS)) expect(plan.functionRules[f]).toEqual({ invoke: 'auth != null' });
    for (const f of INTERNAL_FUNCTIONS) expect(plan.functionRules[f]).toEqual({ invoke: false });
    expect(plan.functionRules['*']).toEqual({ invoke: false });
  });

  it('keeps storage private (reads only through functions) and routes wxa_media_check to platformPush', () => {
    expect(plan.storageRule.read).toBe(false);
    expect(plan.messagePush).toEqual([
      { msgType: 'event', event: 'wxa_media_check', functionName: 'platformPush' },
    ]);
  });

  it('names internal functions that exist as folders, and the timer matches its config.json', () => {
    for (const f of INTERNAL_FUNCTIONS) {
      expect(fs.existsSync(path.join(__dirname, '..', 'cloudfunctions', f, 'index.ts'))).toBe(true);
    }
    const cfg = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', 'cloudfunctions', 'rollup', 'config.json'), 'utf8'),
    );
    expect(cfg.triggers[0].config).toBe(plan.timers[0].cron);
  });
});
