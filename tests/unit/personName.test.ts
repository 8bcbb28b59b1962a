/**
 * A person's label never nests brackets: a delegation written with parentheses keeps them as
 * square brackets inside the label's own (issue 14). The label goes into records (who locked,
 * who decided) and every list, so one rule in shared/personName.ts serves them all.
 */
import { describe, expect, it } from 'vitest';
import { inParentheses, personName } from '../../shared/personName.js';

describe('person labels', () => {
  it('name a person with their delegation, or alone', () => {
    expect(personName('Maria Rossi', 'Chairmanship')).toBe('Maria Rossi (Chairmanship)');
    expect(personName('Maria Rossi', '')).toBe('Maria Rossi');
    expect(personName('Maria Rossi', null)).toBe('Maria Rossi');
  });

  it('never nest parentheses, however the delegation is written', () => {
    expect(personName('Marta Kowalska', 'Chairmanship (Malta)')).toBe('Marta Kowalska (Chairmanship [Malta])');
    expect(personName('Ana', 'OSCE (Secretariat (TNTD))')).toBe('Ana (OSCE [Secretariat [TNTD]])');
    expect(personName('Ana', 'Holy See)')).toBe('Ana (Holy See])');
    for (const delegation of ['Chairmanship (Malta)', '((()))', 'a(b)c)d(', 'Malta']) {
      const inner = personName('X', delegation).slice('X ('.length, -1);
      expect(inner).not.toMatch(/[()]/);
    }
  });

  it('a self-declared delegation is bracketed the same way before "(self-declared)" is added', () => {
    expect(inParentheses('Chairmanship (Malta)')).toBe('Chairmanship [Malta]');
    expect(inParentheses('France')).toBe('France');
  });
});
