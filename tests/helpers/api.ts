/** The version-1 HTTP interface, as a test client uses it; its JSON shapes are the shared ones (shared/api.ts, shared/blocks.ts). */
import type { CreatedDocument } from '../../shared/api.js';
import type { BlockSummary } from '../../shared/blocks.js';
import { ADMIN_TOKEN } from './testServer.js';

export async function api(
  baseUrl: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; json: any; text: string }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return answerOf(response);
}

/** A response's status, its text, and its JSON when it is JSON (null otherwise). */
export async function answerOf(response: Response): Promise<{ status: number; json: any; text: string }> {
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, text };
}

export async function createRoom(baseUrl: string, title = 'Test room'): Promise<CreatedDocument> {
  const response = await api(baseUrl, 'POST', '/api/documents', ADMIN_TOKEN, { title });
  if (response.status !== 201) throw new Error(`create room: ${response.status} ${response.text}`);
  return response.json as CreatedDocument;
}

export async function blocks(baseUrl: string, docId: string, token: string): Promise<BlockSummary[]> {
  const response = await api(baseUrl, 'GET', `/api/documents/${docId}/blocks`, token);
  if (response.status !== 200) throw new Error(`blocks: ${response.status} ${response.text}`);
  return response.json as BlockSummary[];
}
