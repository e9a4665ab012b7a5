import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES } from '../adapters/files/localFiles';
import { DEMO_LABELS } from '../core/demo/seed';
import { ErrorCode, httpStatusOf, toErrorEnvelope, type Envelope } from '../core/errors';
import { checkDirectUpload } from '../core/uploads';
import { FUNCTIONS } from '../core/functions';
import { dispatch, type ActionMap } from '../core/router';
import type { LocalServices } from './services';

/** Options for the local server. */
export interface ServerOptions {
  services: LocalServices;
  /** Secret for signing dev tokens (persist it to keep logins across restarts). */
  tokenSecret: string;
  /** Folder with the H5 build to serve at / (skipped when missing). */
  staticDir?: string;
  /** Refuse /api/dev/login (production). */
  production?: boolean;
  /** Extra functions beyond the core registry (tests). */
  functions?: Record<string, ActionMap>;
  logger?: boolean;
}

/** Sign an openid into a bearer token: base64url(openid).hmac. */
export function signToken(secret: string, openid: string): string {
  const body = Buffer.from(openid).toString('base64url');
  const sig = createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${sig}`;
}

/** Verify a bearer token; returns the openid or null. */
export function verifyToken(secret: string, token: string): string | null {
  const [body, sig] = token.split('.');
  if (!body || !sig) return null;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Buffer.from(body, 'base64url').toString();
}

/** Load or create the token secret under the data folder. */
export async function loadSecret(dataDir: string | null): Promise<string> {
  if (!dataDir) return randomBytes(32).toString('hex');
  const file = path.join(dataDir, 'token-secret');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('hex');
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

const fail = (code: ErrorCode, message: string): Envelope<never> => ({ ok: false, error: { code, message } });

/** Build the Fastify app: dev login, functions, uploads, health, and the H5 build. */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024 });
  const functions: Record<string, ActionMap> = { ...FUNCTIONS, ...(opts.functions ?? {}) };
  const { services, tokenSecret } = opts;

  const openidOf = (req: FastifyRequest): string | null | 'invalid' => {
    const h = req.headers.authorization;
    if (!h) return null;
    const m = /^Bearer (.+)$/.exec(h);
    if (!m) return 'invalid';
    return verifyToken(tokenSecret, m[1]) ?? 'invalid';
  };

  app.get('/healthz', async () => ({ ok: true }));

  app.post('/api/dev/login', async (req, reply) => {
    if (opts.production) {
      return reply.code(403).send(fail(ErrorCode.PERMISSION_DENIED, '生产环境不提供开发登录'));
    }
    const body = req.body as { openid?: unknown } | undefined;
    const openid = body?.openid;
    if (typeof openid !== 'string' || !/^[\w-]{1,64}$/.test(openid)) {
      return reply
        .code(400)
        .send(fail(ErrorCode.INVALID_ARGUMENT, 'openid 应为 1–64 位字母、数字、下划线或短横线'));
    }
    return { ok: true, data: { token: signToken(tokenSecret, openid), openid } };
  });

  app.get('/api/dev/identities', async (_req, reply) => {
    if (opts.production)
      return reply.code(403).send(fail(ErrorCode.PERMISSION_DENIED, '生产环境不提供开发登录'));
    return { ok: true, data: Object.entries(DEMO_LABELS).map(([openid, label]) => ({ openid, label })) };
  });

  app.post('/api/functions/:name', async (req, reply) => {
    const { name } = req.params as { name: string };
    const actions = Object.prototype.hasOwnProperty.call(functions, name) ? functions[name] : undefined;
    if (!actions) return reply.code(404).send(fail(ErrorCode.NOT_FOUND, `没有名为 ${name} 的云函数`));
    const openid = openidOf(req);
    if (openid === 'invalid')
      return reply.code(401).send(fail(ErrorCode.UNAUTHENTICATED, '登录已失效，请重新登录'));
    const result = await dispatch(name, actions, { openid, event: req.body ?? {} }, services);
    if (!result.ok) reply.code(httpStatusOf[result.error.code]);
    return result;
  });

  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });
  // Uploads need a ticket from files.prepareUpload (core/uploads.ts): the ticket names the owner, so a
  // file id can later be accepted only from that owner. A retried upload with the same ticket replaces
  // the file (no duplicates).
  app.post('/api/files', async (req, reply) => {
    const openid = openidOf(req);
    if (!openid || openid === 'invalid')
      return reply.code(401).send(fail(ErrorCode.UNAUTHENTICATED, '请先登录'));
    if (!req.isMultipart())
      return reply.code(400).send(fail(ErrorCode.INVALID_ARGUMENT, '请用 multipart/form-data 上传'));
    const { ticket } = req.query as { ticket?: string };
    if (typeof ticket !== 'string' || !ticket)
      return reply.code(400).send(fail(ErrorCode.INVALID_ARGUMENT, '缺少上传凭证，请重新选择文件'));
    // A body that is not really multipart (no boundary, cut short) is the sender's mistake, not ours.
    const file = await req.file().catch(() => undefined);
    if (!file) return reply.code(400).send(fail(ErrorCode.INVALID_ARGUMENT, '没有收到文件'));
    if (!UPLOAD_TYPES[file.mimetype]) {
      file.file.resume();
      return reply.code(400).send(fail(ErrorCode.INVALID_ARGUMENT, `不支持的文件类型：${file.mimetype}`));
    }
    const bytes = await file.toBuffer().catch(() => null);
    if (!bytes || file.file.truncated) {
      return reply
        .code(400)
        .send(fail(ErrorCode.INVALID_ARGUMENT, `文件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`));
    }
    let name: string;
    try {
      name = await checkDirectUpload(
        services,
        ticket,
        openid,
        file.mimetype,
        bytes.byteLength,
        services.now(),
      );
    } catch (err) {
      const env = toErrorEnvelope(err);
      if (!env.ok) reply.code(httpStatusOf[env.error.code]);
      return env;
    }
    const info = await services.files.saveAs(name, bytes, file.mimetype);
    return {
      ok: true,
      data: { fileId: info.fileId, size: info.size, url: await services.files.url(info.fileId) },
    };
  });

  app.get('/api/files/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const { sig } = req.query as { sig?: string };
    if (!services.files.verifySignature(id, sig)) {
      return reply.code(403).send(fail(ErrorCode.PERMISSION_DENIED, '文件链接无效或不完整'));
    }
    const fileId = `local://${id}`;
    const info = await services.files.stat(fileId);
    if (!info) return reply.code(404).send(fail(ErrorCode.NOT_FOUND, '文件不存在'));
    reply
      .header('content-type', info.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=86400');
    return reply.send(Buffer.from(await services.files.read(fileId)));
  });

  if (opts.staticDir && existsSync(path.join(opts.staticDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(opts.staticDir), index: ['index.html'] });
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/')) return reply.code(404).send(fail(ErrorCode.NOT_FOUND, '没有这个接口'));
      return reply.sendFile('index.html');
    });
  }
  return app;
}
