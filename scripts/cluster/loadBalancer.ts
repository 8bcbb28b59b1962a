/**
 * HAProxy (Debian's package) in front of several Draftroom servers, as `npm run cluster` and
 * the failover test run it: round robin over the servers, websockets passed through, a
 * server taken out of the rotation within a second of failing /healthz, and a connection
 * that finds a server dead retried on another one (the client never sees it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HAPROXY = '/usr/sbin/haproxy';

export interface LoadBalancer {
  url: string;
  stop(): Promise<void>;
}

/** The configuration: `servers` are http://host:port addresses. */
export function haproxyConfig(port: number, servers: string[]): string {
  const backends = servers.map((server, i) => {
    const { hostname, port: serverPort } = new URL(server);
    return `  server draftroom${i + 1} ${hostname}:${serverPort} check inter 500 fall 2 rise 1`;
  });
  return [
    'global',
    '  maxconn 8000',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    // A placement may wait for a dead owner's lease to run out before it answers (K5).
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout tunnel 1h',
    '  retries 3',
    '  option redispatch',
    'frontend draftroom',
    `  bind 127.0.0.1:${port}`,
    '  default_backend servers',
    'backend servers',
    '  balance roundrobin',
    '  option httpchk GET /healthz',
    ...backends,
    '',
  ].join('\n');
}

/** Starts HAProxy on `port` in front of `servers`; resolves once it listens. */
export async function startLoadBalancer(port: number, servers: string[]): Promise<LoadBalancer> {
  const dir = mkdtempSync(join(tmpdir(), 'draftroom-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(port, servers));
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${output}`);
    if ((await fetch(`${url}/healthz`).catch(() => null)) !== null) break;
    if (Date.now() > deadline) throw new Error(`haproxy did not listen on ${port}: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
