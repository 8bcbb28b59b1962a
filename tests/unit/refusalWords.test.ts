/**
 * One wording table: the server's English notice for a refused change is the sentence the
 * page shows in English, taken from shared/locales/en, for every reason the server gives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { describe, expect, it } from 'vitest';
import { ErrorCode, type RefusalReason } from '../../shared/protocol.js';
import { refusalPlace, refusalWords } from '../../shared/refusalWords.js';
import { english } from '../../server/englishWords.js';

const REASONS: RefusalReason[] = [
  ErrorCode.readOnly,
  ErrorCode.locked,
  ErrorCode.serverAttribute,
  ErrorCode.invalid,
  ErrorCode.tooLarge,
  ErrorCode.saveFailed,
];
const table = (namespace: string) => JSON.parse(readFileSync(join(process.cwd(), 'shared/locales/en', `${namespace}.json`), 'utf8'));
const page = i18next.createInstance();
await page.use(ICU).init({ lng: 'en', resources: { en: { common: table('common'), notices: table('notices') } } });

describe('refusal words', () => {
  const cases = REASONS.flatMap((reason) => [
    { reason, blockId: 'b1', number: 3, lockedBy: 'Anna Novak (Austria)' },
    { reason, blockId: 'b2', number: null },
    { reason, blockId: undefined, number: undefined },
  ]);

  it.each(cases)('[W6] the server words $reason (block $blockId) as the page does in English', (refusal) => {
    const serverWhere = english(refusalPlace(refusal.blockId, refusal.number));
    const pagePlace = refusalPlace(refusal.blockId, refusal.number);
    const pageWhere = page.t(pagePlace.key, pagePlace.values ?? {});
    expect(serverWhere).toBe(pageWhere);
    const words = refusalWords(refusal, serverWhere);
    expect(words, `words for ${refusal.reason}`).not.toBeNull();
    const sentence = english(words!);
    expect(sentence).toBe(page.t(words!.key, words!.values ?? {}));
    expect(sentence).not.toMatch(/[{}]/);
  });

  it('names the paragraph and who locked it', () => {
    const words = refusalWords(
      { reason: ErrorCode.locked, blockId: 'b1', lockedBy: 'Anna Novak (Austria)' },
      english(refusalPlace('b1', 3)),
    );
    expect(english(words!)).toBe('Your change to paragraph 3 was undone: it is agreed and locked by Anna Novak (Austria).');
  });

  it('has no words for a reason it does not know, so the client falls back to the server’s', () => {
    expect(refusalWords({ reason: 'E_SOMETHING_NEW' }, 'the text')).toBeNull();
  });
});
