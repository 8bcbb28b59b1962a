/**
 * Who wrote what, in compare (PROTOCOL.md U1): the adviser compares a reading with the live
 * text and ticks "Show authors"; the words added since are in the expert's colour and named on
 * hover, the first draft's in Draftroom's grey. Screenshot in tests/e2e/screenshots/.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { joinRoom, screenshot, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import type { CreatedDocument } from '../../shared/api.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => ({ server, browser } = await startE2e()));
afterAll(() => stopE2e(server, browser, people));

it('[U1] compare with "Show authors": the words added since the reading are the expert’s, named on hover', async () => {
  const created = await api(server.url, 'POST', '/api/documents', ADMIN_TOKEN, { title: 'Compare authors' });
  const room = created.json as CreatedDocument;
  const adviser = await joinRoom(browser, people, room.invites.adviser.url, { name: 'Olena Koval', delegation: 'OSCE Secretariat' });
  await adviser.locator('.ProseMirror p').first().click();
  await adviser.keyboard.type('Participating States should share information.');
  await waitFor(
    async () => (await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text === 'Participating States should share information.',
    'the text on the server',
  );
  expect(
    (await api(server.url, 'POST', `/api/documents/${room.id}/revisions`, room.invites.adviser.token, { note: 'First reading' })).status,
  ).toBe(201);

  const expert = await joinRoom(browser, people, room.invites.expert.url, { name: 'Jean Dupont', delegation: 'France' });
  await expert.locator('.ProseMirror p').first().click();
  await expert.keyboard.press('End');
  await expert.keyboard.type(' Promptly.');
  await waitFor(
    async () => (await blocks(server.url, room.id, ADMIN_TOKEN))[0]?.text.endsWith(' Promptly.') === true,
    'Jean’s words on the server',
  );

  await adviser.getByTestId('open-readings').click();
  await adviser.getByTestId('compare-with-live').first().click();
  await adviser.getByTestId('compare-show-authors').check();
  const result = adviser.getByTestId('compare-result');
  await waitFor(async () => (await result.locator('ins .author-span').count()) > 0, 'the added words coloured by author');
  const added = await result.locator('ins .author-span').evaluateAll((spans) => spans.map((s) => [s.textContent, s.getAttribute('title')]));
  expect(
    added
      .map(([text]) => text)
      .join('')
      .trim(),
  ).toBe('Promptly.');
  expect(new Set(added.map(([, who]) => who))).toEqual(new Set(['Jean Dupont (France)']));
  // The words the reading already had are the adviser's, in her colour.
  const kept = await result.locator('.author-span').evaluateAll((spans) => spans.map((s) => s.getAttribute('title')));
  expect(kept).toContain('Olena Koval (OSCE Secretariat)');
  await screenshot(adviser, 'compare-show-authors');
});
