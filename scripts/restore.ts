/**
 * npm run restore -- <backup file>: puts a backup in place as DATA_DIR's database, keeping
 * the one it replaces aside (server/store/backup.ts, PROTOCOL.md D4). Refused while a server
 * holds DATA_DIR: stop it first. Paths are taken from the directory npm was run in.
 */
import { resolve } from 'node:path';
import { readConfig } from '../server/config.js';
import { restoreDatabase } from '../server/store/backup.js';
import { StartupRefusal, messageOf } from '../server/store/dataDir.js';

process.umask(0o077);
const [source] = process.argv.slice(2);
if (!source) {
  process.stderr.write('usage: npm run restore -- <backup file>   (DATA_DIR as for the server; stop the server first)\n');
  process.exit(2);
}
try {
  const { dataDir } = readConfig();
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), source);
  const result = await restoreDatabase(dataDir, file);
  const aside = result.keptAside ? ` The database it replaced is kept as ${result.keptAside}.` : '';
  process.stdout.write(`Restored ${file} into DATA_DIR ${dataDir}: ${result.rooms} room(s).${aside} Start the server again (npm start).\n`);
} catch (error) {
  process.stderr.write(`Restore refused: ${error instanceof StartupRefusal ? error.message : messageOf(error)}\n`);
  process.exit(1);
}
