/**
 * Heavy reads take turns (M5): each waits for an event-loop turn of its own, so that a hall
 * listing the amendments at once (back after a dropped connection) is served one list per
 * turn, with everything else (a keystroke, a proposal, /healthz) in between, instead of one
 * long stretch of lists that nothing else can enter.
 */
let tail: Promise<void> = Promise.resolve();

/** Resolves in a later event-loop turn than every turn asked for before it. */
export function ownTurn(): Promise<void> {
  const turn = tail.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  tail = turn;
  return turn;
}
