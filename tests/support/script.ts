// A TypeScript module script run in a child `node` (through tsx, from the
// project's root), for checks that need a process of their own: a V8 flag is
// the whole process's, a peak RSS is the whole process's. The script prints
// its result as JSON on its last line.
import { spawn } from 'node:child_process';

export type ScriptOptions = {
  /** Flags for node itself (before the script). */
  nodeArgs?: string[];
  /** The script's process.argv after `--`. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
};

/** The script's last output line, parsed; rejects with its whole output when it exits other than 0. */
export function scriptResult<T>(script: string, options: ScriptOptions = {}): Promise<T> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', '--input-type=module', '-e', script, '--', ...(options.args ?? [])], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`exit ${String(code)}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as T);
    }),
  );
}
