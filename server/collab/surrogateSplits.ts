/**
 * Whether an update would cut one of the room's characters in two. Yjs counts text in UTF-16
 * units, so an emoji or a character outside the Basic Multilingual Plane is two units (a
 * surrogate pair). A change anchored between them, or a deletion that starts or ends between
 * them, makes Yjs split the pair, and Yjs then writes U+FFFD over both halves in the room's own
 * text (yjs issue 248), before any check can look. Editors never do this (their positions fall
 * between characters), so the pipeline refuses such an update whole from those who may not
 * change the text at all (pen-holder mode, PROTOCOL.md E1), whose refused changes are put back
 * from the text as it stood, which the split would already have spoilt.
 */
import * as Y from 'yjs';

type Decoded = ReturnType<typeof Y.decodeUpdate>;

export function splitsACharacter(doc: Y.Doc, decoded: Decoded): boolean {
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    // Inserted right after `origin`'s unit: a split there cuts a pair if that unit opens one.
    if (struct.origin !== null && isHigh(unitAt(doc, struct.origin.client, struct.origin.clock))) return true;
    // Inserted right before `rightOrigin`'s unit: a split there cuts a pair if that unit closes one.
    if (struct.rightOrigin !== null && isLow(unitAt(doc, struct.rightOrigin.client, struct.rightOrigin.clock))) return true;
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      if (isLow(unitAt(doc, client, clock)) || isHigh(unitAt(doc, client, clock + len - 1))) return true;
    }
  }
  return false;
}

/** The UTF-16 unit of the room's text at a client's clock, or NaN where there is none (not text, not known). */
function unitAt(doc: Y.Doc, client: number, clock: number): number {
  const structs = doc.store.clients.get(client);
  if (structs === undefined || clock >= Y.getState(doc.store, client) || clock < 0) return Number.NaN;
  const struct = structs[Y.findIndexSS(structs, clock)];
  if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) return Number.NaN;
  return struct.content.str.charCodeAt(clock - struct.id.clock);
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
