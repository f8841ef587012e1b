import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameKey, nameKeys, nameSkeleton, SimilarNameSet, similarNames } from '../../shared/duplicates';

describe('similar names (the softer duplicate rule)', () => {
  it('keys a name by its folded words in order, so word order, case, spacing and marks do not matter', () => {
    expect(nameKey('Mohamed Ali')).toBe('ali mohamed');
    expect(nameKey('  ALI   mohamed. ')).toBe('ali mohamed');
    expect(nameKey('José Núñez')).toBe('jose nunez');
    expect(nameKey('أحمد   حسن')).toBe(nameKey('احمد حسن'));
    expect(nameKey('مُحَمَّد')).toBe('محمد');
    expect(nameKey('سارة')).toBe(nameKey('ساره'));
    expect(nameKey('...')).toBe('');
  });

  it.each([
    ['Mohamed Ali', 'ali mohamed'],
    ['Mohamed', 'Mohammed'],
    ['Ahmed', 'Ahmad'],
    ['Ahmed Hassan', 'Ahmad Hasan'],
    ['Sara', 'Sarah'],
    ['Osama Adel', 'Usama Adel'],
    ['Ahmed Fathy', 'Ahmed Fathi'],
    ['Youssef Kamal', 'Yousef Kamal'],
    ['Mostafa Saleh', 'Moustafa Saleh'],
    ['إسراء نبيل', 'اسراء نبيل'],
    ['هبة جمال', 'هبه جمال'],
  ])('%s ~ %s', (a, b) => {
    expect(similarNames(a, b)).toBe(true);
    expect(similarNames(b, a)).toBe(true);
  });

  it.each([
    ['Mohamed Hassan', 'Mahmoud Hassan', 'different names with the same consonants'],
    ['Omar', 'Amr', 'short names must be equal'],
    ['Sara Ali', 'Sama Ali', 'a different consonant'],
    ['محمد علي', 'محمود علي', 'Arabic writes no short vowels: a letter more is another name'],
    ['عمر', 'عمرو', 'Omar and Amr'],
    ['Mohamed Ali', 'Mohamed Ali Hassan', 'an extra word'],
    ['Mohamed', 'محمد', 'Latin against Arabic spelling'],
    ['...', '...', 'no letters at all'],
  ])('%s is not %s (%s)', (a, b) => {
    expect(similarNames(a, b)).toBe(false);
  });

  it('is symmetric, and a name is always similar to itself in any word order', () => {
    const word = fc.stringMatching(/^[a-zA-Zأحمدسنعلي]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), fc.array(word, { minLength: 1, maxLength: 3 }), (x, y) => {
        const [a, b] = [x.join(' '), y.join(' ')];
        expect(similarNames(a, b)).toBe(similarNames(b, a));
        expect(similarNames(a, [...x].reverse().join('  '))).toBe(nameKey(a) !== '');
      }),
    );
  });

  it('gives similar names one skeleton, the blocking key the database indexes', () => {
    expect(nameSkeleton(nameKey('Mohammed Hasan'))).toBe(nameSkeleton(nameKey('Mohamed Hassan')));
    expect(nameKeys('Mohammed Hasan')).toEqual({ key: 'hasan mohammed', skeleton: nameSkeleton('hasan mohammed') });
    expect(nameKeys('!!')).toEqual({ key: '', skeleton: '' });
  });

  it('a set of names answers "is any similar?" by the same rule', () => {
    const names = new SimilarNameSet();
    for (const name of ['Mohamed Ali', 'سارة عادل', 'Karim']) names.add(nameKeys(name));
    expect(names.hasSimilar(nameKeys('ali mohammed'))).toBe(true);
    expect(names.hasSimilar(nameKeys('ساره عادل'))).toBe(true);
    expect(names.hasSimilar(nameKeys('Karem'))).toBe(true);
    expect(names.hasSimilar(nameKeys('Mahmoud Ali'))).toBe(false);
    expect(names.hasSimilar(nameKeys('Karim Saleh'))).toBe(false);
    expect(names.hasSimilar(nameKeys('?'))).toBe(false);
  });
});
