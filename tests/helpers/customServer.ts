/** A server like startServer()'s, with configuration and logger chosen by the test. */
import type { FastifyServerOptions } from 'fastify';
import { buildApp } from '../../server/app.js';
import { readConfig, type Config } from '../../server/config.js';
import { ADMIN_TOKEN, tempDataDir, type RunningServer } from './testServer.js';

export async function startServerWith(options: { config?: Partial<Config>; logger?: FastifyServerOptions['logger'] } = {}): Promise<RunningServer> {
  const dataDir = options.config?.dataDir ?? tempDataDir();
  const config: Config = { ...readConfig({}), port: 0, dataDir, adminToken: ADMIN_TOKEN, logLevel: 'silent', ...options.config };
  const built = await buildApp(config, { logger: options.logger ?? false });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ...built,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    dataDir,
    close: async () => {
      await built.app.close();
    },
  };
}

/** A writable stream for pino that keeps every log line. */
export function captureLines(): { stream: { write(line: string): void }; lines: string[] } {
  const lines: string[] = [];
  return { stream: { write: (line: string) => void lines.push(line) }, lines };
}
