import path from 'node:path';
import { seedDemoActivity } from '../core/demo/activity';
import { isEmpty, seedDemo } from '../core/demo/seed';
import { scheduledTick } from '../core/maintenance';
import { allowedHostsFrom, buildServer, loadSecret } from './app';
import { createLocalServices } from './services';

/** Start the local product: seed a demo city into an empty data folder, serve API + H5 build. */
async function main() {
  const root = path.resolve(__dirname, '..');
  const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(root, '.data'));
  const port = Number(process.env.PORT ?? 8787);
  const host = process.env.HOST ?? '127.0.0.1';
  const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://${host}:${port}`;
  const tokenSecret = await loadSecret(dataDir);
  const services = createLocalServices({
    dataDir,
    urlSecret: tokenSecret,
    bootstrapCode: process.env.CITY_BOOTSTRAP_CODE,
    publicBaseUrl,
  });
  if (await isEmpty(services.store)) {
    await seedDemo(services.store, services.now());
    // A campaign in progress (fictional schools, pupils, pledges, cards) unless DEMO_ACTIVITY=0.
    if (process.env.DEMO_ACTIVITY !== '0') await seedDemoActivity(services, services.now());
    console.log(`Seeded a demo city into ${dataDir}`);
  }
  // Names the server answers to (DNS rebinding): loopback, PUBLIC_BASE_URL's host, and ALLOWED_HOSTS
  // (comma separated, e.g. "campus.example.org,192.168.1.20"); any other Host header is refused.
  const allowedHosts = allowedHostsFrom(publicBaseUrl, process.env.ALLOWED_HOSTS);
  const app = await buildServer({
    services,
    tokenSecret,
    staticDir: path.resolve(process.env.STATIC_DIR ?? path.join(root, 'dist-h5')),
    // Demo login only where nobody else can reach it: off in production, and off on a non-loopback
    // address unless DEV_LOGIN=1 says so (it lets anyone act as any openid, city admin included).
    production:
      process.env.NODE_ENV === 'production' ||
      (!['127.0.0.1', 'localhost', '::1'].includes(host) && process.env.DEV_LOGIN !== '1'),
    allowedHosts,
  });
  await app.listen({ port, host });
  // The local stand-in for the CloudBase timer trigger: roll class counters up to school/district/city.
  const rollupEvery = Number(process.env.ROLLUP_INTERVAL_MS ?? 2000);
  let rolling = false;
  const timer = setInterval(async () => {
    if (rolling) return;
    rolling = true;
    try {
      await scheduledTick(services, services.now());
    } catch (err) {
      console.error('rollup failed', err);
    } finally {
      rolling = false;
    }
  }, rollupEvery);
  console.log(`校园好网民 is running at http://${host}:${port}  (data: ${dataDir})`);
  console.log(`Answering to the host names ${allowedHosts.join(', ')} (add more with ALLOWED_HOSTS)`);
  const stop = async () => {
    clearInterval(timer);
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
