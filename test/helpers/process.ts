import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export type Proc = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
};

/** Run the real `prm` CLI in a child process, as a user would. */
export function runPrm(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/prm.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolve when the process prints a line matching `re`; reject if it exits or the deadline passes first. */
export function waitForOutput(p: Proc, re: RegExp, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${re}; stderr: ${p.stderr()}`)),
      timeoutMs,
    );
    const check = () => {
      const m = re.exec(p.stdout());
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    p.child.stdout?.on('data', check);
    p.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${re}; stderr: ${p.stderr()}`));
    });
    check();
  });
}
