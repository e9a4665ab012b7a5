/**
 * Generate docs/api.md from the action registry itself, so the reference cannot drift:
 * input fields from each zod schema, output types from the TypeScript checker, who may call it,
 * the phases it is open in, and the errors its handler raises (read from its source).
 * `npx tsx scripts/gen-api-docs.ts` writes the file; `--check` fails when it is out of date.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { z } from 'zod';
import { FUNCTIONS } from '../core/functions';
import { ALL_COLLECTIONS, COLLECTION_ACCESS } from '../core/collections';
import { PERMISSION_RULES } from '../core/permissions';
import { PHASE_LABEL } from '../core/phases';
import { UPLOAD_PURPOSES } from '../core/uploads';
import type { ActionDef } from '../core/router';

const root = path.resolve(__dirname, '..');
const target = path.join(root, 'docs', 'api.md');

/** A one-line type description of a zod schema. */
export function describeZod(schema: z.ZodTypeAny): string {
  const def = schema._def as { typeName: string } & Record<string, unknown>;
  switch (def.typeName) {
    case 'ZodString': {
      const checks = (def.checks as { kind: string; value?: number }[]) ?? [];
      const max = checks.find((c) => c.kind === 'max');
      const min = checks.find((c) => c.kind === 'min');
      const bounds = [min ? `≥${min.value}` : '', max ? `≤${max.value}` : ''].filter(Boolean).join(', ');
      return bounds ? `string (${bounds} chars)` : 'string';
    }
    case 'ZodNumber': {
      const checks = (def.checks as { kind: string; value?: number }[]) ?? [];
      const parts = checks.map((c) =>
        c.kind === 'int'
          ? 'int'
          : c.kind === 'min'
            ? `≥${c.value}`
            : c.kind === 'max'
              ? `≤${c.value}`
              : c.kind,
      );
      return parts.length ? `number (${parts.join(', ')})` : 'number';
    }
    case 'ZodBoolean':
      return 'boolean';
    case 'ZodLiteral':
      return JSON.stringify(def.value);
    case 'ZodEnum':
      return (def.values as string[]).map((v) => JSON.stringify(v)).join(' \\| ');
    case 'ZodArray': {
      const max = (def.maxLength as { value: number } | null)?.value;
      return `${describeZod(def.type as z.ZodTypeAny)}[]${max ? ` (≤${max})` : ''}`;
    }
    case 'ZodOptional':
    case 'ZodNullable':
    case 'ZodDefault':
      return describeZod(def.innerType as z.ZodTypeAny);
    case 'ZodEffects':
      return describeZod(def.schema as z.ZodTypeAny);
    case 'ZodRecord':
      return `record<string, ${describeZod(def.valueType as z.ZodTypeAny)}>`;
    case 'ZodObject': {
      const shape = (schema as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
      return `{ ${Object.entries(shape)
        .map(([k, v]) => `${k}${v.isOptional() ? '?' : ''}: ${describeZod(v)}`)
        .join('; ')} }`;
    }
    case 'ZodUnion':
      return (def.options as z.ZodTypeAny[]).map(describeZod).join(' \\| ');
    default:
      return def.typeName.replace(/^Zod/, '').toLowerCase();
  }
}

/** The top-level fields of an action's input schema. */
function fieldsOf(schema: z.ZodTypeAny): [string, string, boolean][] {
  let s = schema;
  while (s._def.typeName === 'ZodEffects') s = s._def.schema;
  if (s._def.typeName !== 'ZodObject') return [];
  const shape = (s as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
  return Object.entries(shape).map(([k, v]) => [k, describeZod(v), !v.isOptional()]);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

const ERROR_HELPERS: Record<string, string> = {
  invalid: 'INVALID_ARGUMENT',
  denied: 'PERMISSION_DENIED',
  notFound: 'NOT_FOUND',
  conflict: 'ALREADY_EXISTS',
  precondition: 'FAILED_PRECONDITION',
  exhausted: 'RESOURCE_EXHAUSTED',
};

/** Doc comment and raised errors of each `export const X = defineAction(` in the functions folder. */
function scanSources(): Map<string, { doc: string; errors: Set<string> }> {
  const out = new Map<string, { doc: string; errors: Set<string> }>();
  for (const file of sourceFiles(path.join(root, 'core', 'functions'))) {
    const text = readFileSync(file, 'utf8');
    const re = /export const (\w+) = defineAction\(/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const before = text.slice(0, m.index).trimEnd();
      const docMatch = before.endsWith('*/') ? /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/$/.exec(before) : null;
      const start = m.index + m[0].length;
      const end = text.indexOf('\n});', start);
      const body = text.slice(start, end < 0 ? undefined : end);
      const errors = new Set<string>();
      const errRe =
        /\b(invalid|denied|notFound|conflict|precondition|exhausted)\((?:(['`])((?:(?!\2).)*)\2)?/g;
      let e: RegExpExecArray | null;
      while ((e = errRe.exec(body))) errors.add(`${ERROR_HELPERS[e[1]]}${e[3] ? `: ${e[3]}` : ''}`);
      const doc = (docMatch?.[1] ?? '')
        .replace(/^\s*\*\s?/gm, '')
        .replace(/\s+/g, ' ')
        .trim();
      out.set(`${path.relative(root, file)}#${m[1]}`, { doc, errors });
    }
  }
  return out;
}

/** Output type of every action, as the TypeScript checker prints it. */
function outputTypes(): Map<string, string> {
  const entry = path.join(root, 'core', 'functions', 'index.ts');
  const program = ts.createProgram([entry], {
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(entry)!;
  const out = new Map<string, string>();
  const moduleSymbol = checker.getSymbolAtLocation(sf)!;
  const fnsSymbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'FUNCTIONS')!;
  const fnsType = checker.getTypeOfSymbolAtLocation(fnsSymbol, sf);
  for (const fn of fnsType.getProperties()) {
    const fnType = checker.getTypeOfSymbolAtLocation(fn, sf);
    for (const action of fnType.getProperties()) {
      const actionType = checker.getTypeOfSymbolAtLocation(action, sf);
      const handler = actionType.getProperty('handler');
      if (!handler) continue;
      const sig = checker.getTypeOfSymbolAtLocation(handler, sf).getCallSignatures()[0];
      const ret = sig ? checker.getReturnTypeOfSignature(sig) : undefined;
      const inner = ret && (ret as ts.TypeReference).typeArguments?.[0];
      const text = inner
        ? checker.typeToString(
            inner,
            undefined,
            ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType,
          )
        : 'unknown';
      out.set(`${fn.name}.${action.name}`, text);
    }
  }
  return out;
}

const ACCESS_TEXT = (def: ActionDef): string =>
  def.access === 'public'
    ? 'anyone, no login (public)'
    : def.access === 'user'
      ? 'any signed-in user'
      : def.access.join(', ');

/** Render the whole reference. */
export function renderApiDocs(): string {
  const sources = scanSources();
  const outputs = outputTypes();
  const lines: string[] = [
    '# API reference',
    '',
    '<!-- Generated by `npx tsx scripts/gen-api-docs.ts` from the action registry; do not edit by hand. -->',
    '',
    'Every cloud function takes `{ "action": "<name>", ...input }` and answers `{ "ok": true, "data": … }` or',
    '`{ "ok": false, "error": { "code", "message" } }`. The caller is the platform identity (`WX_OPENID` on CloudBase,',
    'the bearer token of `POST /api/dev/login` locally), never a field of the event. Inputs are strict: unknown fields',
    'are refused with INVALID_ARGUMENT and nothing is stored.',
    '',
    'Errors every action can answer: `INVALID_ARGUMENT` (bad or unknown input, unknown action), `UNAUTHENTICATED`',
    '(no identity, for non-public actions), `PERMISSION_DENIED` (role or scope), `FAILED_PRECONDITION` (outside the',
    "action's phases), `INTERNAL`. HTTP status in local mode: 400/401/403/404/409/412/429/500.",
    '',
    'Local server routes: `POST /api/dev/login {openid}` (refused in production and off loopback), `GET /api/dev/identities`,',
    '`POST /api/functions/<name>`, `POST /api/files?ticket=<ticket>` (multipart, one file; the ticket comes from',
    '`files.prepareUpload` and fixes owner, type and size) → `{ fileId }`, `GET /api/files/<id>?sig=…`, `GET /healthz`.',
    'Requests must name an allowed host (DNS rebinding) and state-changing ones a same-site origin.',
    '',
    '## Who may see or act on what',
    '',
    'One module answers every permission question (`core/permissions.ts`); handlers never decide scope themselves.',
    '',
    '| Unit | View | Manage |',
    '| --- | --- | --- |',
    ...PERMISSION_RULES.map((r) => `| ${r.unit} | ${r.view} | ${r.manage} |`),
    '',
    '## Collections',
    '',
    `Generated from the registry (\`core/collections.ts\`), which also drives deployment (\`scripts/cloudbase-plan.ts\`),`,
    `the local indexes and the test harness. Client access to every collection: \`${COLLECTION_ACCESS}\` (functions only).`,
    '',
    '| Collection | Holds | Indexes | Personal data | Kept |',
    '| --- | --- | --- | --- | --- |',
    ...ALL_COLLECTIONS.map(
      (c) =>
        `| \`${c.name}\` | ${c.holds} | ${
          c.indexes
            .map((i) =>
              Object.entries(i.fields)
                .map(([f, d]) => `${f}${d < 0 ? ' desc' : ''}`)
                .join(' + '),
            )
            .join('; ') || '—'
        } | ${c.personal}${c.personFields?.length ? ` (${c.personFields.join(', ')})` : ''} | ${c.retention ?? 'the campaign'} |`,
    ),
    '',
    '## Upload purposes',
    '',
    '| Purpose | For | Types | Largest |',
    '| --- | --- | --- | --- |',
    ...Object.entries(UPLOAD_PURPOSES).map(
      ([k, u]) => `| \`${k}\` | ${u.title} | ${u.types.join(', ')} | ${Math.round(u.maxBytes / 1024)} KB |`,
    ),
    '',
  ];
  for (const [fn, actions] of Object.entries(FUNCTIONS)) {
    lines.push(`## \`${fn}\``, '');
    for (const [name, def] of Object.entries(actions as unknown as Record<string, ActionDef>)) {
      // The action's own function folder first: names like `review` or `remove` exist in several.
      const exportName = findExportName(actions, name);
      const src =
        [...sources.entries()].find(
          ([k]) => k.startsWith(`core/functions/${fn}/`) && k.endsWith(`#${exportName}`),
        ) ??
        [...sources.entries()].find(([k]) => k.startsWith(`core/functions/`) && k.endsWith(`#${exportName}`));
      lines.push(`### \`${fn}.${name}\` — ${def.title}`, '');
      if (src?.[1].doc) lines.push(src[1].doc, '');
      lines.push(`- **Who:** ${ACCESS_TEXT(def)}`);
      lines.push(
        `- **Open in:** ${def.phases ? def.phases.map((p) => PHASE_LABEL[p]).join('、') + ' (configurable per action)' : 'always'}`,
      );
      const fields = fieldsOf(def.input);
      lines.push(
        `- **Input:** ${fields.length ? '' : 'none'}`,
        ...fields.map(([k, t, req]) => `  - \`${k}\`${req ? '' : ' (optional)'}: ${t}`),
      );
      lines.push(`- **Output:** \`${outputs.get(`${fn}.${name}`) ?? 'unknown'}\``);
      const errors = src ? [...src[1].errors] : [];
      if (errors.length) lines.push('- **Errors:**', ...errors.map((e) => `  - ${e.replace(/\|/g, '\\|')}`));
      lines.push('');
    }
  }
  return lines.join('\n');
}

/** The export name of an action object inside its module (registry keys may differ from export names). */
function findExportName(actions: Record<string, unknown>, key: string): string {
  const def = actions[key];
  for (const file of sourceFiles(path.join(root, 'core', 'functions'))) {
    const mod = require(file) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) if (value === def) return exportName;
  }
  return key;
}

if (process.argv[1]?.endsWith('gen-api-docs.ts')) {
  const text = renderApiDocs();
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      console.error('docs/api.md is out of date: run `npx tsx scripts/gen-api-docs.ts`');
      process.exit(1);
    }
    console.log('docs/api.md is up to date');
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${path.relative(root, target)}`);
  }
}
