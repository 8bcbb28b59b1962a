/**
 * Yjs updates written by hand, as an attacker would: no Y.Doc builds them, so they can be
 * as deep as the bytes allow (Yjs itself recurses when it builds or deletes a deep tree,
 * which is why the server reads nesting before applying anything).
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/**
 * One update under `client` from clock `clock`: a chain of `depth` elements named `name`,
 * the first at the start of the root fragment `root`, each next one inside the one before.
 */
export function nestedElementsUpdate(client: number, depth: number, name = 'blockquote', clock = 0, root = 'default'): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1); // one client
  encoding.writeVarUint(encoder.restEncoder, depth); // structs
  encoder.writeClient(client);
  encoding.writeVarUint(encoder.restEncoder, clock);
  for (let i = 0; i < depth; i++) {
    const parent = i === 0 ? root : Y.createID(client, clock + i - 1);
    const item = new Y.Item(
      Y.createID(client, clock + i),
      null,
      null,
      null,
      null,
      parent as never,
      null,
      new Y.ContentType(new Y.XmlElement(name)),
    );
    item.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0); // no deletions
  return encoder.toUint8Array();
}
