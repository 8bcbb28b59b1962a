/**
 * authorRuns reads a block's text exactly as blockText does (U1 in compare): for blocks of
 * every shape the schema allows (paragraphs with line breaks, nested lists, quotes, empty
 * items), the runs cover the text character for character, each character under the client
 * id that wrote it.
 */
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { authorRuns } from '../../server/collab/authorRuns.js';
import { blockText } from '../../server/collab/blockSnapshot.js';

function paragraph(...children: Array<Y.XmlText | Y.XmlElement>): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, children);
  return element;
}
function element(name: string, ...children: Y.XmlElement[]): Y.XmlElement {
  const made = new Y.XmlElement(name);
  made.insert(0, children);
  return made;
}

it('covers blockText character for character, in blocks of every shape', () => {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  fragment.insert(0, [
    paragraph(new Y.XmlText('Plain.')),
    paragraph(new Y.XmlText('Line one'), new Y.XmlElement('hardBreak'), new Y.XmlText('line two')),
    paragraph(),
    element(
      'bulletList',
      element('listItem', paragraph(new Y.XmlText('First item'))),
      element('listItem', paragraph()),
      element(
        'listItem',
        paragraph(new Y.XmlText('Nested')),
        element('orderedList', element('listItem', paragraph(new Y.XmlText('deep')))),
      ),
    ),
    element('blockquote', paragraph(new Y.XmlText('Quoted')), paragraph(new Y.XmlElement('hardBreak'))),
  ]);
  for (const block of fragment.toArray() as Y.XmlElement[]) {
    const runs = authorRuns(block);
    expect(
      runs.reduce((sum, run) => sum + run.length, 0),
      blockText(block),
    ).toBe(blockText(block).length);
  }
});

it('names each character’s writer, across two people’s edits of one paragraph', () => {
  const anna = new Y.Doc();
  const jean = new Y.Doc();
  anna.getXmlFragment('default').insert(0, [paragraph(new Y.XmlText('Participating States should share information.'))]);
  Y.applyUpdate(jean, Y.encodeStateAsUpdate(anna));
  const text = (jean.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  text.insert('Participating States should '.length, 'effectively ');
  text.delete(0, 'Participating '.length);
  const block = jean.getXmlFragment('default').get(0) as Y.XmlElement;
  expect(blockText(block)).toBe('States should effectively share information.');
  expect(authorRuns(block)).toEqual([
    { clientId: anna.clientID, length: 'States should '.length },
    { clientId: jean.clientID, length: 'effectively '.length },
    { clientId: anna.clientID, length: 'share information.'.length },
  ]);
});
