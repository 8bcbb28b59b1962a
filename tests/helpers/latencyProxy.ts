/**
 * A TCP proxy in front of a test server that holds every chunk, in each direction, for a
 * random 50–150 ms, as a venue's Wi-Fi does. Order within a direction is kept (a chunk
 * never overtakes the one before it), so HTTP and the websocket work as they would over a
 * slow link. The page opens the proxy's address; the server sees the proxy's Host and the
 * matching Origin, as it would behind any port forward.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LatencyProxy {
  url: string;
  close(): Promise<void>;
}

export interface LatencyRange {
  minMs: number;
  maxMs: number;
}

/** Forwards `from` to `to`, each chunk after its own delay, never out of order. */
function delayedPipe(from: Socket, to: Socket, latency: LatencyRange, random: () => number): void {
  // One queue and one timer per direction: separate timers with equal due times may fire
  // in any order, and a reordered chunk corrupts the stream.
  const queue: { due: number; chunk: Buffer | null }[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const drain = () => {
    timer = null;
    while (queue.length > 0 && queue[0]!.due <= Date.now()) {
      const { chunk } = queue.shift()!;
      if (to.destroyed) continue;
      if (chunk === null) to.end();
      else to.write(chunk);
    }
    if (queue.length > 0) timer = setTimeout(drain, queue[0]!.due - Date.now());
  };
  const enqueue = (chunk: Buffer | null) => {
    const last = queue.at(-1)?.due ?? 0;
    queue.push({ due: Math.max(last, Date.now() + latency.minMs + random() * (latency.maxMs - latency.minMs)), chunk });
    if (timer === null) timer = setTimeout(drain, queue[0]!.due - Date.now());
  };
  from.on('data', (chunk: Buffer) => enqueue(chunk));
  from.on('end', () => enqueue(null));
}

export async function startLatencyProxy(
  targetPort: number,
  latency: LatencyRange,
  random: () => number = Math.random,
): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    // A side that closed is gone; the other is closed once its queued chunks are out.
    delayedPipe(client, upstream, latency, random);
    delayedPipe(upstream, client, latency, random);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
