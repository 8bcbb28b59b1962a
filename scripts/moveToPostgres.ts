/**
 * DATA_DIR=… DATABASE_URL=postgres://… npm run move-to-postgres: copies DATA_DIR's SQLite
 * database into an empty PostgreSQL database (server/store/postgres/moveToPostgres.ts,
 * PROTOCOL.md K4); then start the server with the same DATA_DIR and DATABASE_URL.
 */
import { readConfig } from '../server/config.js';
import { StartupRefusal, messageOf } from '../server/store/dataDir.js';
import { moveToPostgres } from '../server/store/postgres/moveToPostgres.js';
import { withoutPassword } from '../server/store/postgres/postgresRefusal.js';

process.umask(0o077);
try {
  const { dataDir, databaseUrl } = readConfig();
  if (databaseUrl === undefined) {
    process.stderr.write('usage: DATA_DIR=<dir> DATABASE_URL=postgres://user:password@host:port/database npm run move-to-postgres\n');
    process.exit(2);
  }
  const { rooms, rows } = moveToPostgres(dataDir, databaseUrl);
  const total = Object.values(rows).reduce((sum, n) => sum + n, 0);
  process.stdout.write(
    `Moved DATA_DIR ${dataDir} to ${withoutPassword(databaseUrl)}: ${rooms} room(s), ${total} rows. ` +
      `Start the server with the same DATA_DIR and DATABASE_URL; the SQLite file is left as it was.\n`,
  );
} catch (error) {
  process.stderr.write(`Move failed: ${error instanceof StartupRefusal ? error.message : messageOf(error)}\n`);
  process.exit(1);
}
