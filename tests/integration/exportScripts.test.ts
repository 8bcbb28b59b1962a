/**
 * Every script of the participating States, through a real server's export worker and back
 * (PROTOCOL.md X5–X7): a room with one paragraph per script, each marked with its language,
 * exported to PDF (read back with pdftotext), DOCX (its word/document.xml and numbering.xml)
 * and HTML (parsed). Every sentence comes back exactly, only whitespace normalised; every
 * language is marked; Word numbers the paragraphs itself, with the room's numbers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { Window } from 'happy-dom';
import type * as Y from 'yjs';
import { ADMIN_TOKEN } from '../helpers/testServer.js';
import { api, blocks } from '../helpers/api.js';
import { openTestRoom, type TestRoom } from '../helpers/roomFixture.js';
import { connect, newParagraph, synced, textIn } from '../helpers/yClient.js';
import { waitFor } from '../helpers/waitFor.js';
import { wordNumbering } from '../helpers/wordNumbers.js';
import type { CreatedDocument } from '../../shared/api.js';

const PDFTOTEXT = '/usr/bin/pdftotext';

/** One sentence per script, each in its language: [BCP 47 tag, Word's w:lang, sentence]. */
const SENTENCES: Array<[string, string, string]> = [
  ['pl', 'pl-PL', 'Łódź, Gdańsk — współpraca policyjna'],
  ['tr', 'tr-TR', 'İstanbul\u2019da güvenlik işbirliği'],
  ['lt', 'lt-LT', 'Lietuvos, Latvijas un Eesti politsei'],
  ['cs', 'cs-CZ', 'Česká policie, účinná spolupráce'],
  ['ru', 'ru-RU', 'Российская Федерация: объём, съезд, подъезд'],
  ['uk', 'uk-UA', 'Україна: поліція і співпраця, ґанок, їжа'],
  ['sr', 'sr-Cyrl-RS', 'Србија: полиција и сарадња, ђ ћ џ'],
  ['mk', 'mk-MK', 'Македонија: ѓ ќ ѕ љ њ'],
  ['kk', 'kk-KZ', 'Қазақстан: ә ғ қ ң ө ұ ү һ і'],
  ['el', 'el-GR', 'Ελληνική Αστυνομία: συνεργασία'],
  ['hy', 'hy-AM', 'Հայաստանի ոստիկանություն'],
  ['ka', 'ka-GE', 'საქართველოს პოლიცია'],
  ['lv', 'lv-LV', 'Latvijas Valsts policija: sadarbība, ķēde, ņemt, ģimene'],
  ['et', 'et-EE', 'Eesti politsei: koostöö, õigus, sõbralik'],
];

let room: TestRoom;

function normalised(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

async function exported(format: 'pdf' | 'docx' | 'html', docId = room.id, token = room.invites.observer.token): Promise<Buffer> {
  const response = await fetch(`${room.url}/api/documents/${docId}/export?format=${format}&variant=clean`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status, format).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

function pdfText(pdf: Buffer, name: string): string {
  if (!existsSync(PDFTOTEXT))
    throw new Error(`${PDFTOTEXT} is missing: install the Debian package poppler-utils (apt-get install -y poppler-utils)`);
  const file = join(room.server.dataDir, name);
  writeFileSync(file, pdf);
  return execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

function parseHtml(html: string): Document {
  const window = new Window();
  window.document.write(html);
  return window.document as unknown as Document;
}

/** word/document.xml's paragraphs: Word's number, the text of their runs, and each run's w:lang. */
function wordParagraphs(docx: Buffer) {
  const files = unzipSync(new Uint8Array(docx));
  const xml = strFromU8(files['word/document.xml']!);
  const numberOf = wordNumbering(files);
  return {
    files,
    paragraphs: [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([paragraph]) => {
      const runs = [...paragraph.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map(([, run]) => ({
        text: [...run!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
          .map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&apos;/g, "'"))
          .join(''),
        lang: /<w:lang w:val="([^"]+)"\/>/.exec(run!)?.[1] ?? null,
      }));
      return { xml: paragraph, number: numberOf(paragraph), text: runs.map((r) => r.text).join(''), runs };
    }),
  };
}

beforeAll(async () => {
  room = await openTestRoom({ title: 'Co-operation in every script', language: 'en' });
  return room.close;
});
beforeAll(async () => {
  const writer = room.connect(room.invites.expert.token, { name: 'Writer', delegation: 'Testland' });
  await synced(writer);
  const fragment = writer.doc.getXmlFragment('default');
  writer.doc.transact(() => {
    textIn(fragment.get(0) as Y.XmlElement).insert(0, 'The participating States agreed on the following.');
    fragment.insert(
      1,
      SENTENCES.map(([lang, , sentence]) => newParagraph(sentence, { lang })),
    );
  });
  await waitFor(
    async () => (await blocks(room.url, room.id, room.invites.observer.token)).length === SENTENCES.length + 1,
    'every paragraph on the server',
  );
});

describe('[X6] the PDF keeps every script', () => {
  it('pdftotext reads every sentence back exactly, each under its paragraph number', async () => {
    const text = normalised(pdfText(await exported('pdf'), 'scripts.pdf'));
    for (const [index, [, , sentence]] of SENTENCES.entries()) expect(text, sentence).toContain(`${index + 2}. ${sentence}`);
    expect(text).toContain('Original: English');
    expect(text).not.toContain('Characters outside');
  });

  it('a character no font has shows as U+FFFD and the header says so; the rest of the paragraph stays exact', async () => {
    const created = await api(room.url, 'POST', '/api/documents', ADMIN_TOKEN, {
      title: 'Emoji',
      language: 'ru',
      timeZone: 'Asia/Almaty',
    });
    const other = created.json as CreatedDocument;
    const client = connect(room.wsUrl, other.id, other.invites.expert.token, { name: 'Writer', delegation: 'Testland' });
    try {
      await synced(client);
      textIn(client.doc.getXmlFragment('default').get(0) as Y.XmlElement).insert(0, 'Согласовано 👍🏽 — 中文');
      await waitFor(
        async () => (await blocks(room.url, other.id, other.invites.observer.token))[0]?.text === 'Согласовано 👍🏽 — 中文',
        'the text on the server',
      );
      const text = normalised(pdfText(await exported('pdf', other.id, other.invites.observer.token), 'emoji.pdf'));
      expect(text).toContain('1. Согласовано \uFFFD — \uFFFD\uFFFD');
      expect(text).toContain('Original: русский');
      expect(text, 'the date names the room’s zone').toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} \(Asia\/Almaty\)/);
      expect(text).toContain(
        'Characters outside the scripts this PDF supports are shown as \uFFFD; the DOCX, HTML and Markdown exports keep them.',
      );
      const { paragraphs } = wordParagraphs(await exported('docx', other.id, other.invites.observer.token));
      expect(paragraphs.some((p) => p.text === 'Согласовано 👍🏽 — 中文')).toBe(true);
    } finally {
      client.destroy();
    }
  });
});

describe('[X5] [X7] the Word file', () => {
  it('holds every sentence exactly, each run in its paragraph’s language, numbered by Word with the room’s numbers', async () => {
    const { files, paragraphs } = wordParagraphs(await exported('docx'));
    for (const [index, [, wordLang, sentence]] of SENTENCES.entries()) {
      const paragraph = paragraphs.find((p) => p.text === sentence);
      expect(paragraph, sentence).toBeDefined();
      expect(
        paragraph!.runs.every((run) => run.lang === wordLang),
        `${sentence}: ${JSON.stringify(paragraph!.runs)}`,
      ).toBe(true);
      expect(paragraph!.xml).toMatch(/<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr>/);
      expect(paragraph!.number, sentence).toBe(index + 2);
      expect(paragraph!.text, 'no literal number before the text').not.toMatch(/^\d+\./);
    }
    const first = paragraphs.find((p) => p.text.startsWith('The participating States'))!;
    expect(first.number).toBe(1);
    expect(first.runs.every((run) => run.lang === 'en-GB')).toBe(true);
    const numbering = strFromU8(files['word/numbering.xml']!);
    expect(numbering).toMatch(/<w:numFmt w:val="decimal"\/>[\s\S]*?<w:lvlText w:val="%1\."\/>/);
    expect(strFromU8(files['word/styles.xml']!)).toMatch(/<w:rPrDefault><w:rPr>[\s\S]*?<w:lang w:val="en-GB"\/>/);
  });
});

describe('[X5] the HTML page', () => {
  it('is in the room’s language, and each paragraph of another carries its lang, with the text exact', async () => {
    const document = parseHtml((await exported('html')).toString('utf8'));
    expect(document.documentElement.getAttribute('lang')).toBe('en');
    for (const [lang, , sentence] of SENTENCES) {
      const element = [...document.querySelectorAll('p')].find((p) => p.textContent === sentence);
      expect(element, sentence).toBeDefined();
      expect(element!.getAttribute('lang')).toBe(lang);
    }
    expect(document.querySelector('.original')!.textContent).toBe('Original: English');
  });
});

describe('[X5] a Russian paragraph in an English room', () => {
  it('comes out marked as Russian in HTML and DOCX, in a page and a document that stay English', async () => {
    const created = await api(room.url, 'POST', '/api/documents', ADMIN_TOKEN, { title: 'Mixed' });
    const mixed = created.json as CreatedDocument;
    const client = connect(room.wsUrl, mixed.id, mixed.invites.expert.token, { name: 'Writer', delegation: 'Testland' });
    try {
      await synced(client);
      const fragment = client.doc.getXmlFragment('default');
      client.doc.transact(() => {
        textIn(fragment.get(0) as Y.XmlElement).insert(0, 'The meeting welcomed the report.');
        fragment.insert(1, [newParagraph('Совещание приветствовало доклад.', { lang: 'ru' })]);
      });
      await waitFor(
        async () => (await blocks(room.url, mixed.id, mixed.invites.observer.token)).length === 2,
        'both paragraphs on the server',
      );
      const token = mixed.invites.observer.token;
      const document = parseHtml((await exported('html', mixed.id, token)).toString('utf8'));
      expect(document.documentElement.getAttribute('lang')).toBe('en');
      const russian = [...document.querySelectorAll('p')].find((p) => p.textContent === 'Совещание приветствовало доклад.')!;
      expect(russian.getAttribute('lang')).toBe('ru');
      const english = [...document.querySelectorAll('p')].find((p) => p.textContent === 'The meeting welcomed the report.')!;
      expect(english.hasAttribute('lang')).toBe(false);
      const { paragraphs } = wordParagraphs(await exported('docx', mixed.id, token));
      expect(paragraphs.find((p) => p.text === 'Совещание приветствовало доклад.')!.runs.map((r) => r.lang)).toEqual(['ru-RU']);
      expect(paragraphs.find((p) => p.text === 'The meeting welcomed the report.')!.runs.map((r) => r.lang)).toEqual(['en-GB']);
    } finally {
      client.destroy();
    }
  });
});
