// @vitest-environment happy-dom
/**
 * The presence list as a person meets it, rendered by React in happy-dom (no layout; the
 * e2e tests/e2e/presence.test.ts has Chromium): a WAI-ARIA tree that is one Tab stop,
 * groups named by their count and folded with aria-expanded, the arrow keys, Home, End and
 * Enter inside it, a labelled search that says how many match, folding kept for the tab's
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

async function render(
  people: PresencePerson[],
  namesakes: Map<number, number>,
  revealPerson: (clientId: number) => boolean,
): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  const states = new Map([...namesakes].map(([clientId, namesake]) => [clientId, { user: { namesake } }]));
  root = createRoot(container);
  await act(async () =>
    root!.render(createElement(PresenceList as never, { people, awareness: { getStates: () => states }, revealPerson })),
  );
  return container;
}

/** The group items of the tree: each is its row, named by the words it shows, owning its people's group. */
const toggles = (container: HTMLElement) => [...container.querySelectorAll<HTMLElement>('[role="treeitem"][aria-expanded]')];
const nameOf = (item: HTMLElement) => item.textContent!.replace(/\s+/g, ' ').trim();
const toggleNamed = (container: HTMLElement, start: string) => toggles(container).find((item) => nameOf(item).startsWith(start))!;
const personNamed = (container: HTMLElement, start: string) =>
  [...container.querySelectorAll<HTMLElement>('[role="treeitem"]:not([aria-expanded])')].find((item) =>
    item.textContent!.startsWith(start),
  )!;
const focusedName = () => {
  const item = document.activeElement as HTMLElement;
  return item.hasAttribute('aria-expanded') ? nameOf(item) : item.querySelector('.presence__name')!.textContent;
};
const press = async (key: string) =>
  act(async () => {
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });

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

  it('shows the groups and their counts as tree items that fold, in natural order, and namesakes numbered', async () => {
    const { people, anna2 } = hall();
    const container = await render(people, new Map([[anna2.clientId, 2]]), () => false);
    expect(container.querySelector('h2')!.textContent).toBe('In the room (6)');
    expect(container.querySelector('[role="tree"]')!.getAttribute('aria-labelledby')).toBe(container.querySelector('h2')!.id);
    expect(toggles(container).map((item) => [nameOf(item), item.getAttribute('aria-expanded')])).toEqual([
      ['Senior Adviser (1)', 'true'],
      ['Experts (4)', 'true'],
      ['Czechia (2)', 'true'],
      ['Germany (2)', 'true'],
      ['Observer (1)', 'true'],
      ['No delegation (1)', 'true'],
    ]);
    const names = [...container.querySelectorAll('.presence__name')].map((name) => name.textContent);
    expect(names).toEqual(['Elena Petrova', 'Anna Novak', 'Anna Novak #2', 'Delegate 2', 'Delegate 10', 'Guest']);
    // Each person is a tree item inside their group's role="group".
    expect(personNamed(container, 'Delegate 10').parentElement!.getAttribute('role')).toBe('group');
    expect(container.querySelector('[data-self]')!.textContent).toContain('OSCE Secretariat · you');
  });

  it('folds a group and keeps it folded for the tab’s session', async () => {
    const { people } = hall();
    let container = await render(people, new Map(), () => false);
    const experts = toggleNamed(container, 'Experts');
    await act(async () => experts.click());
    expect(experts.getAttribute('aria-expanded')).toBe('false');
    expect(experts.querySelector('[role="group"]')).toBeNull();

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
    expect(toggles(container).map(nameOf)).toEqual(['Experts (2 of 4)', 'Germany (2 of 2)']);
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

  it('is one Tab stop; the arrows, Home, End, Right, Left, a letter and Enter move and act inside it', async () => {
    const { people, d2 } = hall();
    const asked: number[] = [];
    const container = await render(people, new Map(), (clientId) => {
      asked.push(clientId);
      return true;
    });
    const tabStops = () => [...container.querySelectorAll<HTMLElement>('[role="treeitem"]')].filter((item) => item.tabIndex === 0);
    expect(tabStops().map((item) => nameOf(item))).toEqual(['Senior Adviser (1)']);
    await act(async () => tabStops()[0]!.focus());
    await press('ArrowDown');
    expect(focusedName()).toBe('Elena Petrova');
    await press('ArrowDown');
    expect(focusedName()).toBe('Experts (4)');
    // Only the item moved to is in the Tab order.
    expect(tabStops()).toEqual([document.activeElement]);
    await press('End');
    expect(focusedName()).toBe('Guest');
    await press('ArrowLeft');
    expect(focusedName()).toBe('No delegation (1)');
    await press('ArrowLeft');
    expect(toggleNamed(container, 'No delegation').getAttribute('aria-expanded')).toBe('false');
    await press('ArrowRight');
    expect(toggleNamed(container, 'No delegation').getAttribute('aria-expanded')).toBe('true');
    await press('Home');
    expect(focusedName()).toBe('Senior Adviser (1)');
    await press('g');
    expect(focusedName()).toBe('Germany (2)');
    await press('ArrowRight');
    expect(focusedName()).toBe('Delegate 2');
    await press('Enter');
    expect(asked).toEqual([d2.clientId]);
    expect(container.querySelector('[data-testid="presence-jump-result"]')!.textContent).toBe('Showing Delegate 2 in the text.');
    await press('ArrowUp');
    await press('Enter');
    expect(toggleNamed(container, 'Germany').getAttribute('aria-expanded')).toBe('false');
    expect(focusedName()).toBe('Germany (2)');
  });

  it('speaks the interface language: Russian groups and counts', async () => {
    const { people } = hall();
    const container = await render(people, new Map(), () => false);
    await act(async () => i18next.changeLanguage('ru'));
    expect(container.querySelector('h2')!.textContent).toBe('В зале (6)');
    expect(nameOf(toggleNamed(container, 'Эксперты'))).toBe('Эксперты (4)');
    expect(toggleNamed(container, 'Без делегации')).toBeDefined();
  });
});
