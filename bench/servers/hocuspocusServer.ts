/**
 * Hocuspocus with its defaults and no extensions (in memory, no auth hook, no persistence),
 * run as its own process by the bench: PORT, HOST.
 */
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT ?? 1234);
const host = process.env.HOST ?? '127.0.0.1';

const server = new Server({ port, address: host, quiet: true, stopOnSignals: false });
await server.listen();
process.stdout.write(`ready ${host}:${port}\n`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.destroy().finally(() => process.exit(0));
  });
}
