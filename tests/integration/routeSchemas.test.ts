/**
 * Route schemas are compiled on each route's first use (server/http/lazySchemaCompilers.ts), so
 * a schema Ajv or fast-json-stringify cannot compile would not stop the server from starting.
 * These tests compile every one of them, and check that a validation failure still names what
 * was wrong and a response still leaves through its schema.
 */
import { describe, expect, it } from 'vitest';
import { compilePendingSchemas } from '../../server/http/lazySchemaCompilers.js';
import { ErrorCode } from '../../shared/protocol.js';
import { api } from '../helpers/api.js';
import { openTestRoom } from '../helpers/roomFixture.js';
import { ADMIN_TOKEN } from '../helpers/testServer.js';

describe('route schemas compiled on first use', () => {
  it('every route schema of the real server compiles', async () => {
    await openTestRoom({ title: 'Schemas' });
    // Params, bodies and responses of some thirty routes; at least one per route with a schema.
    expect(compilePendingSchemas()).toBeGreaterThan(30);
    expect(compilePendingSchemas()).toBe(0);
  });

  it('a body that fails its schema is refused with what is wrong, the first time and every time after', async () => {
    const room = await openTestRoom({ title: 'Schemas' });
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await api(room.url, 'POST', '/api/documents', ADMIN_TOKEN, {});
      expect(refused.status, refused.text).toBe(400);
      expect(refused.json.error.code).toBe(ErrorCode.badRequest);
      expect(refused.json.error.message).toMatch(/title/);
    }
    const created = await api(room.url, 'POST', '/api/documents', ADMIN_TOKEN, { title: 'Valid' });
    expect(created.status, created.text).toBe(201);
    // Written through the route's response schema: the fields the contract names, in their types.
    expect(Object.keys(created.json).sort()).toEqual(['id', 'invites', 'language', 'timeZone', 'title']);
    expect(Object.keys(created.json.invites).sort()).toEqual(['adviser', 'expert', 'moderator', 'observer']);
    expect(typeof created.json.invites.expert.token).toBe('string');
  });
});
