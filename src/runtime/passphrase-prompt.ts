// One line of secret input for `restore` (an encrypted backup's passphrase).
// A terminal gets a prompt on stderr and no echo: readline in terminal mode
// puts the TTY in raw mode and its output (the echo) goes to a sink. Any other
// stdin (a pipe, a file) is read as it comes, but only for a bounded time: a
// pipe that stays open and never gets a line (a script that forgot to send it)
// used to keep the command waiting forever.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export type SecretInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** What came: the line ('' when the input ended with none), nothing within the time, or Ctrl-C at the prompt. */
export type SecretLine = { kind: 'line'; line: string } | { kind: 'timeout' } | { kind: 'interrupted' };

export function readSecretLine(o: { input: SecretInput; prompt: string; promptTo: NodeJS.WritableStream; timeoutMs: number }): Promise<SecretLine> {
  return o.input.isTTY ? readFromTerminal(o) : readFromPipe(o.input, o.timeoutMs);
}

/** A person at a terminal may take their time: no time limit, but the typed text is never echoed. */
function readFromTerminal(o: { input: SecretInput; prompt: string; promptTo: NodeJS.WritableStream }): Promise<SecretLine> {
  o.promptTo.write(o.prompt);
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: o.input, output: sink, terminal: true });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SecretLine) => {
      if (settled) return;
      settled = true;
      rl.close();
      // The person's Enter was not echoed either: end the prompt's line.
      o.promptTo.write('\n');
      resolve(result);
    };
    rl.once('line', (line) => finish({ kind: 'line', line }));
    rl.once('SIGINT', () => finish({ kind: 'interrupted' }));
    // Ctrl-D on an empty line.
    rl.once('close', () => finish({ kind: 'line', line: '' }));
  });
}

function readFromPipe(input: SecretInput, timeoutMs: number): Promise<SecretLine> {
  const rl = createInterface({ input, terminal: false });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SecretLine) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      rl.close();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    rl.once('line', (line) => finish({ kind: 'line', line }));
    rl.once('close', () => finish({ kind: 'line', line: '' }));
  });
}
