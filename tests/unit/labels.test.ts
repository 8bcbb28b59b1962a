/**
 * The label rule both sides apply (shared/labels.ts, PROTOCOL.md N1) and the pasted invite
 * list (shared/inviteList.ts, N3), without a server: what is cleaned, what is refused, and
 * what ordinary names and delegations pass untouched.
 */
import { describe, expect, it } from 'vitest';
import { checkLabel, cleanLabel, reservedLabelIn } from '../../shared/labels.js';
import { parseInviteList } from '../../shared/inviteList.js';
import { PARTICIPATING_STATES } from '../fixtures/participatingStates.js';

describe('[N1] the label rule', () => {
  it('[N1] takes out bidi controls, invisible format characters, controls, non-characters and lone surrogates, and collapses whitespace', () => {
    const invisible = [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200E',
      '\u200F',
      '\u061C',
      '\u200B',
      '\u200C',
      '\u200D',
      '\u2060',
      '\u2061',
      '\u2062',
      '\u2063',
      '\u2064',
      '\uFEFF',
      '\u00AD',
      '\u180E',
      '\u3164',
      '\uFE0F',
      '\u{E0041}',
      '\u0000',
      '\u001B',
      '\u007F',
      '\u0080',
      '\u009B',
      '\u009F',
      '\uFDD0',
      '\uFDEF',
      '\uFFFE',
      '\uFFFF',
      '\u{1FFFE}',
      '\u{10FFFF}',
      '\uD800',
      '\uDFFF',
    ];
    for (const char of invisible) expect(cleanLabel(`Anna${char} Novak${char}`), JSON.stringify(char)).toBe('Anna Novak');
    expect(cleanLabel('  Anna\t\n\u00A0\u3000 Novak  ')).toBe('Anna Novak');
    // Composed and decomposed forms compare equal afterwards.
    expect(cleanLabel('O\u0308sterreich')).toBe('Österreich');
  });

  it('[N1] refuses the server’s own labels, in any case and with look-alike tricks, but not names that merely contain them', () => {
    for (const forged of [
      'Administrator',
      ' administrator. ',
      'ADMIN',
      'A d m i n',
      'Admin.istrator',
      'Аdministrator',
      'Ａｄｍｉｎ',
      'Adm1n1strator',
      'Adm!n',
      '@dmin',
      'Ádmínístrátor',
      'Draftroom',
      'SYSTEM',
      'Server!',
      'Chair',
      'Moderator',
      'The Moderator',
      'Senior Adviser',
      'SeniorAdviser',
      'Draftroom Administrator',
      'Anna Novak, Chair',
      'Anna Novak — Moderator',
    ]) {
      const check = checkLabel(forged, 'name');
      expect(check.ok, forged).toBe(false);
      expect(reservedLabelIn(cleanLabel(forged)), forged).not.toBeNull();
    }
    for (const fine of [
      'Anna Novak',
      'Mo Derator',
      'Elihu Root',
      'Jean-Pierre Dupont',
      'Anna „Ani“ Novak',
      'expert client',
      'Modérateur',
    ]) {
      expect(checkLabel(fine, 'name'), fine).toEqual({ ok: true, value: fine });
    }
    for (const delegation of [...PARTICIPATING_STATES, 'Chairmanship', 'OSCE Secretariat (TNTD/SPMU)', 'Interpol', 'Afghanistan']) {
      expect(checkLabel(delegation, 'delegation'), delegation).toEqual({ ok: true, value: delegation });
    }
    expect(checkLabel('Annual Police Experts Meeting — closing session: draft conclusions', 'title').ok).toBe(true);
    expect(checkLabel('Draftroom', 'title').ok).toBe(false);
  });

  it('[N1] bounds lengths after cleaning, needs a letter or digit, and keeps brackets out of names only', () => {
    expect(checkLabel('A'.repeat(80), 'name').ok).toBe(true);
    expect(checkLabel('A'.repeat(81), 'name')).toMatchObject({
      ok: false,
      problem: 'A name can have at most 80 characters; this one has 81.',
    });
    expect(checkLabel(`${'A'.repeat(80)}\u200B\u200B`, 'name').ok).toBe(true);
    // Characters are counted as people count them: a flag is two code points, not four UTF-16 units.
    expect(checkLabel(`Austria ${'🇦🇹'.repeat(36)}`, 'delegation').ok).toBe(true);
    expect(checkLabel(`Austria ${'🇦🇹'.repeat(37)}`, 'delegation').ok).toBe(false);
    expect(checkLabel('T'.repeat(201), 'title').ok).toBe(false);
    expect(checkLabel('...', 'name').ok).toBe(false);
    expect(checkLabel('\u202E\u200B', 'name')).toEqual({ ok: true, value: '' });
    expect(checkLabel('Anna (Austria)', 'name').ok).toBe(false);
    expect(checkLabel('Anna ［Austria］', 'name').ok).toBe(false);
  });
});

describe('[N3] the pasted list of delegations', () => {
  it('[N3] reads "Delegation", "Name, Delegation" and "Name — Delegation"; ignores empty lines; reports refusals and repeats by line', () => {
    const parsed = parseInviteList(
      [
        'Austria',
        '',
        'Jean Dupont, France',
        'Karl Weber — Germany',
        'Lena Berg - Sweden',
        'austria',
        'Administrator, Spain',
        '— Korea, Republic of',
        'Ola\tNorway',
        ' \u200B ',
      ].join('\n'),
    );
    expect(parsed.entries.map((e) => [e.line, e.name, e.delegation])).toEqual([
      [1, null, 'Austria'],
      [3, 'Jean Dupont', 'France'],
      [4, 'Karl Weber', 'Germany'],
      [5, 'Lena Berg', 'Sweden'],
      [8, null, 'Korea, Republic of'],
      [9, 'Ola', 'Norway'],
    ]);
    expect(parsed.problems.map((p) => [p.line, p.code, p.sameAsLine])).toEqual([
      [6, 'E_DUPLICATE', 1],
      [7, 'E_LABEL_REFUSED', undefined],
    ]);
    expect(parsed.lineCount).toBe(8);
  });
});
