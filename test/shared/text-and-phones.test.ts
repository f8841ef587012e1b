import { describe, expect, it } from 'vitest';
import { normalizePhone, looksLikePhone } from '../../shared/phone';
import { normalizeSearchText, phoneSearchTokens } from '../../shared/search-text';
import { followUpRange } from '../../shared/follow-up';

describe('phone normalisation', () => {
  it.each([
    ['01012345678', '+201012345678'],
    ['+20 10 1234 5678', '+201012345678'],
    ['00201012345678', '+201012345678'],
    ['010-1234-5678', '+201012345678'],
    ['٠١٠١٢٣٤٥٦٧٨', '+201012345678'],
    ['۰۱۰۱۲۳۴۵۶۷۸', '+201012345678'],
    ['0223456789', '+20223456789'],
    ['+1 415 555 0100', '+14155550100'],
  ])('%s becomes %s', (raw, e164) => {
    expect(normalizePhone(raw)).toEqual({ raw, e164 });
  });

  it('keeps what cannot be a phone as typed, with no E.164 form', () => {
    expect(normalizePhone(' 12345 ')).toEqual({ raw: '12345', e164: null });
    expect(normalizePhone('call after 5')).toEqual({ raw: 'call after 5', e164: null });
  });

  it('recognises phone-like queries', () => {
    expect(looksLikePhone('+20 10 1234')).toBe(true);
    expect(looksLikePhone('5678')).toBe(true);
    expect(looksLikePhone('Ahmed 5')).toBe(false);
  });

  it('indexes full digits, the local form and the reversed digits', () => {
    expect(phoneSearchTokens([normalizePhone('01012345678')])).toEqual({
      forward: '201012345678 01012345678',
      reversed: '876543210102',
    });
  });
});

describe('search text normaliser', () => {
  it('folds Latin case and accents', () => {
    expect(normalizeSearchText('Ÿvette ÉLÈVE Ñandú')).toBe('yvette eleve nandu');
  });
  it('folds Arabic forms the way people type them', () => {
    expect(normalizeSearchText('أَحْمَد')).toBe('احمد');
    expect(normalizeSearchText('إسراء آمنة')).toBe('اسراء امنه');
    expect(normalizeSearchText('مصطفى')).toBe('مصطفي');
    expect(normalizeSearchText('مـحـمـد')).toBe('محمد');
    expect(normalizeSearchText('رحمٰن')).toBe('رحمن');
  });
});

describe('follow-up windows', () => {
  it('today runs from local midnight to the next local midnight', () => {
    const now = new Date(2026, 5, 15, 23, 30);
    const range = followUpRange('today', now);
    expect(new Date(range.from!).getHours()).toBe(0);
    expect(new Date(range.from!).getDate()).toBe(15);
    expect(new Date(range.to).getDate()).toBe(16);
    expect(followUpRange('overdue', now)).toEqual({ from: null, to: now.toISOString() });
    expect(new Date(followUpRange('week', now).to).getDate()).toBe(22);
  });
});

describe('fast paths agree with the general rules', () => {
  it('Egyptian mobiles in any common format normalise as libphonenumber would', async () => {
    const fc = (await import('fast-check')).default;
    const { parsePhoneNumberFromString } = await import('libphonenumber-js/min');
    fc.assert(
      fc.property(
        fc.constantFrom('10', '11', '12', '15'),
        fc.stringMatching(/^\d{8}$/),
        fc.constantFrom('0', '+20', '0020', '+20 ', '0 '),
        fc.constantFrom('', ' ', '-'),
        (operator, rest, prefix, sep) => {
          const raw = `${prefix}${operator}${sep}${rest.slice(0, 4)}${sep}${rest.slice(4)}`;
          expect(normalizePhone(raw).e164).toBe(parsePhoneNumberFromString(raw, 'EG')?.number);
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });

  it('Arabic text without Latin accents folds the same with or without decomposition', () => {
    const samples = ['مسؤول', 'رئيس', 'أَحْمَد', 'إسراء', 'مصطفى', 'فاطمة', 'آمنة'];
    for (const text of samples) {
      const slow = normalizeSearchText(text + ' é').replace(/ e$/, '');
      expect(normalizeSearchText(text)).toBe(slow);
    }
  });
});
