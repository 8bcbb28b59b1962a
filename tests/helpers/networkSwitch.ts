/**
 * A TCP proxy in front of a test server that can take the network down the way Wi-Fi drops:
 * while down, new connections fail and open ones carry nothing either way (bytes wait, as
 * TCP retransmits them); back up, what waited is delivered in order, then any close. A page
 * behind it sees a dead link, not a closed socket: it notices only by its own timeouts, as a
 * laptop does. (Chromium's offline emulation alone keeps sending on an open websocket.)
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export interface NetworkSwitch {
  url: string;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startNetworkSwitch(targetPort: number): Promise<NetworkSwitch> {
  let isUp = true;
  const sockets = new Set<Socket>();
  const flushers = new Set<() => void>();

  /** Forwards `from` to `to`; while the network is down, chunks (and the end) wait. */
  const pipe = (from: Socket, to: Socket) => {
    const waiting: (Buffer | null)[] = [];
    const flush = () => {
      while (isUp && waiting.length > 0) {
        const chunk = waiting.shift()!;
        if (to.destroyed) continue;
        if (chunk === null) to.end();
        else to.write(chunk);
      }
    };
    flushers.add(flush);
    from.on('data', (chunk: Buffer) => {
      waiting.push(chunk);
      flush();
    });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      waiting.push(null);
      flush();
    };
    // A side that went away ends the other once what it sent before has been delivered.
    from.on('end', end);
    from.on('close', end);
  };

  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    if (!isUp) {
      client.destroy();
      return;
    }
    const upstream = connect({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    down: () => {
      isUp = false;
    },
    up: () => {
      isUp = true;
      for (const flush of [...flushers]) flush();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
