// The milestone as the report quotes it: in curly quotes, never doubled, whatever quotes the tracker typed.
import { quotedMilestone } from '../../src/render/report-text';

test('a milestone is quoted once, the quotes and spaces the tracker put around it dropped', () => {
  expect(quotedMilestone('Deliver the plan')).toBe('“Deliver the plan”');
  expect(quotedMilestone('"Deliver the plan"')).toBe('“Deliver the plan”');
  expect(quotedMilestone('  “Deliver the plan”  ')).toBe('“Deliver the plan”');
  expect(quotedMilestone('““Deliver “the” plan””')).toBe('“Deliver “the” plan”');
  expect(quotedMilestone('Say "no" to X"')).toBe('“Say "no" to X”');
  expect(quotedMilestone('“a')).toBe('“a”');
  expect(quotedMilestone('b”')).toBe('“b”');
});

test('a milestone of only quotes or spaces is an empty quotation', () => {
  for (const text of ['', '"""', ' \t\n', '“”']) expect(quotedMilestone(text)).toBe('“”');
});
