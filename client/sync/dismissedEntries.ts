/**
 * Which "Not kept" entries this person dismissed, in localStorage beside the local copy.
 *
 * The list itself is kept in IndexedDB (notKept.ts, localCopy.ts), whose writes commit
 * asynchronously: a page reloaded or closed right after Dismiss could come back to the list
 * from before it, and the dismissed words would return. localStorage is written at once, so
 * an entry once dismissed stays dismissed, as the button promises. At most MAX_IDS ids per
 * copy, the newest kept.
 */
const MAX_IDS = 200;

export interface DismissedIds {
  has(id: string): boolean;
  add(id: string): void;
}

export function dismissedEntries(copyName: string | null): DismissedIds {
  if (copyName === null) return { has: () => false, add: () => undefined };
  const key = `draftroom:not-kept-dismissed:${copyName}`;
  const read = (): string[] => {
    try {
      const value: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    has: (id) => read().includes(id),
    add: (id) => {
      try {
        localStorage.setItem(key, JSON.stringify([...read().filter((known) => known !== id), id].slice(-MAX_IDS)));
      } catch {
        // Storage full or blocked: the list's own write to IndexedDB still stands.
      }
    },
  };
}
