/**
 * A throwaway Redis server for the tests: Debian's redis-server (which `npm test` installs),
 * on loopback, keeping nothing on disk, stopped after. `freeze` stops it where it stands
 * (SIGSTOP) and `thaw` resumes it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './postgres.js';
import { waitFor } from './waitFor.js';

const REDIS_SERVER = '/usr/bin/redis-server';

export interface TestRedis {
  url: string;
  /** Stops the server where it stands (SIGSTOP): connections stay open, nothing answers. `thaw` resumes it. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) throw new Error('Redis is not installed: run apt-get install -y redis-server (npm test does this itself)');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    try {
      await waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
          return spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG';
        },
        'redis-server to answer',
        10_000,
        50,
      );
    } catch (error) {
      child.kill('SIGKILL');
      if (attempt < 3) continue; // the port was taken between choosing and binding it
      throw error;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      freeze: () => child.kill('SIGSTOP'),
      thaw: () => child.kill('SIGCONT'),
      stop: () => {
        child.kill('SIGCONT');
        return stopChild(child);
      },
    };
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
