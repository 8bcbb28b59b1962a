/**
 * npm run backup -- <file or directory>: a consistent copy of DATA_DIR's database, taken
 * while the server runs (server/store/backup.ts, PROTOCOL.md D4). Paths are taken from the
 * directory npm was run in; DATA_DIR as the server reads it.
 */
import { resolve } from 'node:path';
import { readConfig } from '../server/config.js';
import { backupDatabase } from '../server/store/backup.js';
import { StartupRefusal, messageOf } from '../server/store/dataDir.js';

process.umask(0o077);
const [target] = process.argv.slice(2);
if (!target) {
  process.stderr.write('usage: npm run backup -- <file or directory>   (DATA_DIR as for the server)\n');
  process.exit(2);
}
try {
  const { dataDir } = readConfig();
  const result = await backupDatabase(dataDir, resolve(process.env.INIT_CWD ?? process.cwd(), target));
  const size = result.bytes >= 1024 * 1024 ? `${(result.bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(result.bytes / 1024)} KiB`;
  process.stdout.write(
    `Backed up DATA_DIR ${dataDir} to ${result.file}: ${result.rooms} room(s), ${size}, everything saved before ${result.asOf}.\n`,
  );
} catch (error) {
  process.stderr.write(`Backup failed: ${error instanceof StartupRefusal ? error.message : messageOf(error)}\n`);
  process.exit(1);
}
