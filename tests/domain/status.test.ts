import { createStatusMatcher } from '../../src/domain/status';

describe('status wording onto the scale', () => {
  const m = createStatusMatcher({});
  test.each([
    ['Complete', 'delivered'], ['COMPLETED', 'delivered'], ['Done.', 'delivered'], ['✓', 'delivered'],
    ['Achieved', 'delivered'], ['Blue', 'delivered'],
    ['Green', 'on-track'], ['on target', 'on-track'], ['On-Track', 'on-track'], ['G', 'on-track'],
    ['Amber', 'some-delay'], ['Delayed', 'some-delay'], ['At risk', 'some-delay'], ['behind', 'some-delay'],
    ['Red', 'some-delay'], ['Some delay', 'some-delay'],
  ])('%s -> %s', (word, id) => {
    expect(m.match(word)).toBe(id);
  });

  test('unknown words are not guessed, but a suggestion is offered', () => {
    expect(m.match('TBC')).toBeUndefined();
    expect(m.match('Exempt under Section 43')).toBeUndefined();
    expect(m.match('Compelte')).toBeUndefined();
    expect(m.suggest('Compelte')?.status).toBe('delivered');
    expect(m.suggest('Amberish')?.status).toBe('some-delay');
    expect(m.suggest('xyzzy')).toBeUndefined();
  });

  test('configured synonyms extend and override the built-in wordings', () => {
    const c = createStatusMatcher({ statusSynonyms: { 'on-track': ['Not due'], 'some-delay': ['Overdue', 'Green'] } });
    expect(c.match('not due')).toBe('on-track');
    expect(c.match('Green')).toBe('some-delay');
    expect(c.match('Complete')).toBe('delivered');
  });
});
