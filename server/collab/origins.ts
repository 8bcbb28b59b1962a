/**
 * Transaction origins: every change to a room's Y.Doc says where it came from.
 * A Connection object is the origin of a client's change; these mark the others.
 */
/** Updates loaded from the store: never persisted again, never broadcast on their own. */
export const STORAGE_ORIGIN = Symbol('storage');
/** Changes the server makes itself: locks, restores, ids. */
export const SERVER_ORIGIN = Symbol('server');
