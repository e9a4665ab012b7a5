/**
 * Deploy the built cloud functions (build/cloudfunctions/<name>) to CloudBase with the CloudBase CLI.
 * Run through `npm run deploy`, which builds first. See docs/deploy.md.
 *
 * Needs TCB_ENV_ID, TCB_SECRET_ID, TCB_SECRET_KEY. The functions' own settings (CITY_BOOTSTRAP_CODE,
 * PUBLIC_BASE_URL, SUBSCRIBE_TEMPLATE_REMIND, SUBSCRIBE_MINIPROGRAM_STATE) are taken from this shell
 * and set as each function's environment variables; unset ones are left out, never sent as a literal
 * "{{env.X}}". cloudbaserc.json at the repo root is the template: this script resolves it into
 * build/cloudbaserc.json (mode 600, deleted afterwards) and runs the CLI from build/.
 *
 * Before the functions, the database is brought in line with the collection registry
 * (scripts/cloudbase-plan.ts): every collection created if missing, set to 仅管理端可读写 (ADMINONLY),
 * its indexes added (`@cloudbase/manager-node`). The settings the manager API cannot make (storage
 * rule, function security rules, message push) are printed as console steps at the end.
 *
 *   node scripts/deploy.mjs              database plan, then every built function
 *   node scripts/deploy.mjs org pledge   database plan, then only these functions
 *   node scripts/deploy.mjs --dry-run    print both plans and the resolved config (secrets masked); run nothing
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_DIR = path.join(ROOT, 'build');
const FUNCTIONS_DIR = path.join(BUILD_DIR, 'cloudfunctions');
const TEMPLATE = path.join(ROOT, 'cloudbaserc.json');
const RESOLVED = path.join(BUILD_DIR, 'cloudbaserc.json');
const CLI = ['--yes', '@cloudbase/cli@2'];

const REQUIRED = ['TCB_ENV_ID', 'TCB_SECRET_ID', 'TCB_SECRET_KEY'];
/** Function settings passed from this shell to every function (adapters/cloudbase.ts reads them). */
const FUNCTION_ENV = [
  'CITY_BOOTSTRAP_CODE',
  'PUBLIC_BASE_URL',
  'SUBSCRIBE_TEMPLATE_REMIND',
  'SUBSCRIBE_MINIPROGRAM_STATE',
  'MINIPROGRAM_ENV_VERSION',
  'STORAGE_FILE_ID_PREFIX',
  'WX_APPID',
  'WX_ORIGINAL_ID',
];
const SECRET_ENV = new Set(['CITY_BOOTSTRAP_CODE']);

/** Settings for a built function that cloudbaserc.json does not list (e.g. one just added to FUNCTIONS). */
const DEFAULT_FUNCTION = {
  runtime: 'Nodejs18.15',
  handler: 'index.main',
  timeout: 10,
  memorySize: 256,
  installDependency: false,
};

function fail(message) {
  console.error(`deploy: ${message}`);
  process.exit(1);
}

/** Replace every {{env.NAME}} in strings; unresolved placeholders become undefined. */
function resolve(value) {
  if (typeof value === 'string') {
    let unresolved = false;
    const out = value.replace(/\{\{\s*env\.([A-Za-z0-9_]+)\s*\}\}/g, (_, name) => {
      const v = process.env[name];
      if (v === undefined || v.trim() === '') unresolved = true;
      return v ?? '';
    });
    return unresolved ? undefined : out;
  }
  if (Array.isArray(value)) return value.map(resolve);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      const r = resolve(v);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return value;
}

function functionEnv() {
  const vars = {};
  for (const name of FUNCTION_ENV) {
    const v = process.env[name]?.trim();
    if (v) vars[name] = v;
  }
  return vars;
}

function mask(config) {
  return JSON.parse(
    JSON.stringify(config, (key, value) =>
      SECRET_ENV.has(key) && typeof value === 'string' ? '***' : value,
    ),
  );
}

function run(args, { cwd = ROOT, display = args } = {}) {
  console.log(`$ npx ${[...CLI, ...display].join(' ')}`);
  const res = spawnSync('npx', [...CLI, ...args], { cwd, stdio: 'inherit', env: process.env });
  if (res.error) fail(`could not start npx: ${res.error.message}`);
  if (res.status !== 0) fail(`command failed (exit ${res.status}): tcb ${display.join(' ')}`);
}

/** The CloudBase plan from the registries (scripts/cloudbase-plan.ts). */
function loadPlan() {
  const res = spawnSync('npx', ['tsx', path.join(ROOT, 'scripts', 'cloudbase-plan.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: process.env,
  });
  if (res.status !== 0) fail(`could not compute the CloudBase plan:\n${res.stderr}`);
  return JSON.parse(res.stdout);
}

/** Create missing collections, set their access rule, add missing indexes (idempotent). */
async function applyDatabasePlan(plan, envId) {
  let CloudBase;
  try {
    ({ default: CloudBase } = await import('@cloudbase/manager-node'));
  } catch {
    fail('@cloudbase/manager-node is not installed: run `npm install` first.');
  }
  const manager = new CloudBase({
    secretId: process.env.TCB_SECRET_ID,
    secretKey: process.env.TCB_SECRET_KEY,
    envId,
  });
  for (const c of plan.collections) {
    const made = await manager.database.createCollectionIfNotExists(c.name);
    await manager.commonService().call({
      Action: 'ModifyDatabaseACL',
      Param: { EnvId: envId, CollectionName: c.name, AclTag: c.acl },
    });
    const info = await manager.database.describeCollection(c.name);
    const have = new Set((info.Indexes ?? []).map((i) => i.Name));
    const missing = c.indexes.filter((i) => !have.has(i.IndexName));
    if (missing.length) await manager.database.updateCollection(c.name, { CreateIndexes: missing });
    console.log(
      `collection ${c.name}: ${made.IsCreated ? 'created' : 'exists'}, ${c.acl}, +${missing.length} index(es)`,
    );
  }
}

/** The settings to make in the console (the manager API has no call for them). */
function printConsoleSteps(plan) {
  console.log('\nConsole steps (once per environment; see docs/deploy.md):');
  console.log(`  1. 云存储 → 权限设置 → 自定义安全规则: ${JSON.stringify(plan.storageRule)}`);
  console.log(`  2. 云函数 → 权限控制: ${JSON.stringify(plan.functionRules)}`);
  for (const p of plan.messagePush) {
    console.log(`  3. 云开发 → 设置 → 其他设置 → 消息推送: ${p.msgType}/${p.event} → ${p.functionName}`);
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const dryRun = argv.includes('--dry-run');
  const only = argv.filter((a) => !a.startsWith('--'));

  const missing = REQUIRED.filter((name) => !process.env[name]?.trim());
  if (missing.length > 0 && !dryRun) {
    fail(
      `missing environment variable(s): ${missing.join(', ')}. See docs/deploy.md ("Environment variables").`,
    );
  }
  if (!fs.existsSync(FUNCTIONS_DIR))
    fail('build/cloudfunctions does not exist: run `npm run build:functions` first.');
  const built = fs
    .readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(FUNCTIONS_DIR, d.name, 'index.js')))
    .map((d) => d.name)
    .sort();
  if (built.length === 0)
    fail('no built functions in build/cloudfunctions: run `npm run build:functions` first.');
  const unknown = only.filter((name) => !built.includes(name));
  if (unknown.length > 0) fail(`not built: ${unknown.join(', ')} (built: ${built.join(', ')})`);
  const targets = only.length > 0 ? only : built;

  const template = JSON.parse(fs.readFileSync(TEMPLATE, 'utf8'));
  const listed = new Map((template.functions ?? []).map((f) => [f.name, f]));
  const stale = [...listed.keys()].filter((name) => !built.includes(name));
  if (stale.length > 0)
    fail(`cloudbaserc.json lists ${stale.join(', ')} but build/cloudfunctions has no such function.`);

  const envId = process.env.TCB_ENV_ID?.trim() || '<TCB_ENV_ID>';
  const vars = functionEnv();
  const config = {
    ...resolve({ ...template, envId }),
    functionRoot: './cloudfunctions',
    functions: built.map((name) => {
      const entry = listed.get(name) ?? { name, ...DEFAULT_FUNCTION };
      // Function settings come from this shell only; a template value would be sent literally.
      return { ...resolve({ ...entry, envVariables: undefined }), envVariables: vars };
    }),
  };
  for (const name of built.filter((n) => !listed.has(n))) {
    console.warn(
      `note: ${name} is not in cloudbaserc.json; deploying with ${JSON.stringify(DEFAULT_FUNCTION)}`,
    );
  }
  if (!vars.CITY_BOOTSTRAP_CODE)
    console.warn('note: CITY_BOOTSTRAP_CODE unset: nobody can become city admin by code.');
  if (!vars.SUBSCRIBE_TEMPLATE_REMIND) {
    console.warn('note: SUBSCRIBE_TEMPLATE_REMIND unset: reminders are recorded in `reminders`, not sent.');
  }

  const plan = loadPlan();
  if (dryRun) {
    console.log(`dry run: database plan for ${envId}:`);
    for (const c of plan.collections) {
      console.log(`  ${c.name} (${c.acl}): ${c.indexes.map((i) => i.IndexName).join(', ') || 'no indexes'}`);
    }
    console.log(`dry run: would deploy ${targets.join(', ')} to ${envId} with config:`);
    console.log(JSON.stringify(mask(config), null, 2));
    printConsoleSteps(plan);
    if (missing.length > 0) console.log(`(a real run would stop here: missing ${missing.join(', ')})`);
    return;
  }
  await applyDatabasePlan(plan, envId);

  fs.writeFileSync(RESOLVED, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  try {
    run(['login', '--apiKeyId', process.env.TCB_SECRET_ID, '--apiKey', process.env.TCB_SECRET_KEY], {
      display: ['login', '--apiKeyId', '***', '--apiKey', '***'],
    });
    for (const name of targets) run(['fn', 'deploy', name, '--force', '-e', envId], { cwd: BUILD_DIR });
  } finally {
    fs.rmSync(RESOLVED, { force: true });
  }
  console.log(`deployed ${targets.join(', ')} to ${envId}.`);
  printConsoleSteps(plan);
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
