import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES } from '../adapters/files/localFiles';
import { DEMO_LABELS } from '../core/demo/seed';
import { AppError, ErrorCode, httpStatusOf, toErrorEnvelope, type Envelope } from '../core/errors';
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
  /**
   * Host names (any port) the server answers besides the loopback names 127.0.0.1, localhost and
   * [::1]; a request with another Host header is refused (DNS rebinding), and so is a POST to /api/*
   * from a page of another host (Origin header).
   */
  allowedHosts?: string[];
  logger?: boolean;
}

/** Host names every server accepts: the machine itself. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** The host name of a Host header or host list entry, lowercased and without port ('::1' → '[::1]'). */
export function hostNameOf(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  if (h.split(':').length > 2) return `[${h}]`; // a bare IPv6 address
  return h.split(':')[0].replace(/\.$/, ''); // "localhost." is "localhost"
}

/** Host names accepted by default, plus the host of `publicBaseUrl` and a comma-separated list. */
export function allowedHostsFrom(publicBaseUrl?: string, list?: string): string[] {
  const hosts = new Set(LOOPBACK_HOSTS);
  if (publicBaseUrl) {
    try {
      hosts.add(new URL(publicBaseUrl).hostname.toLowerCase());
    } catch {
      /* not a URL: nothing to add */
    }
  }
  for (const entry of (list ?? '').split(',')) if (entry.trim()) hosts.add(hostNameOf(entry));
  return [...hosts];
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

/** Whether a request URL is under /api (answered with the JSON envelope, never a page). */
const isApi = (url: string) => /^\/api(?:[/?#]|$)/.test(url);

/** Error code of an HTTP status Fastify or a plugin chose (anything else 4xx is a bad request). */
function codeOfStatus(status: number): ErrorCode {
  if (status >= 500) return ErrorCode.INTERNAL;
  const code = (Object.keys(httpStatusOf) as ErrorCode[]).find((c) => httpStatusOf[c] === status);
  return code ?? ErrorCode.INVALID_ARGUMENT;
}

/** A user-facing message for an error Fastify or a plugin raised before or around a handler. */
function envelopeOf(err: FastifyError, bodyLimit: number): Envelope<never> {
  if (err instanceof AppError) return toErrorEnvelope(err);
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return fail(
        ErrorCode.INVALID_ARGUMENT,
        '请求内容不是有效的 JSON，或含有不允许的字段（__proto__、constructor）',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return fail(ErrorCode.INVALID_ARGUMENT, '请求内容为空，应为 JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return fail(
        ErrorCode.INVALID_ARGUMENT,
        '请求内容的类型不支持（应为 JSON；上传文件用 multipart/form-data）',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return fail(ErrorCode.INVALID_ARGUMENT, `请求内容太大，不能超过 ${Math.round(bodyLimit / 1024)} KB`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return fail(ErrorCode.INVALID_ARGUMENT, '请求内容不完整，请重试');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return fail(ErrorCode.INVALID_ARGUMENT, '请求地址无效');
    case 'FST_REQ_FILE_TOO_LARGE':
      return fail(ErrorCode.INVALID_ARGUMENT, `文件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  }
  const status = err.statusCode ?? 500;
  if (status >= 500) return toErrorEnvelope(err);
  const code = codeOfStatus(status);
  const messages: Partial<Record<ErrorCode, string>> = {
    [ErrorCode.UNAUTHENTICATED]: '请先登录',
    [ErrorCode.PERMISSION_DENIED]: '没有权限执行此操作',
    [ErrorCode.NOT_FOUND]: '没有这个接口',
    [ErrorCode.RESOURCE_EXHAUSTED]: '请求太频繁，请稍后再试',
  };
  return fail(code, messages[code] ?? '请求无效，请检查后重试');
}

/** Refuse a request: the envelope under /api, a short plain text for pages. */
function refuse(req: FastifyRequest, reply: FastifyReply, body: Envelope<never>, page: string) {
  const status = body.ok ? 200 : httpStatusOf[body.error.code];
  if (isApi(req.url)) return reply.code(status).send(body);
  return reply.code(status).type('text/plain; charset=utf-8').send(page);
}

/** A file name with a content hash (js/app.8d51a745.js, css/113.37bf62ef….css): safe to cache for a year. */
export const isHashedAsset = (file: string) => /\.[0-9a-f]{8,32}\.[a-z0-9]+$/i.test(path.basename(file));

/** Build the Fastify app: dev login, functions, uploads, health, and the H5 build. */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const bodyLimit = 1024 * 1024;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit,
    // Fastify's JSON parser (secure-json-parse) refuses __proto__ and constructor.prototype keys.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Malformed URLs are refused before routing; /api still answers with the envelope.
    frameworkErrors: (err, req, reply) => {
      void refuse(req, reply, envelopeOf(err, bodyLimit), '请求地址无效');
    },
  });
  const functions: Record<string, ActionMap> = { ...FUNCTIONS, ...(opts.functions ?? {}) };
  const { services, tokenSecret } = opts;
  const allowed = new Set([...LOOPBACK_HOSTS, ...(opts.allowedHosts ?? []).map(hostNameOf)]);

  // DNS rebinding: a page on another site may point its own name at 127.0.0.1; the browser then sends
  // that name as Host. Answer only the names this server is known by. /healthz stays open (probes).
  app.addHook('onRequest', async (req, reply) => {
    const host = req.headers.host;
    if (req.url !== '/healthz' && (!host || !allowed.has(hostNameOf(host)))) {
      return refuse(
        req,
        reply,
        fail(ErrorCode.PERMISSION_DENIED, '不接受这个访问地址（主机名未被允许，见 ALLOWED_HOSTS）'),
        '不接受这个访问地址（主机名未被允许，见 ALLOWED_HOSTS）',
      );
    }
    // A page of another site must not change anything here (login, calls, uploads), even by a simple form.
    const origin = req.headers.origin;
    if (origin !== undefined && isApi(req.url) && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      let originHost = '';
      try {
        originHost = new URL(origin).hostname.toLowerCase();
      } catch {
        /* "null" or garbage: not an allowed origin */
      }
      if (!allowed.has(originHost)) {
        return refuse(req, reply, fail(ErrorCode.PERMISSION_DENIED, '不接受来自其他网站的请求'), '');
      }
    }
  });

  // Every error on /api answers with the envelope and the status of its code, never Fastify's format.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const body = envelopeOf(err, bodyLimit);
    if (!body.ok && body.error.code === ErrorCode.INTERNAL) req.log.error(err);
    return refuse(req, reply, body, body.ok ? '' : body.error.message);
  });

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

  const site = opts.staticDir && existsSync(path.join(opts.staticDir, 'index.html')) ? opts.staticDir : null;
  if (site) {
    await app.register(fastifyStatic, {
      root: path.resolve(site),
      index: ['index.html'],
      // file.br / file.gz written next to each asset by scripts/precompress.mjs, chosen by Accept-Encoding.
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, file) {
        res.setHeader('vary', 'accept-encoding');
        // Content-hashed files never change under their name; index.html (and anything else) is
        // revalidated each time so a new build (new hashes) is picked up at once.
        const original = file.replace(/\.(br|gz)$/, '');
        res.setHeader(
          'cache-control',
          isHashedAsset(original) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  // Unknown /api routes answer the envelope; the H5 app routes by hash, so any other page path gets the app.
  app.setNotFoundHandler((req, reply) => {
    // A missing file (/favicon.ico, an old chunk) is a 404, not the app in its place.
    const file = /\.[a-z0-9]+$/i.test(req.url.split(/[?#]/)[0]);
    if (site && !file && !isApi(req.url) && (req.method === 'GET' || req.method === 'HEAD')) {
      return reply.sendFile('index.html');
    }
    return refuse(req, reply, fail(ErrorCode.NOT_FOUND, '没有这个接口'), '页面不存在');
  });
  return app;
}
