/**
 * The projector in the hall, end to end in Chromium (shared/PROTOCOL.md P2–P5): the adviser
 * creates a projector-only link in the room and shows its QR code; a hall computer that never
 * joined opens the link in its own browser context; the adviser presents ¶5, then ¶12 of a
 * long text; the screen is resized from 1920×1080 down to 800×600 and back, and an expert adds
 * paragraphs above the presented one: the presented paragraph stays whole on screen and the
 * header names it. The projector has no presence, cannot type, and axe-core finds nothing
 * serious or critical on it. Screenshots land in tests/e2e/screenshots/ (projector-*).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, type RunningServer } from '../helpers/testServer.js';
import { blocks } from '../helpers/api.js';
import { expectNoSeriousViolations } from '../helpers/axe.js';
import { joinRoom, openAs, screenshot, type Person, startE2e, stopE2e } from '../helpers/browser.js';
import { waitFor } from '../helpers/waitFor.js';
import { createRoom, type DocJson } from '../../server/rooms/createRoom.js';

let server: RunningServer;
let browser: Browser;
const people: Person[] = [];

beforeAll(async () => ({ server, browser } = await startE2e()));
afterAll(() => stopE2e(server, browser, people));

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 800, height: 600 },
  { width: 1920, height: 1080 },
];

const TOPICS = [
  'community policing and the trust of local communities',
  'the fight against trafficking in human beings',
  'border security and management',
  'police reform in post-conflict settings',
  'the prevention of terrorism and violent extremism',
  'cybercrime and the collection of digital evidence',
  'gender mainstreaming in police services',
  'the protection of national minorities by the police',
];

/** A long draft: a heading and 24 numbered paragraphs of differing length, each saying its number. */
function longDraft(): DocJson {
  const paragraphs = Array.from({ length: 24 }, (_, i) => {
    const n = i + 1;
    const topic = TOPICS[i % TOPICS.length]!;
    const extra =
      n % 3 === 0
        ? ' Participants asked the Secretariat to report on progress at the next Annual Police Experts Meeting, with figures where they exist.'
        : '';
    return {
      type: 'paragraph',
      content: [
        {
          type: 'text',
          text: `Point ${n}. Participants discussed ${topic}, and recommended that the executive structures share what has worked with the participating States.${extra}`,
        },
      ],
    };
  });
  return {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Draft conclusions of the closing session' }] },
      ...paragraphs,
    ],
  };
}

/** Where the presented paragraph stands on the projector, against the window and the header. */
async function presentedPlace(projector: Page) {
  return projector.evaluate(() => {
    const block = document.querySelector('[data-testid="projector-current"]');
    const header = document.querySelector('.projector__bar');
    if (!block || !header) return null;
    const box = block.getBoundingClientRect();
    return {
      top: box.top,
      bottom: box.bottom,
      headerBottom: header.getBoundingClientRect().bottom,
      height: window.innerHeight,
      text: block.textContent ?? '',
    };
  });
}

/** Waits until the presented paragraph reads `Point n.` and stands whole below the header, and the header says "Paragraph `number`". */
async function expectInView(projector: Page, point: number, number: number, what: string): Promise<void> {
  await waitFor(
    async () => {
      const place = await presentedPlace(projector);
      const header = await projector.getByTestId('projector-now').innerText();
      return (
        place?.text.includes(`Point ${point}.`) &&
        place.top >= place.headerBottom - 1 &&
        place.bottom <= place.height + 1 &&
        header === `Paragraph ${number}`
      );
    },
    `${what}: Point ${point} whole on screen, the header saying "Paragraph ${number}"`,
    10_000,
  );
}

/**
 * The adviser presents the paragraph saying `Point n.` from its margin, as a person does (the
 * margin's buttons are named for their paragraph only once pointed at, so found by block id).
 */
async function present(adviser: Page, docId: string, point: number): Promise<void> {
  const block = (await blocks(server.url, docId, ADMIN_TOKEN)).find((b) => b.text.startsWith(`Point ${point}.`))!;
  await adviser.locator(`.ProseMirror [data-id="${block.id}"]`).click();
  const button = adviser.locator(`[data-testid="present-block"][data-block-id="${block.id}"]`);
  await button.click();
  await waitFor(
    async () => (await button.getAttribute('aria-pressed')) === 'true',
    `the adviser's margin to show Point ${point} presented`,
  );
}

it('[P5] the presented paragraph stays whole on the hall screen through resizes and edits above it; the projector link shows nothing but the text', async () => {
  const room = await createRoom(server.ctx.store, server.ctx.invites, 'Closing session — projector e2e', longDraft());
  const adviser = await joinRoom(browser, people, room.invites.adviser.url, { name: 'Elena Petrova', delegation: 'OSCE Secretariat' });

  // The adviser creates the projector-only link where the projector is, and shows its QR code.
  await adviser.getByRole('button', { name: 'Projector link', exact: true }).click();
  const dialog = adviser.getByRole('dialog', { name: 'Projector link' });
  await dialog.getByRole('button', { name: 'Create projector link' }).click();
  const address = dialog.getByRole('textbox', { name: 'Link for the hall’s computer' });
  await waitFor(async () => (await address.inputValue()).includes('/projector#token='), 'the projector link to appear');
  const link = await address.inputValue();
  expect(await dialog.getByRole('img', { name: 'QR code of the projector link' }).count()).toBe(1);
  await dialog.getByRole('button', { name: 'Copy link' }).waitFor();
  await expectNoSeriousViolations(adviser, 'the projector link dialog', '[data-testid="projector-link-dialog"]');
  await screenshot(adviser, 'projector-link-dialog');
  await dialog.getByRole('button', { name: 'Show QR code' }).click();
  const big = adviser.getByRole('dialog', { name: 'Open the projector view' });
  await big.getByRole('img', { name: 'QR code of the projector link' }).waitFor();
  await screenshot(adviser, 'projector-link-qr');
  await big.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // A hall computer that never joined opens the link in a fresh browser context.
  const hall = await openAs(browser, link, SIZES[0]);
  people.push(hall);
  const projector = hall.page;
  await projector.locator('.projector__page .ProseMirror').waitFor();
  await waitFor(async () => (await projector.locator('.pj-block--numbered').count()) === 24, 'the projector to show the text');
  await projector.bringToFront(); // the screen in the hall shows it

  await present(adviser, room.id, 5);
  await expectInView(projector, 5, 5, 'presented at 1920×1080');
  for (const size of SIZES) {
    await projector.setViewportSize(size);
    await expectInView(projector, 5, 5, `¶5 at ${size.width}×${size.height}`);
    await screenshot(projector, `projector-p5-${size.width}x${size.height}`);
  }

  await present(adviser, room.id, 12);
  await expectInView(projector, 12, 12, '¶12 presented');
  for (const size of SIZES) {
    await projector.setViewportSize(size);
    await expectInView(projector, 12, 12, `¶12 at ${size.width}×${size.height}`);
    await screenshot(projector, `projector-p12-${size.width}x${size.height}`);
  }

  // An expert adds three paragraphs above it: the same paragraph stays on screen, now ¶15.
  const expert = await joinRoom(browser, people, room.invites.expert.url, { name: 'Anna Berger', delegation: 'Austria' });
  const second = expert.locator('.ProseMirror p').filter({ hasText: 'Point 2.' }).first();
  const box = (await second.boundingBox())!;
  await second.click({ position: { x: box.width - 2, y: box.height - 8 } });
  for (const letter of ['A', 'B', 'C']) {
    await expert.keyboard.press('Enter');
    await expert.keyboard.type(`New point ${letter}, added by Austria.`, { delay: 10 });
  }
  await waitFor(
    async () => (await projector.locator('.pj-block--numbered').count()) === 27,
    'the three new paragraphs to reach the projector',
  );
  await expectInView(projector, 12, 15, 'after three paragraphs were added above');
  await screenshot(projector, 'projector-after-edit-above');

  // No presence: the room lists the adviser and the expert, and the projector has nobody's caret or list.
  await waitFor(async () => (await adviser.getByTestId('presence-item').count()) === 2, 'the adviser to see two people');
  expect(await adviser.getByTestId('presence-list').innerText()).not.toMatch(/projector|guest/i);
  expect(server.ctx.rooms.peek(room.id)!.awareness.getStates().size).toBe(2);
  expect(await projector.getByTestId('presence-list').count()).toBe(0);
  expect(await projector.locator('.collaboration-carets__caret, .collaboration-carets__label').count()).toBe(0);
  expect((await projector.getByRole('button').allInnerTexts()).filter((label) => label !== 'Full screen')).toEqual([]);

  // It cannot type: the text is not editable, and keys pressed on it change nothing anywhere.
  expect(await projector.locator('.projector__page .ProseMirror').getAttribute('contenteditable')).toBe('false');
  await projector.getByTestId('projector-current').getByText('Point 12.').click();
  await projector.keyboard.type('HALL-PC-TYPED', { delay: 10 });
  await projector.keyboard.press('Enter');
  expect(await projector.locator('.projector__page').innerText()).not.toContain('HALL-PC-TYPED');
  expect((await blocks(server.url, room.id, ADMIN_TOKEN)).map((b) => b.text).join('\n')).not.toContain('HALL-PC-TYPED');

  // axe-core on the projector while a paragraph is presented (the others stepped back).
  await expectNoSeriousViolations(projector, 'the projector, a paragraph presented');
});
