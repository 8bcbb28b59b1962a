/**
 * A page that reconnects sees the people in the room at once, not after their next presence
 * renewal: the clocks it remembered from before the drop are forgotten (client/sync/presenceClocks.ts).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { forgetOthersPresenceClocks } from '../../client/sync/presenceClocks.js';

function person(name: string): Awareness {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalStateField('user', { name });
  return awareness;
}

/** What the server sends a (re)joining page: every person as they stand now. */
const asTheServerSendsIt = (awareness: Awareness) => encodeAwarenessUpdate(awareness, [awareness.clientID]);

/** What the stock provider does when its socket closes: everyone else's presence goes. */
function drop(page: Awareness): void {
  const others = [...page.getStates().keys()].filter((id) => id !== page.clientID);
  removeAwarenessStates(page, others, 'connection closed');
}

describe('presence after a reconnect', () => {
  it('without forgetting, a colleague sent again at the same clock stays invisible (the bug this guards against)', () => {
    const colleague = person('Marta Kowalska');
    const page = person('Jonas Weber');
    applyAwarenessUpdate(page, asTheServerSendsIt(colleague), 'server');
    drop(page);
    applyAwarenessUpdate(page, asTheServerSendsIt(colleague), 'server');
    expect(page.getStates().has(colleague.clientID)).toBe(false);
  });

  it('after forgetting the clocks, the reconnecting page sees every colleague at once, and keeps its own state', () => {
    const colleagues = [person('Marta Kowalska'), person('Amélie Laurent'), person('Анна Смирнова')];
    const page = person('Jonas Weber');
    for (const colleague of colleagues) applyAwarenessUpdate(page, asTheServerSendsIt(colleague), 'server');
    for (let attempt = 0; attempt < 3; attempt++) {
      drop(page);
      forgetOthersPresenceClocks(page);
      for (const colleague of colleagues) applyAwarenessUpdate(page, asTheServerSendsIt(colleague), 'server');
      expect(colleagues.map((colleague) => page.getStates().get(colleague.clientID)?.user?.name)).toEqual([
        'Marta Kowalska',
        'Amélie Laurent',
        'Анна Смирнова',
      ]);
    }
    expect(page.getLocalState()?.user?.name).toBe('Jonas Weber');
  });
});
