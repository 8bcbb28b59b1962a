/** Built traces cached on disk (building automerge-paper takes ~10 s), keyed by trace, limit and Yjs version. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTrace, type BuiltTrace } from './traces.js';

const yjsVersion = (createRequire(import.meta.url)('yjs/package.json') as { version: string }).version;
const CACHE_DIR = join(tmpdir(), 'draftroom-bench-cache');

export function cachedTrace(file: string, limit = Infinity): BuiltTrace {
  const path = join(CACHE_DIR, `${file}-${limit}-yjs${yjsVersion}-v2.bin`);
  if (existsSync(path)) {
    try {
      return decode(readFileSync(path));
    } catch {
      // rebuild below
    }
  }
  const trace = buildTrace(file, limit);
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(path, encode(trace));
  return trace;
}

function encode(trace: BuiltTrace): Buffer {
  const meta = Buffer.from(
    JSON.stringify({ ...trace, setup: Array.from(trace.setup), updates: trace.updates.map((u) => u.length), authors: undefined }),
  );
  const total = trace.updates.reduce((n, u) => n + u.length, 0);
  const out = Buffer.alloc(4 + meta.length + trace.authors.length + total);
  out.writeUInt32LE(meta.length, 0);
  meta.copy(out, 4);
  let at = 4 + meta.length;
  for (const author of trace.authors) out[at++] = author;
  for (const update of trace.updates) {
    out.set(update, at);
    at += update.length;
  }
  return out;
}

function decode(buffer: Buffer): BuiltTrace {
  const metaLength = buffer.readUInt32LE(0);
  const meta = JSON.parse(buffer.subarray(4, 4 + metaLength).toString('utf8')) as Omit<BuiltTrace, 'setup' | 'updates'> & {
    setup: number[];
    updates: number[];
  };
  let at = 4 + metaLength;
  const authors = Array.from(buffer.subarray(at, at + meta.updates.length));
  at += meta.updates.length;
  const updates = meta.updates.map((length) => {
    const update = new Uint8Array(buffer.buffer, buffer.byteOffset + at, length);
    at += length;
    return update;
  });
  return { ...meta, setup: Uint8Array.from(meta.setup), updates, authors, buildMs: 0 };
}
