/**
 * Reading a password in the CLI: from a terminal without echo (asked twice), or the first line
 * of stdin for scripts (`--password-stdin`).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** The first line of `input` (a trailing CR/LF removed). */
export async function readPasswordFromStream(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/u)[0] ?? '';
}

/** Asks on the terminal without echoing what is typed. */
export function askHidden(question: string, input: Readable & { isTTY?: boolean } = process.stdin, output: Writable = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    let muted = false;
    const rl = createInterface({
      input,
      output: {
        write: (s: string) => {
          if (!muted) output.write(s);
          return true;
        },
      } as unknown as Writable,
      terminal: true,
    });
    rl.question(question, (answer) => {
      output.write('\n');
      rl.close();
      resolve(answer);
    });
    muted = true;
    rl.on('SIGINT', () => {
      rl.close();
      reject(new Error('cancelled'));
    });
  });
}
