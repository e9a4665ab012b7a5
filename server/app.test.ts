import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { allowedHostsFrom, buildServer, hostNameOf } from './app';
import { createLocalServices } from './services';

/** A multipart body with one file field, built by hand (what a browser's FormData sends). */
function multipart(bytes: Buffer, type: string) {
  const boundary = '----cgn-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: ${type}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function setup(production = false, extra: { allowedHosts?: string[]; staticDir?: string } = {}) {
  const services = createLocalServices({ dataDir: null, urlSecret: 'url-secret' });
  const app = await buildServer({ services, tokenSecret: 'token-secret', production, ...extra });
  return { app, services };
}

type App = Awaited<ReturnType<typeof setup>>['app'];

/** Expect an error envelope with this code, the status httpStatusOf gives it, and a message to show. */
function expectEnvelope(res: { statusCode: number; json: () => unknown }, code: string, status: number) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { ok: boolean; error: { code: string; message: string } };
  expect(body).toEqual({ ok: false, error: { code, message: expect.any(String) } });
  // User-facing Chinese, not Fastify's English ("Bad Request", "Body is not valid JSON").
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
}

/** POST a raw body to a function. */
function postRaw(app: App, payload: string | Buffer, contentType = 'application/json') {
  return app.inject({
    method: 'POST',
    url: '/api/functions/identity',
    headers: { 'content-type': contentType },
    payload,
  });
}

async function login(app: App, openid: string) {
  const res = await app.inject({ method: 'POST', url: '/api/dev/login', payload: { openid } });
  return (res.json() as { data: { token: string } }).data.token;
}

describe('local server', () => {
  it('answers function calls with the envelope and the HTTP status of the error code', async () => {
    const { app } = await setup();
    const token = await login(app, 'someone');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/functions/identity',
      headers: { authorization: `Bearer ${token}` },
      payload: { action: 'me' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, data: { openid: 'someone' } });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/functions/identity',
      payload: { action: 'me' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const forged = await app.inject({
      method: 'POST',
      url: '/api/functions/identity',
      headers: { authorization: `Bearer ${token.slice(0, -2)}xx` },
      payload: { action: 'me' },
    });
    expect(forged.statusCode).toBe(401);
    await app.close();
  });

  it('refuses the demo login in production', async () => {
    const { app } = await setup(true);
    const res = await app.inject({
      method: 'POST',
      url: '/api/dev/login',
      payload: { openid: 'demo-city-admin' },
    });
    expect(res.statusCode).toBe(403);
    await app.close();
  });

  it('serves an upload only through the signed URL it handed out', async () => {
    const { app } = await setup();
    const token = await login(app, 'uploader');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const { body, contentType } = multipart(png, 'image/png');
    const prepared = await app.inject({
      method: 'POST',
      url: '/api/functions/files',
      headers: { authorization: `Bearer ${token}` },
      payload: { action: 'prepareUpload', purpose: 'cardPhoto', contentType: 'image/png' },
    });
    const { ticket } = (prepared.json() as { data: { ticket: string } }).data;
    const send = (who: string, t: string | null) =>
      app.inject({
        method: 'POST',
        url: t ? `/api/files?ticket=${t}` : '/api/files',
        headers: { authorization: `Bearer ${who}`, 'content-type': contentType },
        payload: body,
      });
    // No ticket, or someone else's ticket: refused (a file always has a known owner).
    expect((await send(token, null)).statusCode).toBe(400);
    expect((await send(await login(app, 'someone-else'), ticket)).statusCode).toBe(403);
    const up = await send(token, ticket);
    expect(up.statusCode).toBe(200);
    // A retried upload with the same ticket replaces the file: same id, no duplicate.
    const again = await send(token, ticket);
    expect((again.json() as { data: { fileId: string } }).data.fileId).toBe(
      (up.json() as { data: { fileId: string } }).data.fileId,
    );
    const { fileId, url } = (up.json() as { data: { fileId: string; url: string } }).data;
    expect(fileId).toMatch(/^local:\/\//);
    expect(url).toContain('?sig=');
    const got = await app.inject({ method: 'GET', url });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(png)).toBe(true);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    const bare = url.split('?')[0];
    expect((await app.inject({ method: 'GET', url: bare })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `${bare}?sig=AAAA` })).statusCode).toBe(403);
    await app.close();
  });

  it('refuses uploads without login or of a type it does not keep', async () => {
    const { app } = await setup();
    const { body, contentType } = multipart(Buffer.from('hello'), 'text/html');
    const anon = await app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { 'content-type': contentType },
      payload: body,
    });
    expect(anon.statusCode).toBe(401);
    const token = await login(app, 'uploader');
    const html = await app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      payload: body,
    });
    expect(html.statusCode).toBe(400);
    expect(html.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    await app.close();
  });

  describe('host names (DNS rebinding) and other sites', () => {
    it('refuses a request whose Host is not one of its names, for the demo login and functions alike', async () => {
      const { app } = await setup();
      const evil = { host: 'evil.example' };
      const login = await app.inject({
        method: 'POST',
        url: '/api/dev/login',
        headers: evil,
        payload: { openid: 'demo-city-admin' },
      });
      expectEnvelope(login, 'PERMISSION_DENIED', 403);
      const call = await app.inject({
        method: 'POST',
        url: '/api/functions/identity',
        headers: { ...evil, host: 'evil.example:8787' },
        payload: { action: 'me' },
      });
      expectEnvelope(call, 'PERMISSION_DENIED', 403);
      const list = await app.inject({ method: 'GET', url: '/api/dev/identities', headers: evil });
      expectEnvelope(list, 'PERMISSION_DENIED', 403);
      // A page is refused with a plain text, not the app.
      const page = await app.inject({ method: 'GET', url: '/', headers: evil });
      expect(page.statusCode).toBe(403);
      expect(page.headers['content-type']).toMatch(/^text\/plain/);
      // Probes may use any name: /healthz tells nothing.
      expect((await app.inject({ method: 'GET', url: '/healthz', headers: evil })).statusCode).toBe(200);
      await app.close();
    });

    it('answers on loopback names with any port, and on the names it is given', async () => {
      const { app } = await setup(false, { allowedHosts: ['Campus.Example.org', '192.168.1.20:8787'] });
      for (const host of [
        '127.0.0.1:8787',
        'localhost',
        '[::1]:8787',
        'campus.example.org',
        '192.168.1.20',
      ]) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/dev/login',
          headers: { host },
          payload: { openid: 'demo-student' },
        });
        expect([host, res.statusCode]).toEqual([host, 200]);
      }
      const other = await app.inject({
        method: 'POST',
        url: '/api/dev/login',
        headers: { host: 'example.org' },
        payload: { openid: 'demo-student' },
      });
      expectEnvelope(other, 'PERMISSION_DENIED', 403);
      await app.close();
    });

    it('reads the accepted names from PUBLIC_BASE_URL and ALLOWED_HOSTS', () => {
      expect(
        allowedHostsFrom('https://Campus.Example.org:8443/h5', ' a.example , 10.0.0.5:80,::1 ,'),
      ).toEqual(['127.0.0.1', 'localhost', '[::1]', 'campus.example.org', 'a.example', '10.0.0.5']);
      expect(allowedHostsFrom(undefined, undefined)).toEqual(['127.0.0.1', 'localhost', '[::1]']);
      expect(hostNameOf('[::1]:8787')).toBe('[::1]');
      expect(hostNameOf('LOCALHOST.:80')).toBe('localhost');
    });

    it('refuses a state-changing /api call sent by a page of another site (Origin)', async () => {
      const { app } = await setup();
      const post = (origin: string) =>
        app.inject({
          method: 'POST',
          url: '/api/dev/login',
          headers: { host: '127.0.0.1:8787', origin },
          payload: { openid: 'demo-city-admin' },
        });
      expectEnvelope(await post('http://evil.example'), 'PERMISSION_DENIED', 403);
      expectEnvelope(await post('null'), 'PERMISSION_DENIED', 403);
      expect((await post('http://127.0.0.1:8787')).statusCode).toBe(200);
      // The H5 dev server on another port of the same machine is the same host.
      expect((await post('http://localhost:10086')).statusCode).toBe(200);
      // A simple cross-site form upload is refused before it is read.
      const { body, contentType } = multipart(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png');
      const upload = await app.inject({
        method: 'POST',
        url: '/api/files',
        headers: { origin: 'https://evil.example', 'content-type': contentType },
        payload: body,
      });
      expectEnvelope(upload, 'PERMISSION_DENIED', 403);
      // Reading stays possible (the same-origin policy keeps the answer from the other site).
      const read = await app.inject({
        method: 'GET',
        url: '/api/dev/identities',
        headers: { origin: 'http://evil.example' },
      });
      expect(read.statusCode).toBe(200);
      await app.close();
    });
  });

  describe('every /api answer is the envelope', () => {
    it('answers malformed JSON with INVALID_ARGUMENT', async () => {
      const { app } = await setup();
      expectEnvelope(await postRaw(app, '{"action": "me",'), 'INVALID_ARGUMENT', 400);
      expectEnvelope(await postRaw(app, ''), 'INVALID_ARGUMENT', 400);
      await app.close();
    });

    it('answers a body that is not JSON with INVALID_ARGUMENT', async () => {
      const { app } = await setup();
      expectEnvelope(await postRaw(app, 'action=me', 'text/plain'), 'INVALID_ARGUMENT', 400);
      expectEnvelope(
        await postRaw(app, 'action=me', 'application/x-www-form-urlencoded'),
        'INVALID_ARGUMENT',
        400,
      );
      const login = await app.inject({
        method: 'POST',
        url: '/api/dev/login',
        headers: { 'content-type': 'application/xml' },
        payload: '<openid>x</openid>',
      });
      expectEnvelope(login, 'INVALID_ARGUMENT', 400);
      await app.close();
    });

    it('answers a too large body with INVALID_ARGUMENT', async () => {
      const { app } = await setup();
      const big = JSON.stringify({ action: 'me', pad: 'x'.repeat(1024 * 1024 + 10) });
      const res = await postRaw(app, big);
      expectEnvelope(res, 'INVALID_ARGUMENT', 400);
      expect((res.json() as { error: { message: string } }).error.message).toContain('1024 KB');
      await app.close();
    });

    it('answers prototype-poisoned JSON with INVALID_ARGUMENT and pollutes nothing', async () => {
      const { app } = await setup();
      expectEnvelope(
        await postRaw(app, '{"action":"me","__proto__":{"polluted":true}}'),
        'INVALID_ARGUMENT',
        400,
      );
      expectEnvelope(
        await postRaw(app, '{"action":"me","constructor":{"prototype":{"polluted":true}}}'),
        'INVALID_ARGUMENT',
        400,
      );
      const login = await app.inject({
        method: 'POST',
        url: '/api/dev/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"openid":"x","__proto__":{"isAdmin":true}}',
      });
      expectEnvelope(login, 'INVALID_ARGUMENT', 400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      await app.close();
    });

    it('answers unknown /api routes and methods with NOT_FOUND, with or without the H5 build', async () => {
      const site = h5Build();
      for (const staticDir of [undefined, site.dir]) {
        const { app } = await setup(false, { staticDir });
        expectEnvelope(await app.inject({ method: 'GET', url: '/api/nothing' }), 'NOT_FOUND', 404);
        expectEnvelope(await app.inject({ method: 'POST', url: '/api/nothing/at/all' }), 'NOT_FOUND', 404);
        expectEnvelope(await app.inject({ method: 'GET', url: '/api/functions/identity' }), 'NOT_FOUND', 404);
        expectEnvelope(await app.inject({ method: 'GET', url: '/api' }), 'NOT_FOUND', 404);
        expectEnvelope(
          await app.inject({ method: 'POST', url: '/api/functions/nope', payload: { action: 'x' } }),
          'NOT_FOUND',
          404,
        );
        await app.close();
      }
      site.remove();
    });

    it('answers a malformed URL and a broken upload with the envelope', async () => {
      const { app } = await setup();
      expectEnvelope(
        await app.inject({ method: 'GET', url: '/api/files/%E0%A4%A' }),
        'INVALID_ARGUMENT',
        400,
      );
      const token = await login(app, 'uploader');
      const broken = await app.inject({
        method: 'POST',
        url: '/api/files',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data' },
        payload: 'not multipart at all',
      });
      expectEnvelope(broken, 'INVALID_ARGUMENT', 400);
      await app.close();
    });
  });

  describe('the H5 build', () => {
    it('serves hashed assets precompressed and cached for a year, index.html revalidated', async () => {
      const site = h5Build();
      const run = () =>
        spawnSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'precompress.mjs'), site.dir], {
          encoding: 'utf8',
        });
      expect(run().stdout).toContain('2 twins written');
      expect(run().stdout).toContain('0 twins written'); // idempotent
      const { app } = await setup(false, { staticDir: site.dir });

      const br = await app.inject({
        method: 'GET',
        url: '/js/app.3f2a1c9b.js',
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      });
      expect(br.statusCode).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toMatch(/javascript/);
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(site.js);

      const gz = await app.inject({
        method: 'GET',
        url: '/js/app.3f2a1c9b.js',
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).toString()).toBe(site.js);

      const plain = await app.inject({
        method: 'GET',
        url: '/js/app.3f2a1c9b.js',
        headers: { 'accept-encoding': 'identity' },
      });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(site.js);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');

      const css = await app.inject({ method: 'GET', url: '/css/app.0123456789abcdef0123.css' });
      expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');

      for (const url of ['/', '/index.html', '/some/page']) {
        const html = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
        expect([url, html.statusCode, html.headers['cache-control']]).toEqual([url, 200, 'no-cache']);
        expect(html.body).toContain('<div id="app">');
      }
      // A missing file is not answered with the app (a browser asks for /favicon.ico on every visit).
      expect((await app.inject({ method: 'GET', url: '/favicon.ico' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/js/app.00000000.js' })).statusCode).toBe(404);
      await app.close();
      site.remove();
    });
  });
});

/** A small H5 build in a temp folder: index.html, one hashed script and one hashed stylesheet. */
function h5Build() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cgn-h5-'));
  mkdirSync(path.join(dir, 'js'));
  mkdirSync(path.join(dir, 'css'));
  const js = `console.log(${JSON.stringify('校园好网民 '.repeat(400))});\n`;
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><body><div id="app"></div></body></html>',
  );
  writeFileSync(path.join(dir, 'js', 'app.3f2a1c9b.js'), js);
  writeFileSync(path.join(dir, 'css', 'app.0123456789abcdef0123.css'), 'body{margin:0}');
  return { dir, js, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
