/** Blocks and locks: list blocks, lock and unlock one, read the lock history. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  BlockParamsSchema,
  BlockSummarySchema,
  DecisionReasonSchema,
  DocParamsSchema,
  ERROR_RESPONSES,
  LockEventSchema,
  LockEventsQuerySchema,
  LockStateSchema,
} from '../../shared/apiSchemas.js';
import { actorLabel } from '../auth/Authenticator.js';
import { lockBlock, unlockBlock } from '../collab/lockActions.js';
import { blockAuthors, editStretches, roomAuthors } from '../collab/blockAuthors.js';
import {
  AuthorsQuerySchema,
  BlockAuthorsSchema,
  ClientAuthorSchema,
  EditStretchSchema,
  EditsQuerySchema,
} from '../../shared/workflowSchemas.js';
import type { ServerContext } from '../context.js';

export function registerBlockRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  // The records of who wrote what are written in batches (EditRecords.ts), an open room's stretches
  // every few seconds (EditLog.ts): what this server holds in memory is written before they are read.
  const recordsUpToDate = (docId: string) => {
    const room = ctx.rooms.peek(docId);
    if (room !== undefined) room.edits.flush();
    else ctx.rooms.editRecords.flush();
  };

  api.get(
    '/api/documents/:docId/blocks',
    {
      schema: { params: DocParamsSchema, response: { 200: Type.Array(BlockSummarySchema), ...ERROR_RESPONSES } },
      config: { access: 'read', openRoom: true },
    },
    async (request) => request.room.blocks(),
  );

  const lockRoute = { params: BlockParamsSchema, response: { 200: LockStateSchema, ...ERROR_RESPONSES } };
  api.post(
    '/api/documents/:docId/blocks/:blockId/lock',
    { schema: lockRoute, config: { access: 'lock', openRoom: true } },
    async (request) => lockBlock(request.room, ctx.store, request.params.blockId, actorLabel(request.caller)),
  );
  // An unlock may carry the reason for the record (M9).
  api.post(
    '/api/documents/:docId/blocks/:blockId/unlock',
    { schema: { ...lockRoute, body: DecisionReasonSchema }, config: { access: 'lock', openRoom: true } },
    async (request) => unlockBlock(request.room, ctx.store, request.params.blockId, actorLabel(request.caller), request.body?.reason),
  );

  // Whose each client id of the room is, for colouring the text by author (U1).
  api.get(
    '/api/documents/:docId/authors',
    {
      schema: {
        params: DocParamsSchema,
        querystring: AuthorsQuerySchema,
        response: { 200: Type.Array(ClientAuthorSchema), ...ERROR_RESPONSES },
      },
      config: { access: 'read' },
    },
    async (request) => {
      recordsUpToDate(request.params.docId);
      return roomAuthors(ctx.store, request.params.docId, request.query.marksFrom);
    },
  );

  // Who edited which paragraph when, for the activity log (U3).
  api.get(
    '/api/documents/:docId/edits',
    {
      schema: {
        params: DocParamsSchema,
        querystring: EditsQuerySchema,
        response: { 200: Type.Array(EditStretchSchema), ...ERROR_RESPONSES },
      },
      config: { access: 'read' },
    },
    async (request) => {
      recordsUpToDate(request.params.docId);
      return editStretches(ctx.store, request.params.docId, request.query.blockId);
    },
  );

  // Who wrote a paragraph's text as it stands (U1).
  api.get(
    '/api/documents/:docId/blocks/:blockId/authors',
    {
      schema: { params: BlockParamsSchema, response: { 200: BlockAuthorsSchema, ...ERROR_RESPONSES } },
      config: { access: 'read', openRoom: true },
    },
    async (request) => {
      recordsUpToDate(request.params.docId);
      return blockAuthors(request.room, ctx.store, request.params.blockId);
    },
  );

  api.get(
    '/api/documents/:docId/locks',
    {
      schema: {
        params: DocParamsSchema,
        querystring: LockEventsQuerySchema,
        response: { 200: Type.Array(LockEventSchema), ...ERROR_RESPONSES },
      },
      config: { access: 'read' },
    },
    async (request) => {
      const events = ctx.store.listLockEvents(request.params.docId);
      const { blockId } = request.query;
      return blockId ? events.filter((event) => event.blockId === blockId) : events;
    },
  );
}
