/**
 * Who holds which presence colour in one room, and which of several people present under
 * one name and delegation each is. The colour goes into everyone's awareness `user` for that
 * connection (awarenessIdentity.ts), so every page shows the same colour for a person.
 */
import { chooseColourIndex, PRESENCE_COLOURS, preferredColourIndex } from '../../shared/presence.js';
import type { Connection } from './Connection.js';
import { identityKey } from './Session.js';

interface Seat {
  colourIndex: number;
  namesake: number;
}

export class PresenceSeats {
  private readonly seats = new Map<Connection, Seat>();
  /** The slot each person (identityKey) last held here, so a reconnect keeps its colour while it is free. */
  private readonly lastColour = new Map<string, number>();

  /** Gives a joining connection its colour and namesake number. */
  take(connection: Connection): void {
    const { session } = connection;
    const holders = PRESENCE_COLOURS.map(() => 0);
    const namesakes = new Set<number>();
    const namesakeColours = new Set<number>();
    const sameName = nameKey(session.name, session.delegation);
    for (const [other, seat] of this.seats) {
      holders[seat.colourIndex]!++;
      if (nameKey(other.session.name, other.session.delegation) !== sameName) continue;
      namesakes.add(seat.namesake);
      namesakeColours.add(seat.colourIndex);
    }
    const key = identityKey(session);
    const preferred = this.lastColour.get(key) ?? preferredColourIndex(session.inviteId, session.name);
    const colourIndex = chooseColourIndex(preferred, holders, namesakeColours);
    let namesake = 1;
    while (namesakes.has(namesake)) namesake++;
    this.seats.set(connection, { colourIndex, namesake });
    this.lastColour.set(key, colourIndex);
    connection.colour = PRESENCE_COLOURS[colourIndex]!;
    connection.namesake = namesake;
  }

  /** Frees a leaving connection's colour and number for whoever comes next. */
  release(connection: Connection): void {
    this.seats.delete(connection);
  }
}

/** Two people read as namesakes when their name and delegation differ only in case or spacing. */
function nameKey(name: string, delegation: string): string {
  const fold = (text: string) => text.normalize('NFC').toLocaleLowerCase('und').replace(/\s+/g, ' ').trim();
  return `${fold(name)}\u0000${fold(delegation)}`;
}
