// @vitest-environment happy-dom
/**
 * The presence list as a person meets it, rendered by React in happy-dom (no layout; the
 * e2e tests/e2e/presence.test.ts has Chromium): groups and counts as buttons with
 * aria-expanded, a labelled search that says how many match, folding kept for the tab's
 * session, choosing a person asks the editor for their caret and says what happened, and the
 * words follow the interface language.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { PresencePerson } from '../../client/components/presence/groupPeople.js';

// The root tsconfig (server, shared, tests) has no JSX: the component is typechecked by the
// client's tsconfig and loaded here at run time.
const CLIENT = '../../client';
let PresenceList: (props: Record<string, unknown>) => unknown;
let i18next: { changeLanguage(language: string): Promise<unknown> };

beforeAll(async () => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  ({ i18next } = await import(`${CLIENT}/i18n/index`));
  ({ PresenceList } = await import(`${CLIENT}/components/PresenceList`));
});

let nextId = 1;
function person(name: string, delegation: string, role: PresencePerson['role'], extra: Partial<PresencePerson> = {}): PresencePerson {
  return { clientId: nextId++, name, delegation, delegationSelfDeclared: false, role, color: '#0096c3', isSelf: false, ...extra };
}

let root: Root | null = null;
afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  document.body.innerHTML = '';
  sessionStorage.clear();
  await act(async () => i18next.changeLanguage('en'));
});

async function render(people: PresencePerson[], namesakes: Map<number, number>, revealPerson: (clientId: number) => boolean): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  const states = new Map([...namesakes].map(([clientId, namesake]) => [clientId, { user: { namesake } }]));
  root = createRoot(container);
  await act(async () => root!.render(createElement(PresenceList as never, { people, awareness: { getStates: () => states }, revealPerson })));
  return container;
}

const toggles = (container: HTMLElement) => [...container.querySelectorAll<HTMLButtonElement>('.presence-toggle')];
const toggleNamed = (container: HTMLElement, start: string) => toggles(container).find((button) => button.textContent!.startsWith(start))!;
const personNamed = (container: HTMLElement, start: string) =>
  [...container.querySelectorAll<HTMLButtonElement>('.presence__person--jump')].find((button) => button.textContent!.startsWith(start))!;

async function type(input: HTMLInputElement, text: string): Promise<void> {
  // React listens for the native setter's change, as a keystroke makes it.
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  await act(async () => {
    setValue.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('the presence list', () => {
  const hall = () => {
    const elena = person('Elena Petrova', 'OSCE Secretariat', 'adviser', { isSelf: true });
    const d10 = person('Delegate 10', 'Germany', 'expert');
    const d2 = person('Delegate 2', 'Germany', 'expert');
    const anna = person('Anna Novak', 'Czechia', 'expert');
    const anna2 = person('Anna Novak', 'Czechia', 'expert');
    const guest = person('Guest', '', 'observer');
    return { people: [elena, d10, d2, anna, anna2, guest], d10, d2, anna2 };
  };

  it('shows the groups and their counts as buttons that fold them, in natural order, and namesakes numbered', async () => {
    const { people, anna2 } = hall();
    const container = await render(people, new Map([[anna2.clientId, 2]]), () => false);
    expect(container.querySelector('h2')!.textContent).toBe('In the room (6)');
    expect(toggles(container).map((button) => [button.textContent!.replace(/\s+/g, ' ').trim(), button.getAttribute('aria-expanded')])).toEqual([
      ['Senior Adviser (1)', 'true'],
      ['Experts (4)', 'true'],
      ['Czechia (2)', 'true'],
      ['Germany (2)', 'true'],
      ['Observer (1)', 'true'],
      ['No delegation (1)', 'true'],
    ]);
    const names = [...container.querySelectorAll('.presence__name')].map((name) => name.textContent);
    expect(names).toEqual(['Elena Petrova', 'Anna Novak', 'Anna Novak #2', 'Delegate 2', 'Delegate 10', 'Guest']);
    // One's own entry is no button: there is no caret of one's own to go to.
    expect(container.querySelector('[data-self] button')).toBeNull();
    expect(container.querySelector('[data-self]')!.textContent).toContain('OSCE Secretariat · you');
  });

  it('folds a group and keeps it folded for the tab’s session', async () => {
    const { people } = hall();
    let container = await render(people, new Map(), () => false);
    const experts = toggleNamed(container, 'Experts');
    await act(async () => experts.click());
    expect(experts.getAttribute('aria-expanded')).toBe('false');
    expect(document.getElementById(experts.getAttribute('aria-controls')!)!.hidden).toBe(true);

    await act(async () => root!.unmount());
    document.body.innerHTML = '';
    container = await render(people, new Map(), () => false);
    expect(toggleNamed(container, 'Experts').getAttribute('aria-expanded')).toBe('false');
  });

  it('narrows to what is typed in the labelled search and says how many match', async () => {
    const { people } = hall();
    const container = await render(people, new Map(), () => false);
    const input = container.querySelector<HTMLInputElement>('input[type="search"]')!;
    expect(container.querySelector(`label[for="${input.id}"]`)!.textContent).toBe('Find a person by name or delegation');
    await type(input, 'germ');
    expect(container.querySelector('.presence__matches')!.textContent).toBe('2 people match');
    expect(toggles(container).map((button) => button.textContent!.replace(/\s+/g, ' ').trim())).toEqual(['Experts (2 of 4)', 'Germany (2 of 2)']);
    await type(input, 'zzz');
    expect(container.querySelector('.presence__matches')!.textContent).toBe('No one matches “zzz”');
  });

  it('asks the editor for the chosen person’s caret and says whether they have one', async () => {
    const { people, d10, d2 } = hall();
    const asked: number[] = [];
    const container = await render(people, new Map(), (clientId) => {
      asked.push(clientId);
      return clientId === d10.clientId;
    });
    const result = container.querySelector('[data-testid="presence-jump-result"]')!;
    await act(async () => personNamed(container, 'Delegate 10').click());
    expect(result.textContent).toBe('Showing Delegate 10 in the text.');
    await act(async () => personNamed(container, 'Delegate 2').click());
    expect(result.textContent).toBe('Delegate 2 has no caret in the text.');
    expect(asked).toEqual([d10.clientId, d2.clientId]);
    expect(result.getAttribute('role')).toBe('status');
  });

  it('speaks the interface language: Russian groups and counts', async () => {
    const { people } = hall();
    const container = await render(people, new Map(), () => false);
    await act(async () => i18next.changeLanguage('ru'));
    expect(container.querySelector('h2')!.textContent).toBe('В зале (6)');
    expect(toggleNamed(container, 'Эксперты').textContent!.replace(/\s+/g, ' ').trim()).toBe('Эксперты (4)');
    expect(toggleNamed(container, 'Без делегации')).toBeDefined();
  });
});
