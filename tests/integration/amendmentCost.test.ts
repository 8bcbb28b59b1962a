/**
 * The long-paragraph amendment case of issue 10 against a real server in its own process
 * (shared/PROTOCOL.md M5): an 8,000-word paragraph and three replace amendments of ~1,650
 * words. Before the cost bound each proposal took ~1.2 s, a list of the three ~3.9 s, and
 * /healthz waited up to 3.85 s meanwhile. The bounds asserted here are generous, an order of
 * magnitude under those, and prove the cut-off rather than time the code: a diff that ran
 * unbounded would miss them by seconds.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { probeHealth, type HealthProbe } from '../../bench/lib/healthProbe.js';
import { longParagraph, longReplacement } from '../../bench/lib/longParagraph.js';
import { blocks } from '../helpers/api.js';
import { removeDataDir, startServerProcess, tempDataDir, type ServerProcess } from '../helpers/testServer.js';
import { waitFor } from '../helpers/waitFor.js';
import { workflowRoom, type Person, type WorkflowRoom } from '../helpers/workflowRoom.js';
import { blockById, blockTexts, textIn } from '../helpers/yClient.js';

/**
 * Half the ~1.2 s a proposal took before and a sixth of the ~3.9 s of a list, queueing
 * included; a bounded one takes milliseconds, and the rest is room for a busy machine.
 */
const ANSWER_BOUND_MS = 600;
/**
 * /healthz while it all happens: the typical (median) answer within four times the issue's
 * 50 ms, which a busy two-core runner meets, and every answer within HEALTH_STALL_BOUND_MS (it
 * waited up to 3.85 s before). The bench measures the distribution against the 50 ms at full size.
 */
const HEALTH_BOUND_MS = 200;
const HEALTH_STALL_BOUND_MS = 600;
/** People listing the amendments at once (a room joining, or back after a drop). */
const LISTERS = 12;

const EXPERTS: Person[] = [
  { name: 'Anna Novak', delegation: 'Austria' },
  { name: 'Jean Dupont', delegation: 'France' },
  { name: 'Karl Weber', delegation: 'Germany' },
];
const CHAIR: Person = { name: 'Maria Rossi', delegation: 'Chairmanship' };
const OBSERVER: Person = { name: 'Olga Berg', delegation: 'Sweden' };

let dataDir: string;
let server: ServerProcess;
let room: WorkflowRoom;
let health: HealthProbe | null = null;

beforeEach(async () => {
  dataDir = tempDataDir();
  server = await startServerProcess(dataDir);
  room = await workflowRoom(server);
});
afterEach(async () => {
  await health?.stop();
  health = null;
  room.destroy();
  await server.stop('SIGTERM');
  removeDataDir(dataDir);
});

/** The three replacements proposed at once to `blockId`, each by another delegation. */
async function proposeAll(blockId: string, replacements: string[]) {
  return Promise.all(
    replacements.map((text, i) => room.call('expert', EXPERTS[i]!, 'POST', '/amendments', { blockId, kind: 'replace', text })),
  );
}

async function listAll() {
  return Promise.all(Array.from({ length: LISTERS }, () => room.call('observer', OBSERVER, 'GET', '/amendments')));
}

it(`[M5] an 8,000-word paragraph, three ~1,650-word replacements proposed and listed by many: every answer within ${ANSWER_BOUND_MS} ms, /healthz typically within ${HEALTH_BOUND_MS} ms and never near the seconds of before, accepting one applies it exactly`, {
  timeout: 120_000,
}, async () => {
  const replacements = [2, 3, 4].map((seed) => longReplacement(1_650, seed));
  const [warmUp, target] = await room.seed([longParagraph(8_000, 7), longParagraph()]);
  // Once on another paragraph first, so the server has compiled its diff code (JIT), as a
  // server that has run a while has: the figures below are the bound, not the compiler.
  expect(
    (
      await proposeAll(
        warmUp!,
        replacements.map((text) => `${text} warm`),
      )
    ).map((a) => a.status),
  ).toEqual([201, 201, 201]);
  await listAll();
  expect((await room.call('adviser', CHAIR, 'POST', '/revisions', { note: 'Before the amendments' })).status).toBe(201);

  health = await probeHealth(server.url);
  const proposed = await proposeAll(target!, replacements);
  for (const answer of proposed) {
    expect(answer.status).toBe(201);
    expect(answer.json.diffCoarse).toBe(true);
    expect(answer.ms).toBeLessThan(ANSWER_BOUND_MS);
  }
  for (const list of await listAll()) {
    expect(list.status).toBe(200);
    expect(list.json.filter((a: { blockId: string }) => a.blockId === target).map((a: { id: number }) => a.id)).toEqual(
      proposed.map((p) => p.json.id),
    );
    expect(list.ms).toBeLessThan(ANSWER_BOUND_MS);
  }

  // Someone types in the paragraph: every diff is against a new text, and many list again.
  const { client: writer } = await room.join('expert');
  textIn(blockById(writer.fragment, target!)!).insert(0, 'Indeed ');
  await waitFor(
    async () => (await blocks(server.url, room.room.id, room.room.invites.observer.token))[1]?.text.startsWith('Indeed '),
    'the edit to reach the server',
  );
  for (const list of await listAll()) {
    expect(list.status).toBe(200);
    expect(list.ms).toBeLessThan(ANSWER_BOUND_MS);
  }

  // Accepting applies the whole replacement exactly: the edits stay exact past the bound. The
  // paragraph changed since the proposal ("Indeed "), so the moderator confirms the text it replaces (M7).
  const live = (await blocks(server.url, room.room.id, room.room.invites.observer.token))[1]!.text;
  const accepted = await room.call('moderator', CHAIR, 'POST', `/amendments/${proposed[1]!.json.id}/accept`, { confirmText: live });
  expect(accepted.status).toBe(200);
  expect(accepted.ms).toBeLessThan(ANSWER_BOUND_MS);
  await waitFor(() => blockTexts(writer.fragment)[1] === replacements[1], 'the accepted text to reach a stock client');

  // The comparison with the reading before: the same bound, marked coarse.
  const compared = await room.call('observer', OBSERVER, 'GET', '/compare?from=1&to=live');
  expect(compared.status).toBe(200);
  expect(compared.ms).toBeLessThan(ANSWER_BOUND_MS);
  expect(compared.json.blocks.find((b: { id: string }) => b.id === target)).toMatchObject({ change: 'changed', diffCoarse: true });

  const { samples, failures } = await health.stop();
  health = null;
  expect(failures).toBe(0);
  const latencies = samples.map((s) => s.ms).sort((a, b) => a - b);
  expect(latencies.length).toBeGreaterThan(5);
  expect(latencies[Math.floor(latencies.length / 2)]).toBeLessThan(HEALTH_BOUND_MS);
  expect(latencies[latencies.length - 1]).toBeLessThan(HEALTH_STALL_BOUND_MS);
});
