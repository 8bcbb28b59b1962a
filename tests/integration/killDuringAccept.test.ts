/**
 * SIGKILL in the middle of an accept (PROTOCOL.md F2): the text change and the decision are
 * one SQLite transaction, so after a restart either both stand or neither, never a decided
 * amendment without its text or a text change still pending (which a retry would apply
 * twice). Killed at many points, with real processes and real files.
 */
import { afterEach, expect, it } from 'vitest';
import { startServerProcess, tempDataDir, removeDataDir, ADMIN_TOKEN, type ServerProcess } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { waitFor } from '../helpers/waitFor.js';
import type { CreatedDocument } from '../../shared/api.js';

let server: ServerProcess | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await server?.stop('SIGKILL');
  server = null;
  if (dataDir) removeDataDir(dataDir);
});

it('[F2] an accept killed at any moment leaves the text and the decision together, and a retry applies it once', {
  timeout: 120_000,
}, async () => {
  dataDir = tempDataDir();
  server = await startServerProcess(dataDir);
  const room = (await api(server.url, 'POST', '/api/documents', ADMIN_TOKEN, { title: 'Kill during accept' })).json as CreatedDocument;
  const [first] = await blocks(server.url, room.id, ADMIN_TOKEN);
  const outcomes = { before: 0, after: 0 };

  for (let round = 0; round < 12; round++) {
    const text = `Added in round ${round}.`;
    const proposal = await api(server.url, 'POST', `/api/documents/${room.id}/amendments`, room.invites.expert.token, {
      blockId: first!.id,
      kind: 'insert-after',
      text,
    });
    expect(proposal.status).toBe(201);
    // Fire the accept and kill the process a little later: before, during or after the write.
    const accept = api(
      server.url,
      'POST',
      `/api/documents/${room.id}/amendments/${proposal.json.id}/accept`,
      room.invites.moderator.token,
    ).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, round)); // the moment of the kill is what this test varies (0–11 ms)
    await server.stop('SIGKILL');
    await accept;
    server = await startServerProcess(dataDir);

    const amendment = (await api(server.url, 'GET', `/api/documents/${room.id}/amendments`, ADMIN_TOKEN)).json.find(
      (a: { id: number }) => a.id === proposal.json.id,
    );
    const copies = (await blocks(server.url, room.id, ADMIN_TOKEN)).filter((b) => b.text === text).length;
    if (amendment.status === 'accepted') {
      expect(copies, `round ${round}: accepted, so the paragraph stands once`).toBe(1);
      outcomes.after++;
    } else {
      expect(amendment.status).toBe('pending');
      expect(copies, `round ${round}: still pending, so no text change`).toBe(0);
      outcomes.before++;
      // The retry applies it exactly once.
      expect(
        (await api(server.url, 'POST', `/api/documents/${room.id}/amendments/${proposal.json.id}/accept`, room.invites.moderator.token))
          .status,
      ).toBe(200);
      await waitFor(
        async () => (await blocks(server!.url, room.id, ADMIN_TOKEN)).filter((b) => b.text === text).length === 1,
        `round ${round}: the retried accept to land once`,
      );
    }
  }
  expect(outcomes.before + outcomes.after).toBe(12);
});
