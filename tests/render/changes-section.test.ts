// "Changes since Q3 2017-18" in the report sheet, the Word report and the HTML (preview and Copy report): the counts,
// the lists worded for a reader, and the entries' change notes; absent when there is no previous period.
import JSZip from 'jszip';
import type { Changes } from '../../src/domain/changes-model';
import { ReportSchema, type Report } from '../../src/domain/report-model';
import { changeNoteIndex, changesSection } from '../../src/render/changes-text';
import { reportDocxBytes } from '../../src/adapters/docx/write-docx';
import { renderReportHtml } from '../../src/render/report-html';
import { renderReportSheet } from '../../src/render/report-sheet';
import { sampleReport, sampleReportOn } from './sample-data';
import { COLUMN_MILESTONE } from '../../src/render/report-text';
import { DCA5_SCALE, DELIVERY_SCALE } from '../../src/domain/status-scale';

const Q = (quarter: 'Q1' | 'Q2' | 'Q3' | 'Q4', financialYear = '2017-18') => ({ quarter, financialYear });

/** KC-01 recovered, HC-01 delivered, KC-03 newly delayed, KC-02's due moved, NEW-1 new, OLD-1 dropped. */
function withChanges(): Report {
  const changes: Changes = {
    previous: { source: 'q3.xlsx', quarter: 'Q3', financialYear: '2017-18' },
    matched: 5,
    new: ['NEW-1'],
    dropped: ['OLD-1'],
    statusChanges: [
      { id: 'KC-01', milestone: 'Subject to BCU roll out, provide an extra 400 officers protecting vulnerable people', from: 'some-delay', to: 'on-track', direction: 'better', kind: 'recovered' },
      { id: 'KC-03', milestone: 'Review arrangements and future needs for juveniles in detention', from: 'on-track', to: 'some-delay', direction: 'worse', kind: 'delayed' },
      { id: 'HC-01', milestone: 'Review the Online Hate Crime Hub in light of the first year evaluation and agree next steps', from: 'on-track', to: 'delivered', direction: 'better', kind: 'delivered' },
    ],
    dueChanges: [{ id: 'KC-02', milestone: 'Subject to BCU roll out, deploy 600 Safer Schools Officers', from: Q('Q3'), to: Q('Q4'), direction: 'later' }],
    wordingMatches: [{ id: 'HC-01', previousId: 'Tracker-14', match: 'similar', similarity: 0.9 }],
    ambiguous: [],
    newMilestones: [{ id: 'NEW-1', milestone: 'Open the east London custody suite', due: Q('Q1', '2018-19') }],
    droppedMilestones: [{ id: 'OLD-1', milestone: 'Close the Hendon annex', status: 'on-track' }],
    counts: { deliveredSince: 1, newlyDelayed: 1, recovered: 1, dueMoved: 1, new: 1, dropped: 1 },
  };
  return ReportSchema.parse({ ...sampleReport(), changes });
}

describe('the words of the changes section', () => {
  const s = changesSection(withChanges())!;

  test('title, counts and the lists, worded for a reader', () => {
    expect(s.title).toBe('Changes since Q3 2017-18');
    expect(s.intro).toBe('Compared with the Q3 2017-18 report (q3.xlsx): 5 milestones are in both.');
    expect(s.counts.map((c) => `${c.label}: ${c.count}`)).toEqual([
      'Delivered since Q3: 1', 'Newly delayed: 1', 'Recovered: 1', 'Due date moved: 1', 'New: 1', 'Dropped: 1',
    ]);
    expect(s.groups.map((g) => [g.heading, g.items.map((i) => `${i.milestone} ${i.change}`)])).toEqual([
      ['Delivered since Q3', ['“Review the Online Hate Crime Hub in light of the first year evaluation and agree next steps” Delivered; was on track in Q3.']],
      ['Newly delayed', ['“Review arrangements and future needs for juveniles in detention” Now has some delay; was on track in Q3.']],
      ['Recovered', ['“Subject to BCU roll out, provide an extra 400 officers protecting vulnerable people” Now on track; had some delay in Q3.']],
      ['Due date moved', ['“Subject to BCU roll out, deploy 600 Safer Schools Officers” Now due Q4 2017-18; was due Q3 2017-18 in Q3.']],
      ['New milestones', ['“Open the east London custody suite” New since Q3; due Q1 2018-19.']],
      ['Dropped milestones', ['“Close the Hendon annex” No longer in the tracker; was on track in Q3.']],
    ]);
    expect(s.notes).toEqual(['1 milestone was matched by similar wording: check it (listed in report.json).']);
  });

  test('entry notes', () => {
    const notes = changeNoteIndex(withChanges());
    expect(notes.get('KC-01')).toBe('Had some delay in Q3.');
    expect(notes.get('KC-02')).toBe('Due date moved from Q3.');
    expect(notes.get('NEW-1')).toBe('New since Q3.');
    expect(notes.has('HC-03')).toBe(false);
  });

  test('no previous period: no section, no notes', () => {
    expect(changesSection(sampleReport())).toBeUndefined();
    expect(changeNoteIndex(sampleReport()).size).toBe(0);
  });
});

describe('rendered', () => {
  test('HTML: the section before the entries; the note under the entry\'s update', () => {
    const html = renderReportHtml(withChanges());
    const at = html.indexOf('Changes since Q3 2017-18');
    expect(at).toBeGreaterThan(html.indexOf('Q4 milestones by status'));
    expect(at).toBeLessThan(html.indexOf('Keeping children and young people safe</h2>'));
    expect(html).toMatch(/color:#1F4E79;font-weight:bold">“Close the Hendon annex”<\/td><td[^>]*>No longer in the tracker; was on track in Q3\.<\/td>/);
    expect(html).toMatch(/The uplift will be complete at full BCU implementation\.<br><i data-change-note>Had some delay in Q3\.<\/i>/);
    expect(renderReportHtml(sampleReport())).not.toContain('Changes since');
  });

  test('HTML preview: each list stops at the preview\'s limit and says how many follow', () => {
    const r = withChanges();
    const c = r.changes!;
    c.newMilestones = [1, 2, 3].map((i) => ({ id: `N${i}`, milestone: `New milestone ${i}`, due: Q('Q1', '2018-19') }));
    const html = renderReportHtml(r, { maxEntries: 2 });
    expect(html).toContain('“New milestone 2”');
    expect(html).not.toContain('“New milestone 3”');
    expect(html).toContain('The preview lists 2 of these; 1 more follows in the report sheet, the Word report and Copy report.');
    expect(renderReportHtml(r)).toContain('“New milestone 3”');
  });

  test('Word: the section and the counts table; the note in italics in the entry\'s row', async () => {
    const zip = await JSZip.loadAsync(await reportDocxBytes(withChanges()));
    const doc = await zip.file('word/document.xml')!.async('string');
    expect(doc).toContain('>Changes since Q3 2017-18<');
    const rows = doc.split('<w:tr>').slice(1);
    expect(rows.find((r) => r.includes('>Delivered since Q3<'))).toMatch(/<w:t>1<\/w:t>/);
    const kc01 = rows.find((r) => r.includes('provide an extra 400 officers') && r.includes('Q4 milestone'))!;
    expect(kc01).toMatch(/<w:rPr><w:i\/><w:iCs\/><\/w:rPr><w:t xml:space="preserve">Had some delay in Q3\.<\/w:t>/);
    const plain = await JSZip.loadAsync(await reportDocxBytes(sampleReport()));
    expect(await plain.file('word/document.xml')!.async('string')).not.toContain('Changes since');
  });

  test('sheet: the section after the counts tables; the note on its own line in the update cell', () => {
    const layout = renderReportSheet(withChanges());
    const col0 = layout.rows.map((r) => r[0]);
    const title = col0.indexOf('Changes since Q3 2017-18');
    expect(title).toBeGreaterThan(col0.indexOf('Q4 milestones by status'));
    expect(layout.rows.slice(title).find((r) => r[0] === 'Due date moved')).toEqual(['Due date moved', 1, ...Array(layout.columnWidths.length - 2).fill(null)]);
    const entry = layout.rows.find((r) => typeof r[0] === 'string' && r[0].startsWith('Q4 milestone: “Subject to BCU roll out, provide'))!;
    expect(entry[1]).toBe('We are on track and ready to deliver this.\nThe uplift will be complete at full BCU implementation.\nHad some delay in Q3.');
    expect(renderReportSheet(sampleReport()).rows.some((r) => r[0] === 'Changes since Q3 2017-18')).toBe(false);
  });

  test('sheet: on the report\'s own geometry; a change spans B to the last column; every row measured', () => {
    for (const scale of [DELIVERY_SCALE, DCA5_SCALE]) {
      const changes = withChanges().changes!;
      changes.droppedMilestones[0]!.status = scale.entries[1]!.id;
      const layout = renderReportSheet(ReportSchema.parse({ ...sampleReportOn(scale), changes }));
      const last = layout.columnWidths.length - 1;
      const row = layout.rows.findIndex((x) => x[0] === '“Close the Hendon annex”');
      expect(layout.rows[row]![1]).toBe(`No longer in the tracker; was ${scale === DCA5_SCALE ? 'amber/green' : 'on track'} in Q3.`);
      expect(layout.merges).toContainEqual({ top: row, left: 1, bottom: row, right: last });
      const title = layout.rows.findIndex((x) => x[0] === 'Changes since Q3 2017-18');
      expect(layout.merges).toContainEqual({ top: title, left: 0, bottom: title, right: last });
      const header = layout.rows.findIndex((x) => x[0] === COLUMN_MILESTONE);
      for (let i = title; i < header; i++) if (layout.rows[i]!.some((v) => v !== null)) expect(layout.rowHeights?.[i]).toBeGreaterThan(0);
    }
  });

  test('Word: the section a Heading 2 like a priority, its lists Heading 3; no Heading 1 but the title', async () => {
    const zip = await JSZip.loadAsync(await reportDocxBytes(withChanges()));
    const doc = await zip.file('word/document.xml')!.async('string');
    const heading = (text: string) => new RegExp(`<w:pStyle w:val="(Heading\\d)"/>(?:(?!</w:p>).)*>${text}<`).exec(doc)?.[1];
    expect(heading('Changes since Q3 2017-18')).toBe('Heading2');
    expect(heading('Delivered since Q3')).toBe('Heading3');
    expect(heading('Dropped milestones')).toBe('Heading3');
    expect(doc.match(/<w:pStyle w:val="Heading1"\/>/g)).toHaveLength(1);
  });
});

describe('worded on the report\'s scale', () => {
  test('dca5: the labels ("was amber/red", "now amber/green")', () => {
    const r = withChanges();
    r.scale = DCA5_SCALE;
    r.changes!.statusChanges = [
      { id: 'KC-01', milestone: 'A', from: 'amber-red', to: 'amber-green', direction: 'better', kind: 'recovered' },
      { id: 'KC-03', milestone: 'B', from: 'amber', to: 'red', direction: 'worse', kind: 'delayed' },
    ];
    r.changes!.droppedMilestones = [{ id: 'OLD-1', milestone: 'C', status: 'green' }];
    const s = changesSection(r)!;
    const items = s.groups.flatMap((g) => g.items.map((i) => i.change));
    expect(items).toContain('Now amber/green; was amber/red in Q3.');
    expect(items).toContain('Now red; was amber in Q3.');
    expect(items).toContain('No longer in the tracker; was green in Q3.');
    expect(changeNoteIndex(r).get('KC-03')).toBe('Was amber in Q3.');
  });

  test('dca5 has no delivered status: the counts leave out "Delivered since", in the Word file and the HTML preview', async () => {
    const r = ReportSchema.parse({ ...sampleReportOn(DCA5_SCALE), changes: withChanges().changes });
    r.changes!.statusChanges = [{ id: 'KC-03', milestone: 'B', from: 'amber', to: 'red', direction: 'worse', kind: 'delayed' }];
    r.changes!.counts = { deliveredSince: 0, newlyDelayed: 1, recovered: 0, dueMoved: 1, new: 1, dropped: 1 };
    expect(changesSection(r)!.counts.map((c) => c.label)).toEqual(['Newly delayed', 'Recovered', 'Due date moved', 'New', 'Dropped']);
    const doc = await (await JSZip.loadAsync(await reportDocxBytes(r))).file('word/document.xml')!.async('string');
    expect(doc).toContain('>Newly delayed<');
    expect(doc).not.toContain('Delivered since');
    expect(renderReportHtml(r)).not.toContain('Delivered since');
  });
});
