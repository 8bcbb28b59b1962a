/** Errors that end one socket with their own close code (server/routes/collabSocket.ts). */

/** A frame that is not a valid message of the protocol (closes with 4400). */
export class MalformedFrame extends Error {}

/** A well-formed frame this connection may never send (closes with 4403). */
export class ForbiddenFrame extends Error {}
