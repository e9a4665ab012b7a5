/**
 * What a CloudBase environment must look like for this product, derived from the code's own registries:
 * every collection of `core/collections.ts` with its access rule and indexes, the storage rule, the
 * functions' security rules (timer and platform-push functions cannot be called by the app), and the
 * message-push routing. `scripts/deploy.mjs` applies the collections part with the CloudBase manager API
 * and prints the rest as the console steps it needs; docs/deploy.md shows the same data.
 *
 *   npx tsx scripts/cloudbase-plan.ts          print the plan as JSON
 */
import path from 'node:path';
import { ALL_COLLECTIONS, COLLECTION_ACCESS } from '../core/collections';
import { FUNCTIONS } from '../core/functions';

/** Functions the app never calls: the timer and the platform-push receiver. */
export const INTERNAL_FUNCTIONS = ['rollup', 'platformPush'] as const;

/** One index as CloudBase's UpdateTable `CreateIndexes` takes it. */
export interface CreateIndex {
  IndexName: string;
  MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: '1' | '-1' }[] };
}

/** The whole plan. */
export interface CloudbasePlan {
  collections: { name: string; acl: string; indexes: CreateIndex[] }[];
  /** Cloud storage custom rule: only functions read (temporary URLs); a client writes only its own files. */
  storageRule: { read: boolean | string; write: boolean | string };
  /** Cloud function security rules (控制台 → 云函数 → 权限控制). */
  functionRules: Record<string, { invoke: boolean | string }>;
  /** Message push (云开发 → 设置 → 消息推送): event → function. */
  messagePush: { msgType: string; event: string; functionName: string }[];
  /** Timer triggers (from cloudfunctions/<name>/config.json, deployed with the function). */
  timers: { functionName: string; cron: string }[];
}

/** CloudBase index name for a field list (stable, so re-running the deploy finds existing indexes). */
export function indexName(fields: Record<string, 1 | -1>): string {
  return `idx_${Object.entries(fields)
    .map(([f, d]) => `${f.replace(/\./g, '_')}${d < 0 ? '_desc' : ''}`)
    .join('__')}`.slice(0, 64);
}

/** The plan for this checkout. */
export function cloudbasePlan(): CloudbasePlan {
  const appFunctions = Object.keys(FUNCTIONS);
  return {
    collections: ALL_COLLECTIONS.map((c) => ({
      name: c.name,
      acl: COLLECTION_ACCESS,
      indexes: c.indexes.map((i) => ({
        IndexName: indexName(i.fields),
        MgoKeySchema: {
          MgoIsUnique: i.unique === true,
          MgoIndexKeys: Object.entries(i.fields).map(([Name, d]) => ({
            Name,
            Direction: d < 0 ? '-1' : '1',
          })),
        },
      })),
    })),
    storageRule: { read: false, write: 'resource.openid == auth.openid' },
    functionRules: {
      '*': { invoke: false },
      ...Object.fromEntries(appFunctions.map((f) => [f, { invoke: 'auth != null' }])),
      ...Object.fromEntries(INTERNAL_FUNCTIONS.map((f) => [f, { invoke: false }])),
    },
    messagePush: [{ msgType: 'event', event: 'wxa_media_check', functionName: 'platformPush' }],
    timers: [{ functionName: 'rollup', cron: '0 * * * * * *' }],
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  console.log(JSON.stringify(cloudbasePlan(), null, 2));
}
