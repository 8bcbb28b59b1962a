/** The version-1 HTTP interface, as a test client uses it. */
import { ADMIN_TOKEN } from './testServer.js';

export interface Invite {
  id: string;
  role: string;
  token: string;
  url: string;
}
export interface CreatedRoom {
  id: string;
  title: string;
  invites: Record<'adviser' | 'moderator' | 'expert' | 'observer', Invite>;
}

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
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, text };
}

export async function createRoom(baseUrl: string, title = 'Test room'): Promise<CreatedRoom> {
  const response = await api(baseUrl, 'POST', '/api/documents', ADMIN_TOKEN, { title });
  if (response.status !== 201) throw new Error(`create room: ${response.status} ${response.text}`);
  return response.json as CreatedRoom;
}

export interface Block {
  id: string;
  type: string;
  text: string;
  locked: boolean;
  lockedBy: string | null;
  lockedAt: string | null;
}

export async function blocks(baseUrl: string, docId: string, token: string): Promise<Block[]> {
  const response = await api(baseUrl, 'GET', `/api/documents/${docId}/blocks`, token);
  if (response.status !== 200) throw new Error(`blocks: ${response.status} ${response.text}`);
  return response.json as Block[];
}
