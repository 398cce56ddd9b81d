/** Runs the built `vigil` command in a child process (tests run after `npm run build`). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VIGIL = path.join(REPO_ROOT, 'bin', 'vigil.js');
export const BUILT = existsSync(path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'));
export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');
export const SEED = path.join(SHARED, 'seed', 'article-isis-k-2024-03-29.txt');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runVigil(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VIGIL, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export function spawnVigil(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [VIGIL, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}
