import { buildServer } from './app';
import { createLocalServices } from './services';

/** A multipart body with one file field, built by hand (what a browser's FormData sends). */
function multipart(bytes: Buffer, type: string) {
  const boundary = '----cgn-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: ${type}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function setup(production = false) {
  const services = createLocalServices({ dataDir: null, urlSecret: 'url-secret' });
  const app = await buildServer({ services, tokenSecret: 'token-secret', production });
  return { app, services };
}

async function login(app: Awaited<ReturnType<typeof setup>>['app'], openid: string) {
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
});
