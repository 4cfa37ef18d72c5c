// No Docker engine runs here, so the Dockerfile is checked the other way round:
// what it copies exists, the runtime stage's layout is rebuilt in a temporary
// folder (dist/, drizzle/, locales/, node_modules/, package.json) and the
// image's entrypoint command runs there as in production.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { buildImageLayout } from './support/app-process.js';

const dockerfile = readFileSync('Dockerfile', 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

describe('Docker linters (.ci/lint-docker.mjs)', () => {
  const lint = (...files: string[]) => spawnSync(process.execPath, ['.ci/lint-docker.mjs', ...files], { encoding: 'utf8' });

  it('pass on the Dockerfile and docker-compose.yml, and catch what they are for', () => {
    const ok = lint();
    expect(ok.status, ok.stderr).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'fb-lint-'));
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM node:latest\nCOPY --chown=node:node . /app\nCMD node x\n');
      writeFileSync(join(dir, 'compose.yml'), 'services:\n  a:\n    image: x\n    environment:\n      JWT_SECRET_KEY: abc\n    bogus: 1\n');
      const bad = lint(join(dir, 'Dockerfile'), join(dir, 'compose.yml'));
      expect(bad.status).toBe(1);
      for (const m of [/pin the base image/, /non-root USER/, /drop --chown/, /no HEALTHCHECK/, /exec form/, /additional properties/, /no healthcheck/, /JWT_SECRET_KEY inline/]) expect(bad.stderr).toMatch(m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docker-compose.yml', () => {
  type Service = { command?: string[]; profiles?: string[]; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown; volumes?: string[]; environment?: Record<string, string>; restart?: string };
  const compose = YAML.parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service> };

  it('runs everything in one service by default, on the /data volume, with a health check', () => {
    const defaults = Object.entries(compose.services).filter(([, s]) => !s.profiles);
    expect(defaults.map(([n]) => n)).toEqual(['finance-bot']);
    const [, all] = defaults[0]!;
    expect(all.command).toEqual(['all']);
    expect(all.volumes).toContain('finance-data:/data');
    expect(all.environment?.['DATABASE_PATH']).toBe('/data/finance.db');
    expect(all.healthcheck).toBeTruthy();
  });

  it("gives a stop the time a graceful stop takes, in Compose and in the README's docker run", () => {
    // The HTTP server alone waits up to 10 s for requests in flight (SHUTDOWN_GRACE_MS), then the worker
    // and the database close: Docker's default of 10 s before SIGKILL is not enough.
    const seconds = (v: string | undefined) => Number(/^(\d+)s$/.exec(v ?? '')?.[1] ?? 0);
    for (const [name, s] of Object.entries(compose.services).filter(([n]) => n !== 'redis')) {
      expect(seconds((s as { stop_grace_period?: string }).stop_grace_period), name).toBeGreaterThanOrEqual(20);
    }
    const run = /^docker run .*$/m.exec(readFileSync('README.md', 'utf8'))?.[0] ?? '';
    expect(Number(/--stop-timeout (\d+)/.exec(run)?.[1] ?? 0), run).toBeGreaterThanOrEqual(20);
  });

  it("runs the app behind Docker's init, in Compose and in the README's docker run", () => {
    // Node as PID 1 ignores SIGTERM until the app installs its handlers (after the migrations): a stop
    // then waits out the whole timeout. tini as PID 1 passes the signal on and reaps children.
    for (const [name, s] of Object.entries(compose.services).filter(([n]) => n !== 'redis')) {
      expect((s as { init?: boolean }).init, name).toBe(true);
    }
    const run = /^docker run .*$/m.exec(readFileSync('README.md', 'utf8'))?.[0] ?? '';
    expect(run.split(' ')).toContain('--init');
  });

  it("the README's docker run runs the image as the compose file's default service does: restart, init, stop timeout, port, volume, environment", () => {
    // The docker run lacked --restart unless-stopped: its container stayed down after a crash or a reboot.
    const svc = compose.services['finance-bot'] as Service & { init?: boolean; stop_grace_period?: string; ports?: string[] };
    const run = /^docker run (.*?)\\?$/m.exec(readFileSync('README.md', 'utf8'))?.[1] ?? '';
    const words = run.trim().split(/\s+/);
    const values = (flag: string) => words.flatMap((w, i) => (w === flag ? [words[i + 1]] : []));
    expect(values('--restart'), run).toEqual([svc.restart]);
    expect(words.includes('--init'), run).toBe(svc.init === true);
    expect(values('--stop-timeout'), run).toEqual([/^(\d+)s$/.exec(svc.stop_grace_period ?? '')?.[1]]);
    expect(values('-p'), run).toEqual(svc.ports);
    expect(values('-v'), run).toEqual(svc.volumes);
    // What the compose file fixes in the environment, the image sets (a docker run passes only secrets and choices).
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    for (const [name, value] of Object.entries(svc.environment ?? {})) expect(dockerfile, name).toMatch(new RegExp(`^(ENV | {4})${name}=${value}\\b`, 'm'));
  });

  it("keeps running across reboots in Compose, and the README's systemd unit does not restart a configuration error (exit 78)", () => {
    // on-failure[:N] would end a 78 loop, but a cleanly stopped container (exit 0 at a reboot) is then not reliably
    // started with the daemon: the compose file keeps unless-stopped and the README says what 78 costs there.
    for (const [name, s] of Object.entries(compose.services).filter(([n]) => n !== 'migrate')) expect(s.restart, name).toBe('unless-stopped');
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toMatch(/\*\*Restarts\.\*\*[^]*exit with code \*\*78\*\*[^]*unless-stopped/);
    const units = [...readme.matchAll(/```ini\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((u) => u.includes('[Service]'));
    expect(units).toHaveLength(1);
    const unit = Object.fromEntries(units[0]!.split('\n').filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(unit['Restart']).toMatch(/^(on-failure|always)$/);
    expect(unit['RestartPreventExitStatus']?.split(/\s+/)).toContain('78');
    // The folder of the DATABASE_PATH it sets is one systemd makes (the app never makes a set path's folder).
    const dbPath = /^Environment=.*\bDATABASE_PATH=(\S+)/m.exec(units[0]!)?.[1] ?? '';
    expect(dbPath).toBe(`/var/lib/${unit['StateDirectory']}/finance.db`);
    expect(Number(/^(\d+)$/.exec(unit['TimeoutStopSec'] ?? '')?.[1])).toBeGreaterThanOrEqual(20);
  });

  it('the split profile migrates once, then runs api, bot and worker on Redis, each health-checked', () => {
    expect(compose.services['migrate']).toMatchObject({ command: ['migrate'], restart: 'no', profiles: ['split'] });
    for (const role of ['api', 'bot', 'worker']) {
      const s = compose.services[role]!;
      expect(s.command).toEqual([role]);
      expect(s.profiles).toEqual(['split']);
      expect(s.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' }, redis: { condition: 'service_healthy' } });
      expect(s.environment?.['REDIS_URL']).toBe('redis://redis:6379');
      expect(s.healthcheck).toBeTruthy();
    }
    expect(compose.services['redis']?.healthcheck).toBeTruthy();
  });

  it('publishes the HTTP server of every process that may serve the webhook route, each on its own loopback port', () => {
    // The route is mounted by the process that runs the bot (all, or bot in webhook mode): the api container has none.
    const ports = (name: string) => (compose.services[name] as { ports?: string[] }).ports ?? [];
    expect(ports('finance-bot')).toEqual(['127.0.0.1:8000:8000']);
    expect(ports('api')).toEqual(['127.0.0.1:8000:8000']);
    expect(ports('bot')).toEqual(['127.0.0.1:8001:8000']);
    expect(ports('worker')).toEqual([]);
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('127.0.0.1:8001');
  });
});

describe('Dockerfile', () => {
  let app: string;

  beforeAll(() => {
    app = buildImageLayout('fb-image-');
  }, 120_000);
  afterAll(() => {
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('copies only files that exist and builds on Node 24, the line CI also runs the built app on (.ci/node24)', () => {
    const copies = instructions.filter((l) => l.startsWith('COPY') && !l.includes('--from='));
    expect(copies.length).toBeGreaterThan(3);
    for (const line of copies) {
      const parts = line.split(/\s+/).filter((p) => !p.startsWith('--'));
      for (const src of parts.slice(1, -1)) expect(existsSync(src), `${line}: ${src}`).toBe(true);
    }
    const froms = instructions.filter((l) => l.startsWith('FROM'));
    for (const f of froms) expect(f).toMatch(/^FROM node:24-/);
    expect(readFileSync('.ci/node24', 'utf8')).toMatch(/^NODE24_VERSION="24\.\d+\.\d+"$/m);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toMatch(/>=\s*20/);
  });

  it('runs as a non-root user that cannot rewrite the app, with the database on a volume, in production mode, with a health check for every role', () => {
    expect(instructions).toContain('USER node');
    // The app's files stay root's: no --chown on what the runtime stage copies.
    expect(instructions.filter((l) => l.startsWith('COPY') && l.includes('--chown'))).toEqual([]);
    expect(dockerfile).toMatch(/VOLUME \["\/data"\]/);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    expect(instructions.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/CMD \["node", "dist\/main\.js", "healthcheck"\]$/);
    expect(instructions.find((l) => l.startsWith('ENTRYPOINT'))).toBe('ENTRYPOINT ["node", "dist/main.js"]');
  });

  it('the entrypoint migrates and serves in the image layout, refusing to start without secrets', async () => {
    const run = (args: string[], env: Record<string, string>) =>
      spawn(process.execPath, ['dist/main.js', ...args], { cwd: app, env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', DATABASE_PATH: join(app, 'data', 'finance.db'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const capture = (c: ReturnType<typeof run>) => {
      let out = '';
      c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      return () => out;
    };
    const noSecrets = run(['migrate'], {});
    const noSecretsOut = capture(noSecrets);
    const [refused] = (await once(noSecrets, 'exit')) as [number];
    expect(refused).not.toBe(0);
    expect(noSecretsOut()).toMatch(/JWT_SECRET_KEY/);

    const secrets = { JWT_SECRET_KEY: 'Jq8Vn2xLr7TzK4pWm9bYc3HsDf6GjA1uE5oRk0iNv8tQy2Lw', HMAC_SECRET_KEY: 'Hr4Mx9Lp2Wq7Tn3Kv8Bc1Yd6Hf5Gs0Ja4Ue7Oi2Pk9Rl3Zx' };
    const migrate = run(['migrate'], secrets);
    const migrateOut = capture(migrate);
    expect(((await once(migrate, 'exit')) as [number])[0], migrateOut()).toBe(0);

    const s = createServer().listen(0, '127.0.0.1');
    await once(s, 'listening');
    const port = (s.address() as { port: number }).port;
    s.close();
    const api = run(['api'], { ...secrets, PORT: String(port), HOST: '127.0.0.1' });
    const apiOut = capture(api);
    try {
      // Ready when it says so (the log line is written after listen()).
      await new Promise<void>((ready, fail) => {
        const check = () => apiOut().includes('HTTP API listening') && ready();
        api.stdout!.on('data', check);
        api.once('exit', () => fail(new Error(apiOut())));
        check();
      });
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status, apiOut()).toBe(200);
      api.kill('SIGTERM');
      expect(((await once(api, 'exit')) as [number])[0], apiOut()).toBe(0);
    } finally {
      // A failed check leaves no server behind.
      if (api.exitCode === null) api.kill('SIGKILL');
    }
  });
});
