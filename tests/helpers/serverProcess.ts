/**
 * Server processes and their files, for the fault tests (PROTOCOL.md F5–F7, D4–D6): a start
 * that is expected to be refused (run to its exit), a start with extra environment, the
 * backup and restore commands, small tmpfs mounts, file modes.
 */
import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, answeringPort } from './testServer.js';

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx <script> …args` to its end (at most `timeoutMs`) and returns what it printed. */
export function runToExit(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: Pick<SpawnOptions, 'uid' | 'gid'> & { timeoutMs?: number } = {},
): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, ADMIN_TOKEN, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: options.uid,
      gid: options.gid,
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not exit within ${options.timeoutMs ?? 20_000} ms; it printed:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // 'exit' may come before the pipes are drained: wait for them to close.
      let open = 2;
      const done = () => --open === 0 && resolve({ code, signal, stdout, stderr });
      if (child.stdout!.closed) done();
      else child.stdout!.once('close', done);
      if (child.stderr!.closed) done();
      else child.stderr!.once('close', done);
    });
  });
}

/** A server start that is expected to be refused: runs server/main.ts on `dataDir` to its exit. */
export async function startExpectingRefusal(dataDir: string, options: Pick<SpawnOptions, 'uid' | 'gid'> = {}): Promise<Exited> {
  // Refused before it listens; were it not, port 0 binds whatever port is free.
  return runToExit('server/main.ts', [], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir }, options);
}

export interface LiveServer {
  url: string;
  wsUrl: string;
  port: number;
  pid: number;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * server/main.ts as `npm run dev` runs it (from TypeScript; `npm start` runs the same code bundled), with extra
 * environment, on the port the OS gives it or on a given port (a restart on the port it had keeps its clients' URL).
 */
export async function startLiveServer(dataDir: string, options: { port?: number; env?: Record<string, string> } = {}): Promise<LiveServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await answeringPort(child, () => output);
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    port,
    pid: child.pid!,
    output: () => output,
    exited,
    stop: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** `npm run backup -- <target>` / `npm run restore -- <source>`, as a secretariat runs them. */
export function backupCommand(dataDir: string, target: string): Promise<Exited> {
  return runToExit('scripts/backup.ts', [target], { DATA_DIR: dataDir }, { timeoutMs: 60_000 });
}
export function restoreCommand(dataDir: string, source: string): Promise<Exited> {
  return runToExit('scripts/restore.ts', [source], { DATA_DIR: dataDir }, { timeoutMs: 60_000 });
}

export interface Mount {
  dir: string;
  remount(options: string): void;
  unmount(): void;
}

/**
 * A tmpfs of `sizeKiB` on a fresh directory; null when this machine refuses to mount (not
 * root, or a container without the right), which the caller reports as a skip.
 */
export function mountTmpfs(sizeKiB: number): Mount | null {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-mnt-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  let mounted = true;
  return {
    dir,
    remount: (options) => execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'pipe' }),
    unmount: () => {
      if (!mounted) return;
      mounted = false;
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The permission bits of a file, as 0o644 prints: '0644'. */
export function modeOf(path: string): string {
  return `0${(statSync(path).mode & 0o777).toString(8)}`;
}

/** Root may write anywhere whatever the modes: the permission cases run the server as `nobody`. */
export const isRoot = process.getuid?.() === 0;
export const NOBODY = 65_534;
