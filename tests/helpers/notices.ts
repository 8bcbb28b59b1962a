/** Server notices (MessageType.notice) as a stock provider receives them, collected per client. */
import * as decoding from 'lib0/decoding';
import { MessageType, type ServerNotice } from '../../shared/protocol.js';
import type { TestClient } from './yClient.js';

/** Installs a handler for Draftroom notices on the client's stock provider; returns the list it fills. */
export function collectNotices(client: TestClient): ServerNotice[] {
  const notices: ServerNotice[] = [];
  client.provider.messageHandlers[MessageType.notice] = (_encoder, decoder) => {
    notices.push(JSON.parse(decoding.readVarString(decoder)) as ServerNotice);
  };
  return notices;
}
