/**
 * Start-up refuses what it cannot serve, in one line and a non-zero exit, before it says
 * "running" (PROTOCOL.md F5); one server per DATA_DIR (F6); private files (F7). Real server
 * processes on real directories: tmpfs mounts for a read-only and a full disk, `nobody` for
 * a directory this user may not write (root writes anywhere).
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  truncateSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { api, blocks, createRoom } from '../helpers/api.js';
import { connect, synced, textIn } from '../helpers/yClient.js';
import { ADMIN_TOKEN, removeDataDir } from '../helpers/testServer.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  NOBODY,
  isRoot,
  modeOf,
  mountTmpfs,
  startExpectingRefusal,
  startLiveServer,
  type Exited,
  type LiveServer,
  type Mount,
} from '../helpers/serverProcess.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-startup-'));
  cleanups.push(() => removeDataDir(dir));
  return dir;
}

function mounted(sizeKiB: number): Mount {
  const mount = mountTmpfs(sizeKiB);
  if (mount === null) throw new Error('mount -t tmpfs was refused on this machine: run the tests as root on a machine that allows mounts');
  cleanups.push(() => mount.unmount());
  return mount;
}

async function live(dataDir: string, env: Record<string, string> = {}): Promise<LiveServer> {
  const server = await startLiveServer(dataDir, { env });
  cleanups.push(() => server.stop('SIGKILL'));
  return server;
}

/** A DATA_DIR with a database that holds one room and a saved sentence; the server stopped. */
async function dataDirWithRoom(dataDir: string): Promise<{ roomId: string }> {
  const server = await live(dataDir);
  const room = await createRoom(server.url, 'Refusals');
  const client = connect(server.wsUrl, room.id, room.invites.expert.token);
  await synced(client);
  textIn(client.fragment.get(0) as Y.XmlElement).insert(0, 'Agreed before the fault.');
  await waitFor(
    async () => (await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text === 'Agreed before the fault.',
    'the sentence to be saved',
  );
  client.destroy();
  expect((await server.stop('SIGTERM')).code).toBe(0);
  return { roomId: room.id };
}

/** One line on stderr saying what and what to do; non-zero exit; never "running" nor a link. */
function expectRefusal(result: Exited, says: RegExp): string {
  expect(result.code, `exit code (stderr: ${result.stderr})`).not.toBe(0);
  expect(result.code).not.toBeNull();
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, `stderr was:\n${result.stderr}`).toHaveLength(1);
  expect(lines[0]).toMatch(/^Draftroom cannot start: /);
  expect(lines[0]).toMatch(says);
  expect(lines[0]).not.toMatch(/\n|^\s+at /);
  expect(result.stdout).not.toMatch(/is running|Demo room|#token=/);
  return lines[0]!;
}

describe('[F5] start-up refuses what it cannot serve, in one line', () => {
  it('[F5] a read-only DATA_DIR holding a database (a tmpfs remounted read-only)', { timeout: 60_000 }, async () => {
    const mount = mounted(8 * 1024);
    const dataDir = join(mount.dir, 'data');
    await dataDirWithRoom(dataDir);
    mount.remount('ro');
    const line = expectRefusal(
      await startExpectingRefusal(dataDir),
      /read-only file system; mount it read-write or choose another DATA_DIR/,
    );
    expect(line).toContain(`DATA_DIR ${dataDir}`);
    // Writable again, the same directory serves what it held.
    mount.remount('rw');
    const server = await live(dataDir);
    expect(server.output()).toContain('is running');
  });

  it('[F5] a DATA_DIR this user may not write (permissions)', { timeout: 60_000 }, async () => {
    const parent = tempDir();
    const dataDir = join(parent, 'data');
    await dataDirWithRoom(dataDir);
    // Root writes through any mode: the server runs as `nobody` on root's 0755 directory; anyone else gets 0555.
    chmodSync(parent, 0o755);
    chmodSync(dataDir, isRoot ? 0o755 : 0o555);
    const result = await startExpectingRefusal(dataDir, isRoot ? { uid: NOBODY, gid: NOBODY } : {});
    expectRefusal(result, /is not writable by this user \(uid \d+\); give it to this user \(chown\) or choose another DATA_DIR/);
  });

  it('[F5] a full DATA_DIR (a 2 MiB tmpfs, filled)', { timeout: 60_000 }, async () => {
    const mount = mounted(2 * 1024);
    const dataDir = join(mount.dir, 'data');
    await dataDirWithRoom(dataDir);
    fillUp(join(mount.dir, 'filler'));
    expectRefusal(await startExpectingRefusal(dataDir), /is full \(ENOSPC.*\); free space there or choose another DATA_DIR/);
    // A fresh DATA_DIR on the full disk is refused the same way.
    expectRefusal(await startExpectingRefusal(join(mount.dir, 'fresh')), /is full|ENOSPC/);
  });

  it('[F5] a corrupt database: garbage, truncated, pages overwritten', { timeout: 90_000 }, async () => {
    const good = join(tempDir(), 'data');
    await dataDirWithRoom(good);
    const database = join(good, 'draftroom.sqlite');
    const size = statSync(database).size;
    const cases: Array<[string, (file: string) => void]> = [
      ['garbage', (file) => writeFileSync(file, randomBytes(64 * 1024))],
      ['truncated', (file) => truncateSync(file, Math.floor(size / 3))],
      [
        'pages overwritten',
        (file) => {
          const fd = openSync(file, 'r+');
          writeSync(fd, randomBytes(3 * 4096), 0, 3 * 4096, 4096);
          closeSync(fd);
        },
      ],
    ];
    for (const [what, damage] of cases) {
      const dataDir = join(tempDir(), 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      copyFileSync(database, join(dataDir, 'draftroom.sqlite'));
      damage(join(dataDir, 'draftroom.sqlite'));
      const line = expectRefusal(
        await startExpectingRefusal(dataDir),
        /draftroom\.sqlite is not a readable Draftroom database \(.+\); restore a backup with npm run restore -- <file>, or move the file aside/,
      );
      expect(line, what).toContain(dataDir);
    }
  });
});

describe('[F6] one server per DATA_DIR', () => {
  it('[F6] a second server on the same DATA_DIR is refused while the first runs, and starts once the first is killed (SIGKILL)', {
    timeout: 60_000,
  }, async () => {
    const dataDir = join(tempDir(), 'data');
    const first = await live(dataDir);
    const room = await createRoom(first.url, 'One server');
    const client = connect(first.wsUrl, room.id, room.invites.expert.token);
    cleanups.push(() => client.destroy());
    await synced(client);
    textIn(client.fragment.get(0) as Y.XmlElement).insert(0, 'Typed on the first server.');
    await waitFor(
      async () => (await blocks(first.url, room.id, ADMIN_TOKEN))[0]?.text === 'Typed on the first server.',
      'the sentence to be saved',
    );

    expectRefusal(
      await startExpectingRefusal(dataDir),
      new RegExp(`is held by another Draftroom server \\(pid ${first.pid}\\); stop it or choose another DATA_DIR`),
    );
    // The refused start touched nothing: the first still serves and saves.
    textIn(client.fragment.get(0) as Y.XmlElement).insert(0, 'Still ');
    await waitFor(
      async () => (await blocks(first.url, room.id, ADMIN_TOKEN))[0]?.text === 'Still Typed on the first server.',
      'the first server to save on',
    );

    // Killed, the first leaves no stale lock: the OS dropped it with the process.
    await first.stop('SIGKILL');
    const second = await live(dataDir);
    expect((await blocks(second.url, room.id, ADMIN_TOKEN))[0]?.text).toBe('Still Typed on the first server.');
  });

  it('[F6] a server stopped with SIGTERM releases DATA_DIR for the next at once', { timeout: 60_000 }, async () => {
    const dataDir = join(tempDir(), 'data');
    const first = await live(dataDir);
    expect((await first.stop('SIGTERM')).code).toBe(0);
    const second = await live(dataDir);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
  });
});

describe('[F7] files are private', () => {
  it('[F7] a new DATA_DIR is 0700; the database, its -wal and -shm, the admin token and the lock are 0600', {
    timeout: 60_000,
  }, async () => {
    const dataDir = join(tempDir(), 'data');
    // No ADMIN_TOKEN: the server generates one and keeps it in DATA_DIR.
    const server = await live(dataDir, { ADMIN_TOKEN: '' });
    const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const created = await api(server.url, 'POST', '/api/documents', adminToken, { title: 'Private files' });
    expect(created.status).toBe(201);
    expect(modeOf(dataDir)).toBe('0700');
    for (const file of [
      'draftroom.sqlite',
      'draftroom.sqlite-wal',
      'draftroom.sqlite-shm',
      'admin-token',
      'draftroom.lock',
      'draftroom.lock.json',
    ]) {
      expect(modeOf(join(dataDir, file)), file).toBe('0600');
    }
  });

  it('[F7] files left open to others (0644 in a 0755 directory, as issue 11 found them) are tightened at start, and the log says so', {
    timeout: 60_000,
  }, async () => {
    const dataDir = join(tempDir(), 'data');
    await dataDirWithRoom(dataDir);
    chmodSync(dataDir, 0o755);
    for (const file of ['draftroom.sqlite', 'draftroom.lock']) chmodSync(join(dataDir, file), 0o644);
    writeFileSync(join(dataDir, 'admin-token'), 'a-token-kept-by-hand\n', { mode: 0o644 });
    const server = await live(dataDir);
    expect(modeOf(dataDir)).toBe('0700');
    for (const file of ['draftroom.sqlite', 'draftroom.sqlite-wal', 'draftroom.sqlite-shm', 'draftroom.lock', 'admin-token']) {
      expect(modeOf(join(dataDir, file)), file).toBe('0600');
    }
    for (const file of ['DATA_DIR', 'draftroom.sqlite', 'admin-token']) {
      expect(server.output()).toMatch(
        new RegExp(`"file":"${file}","from":"0(644|755)","to":"0(600|700)".*made a file in DATA_DIR private`),
      );
    }
    if (isRoot) {
      // Another user of the host can no longer read the signing secret out of the database.
      chmodSync(join(dataDir, '..'), 0o755);
      const read = spawnSync(process.execPath, ['-e', `require('fs').readFileSync(${JSON.stringify(join(dataDir, 'draftroom.sqlite'))})`], {
        uid: NOBODY,
        gid: NOBODY,
        encoding: 'utf8',
      });
      expect(read.status).not.toBe(0);
      expect(read.stderr).toMatch(/EACCES/);
    }
  });

  it.runIf(isRoot)("[F7] a file this user cannot make private (another owner's) refuses start-up", { timeout: 60_000 }, async () => {
    const parent = tempDir();
    chmodSync(parent, 0o755);
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, NOBODY, NOBODY);
    // Root's file, readable by everyone, in a directory `nobody` owns and writes.
    writeFileSync(join(dataDir, 'draftroom.sqlite'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'draftroom.sqlite'), 0o644);
    const result = await startExpectingRefusal(dataDir, { uid: NOBODY, gid: NOBODY });
    expectRefusal(
      result,
      /draftroom\.sqlite is open to other users \(mode 0644\) and this user cannot make it private \(EPERM\); run chmod 0600 on it as its owner, or start Draftroom as its owner/,
    );
  });
});

/** Writes until the file system says ENOSPC. */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  // The last partial chunk: fill what is left byte by byte in blocks of 1 KiB.
  const tail = openSync(file, 'a');
  try {
    for (;;) writeSync(tail, Buffer.alloc(1024, 1));
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(tail);
  }
}
