/**
 * A throwaway PostgreSQL server for the tests: Debian's binaries (package postgresql, which
 * `npm test` installs), a new cluster in a temporary directory, on loopback, stopped and
 * removed after. As root (these machines), the cluster runs as the postgres user, since
 * PostgreSQL refuses to run as root. Each test file starts its own; `newDatabase` gives each
 * test an empty database of its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** postgres://… of the cluster's first database. */
  url: string;
  /** Creates an empty database; returns its URL. */
  newDatabase(): Promise<string>;
  /** Stops the server (its data stays), as an outage would; `up` starts it again on the same port. */
  down(): void;
  up(): void;
  /** Stops the server's processes where they stand (SIGSTOP): connections stay open, nothing answers. `thaw` resumes them. */
  freeze(): void;
  thaw(): void;
  /** Stops the server for good and removes its data. */
  stop(): Promise<void>;
}

const BIN_ROOT = '/usr/lib/postgresql';

function binDir(): string {
  const versions = existsSync(BIN_ROOT) ? readdirSync(BIN_ROOT).filter((v) => existsSync(join(BIN_ROOT, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed: run apt-get install -y postgresql (npm test does this itself)');
  return join(BIN_ROOT, versions.sort((a, b) => Number(b) - Number(a))[0]!, 'bin');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), 'draftroom-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  };
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(root, uid, gid);
  }
  const data = join(root, 'data');
  run('initdb', ['-D', data, '-U', 'draftroom', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  let port = 0;
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(root, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
      'start',
    ]);
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      start();
      break;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
  const url = `postgres://draftroom@127.0.0.1:${port}/postgres`;
  /** The postmaster (first line of postmaster.pid) and every process it started. */
  const signalCluster = (signal: NodeJS.Signals) => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = spawnSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);
    for (const pid of [postmaster, ...children]) process.kill(pid, signal);
  };
  let databases = 0;
  return {
    url,
    newDatabase() {
      return createDatabase(url, `test_${++databases}_${process.pid}`);
    },
    down() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    up() {
      start();
    },
    freeze() {
      signalCluster('SIGSTOP');
    },
    thaw() {
      signalCluster('SIGCONT');
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** Creates database `name` on the cluster at `clusterUrl`; returns the database's URL. */
export async function createDatabase(clusterUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function postgresUser(): { uid: number; gid: number } {
  const line = execFileSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).trim();
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
