// @vitest-environment happy-dom
/**
 * The notices in the corner (client/components/NoticeToast.tsx), rendered by React in
 * happy-dom with a fake clock: ordinary notices fade on their own, a sticky one (a decision
 * that concerns the person) stays until dismissed, and a burst of others never pushes it out.
 */
import { afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';

// The root tsconfig has no JSX: the component is typechecked by the client's tsconfig and loaded at run time.
const CLIENT = '../../client';
interface Notices {
  notices: unknown[];
  push(kind: 'info', text: string, detail?: string, sticky?: boolean): void;
  dismiss(id: number): void;
}
let toast: { useNoticeQueue(): Notices; NoticeToast(props: Pick<Notices, 'notices' | 'dismiss'>): unknown };

beforeAll(async () => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  await import(`${CLIENT}/i18n/index`);
  toast = await import(`${CLIENT}/components/NoticeToast`);
});

let root: Root | null = null;
let queue: Notices;
/** The corner as a room renders it; the test pushes through the queue it hands out. */
function Corner() {
  queue = toast.useNoticeQueue();
  return createElement(toast.NoticeToast as never, { notices: queue.notices, dismiss: queue.dismiss });
}

beforeEach(async () => {
  vi.useFakeTimers();
  const host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => root!.render(createElement(Corner)));
});
afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  document.body.innerHTML = '';
  vi.useRealTimers();
});

const shown = () =>
  [...document.querySelectorAll('[data-testid="notice"]')].map((el) => ({
    text: el.querySelector('.toast__text')?.textContent,
    sticky: el.getAttribute('data-sticky') === 'true',
  }));

it('an ordinary notice fades; a sticky one is still there a minute later and goes when dismissed', async () => {
  await act(async () => {
    queue.push('info', 'Marta Kowalska locked paragraph 4.');
    queue.push('info', 'Marta Kowalska accepted an amendment to paragraph 9; the text has changed.', undefined, true);
  });
  expect(shown()).toEqual([
    { text: 'Marta Kowalska locked paragraph 4.', sticky: false },
    { text: 'Marta Kowalska accepted an amendment to paragraph 9; the text has changed.', sticky: true },
  ]);
  await act(async () => vi.advanceTimersByTime(60_000));
  expect(shown()).toEqual([{ text: 'Marta Kowalska accepted an amendment to paragraph 9; the text has changed.', sticky: true }]);

  const close = document.querySelector<HTMLButtonElement>('[data-sticky="true"] .toast__close')!;
  expect(close.getAttribute('aria-label')).toBe('Dismiss notice');
  await act(async () => close.click());
  expect(shown()).toEqual([]);
});

it('a burst of other notices pushes out the oldest fading ones, never the sticky one', async () => {
  await act(async () => {
    queue.push('info', 'Jonas Lind rejected an amendment to paragraph 2.', undefined, true);
    for (let n = 1; n <= 6; n += 1) queue.push('info', `Marta Kowalska locked paragraph ${n + 10}.`);
  });
  const texts = shown().map((n) => n.text);
  expect(texts).toHaveLength(4);
  expect(texts[0]).toBe('Jonas Lind rejected an amendment to paragraph 2.');
  expect(texts.slice(1)).toEqual([
    'Marta Kowalska locked paragraph 14.',
    'Marta Kowalska locked paragraph 15.',
    'Marta Kowalska locked paragraph 16.',
  ]);
});
