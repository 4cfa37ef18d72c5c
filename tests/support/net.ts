// A free TCP port on loopback, for servers a test starts (the app, redis-server).
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * Waits for a child process of the app to log "HTTP API listening" and returns
 * the port it reports (start it with PORT=0, so no two tests race for a port).
 * Rejects with the output when the process exits first.
 */
export function listeningPort(child: ChildProcess, output: () => string, timeoutMs = 45_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no "HTTP API listening" within ${timeoutMs} ms:\n${output().slice(-3000)}`)), timeoutMs);
    const check = () => {
      const m = /"url":"http:\/\/[^:"]+:(\d+)"[^\n]*"msg":"HTTP API listening"/.exec(output());
      if (m) done(undefined, Number(m[1]));
    };
    const onExit = (code: number | null) => done(new Error(`the app exited (${String(code)}) before listening:\n${output().slice(-3000)}`));
    function done(err?: Error, port?: number) {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(port as number);
    }
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', onExit);
    check();
  });
}

/** The exit code of a child process, or a rejection with its output when it does not exit within `timeoutMs` (it is then killed). */
export function exitCode(child: ChildProcess, output: () => string, timeoutMs = 20_000): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the process did not exit within ${timeoutMs} ms:\n${output().slice(-4000)}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
