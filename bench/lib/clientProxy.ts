/**
 * Serves a client build from a temporary directory and passes /api, /collab, /healthz and
 * /metrics (HTTP and websocket upgrades) through to a Draftroom server, on one origin, as
 * Draftroom itself does with dist/client. The bench writes only under bench/, so it builds
 * the client into a temp dir (vite build --outDir) instead of the repo's dist/.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

function isBackend(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/collab/') || url === '/healthz' || url === '/metrics';
}

export interface ClientProxy {
  url: string;
  close(): Promise<void>;
}

export async function startClientProxy(clientDir: string, backendPort: number): Promise<ClientProxy> {
  const serveFile = (request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]!);
    let file = normalize(join(clientDir, path));
    if (!file.startsWith(clientDir) || !existsSync(file) || path === '/' || !extname(file)) file = join(clientDir, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  };
  const server: Server = createServer((request, response) => {
    if (!isBackend(request.url ?? '')) return serveFile(request, response);
    const upstream = httpRequest(
      { host: '127.0.0.1', port: backendPort, method: request.method, path: request.url, headers: request.headers },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('upgrade', (request, socket, head) => {
    const upstream = connect(backendPort, '127.0.0.1', () => {
      const headers = Object.entries(request.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`);
      upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.setNoDelay(true);
    const end = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', end);
    socket.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
