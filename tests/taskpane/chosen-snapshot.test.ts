// Which published report Compare with… uses: none, the default, or the one chosen by hand, which stays chosen when the
// list is read again from the register.xlsx just published (new keys, the same snapshot ids).
import { chosenSnapshotKey } from '../../src/taskpane/app';
import type { PublishedItem } from '../../src/taskpane/pane-host';

const item = (key: string, id: string, quarter: 'Q2' | 'Q3'): PublishedItem => ({
  key,
  ok: true,
  header: { id, publishedAt: `2018-0${quarter === 'Q2' ? 1 : 4}-15T10:00:00.000Z`, period: { quarter, financialYear: '2017-18' }, rows: 45 },
});
const chosenFile = [item('1:customXml/item1.xml', 'Q2-ID', 'Q2'), item('1:customXml/item2.xml', 'Q3-ID', 'Q3')];
const publishedNow = [item('2:customXml/item1.xml', 'Q2-ID', 'Q2'), item('2:customXml/item2.xml', 'Q3-ID', 'Q3'), item('2:customXml/item3.xml', 'Q4-ID', 'Q3')];

test('none and the default', () => {
  expect(chosenSnapshotKey('', undefined, chosenFile, '1:customXml/item2.xml')).toBeUndefined();
  expect(chosenSnapshotKey('default', undefined, chosenFile, '1:customXml/item2.xml')).toBe('1:customXml/item2.xml');
});

test('the report chosen by hand, by its key', () => {
  expect(chosenSnapshotKey('1:customXml/item1.xml', 'Q2-ID', chosenFile, '1:customXml/item2.xml')).toBe('1:customXml/item1.xml');
});

test('after publishing, the list read from the new register.xlsx: the same report, found by its id under its new key', () => {
  expect(chosenSnapshotKey('1:customXml/item1.xml', 'Q2-ID', publishedNow, '2:customXml/item2.xml')).toBe('2:customXml/item1.xml');
});

test('a chosen report that is no longer listed gives way to the default', () => {
  expect(chosenSnapshotKey('1:customXml/item1.xml', 'Q2-ID', publishedNow.slice(1), '2:customXml/item2.xml')).toBe('2:customXml/item2.xml');
});
