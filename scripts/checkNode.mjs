// Stops at once, with one clear line, when the running Node is not one package.json's
// `engines.node` names. Run by scripts/test.sh (CI) before anything else, and by
// scripts/build.mjs (so `npm start` too). Plain JavaScript with no imports from node_modules:
// it must work before anything is installed, and on the Node it refuses.
//
// Reads the subset of npm's range syntax package.json uses: alternatives separated by `||`,
// each a space-separated list of comparators `>=`, `>`, `<=`, `<`, `=` or `^` followed by a
// version (missing minor and patch are 0). Anything else is refused as unreadable rather than
// guessed at.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Whether `version` ("20.19.1") is in `range` ("^20.19.0 || >=22.12.0"); throws on a range it cannot read. */
export function satisfies(version, range) {
  const have = parse(version);
  return range.split('||').some((alternative) => {
    const comparators = alternative.trim().split(/\s+/);
    return comparators.every((comparator) => {
      const match = /^(>=|<=|>|<|=|\^)?\s*v?(\d+(?:\.\d+){0,2})$/.exec(comparator);
      if (match === null) throw new Error(`cannot read the Node range ${JSON.stringify(range)} (at ${JSON.stringify(comparator)})`);
      const [, operator = '=', wanted] = match;
      const want = parse(wanted);
      const order = compare(have, want);
      switch (operator) {
        case '>=':
          return order >= 0;
        case '>':
          return order > 0;
        case '<=':
          return order <= 0;
        case '<':
          return order < 0;
        case '=':
          return order === 0;
        default:
          // ^20.19.0: at least 20.19.0 and below 21 (Node's majors are never 0).
          return order >= 0 && have[0] === want[0];
      }
    });
  });
}

function parse(version) {
  const parts = version.replace(/^v/, '').split('-')[0].split('.').map(Number);
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Exits 1 with a message naming the required range and the running Node when they do not fit. */
export function checkNode(packageJsonUrl = new URL('../package.json', import.meta.url)) {
  const range = JSON.parse(readFileSync(packageJsonUrl, 'utf8')).engines?.node;
  if (typeof range !== 'string') return;
  if (satisfies(process.versions.node, range)) return;
  process.stderr.write(
    `Draftroom needs Node ${range} (package.json "engines"), but this is Node ${process.versions.node} (${process.execPath}). ` +
      'Install a Node in that range (https://nodejs.org) and run again.\n',
  );
  process.exit(1);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) checkNode();
