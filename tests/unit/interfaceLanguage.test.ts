// @vitest-environment happy-dom
/**
 * The interface in the person's language, rendered by React in happy-dom (the e2e
 * tests/e2e/languages.test.ts has Chromium): a browser whose first language is Russian gets
 * the join dialog in Russian at once, the page's lang follows, the switch changes the words
 * and is remembered in this browser; counts use each language's plural forms; what the
 * server says (a close code, a refusal of a label) is worded from its code; times are in the
 * room's zone with the zone named, and with the date when it is not today.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { CloseCode, ErrorCode } from '../../shared/protocol.js';

// The root tsconfig (server, shared, tests) has no JSX: the components are typechecked by the
// client's tsconfig and loaded here at run time.
const CLIENT = '../../client';
type Component = (props: Record<string, unknown>) => unknown;
let JoinDialog: Component;
let ConnectionStatus: Component;
let SessionEnded: Component;
let i18next: { changeLanguage(language: string): Promise<unknown>; resolvedLanguage?: string };
let formatTime: (iso: string, now?: Date) => string;
let setRoomTimeZone: (zone: string | null) => void;

beforeAll(async () => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  // A browser set to Russian, before the interface reads it.
  Object.defineProperty(navigator, 'languages', { value: ['ru-RU', 'en'], configurable: true });
  Object.defineProperty(navigator, 'language', { value: 'ru-RU', configurable: true });
  ({ i18next } = await import(`${CLIENT}/i18n/index`));
  ({ JoinDialog } = await import(`${CLIENT}/components/JoinDialog`));
  ({ ConnectionStatus } = await import(`${CLIENT}/components/ConnectionStatus`));
  ({ SessionEnded } = await import(`${CLIENT}/components/SessionEnded`));
  ({ formatTime, setRoomTimeZone } = await import(`${CLIENT}/i18n/formatTime`));
});

let root: Root | null = null;
afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  document.body.innerHTML = '';
  setRoomTimeZone(null);
});

async function render(component: Component, props: Record<string, unknown>): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root!.render(createElement(component as never, props)));
  return container;
}

async function type(input: HTMLInputElement, text: string): Promise<void> {
  // React listens for the native setter's change, as a keystroke makes it.
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  await act(async () => {
    setValue.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const byTestId = (container: HTMLElement, id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
// The shape of client/sync/roomConnection.ts's ConnectionState (not imported: see above).
const connection = (patch: Record<string, unknown>) => ({
  phase: 'connected',
  pendingChanges: 0,
  keptWhere: 'computer',
  everSynced: true,
  ended: null,
  restarting: false,
  ...patch,
});

describe('the interface language', () => {
  it('is the browser’s language at once: a Russian browser gets the join dialog in Russian, and the page says lang="ru"', async () => {
    expect(i18next.resolvedLanguage).toBe('ru');
    const container = await render(JoinDialog, { title: 'Заключительное заседание', role: 'observer', onJoin: () => undefined });
    expect(document.documentElement.lang).toBe('ru');
    expect(byTestId(container, 'join-submit').textContent).toBe('Войти в зал');
    expect(container.querySelector('.card__lead')!.textContent).toBe(
      'Вы приглашены с ролью «Наблюдатель»: вы будете следить за текстом в реальном времени, не редактируя его. Представьтесь залу; этот браузер запомнит ваши данные.',
    );
    // The label rule, worded from the rule that refused it.
    await type(byTestId(container, 'join-name') as HTMLInputElement, 'Administrator');
    expect(byTestId(container, 'join-name-problem').textContent).toBe(
      'Имя не должно читаться как «Administrator»: это обозначение использует сам Draftroom.',
    );
  });

  it('changes with the switch, everywhere on the page, and is remembered in this browser', async () => {
    const container = await render(JoinDialog, { title: 'Closing session', role: 'expert', onJoin: () => undefined });
    const select = byTestId(container, 'language-switch') as HTMLSelectElement;
    expect([...select.options].map((option) => option.textContent)).toEqual([
      'English',
      'Français',
      'Deutsch',
      'Italiano',
      'Русский',
      'Español',
    ]);
    expect(container.querySelector(`label[for="${select.id}"]`)!.textContent).toBe('Язык');
    await act(async () => {
      select.value = 'fr';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(byTestId(container, 'join-submit').textContent).toBe('Entrer dans la salle');
    expect(container.querySelector(`label[for="${select.id}"]`)!.textContent).toBe('Langue');
    expect(document.documentElement.lang).toBe('fr');
    expect(localStorage.getItem('draftroom.uiLanguage')).toBe('fr');
    await act(async () => i18next.changeLanguage('ru'));
  });

  it('counts with each language’s plural forms in the header: 1 изменение, 2 изменения, 5 изменений', async () => {
    const said = async (pendingChanges: number) => {
      const container = await render(ConnectionStatus, { state: connection({ phase: 'offline', pendingChanges }) });
      const text = byTestId(container, 'connection-status').textContent;
      await act(async () => root!.unmount());
      return text;
    };
    expect(await said(1)).toBe('Нет связи — ваши изменения сохранены на этом ноутбуке (1 изменение ожидает сервера)');
    expect(await said(2)).toBe('Нет связи — ваши изменения сохранены на этом ноутбуке (2 изменения ожидают сервера)');
    expect(await said(5)).toBe('Нет связи — ваши изменения сохранены на этом ноутбуке (5 изменений ожидают сервера)');
    await act(async () => i18next.changeLanguage('en'));
    expect(await said(5)).toBe('Offline — your changes are saved on this laptop (5 changes waiting for the server)');
    await act(async () => i18next.changeLanguage('ru'));
  });

  it('[W6] words a closed session from its close code and reason, not the server’s English', async () => {
    const end = { code: CloseCode.forbidden, reason: `${ErrorCode.tokenRevoked}: the invite was revoked`, lost: 2 };
    const container = await render(SessionEnded, { end });
    expect(container.querySelector('h2')!.textContent).toBe('Вы покинули зал');
    expect(container.querySelector('#ended-text')!.textContent).toBe(
      'Старший советник отозвал ваше приглашение, поэтому вы покинули зал. 2 изменения, сделанные здесь, не дошли до сервера и теперь не могут быть отправлены.',
    );
  });

  it('[W6] shows times in the room’s zone, the zone named, with the date when it is not today there', async () => {
    setRoomTimeZone('Europe/Moscow');
    const now = new Date('2026-12-06T06:30:00Z');
    expect(formatTime('2026-12-06T06:02:00Z', now)).toBe('09:02 GMT+3');
    expect(formatTime('2026-12-05T11:02:00Z', now)).toMatch(/^5 дек\.?, 14:02 GMT\+3$/);
    await act(async () => i18next.changeLanguage('en'));
    setRoomTimeZone('Europe/Vienna');
    expect(formatTime('2026-12-06T06:02:00Z', now)).toBe('07:02 CET');
    expect(formatTime('2026-12-05T13:02:00Z', now)).toBe('5 Dec, 14:02 CET');
    // A zone nobody knows falls back to the browser's rather than failing.
    setRoomTimeZone('Mars/Olympus');
    expect(formatTime('2026-12-06T06:02:00Z', now)).toMatch(/^\d\d:\d\d /);
    await act(async () => i18next.changeLanguage('ru'));
  });
});
