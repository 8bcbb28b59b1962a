/**
 * A room from the Senior Adviser's draft (PROTOCOL.md I6), over POST /api/documents as
 * multipart/form-data: a Word file saved by LibreOffice (tests/fixtures), one made by the
 * `docx` package, Markdown and HTML. Headings, paragraphs, lists, bold and italic are kept,
 * the draft's numbering gives way to the margin's, what has no place is reported, and the
 * room is as healthy as any (a fresh stock client loads it through the editor's schema, every
 * export answers). From the attacker's side: a zip bomb, a file that is no zip, an oversized
 * file or paragraph, too deep a list, a field posing as the file, and a role that may not
 * create rooms are refused every time, and the server stays up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CreatedDocument } from '../../shared/api.js';
import { answerOf, api, blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { expectRoomHealthy } from '../helpers/roomHealth.js';
import { ADMIN_TOKEN } from '../helpers/testServer.js';

let server: TestRoom;

beforeEach(async () => {
  server = await openTestRoom({ title: 'Import' });
});

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** POST /api/documents with the draft as the multipart part `file`. */
async function upload(
  file: Uint8Array | string,
  options: { token?: string; type?: string; title?: string; fileAsField?: boolean } = {},
): Promise<{ status: number; json: any; text: string }> {
  const form = new FormData();
  form.set('title', options.title ?? 'Draft conclusions');
  form.set('language', 'en');
  if (options.fileAsField) form.set('file', typeof file === 'string' ? file : 'bytes');
  else form.set('file', new Blob([typeof file === 'string' ? file : new Uint8Array(file)], { type: options.type ?? DOCX_TYPE }), 'draft');
  const response = await fetch(`${server.url}/api/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token ?? ADMIN_TOKEN}` },
    body: form,
  });
  return answerOf(response);
}

async function imported(file: Uint8Array | string, type?: string) {
  const created = await upload(file, { type });
  expect(created.status, created.text).toBe(201);
  const room = created.json as CreatedDocument & { imported: { format: string; dropped: unknown[]; renumbered: number } };
  const list = await blocks(server.url, room.id, ADMIN_TOKEN);
  const markdown = (await api(server.url, 'GET', `/api/documents/${room.id}/export?format=md`, ADMIN_TOKEN)).text;
  await expectRoomHealthy(server.url, server.wsUrl, room);
  return { room, list, markdown, report: room.imported };
}

describe('[I6] a room from the adviser’s draft', () => {
  it('a Word file saved by LibreOffice: headings, paragraphs, lists, bold and italic kept; its numbering becomes the margin’s; the image and the table reported', async () => {
    const { list, markdown, report } = await imported(readFileSync(join(process.cwd(), 'tests/fixtures/draft-libreoffice.docx')));
    expect(report).toMatchObject({ format: 'docx', renumbered: 3 });
    expect(report.dropped).toEqual(
      expect.arrayContaining([
        { kind: 'images', count: 1 },
        { kind: 'tables', count: 1 },
      ]),
    );
    const typed = list.map((b) => [b.type, b.text]);
    expect(typed.slice(0, 6)).toEqual([
      ['heading', 'Draft conclusions and recommendations'],
      ['paragraph', 'Prepared by the Senior Adviser for the closing session.'],
      ['heading', 'Conclusions'],
      ['paragraph', 'The participants welcomed the exchange of good practices on community policing.'],
      ['paragraph', 'Police accountability and respect for human rights remain at the core of police-related activities.'],
      ['paragraph', 'Gender mainstreaming should be reflected in police training.'],
    ]);
    expect(typed).toContainEqual(['bulletList', expect.stringContaining('Support regional co-operation.')]);
    expect(typed).toContainEqual(['paragraph', 'Participating States are encouraged to share their experience.']);
    // The table's text stays, as paragraphs.
    expect(list.map((b) => b.text)).toContain('Chairmanship');
    // The margin numbers the three conclusions 1–3 after the opening paragraph: the draft's own numbers are gone.
    expect(
      list
        .filter((b) => b.type === 'paragraph')
        .map((b) => b.number)
        .slice(0, 4),
    ).toEqual([1, 2, 3, 4]);
    expect(markdown).toContain('**exchange of good practices**');
    expect(markdown).toContain('*human rights*');
  });

  it('a Word file made by the docx package: typed paragraph numbers come off, bold and headings stay', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Draft conclusions')] }),
            new Paragraph({
              children: [new TextRun('1. The participants '), new TextRun({ text: 'welcomed', bold: true }), new TextRun(' the report.')],
            }),
            new Paragraph({ children: [new TextRun('2) Training should continue.')] }),
            new Paragraph({ children: [new TextRun({ text: 'Recommendations follow.', italics: true })] }),
          ],
        },
      ],
    });
    const { list, markdown, report } = await imported(new Uint8Array(await Packer.toBuffer(doc)));
    expect(report).toEqual({ format: 'docx', dropped: [], renumbered: 2 });
    expect(list.map((b) => [b.type, b.text])).toEqual([
      ['heading', 'Draft conclusions'],
      ['paragraph', 'The participants welcomed the report.'],
      ['paragraph', 'Training should continue.'],
      ['paragraph', 'Recommendations follow.'],
    ]);
    expect(markdown).toContain('The participants **welcomed** the report.');
    expect(markdown).toContain('*Recommendations follow.*');
  });

  it('Markdown and HTML drafts, found by their first bytes', async () => {
    const md = await imported(
      '# Draft\n\n1. First conclusion.\n2. Second, **agreed** in principle.\n\n- a point\n- another\n\n![logo](logo.png)\n',
      'text/markdown',
    );
    expect(md.report).toEqual({ format: 'md', dropped: [{ kind: 'images', count: 1 }], renumbered: 2 });
    expect(md.list.map((b) => [b.type, b.text])).toEqual([
      ['heading', 'Draft'],
      ['paragraph', 'First conclusion.'],
      ['paragraph', 'Second, agreed in principle.'],
      ['bulletList', 'a point\nanother'],
    ]);
    const html = await imported('<h2>Draft</h2><p>One <em>paragraph</em>.</p><hr><p>Two.</p>', 'text/html');
    expect(html.report).toEqual({ format: 'html', dropped: [{ kind: 'rules', count: 1 }], renumbered: 0 });
    expect(html.list.map((b) => b.text)).toEqual(['Draft', 'One paragraph.', 'Two.']);
  });
});

describe('[I6] from the attacker’s side', () => {
  it('a zip bomb, a non-zip, an oversized file or paragraph, too deep a list, a field for the file and an expert are refused every time; the server stays up', async () => {
    const bomb = zipSync({ 'word/document.xml': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const notZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    const oversized = new Uint8Array(6 * 1024 * 1024).fill(0x61);
    const longParagraph = `${'word '.repeat(5_000)}\n`;
    const deepList = `${'<ul><li><p>level</p>'.repeat(20)}${'</li></ul>'.repeat(20)}`;
    const attempts: Array<[string, () => Promise<{ status: number; text: string }>, number]> = [
      ['zip bomb', () => upload(bomb), 413],
      ['not a zip', () => upload(notZip), 400],
      ['over 5 MB', () => upload(oversized, { type: 'text/markdown' }), 413],
      ['a paragraph over the block cap', () => upload(longParagraph, { type: 'text/markdown' }), 413],
      ['a list deeper than the cap', () => upload(deepList, { type: 'text/html' }), 400],
      ['the file as a plain field', () => upload('# Draft', { fileAsField: true }), 400],
      ['an expert', () => upload('# Draft', { token: server.token('expert'), type: 'text/markdown' }), 403],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [what, attempt, status] of attempts) {
        const answer = await attempt();
        expect(answer.status, `${what}: ${answer.text.slice(0, 200)}`).toBe(status);
      }
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // A room is still made from a plain JSON body, as before.
    const plain = await api(server.url, 'POST', '/api/documents', ADMIN_TOKEN, { title: 'Blank room' });
    expect(plain.status).toBe(201);
    expect(plain.json.imported).toBeUndefined();
  });
});
