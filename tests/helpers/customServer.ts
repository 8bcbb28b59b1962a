/** A server like startServer()'s, with configuration and logger chosen by the test. */
import { startServer, tempDataDir, type RunningServer, type ServerOptions } from './testServer.js';

export async function startServerWith(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer(options.config?.dataDir ?? tempDataDir(), options);
}

/** A writable stream for pino that keeps every log line. */
export function captureLines(): { stream: { write(line: string): void }; lines: string[] } {
  const lines: string[] = [];
  return { stream: { write: (line: string) => void lines.push(line) }, lines };
}
