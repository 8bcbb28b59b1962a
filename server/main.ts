/** Starts Draftroom: reads the environment, builds the app, listens, prints where to go. */
import { readConfig } from './config.js';
import { buildApp } from './app.js';
import { ensureDemoRoom } from './rooms/demoRoom.js';
import { ROLE_LABELS } from '../shared/roles.js';

const config = readConfig();
const { app, ctx } = await buildApp(config);
const demo = await ensureDemoRoom(ctx);
await app.listen({ port: config.port, host: config.host });

const lines = [
  '',
  `Draftroom is running on http://${config.host}:${config.port}  (data in ${config.dataDir})`,
  '',
  `Demo room: ${demo.title}`,
  `  Open this link to join as the Senior Adviser:`,
  `  ${demo.links.adviser}`,
  '',
  '  Other roles (open each in its own browser window to try them side by side):',
  ...(['moderator', 'expert', 'observer'] as const).map((role) => `  ${ROLE_LABELS[role].padEnd(10)} ${demo.links[role]}`),
  '',
  ctx.admin.file
    ? `Admin token (for POST /api/documents and /metrics) is kept in ${ctx.admin.file}`
    : 'Admin token: the ADMIN_TOKEN you set in the environment.',
  '',
];
process.stdout.write(lines.join('\n') + '\n');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
