/**
 * Scenario 7, a server that stops answering (issue 10, PROTOCOL.md M5 and M6), Draftroom
 * only (the reference servers have no amendments): an 8,000-word paragraph, three replace
 * amendments of ~1,650 words proposed at once, then listed by everyone in the room at once
 * (a room joining, or coming back after a drop); then someone edits the paragraph, so every
 * diff is against a new text, and everyone lists again, a few times; then a moderator
 * accepts one. Meanwhile a worker thread asks /healthz back to back: how long anyone else
 * waits for the server. Everyone is connected, so every room event reaches them all.
 */
import * as Y from 'yjs';
import { probeHealth, type HealthSample } from '../lib/healthProbe.js';
import { longParagraph, longReplacement } from '../lib/longParagraph.js';
import { FRAGMENT, blockId, seedRoom } from '../lib/documents.js';
import { RawClient } from '../lib/rawClient.js';
import { api, createRoom, tokenFor, type Room } from '../lib/rooms.js';
import { sampleProcess } from '../lib/proc.js';
import type { RunningServer } from '../lib/servers.js';
import { distribution, settle, sleep, type Distribution } from '../lib/stats.js';

export interface LongAmendmentsOptions {
  /** Words of the long paragraph (issue 10: 8,000). */
  paragraphWords: number;
  /** Words of each replacement (issue 10: ~1,650). */
  replacementWords: number;
  amendments: number;
  /** People in the room, each listing the amendments in every listing phase. */
  people: number;
  /** Edits to the paragraph, each followed by everyone listing again. */
  edits: number;
}

export interface LongAmendmentsResult {
  options: LongAmendmentsOptions;
  /** Characters of the paragraph and of the first replacement. */
  paragraphChars: number;
  replacementChars: number;
  proposeMs: Distribution;
  /** Every GET /amendments, in all listing phases. */
  listMs: Distribution;
  /** The slowest GET /amendments of each listing after an edit (some of them diff against the new text). */
  listAfterEditMs: Distribution;
  acceptMs: number;
  healthMs: Distribution;
  /** /healthz answers over 50 ms. */
  healthOver50: number;
  healthFailures: number;
  cpuSeconds: number;
  failures: string[];
  window: [number, number];
}

/** One timed HTTP call; a failure is kept, not thrown, so one refusal does not end the run. */
async function timed(failures: string[], run: () => Promise<unknown>): Promise<number | null> {
  const started = performance.now();
  try {
    await run();
    return performance.now() - started;
  } catch (error) {
    failures.push(error instanceof Error ? error.message.slice(0, 200) : String(error));
    return null;
  }
}

const present = (values: Array<number | null>) => values.filter((v): v is number => v !== null);

export async function runLongAmendments(server: RunningServer, options: LongAmendmentsOptions): Promise<LongAmendmentsResult> {
  if (server.kind !== 'draftroom') throw new Error('scenario 7 runs on Draftroom only: the reference servers have no amendments');
  const room: Room = await createRoom(server, options.people + 1, 'Long amendments');
  const docPath = `/api/documents/${room.name}`;
  const failures: string[] = [];

  // The document, built here so that this process can edit it later with valid updates.
  const doc = new Y.Doc();
  const paragraphText = longParagraph(options.paragraphWords);
  const text = new Y.XmlText();
  doc.transact(() => {
    const opening = new Y.XmlElement('paragraph');
    opening.setAttribute('id', blockId(0));
    const openingText = new Y.XmlText();
    openingText.insert(0, 'The participants discussed the draft conclusions.');
    opening.insert(0, [openingText]);
    const long = new Y.XmlElement('paragraph');
    long.setAttribute('id', blockId(1));
    text.insert(0, paragraphText);
    long.insert(0, [text]);
    doc.getXmlFragment(FRAGMENT).insert(0, [opening, long]);
  });
  const holder = await seedRoom(room, Y.encodeStateAsUpdate(doc), options.people);
  const people = await Promise.all(
    Array.from({ length: options.people }, (_, i) => RawClient.open(room, i, { asProvider: { name: `Delegate ${i + 1}` } })),
  );
  const replacements = Array.from({ length: options.amendments }, (_, i) => longReplacement(options.replacementWords, 2 + i));
  await settle(server.pid, 5_000);

  const listAll = () =>
    Promise.all(people.map((_, i) => timed(failures, () => api(server, 'GET', `${docPath}/amendments`, tokenFor(room, i)!))));
  const health = await probeHealth(server.httpUrl);
  const before = sampleProcess(server.pid);
  const started = performance.now();

  const proposed: number[] = [];
  const proposeTimes = await Promise.all(
    replacements.map((replacement, i) =>
      timed(failures, async () => {
        const amendment = (await api(server, 'POST', `${docPath}/amendments`, tokenFor(room, i)!, {
          blockId: blockId(1),
          kind: 'replace',
          text: replacement,
        })) as { id: number };
        proposed.push(amendment.id);
      }),
    ),
  );
  const lists = present(await listAll());
  const afterEdit: number[] = [];
  let receiveEdit = 0;
  doc.on('update', (update: Uint8Array) => {
    receiveEdit++;
    holder.sendUpdate(update);
  });
  for (let edit = 0; edit < options.edits; edit++) {
    text.insert(0, `Edit ${edit + 1}. `);
    // Everyone lists once the server holds the edit, so the diffs are against the new text.
    const expected = `Edit ${edit + 1}. `;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const blocks = (await api(server, 'GET', `${docPath}/blocks`, tokenFor(room, 0)!)) as Array<{ id: string; text: string }>;
      if (blocks.find((b) => b.id === blockId(1))?.text.startsWith(expected)) break;
      if (Date.now() > deadline) {
        failures.push(`edit ${edit + 1} did not reach the server within 10 s`);
        break;
      }
      await sleep(20);
    }
    const round = present(await listAll());
    lists.push(...round);
    if (round.length > 0) afterEdit.push(Math.max(...round));
  }
  // The paragraph changed since the proposals (the edits above): the accept confirms the text it replaces (M7).
  const live = ((await api(server, 'GET', `${docPath}/blocks`, tokenFor(room, 0)!)) as Array<{ id: string; text: string }>).find(
    (b) => b.id === blockId(1),
  )?.text;
  const acceptMs =
    proposed[0] === undefined
      ? null
      : await timed(failures, () =>
          api(
            server,
            'POST',
            `${docPath}/amendments/${proposed[0]}/accept`,
            room.adviserToken!,
            live === undefined ? {} : { confirmText: live },
          ),
        );

  const ended = performance.now();
  const after = sampleProcess(server.pid);
  const { samples, failures: healthFailures } = await health.stop();
  for (const person of people) person.close();
  holder.close();
  doc.destroy();
  const healthMs = samples.map((s: HealthSample) => s.ms);
  return {
    options,
    paragraphChars: paragraphText.length,
    replacementChars: replacements[0]?.length ?? 0,
    proposeMs: distribution(present(proposeTimes)),
    listMs: distribution(lists),
    listAfterEditMs: distribution(afterEdit),
    acceptMs: acceptMs ?? NaN,
    healthMs: distribution(healthMs),
    healthOver50: healthMs.filter((ms) => ms > 50).length,
    healthFailures,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    failures: [...failures, ...(receiveEdit === options.edits ? [] : [`${receiveEdit} of ${options.edits} edits sent`])],
    window: [started, ended],
  };
}
