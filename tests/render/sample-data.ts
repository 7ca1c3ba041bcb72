// Hand-built registers and reports shaped like the reference report (Met Police Q4 2017-18), validated by the schemas.
import type { Changes } from '../../src/domain/changes-model';
import { MilestoneSchema, type Milestone } from '../../src/domain/milestone';
import { ReportSchema, type Report, type ReportEntry } from '../../src/domain/report-model';
import { deliveredId, DELIVERY_SCALE, type StatusId, type StatusScale } from '../../src/domain/status-scale';

export function sampleRegister(): Milestone[] {
  const rows: Milestone[] = [
    {
      id: 'KC-01', priority: 'Keeping children and young people safe', theme: 'Child protection',
      milestone: 'Demonstrate robust progress on Child Protection processes, performance management and through cases audit based on HMICFRS methodology',
      owner: 'DAC Frontline', due: { quarter: 'Q4', financialYear: '2017-18' }, status: 'on-track',
      update: 'In Quarter 4, the percentage of cases graded inadequate fell:\nJanuary: 52 per cent\nMarch: 11 per cent',
      history: [
        { quarter: 'Q3', financialYear: '2017-18', status: 'on-track', update: 'Audit baseline set.' },
        { quarter: 'Q4', financialYear: '2017-18', status: 'on-track', update: 'Cases graded inadequate fell to 11 per cent.' },
      ],
      source: { sheet: 'Tracker', row: 8 },
    },
    {
      id: 'KC-02', priority: 'Keeping children and young people safe', theme: 'Child protection',
      milestone: 'Review arrangements and future needs for juveniles in detention',
      owner: 'Met Detention', due: { quarter: 'Q2', financialYear: '2017-18' }, status: 'some-delay',
      update: 'A pan-London concordat has been drafted but is yet to be agreed across all boroughs.',
      history: [
        { quarter: 'Q2', financialYear: '2017-18', status: 'some-delay', update: 'Task-and-finish group set up.' },
        { quarter: 'Q3', financialYear: '2017-18', status: 'some-delay' },
      ],
      source: { sheet: 'Tracker', row: 9 },
    },
    {
      id: 'HC-01', priority: 'Making London safer', theme: 'Tackling hate crime',
      milestone: '=HYPERLINK("http://evil")', owner: '+44 20 7230 1212', due: { quarter: 'Q3', financialYear: '2017-18' },
      status: 'delivered', update: '@mention and -5 stay text',
      completed: { quarter: 'Q3', financialYear: '2017-18' },
      history: [], source: { sheet: 'Area 2 (North)', row: 14 },
    },
    {
      id: 'HC-02', priority: 'Making London safer', theme: 'Tackling hate crime',
      milestone: 'Review the Online Hate Crime Hub', owner: 'Specialist Crime', due: { quarter: 'Q1', financialYear: '2018-19' },
      update: '', history: [], source: { sheet: 'Tracker', row: 15 },
    },
  ];
  return rows.map((m) => MilestoneSchema.parse(m));
}

function entry(e: Partial<ReportEntry> & Pick<ReportEntry, 'id' | 'milestone' | 'kind'>): ReportEntry {
  return {
    dueQuarter: 'Q4', dueFinancialYear: '2017-18', update: '', owner: 'Owner', source: { sheet: 'Tracker', row: 2 },
    ...e,
  };
}

export function sampleReport(): Report {
  const report: Report = {
    quarter: 'Q4', financialYear: '2017-18', asAt: '2018-03-31',
    sections: [
      {
        priority: 'Keeping children and young people safe',
        summary: { delivered: 0, 'on-track': 2, 'some-delay': 0 },
        delayedSummary: { delivered: 0, 'on-track': 0, 'some-delay': 1 },
        themes: [
          {
            theme: 'Child protection',
            entries: [
              entry({
                id: 'KC-01', kind: 'due', status: 'on-track',
                milestone: 'Subject to BCU roll out, provide an extra 400 officers protecting vulnerable people',
                update: 'We are on track and ready to deliver this.\nThe uplift will be complete at full BCU implementation.',
                source: { sheet: 'Tracker', row: 8 },
              }),
              entry({
                id: 'KC-02', kind: 'due', status: 'on-track',
                milestone: 'Subject to BCU roll out, deploy 600 Safer Schools Officers',
                update: 'As at February, 319 were already in place.', source: { sheet: 'Tracker', row: 9 },
              }),
              entry({
                id: 'KC-03', kind: 'delayed-update', status: 'some-delay', dueQuarter: 'Q2',
                milestone: 'Review arrangements and future needs for juveniles in detention, including provision of health services and appropriate adults.',
                update: 'A pan-London concordat has been drafted but is yet to be agreed across all boroughs.',
                source: { sheet: 'Tracker', row: 10 },
              }),
            ],
          },
        ],
      },
      {
        priority: 'Making London safer',
        summary: { delivered: 1, 'on-track': 0, 'some-delay': 0 },
        delayedSummary: { delivered: 0, 'on-track': 0, 'some-delay': 1 },
        themes: [
          {
            theme: 'Tackling hate crime',
            entries: [
              entry({
                id: 'HC-01', kind: 'due', status: 'delivered',
                milestone: 'Review the Online Hate Crime Hub in light of the first year evaluation and agree next steps',
                update: '<script>alert("x")</script> & =SUM(A1:A3) stays text', source: { sheet: 'Tracker', row: 14 },
              }),
              entry({
                id: 'HC-02', kind: 'delayed-update', status: 'some-delay', dueQuarter: 'Q3', dueFinancialYear: '2016-17',
                milestone: 'Female Genital Mutilation (FGM) action plan in place', update: '', source: { sheet: 'Tracker', row: 15 },
              }),
              entry({ id: 'HC-03', kind: 'due', milestone: 'Milestone with no status yet', update: 'No update given.' }),
            ],
          },
        ],
      },
    ],
    summary: { delivered: 1, 'on-track': 2, 'some-delay': 0 },
    delayedSummary: { delivered: 0, 'on-track': 0, 'some-delay': 2 },
    unassessed: 1,
    summarySentence: 'Of the 4 Q4 milestones, 1 was delivered, 2 are on track and 1 has no status. 2 earlier milestones were delayed: 2 have some delay.',
    issues: [],
    rows: { read: 6, inRegister: 6, withErrors: 0 },
  };
  return ReportSchema.parse(report);
}

export function emptyReport(): Report {
  return ReportSchema.parse({
    quarter: 'Q1', financialYear: '2018-19', asAt: '2018-06-30', sections: [],
    summary: { delivered: 0, 'on-track': 0, 'some-delay': 0 }, delayedSummary: { delivered: 0, 'on-track': 0, 'some-delay': 0 }, unassessed: 0,
    summarySentence: 'No milestones were due in Q1 2018-19.', issues: [], rows: { read: 0, inRegister: 0, withErrors: 0 },
  });
}

/** The delivery scale's statuses put onto another scale: delivered onto its delivered (or best) status, on track onto the next, some delay onto the worst. */
function mapStatus(scale: StatusScale, id: StatusId | undefined): StatusId | undefined {
  if (id === undefined) return undefined;
  const e = scale.entries;
  if (id === 'delivered') return deliveredId(scale) ?? e[0]!.id;
  return id === 'on-track' ? e[1]!.id : e[e.length - 1]!.id;
}

/** The sample register with its statuses on `scale`. */
export function sampleRegisterOn(scale: StatusScale): Milestone[] {
  if (scale === DELIVERY_SCALE) return sampleRegister();
  return sampleRegister().map((m) => {
    const status = mapStatus(scale, m.status);
    const history = m.history.map((h) => {
      const s = mapStatus(scale, h.status);
      const { status: _drop, ...rest } = h;
      return s === undefined ? rest : { ...rest, status: s };
    });
    const { status: _drop, ...rest } = m;
    return MilestoneSchema.parse({ ...rest, history, ...(status === undefined ? {} : { status }) });
  });
}

/**
 * The sample report on `scale`: the entries with a status take the scale's statuses in turn (five entries, so every
 * status of a built-in scale appears, on the due band or the delayed box), and the counts follow. The delivery scale
 * gives the sample as it is.
 */
export function sampleReportOn(scale: StatusScale): Report {
  const report = sampleReport();
  if (scale === DELIVERY_SCALE) return report;
  let next = 0;
  const zero = () => Object.fromEntries(scale.entries.map((s) => [s.id, 0])) as Record<StatusId, number>;
  const summary = zero();
  const delayedSummary = zero();
  for (const section of report.sections) {
    section.summary = zero();
    section.delayedSummary = zero();
    for (const theme of section.themes) {
      for (const entry of theme.entries) {
        if (entry.status === undefined) continue;
        const id = scale.entries[next++ % scale.entries.length]!.id;
        entry.status = id;
        const [mine, all] = entry.kind === 'due' ? [section.summary, summary] : [section.delayedSummary, delayedSummary];
        mine[id]!++;
        all[id]!++;
      }
    }
  }
  return ReportSchema.parse({ ...report, summary, delayedSummary, scale });
}

/**
 * A "changes since Q3" block for the sample report on `scale`, with every list filled: a status that worsened, one
 * that recovered, one delivered (where the scale has a delivered status), a due date moved, a new and a dropped
 * milestone; and the previous statuses the register's Change column compares with.
 */
export function sampleChangesOn(scale: StatusScale): { changes: Changes; previousStatus: Map<string, string | undefined> } {
  const e = scale.entries;
  const best = e[0]!.id;
  const worst = e[e.length - 1]!.id;
  const second = e[1]!.id;
  const delivered = deliveredId(scale);
  const statusChanges: Changes['statusChanges'] = [
    { id: 'KC-01', milestone: 'Demonstrate robust progress on Child Protection processes', from: second, to: worst, direction: 'worse', kind: 'delayed' },
    { id: 'KC-02', milestone: 'Review arrangements and future needs for juveniles in detention', from: worst, to: second, direction: 'better', kind: 'recovered' },
    ...(delivered ? [{ id: 'HC-01', milestone: 'Review the Online Hate Crime Hub', from: second, to: delivered, direction: 'better' as const, kind: 'delivered' as const }] : []),
  ];
  const changes: Changes = {
    previous: { source: 'q3.xlsx', quarter: 'Q3', financialYear: '2017-18' },
    matched: 3,
    new: ['HC-02'],
    dropped: ['OLD-1'],
    statusChanges,
    dueChanges: [{ id: 'KC-02', milestone: 'Review arrangements and future needs for juveniles in detention', from: { quarter: 'Q1', financialYear: '2017-18' }, to: { quarter: 'Q2', financialYear: '2017-18' }, direction: 'later' }],
    wordingMatches: [{ id: 'KC-01', previousId: 'Tracker-8', match: 'similar', similarity: 0.9 }],
    ambiguous: [],
    newMilestones: [{ id: 'HC-02', milestone: 'Review the Online Hate Crime Hub', due: { quarter: 'Q1', financialYear: '2018-19' } }],
    droppedMilestones: [{ id: 'OLD-1', milestone: 'Close the Hendon annex', status: best }],
    counts: { deliveredSince: delivered ? 1 : 0, newlyDelayed: 1, recovered: 1, dueMoved: 1, new: 1, dropped: 1 },
  };
  const previousStatus = new Map<string, string | undefined>([['KC-01', second], ['KC-02', worst], ['HC-01', second]]);
  return { changes, previousStatus };
}
