/**
 * Starts `vite preview` on 127.0.0.1 as a child whose PID is the server's own
 * (node …/vite.js, not npx), waits until it answers, and stops it by that PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface PreviewServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../../..');

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs} ms`);
}

export async function startPreview(port: number): Promise<PreviewServer> {
  if (!existsSync(resolve(ROOT, 'dist/index.html'))) {
    throw new Error('dist/ is missing: run `vite build` first (npm run test:e2e does).');
  }
  const child = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilUp(url, child, 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${output}`);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('vite preview has no PID');
  return {
    url,
    pid,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        process.kill(pid, 'SIGTERM');
        setTimeout(() => {
          if (child.exitCode === null) process.kill(pid, 'SIGKILL');
        }, 3000).unref();
      }),
  };
}
