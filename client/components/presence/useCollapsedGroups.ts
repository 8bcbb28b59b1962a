/**
 * Which presence groups a person folded away, kept for the browser tab's session: a
 * reload or a reconnect keeps the list as they arranged it; a new tab starts open.
 */
import { useCallback, useState } from 'react';

const STORAGE_KEY = 'draftroom:presence-collapsed';

function load(): Set<string> {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    return new Set(Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : []);
  } catch {
    return new Set();
  }
}

/** The collapsed group keys, and the way to fold or unfold one. */
export function useCollapsedGroups(): [ReadonlySet<string>, (key: string) => void] {
  const [collapsed, setCollapsed] = useState(load);
  const toggle = useCallback((key: string) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      try {
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
      } catch {
        // Storage disabled: the choice holds until the page is left.
      }
      return next;
    });
  }, []);
  return [collapsed, toggle];
}
