// Writes the tracker fixtures (tests/fixtures) and the demo tracker (samples/); each row's expected outcome is stated by hand beside it.
'use strict';

const fs = require('fs');
const path = require('path');
// exceljs packs with jszip; we re-pack with fixed entry dates so the bytes do not change between runs.

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
const SAMPLES = path.join(ROOT, 'samples');
const fixtureWorkbook = require('./fixture-workbook');

const day = (y, m, d) => new Date(Date.UTC(y, m - 1, d));
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3864' } };
const HEADER_FONT = { bold: true, color: { argb: 'FFFFFFFF' } };
const HEADING_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

function colLetter(index) {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
const addr = (row, col) => `${colLetter(col)}${row}`;

/** Excel's serial day number of a UTC date (1900 date system). */
const excelSerial = (date) => Math.round((date.getTime() - Date.UTC(1899, 11, 30)) / 86400000);

const newWorkbook = () => fixtureWorkbook.newWorkbook('make-fixtures');

async function writeWorkbook(wb, file) {
  const bytes = await fixtureWorkbook.workbookBytes(wb);
  fs.writeFileSync(file, bytes);
  return bytes;
}

function styleHeader(ws, rowNumber, width) {
  const row = ws.getRow(rowNumber);
  for (let c = 1; c <= width; c++) {
    row.getCell(c).fill = HEADER_FILL;
    row.getCell(c).font = HEADER_FONT;
    row.getCell(c).alignment = { wrapText: true, vertical: 'middle' };
  }
}

/** Writes an expectation file; entries are listed per theme group: due ones first, then delayed updates. */
function writeExpectation(name, exp) {
  fs.writeFileSync(path.join(FIXTURES, `${name}.expected.json`), JSON.stringify(exp, null, 2) + '\n');
}

/** Orders hand-annotated entries as the report groups them: by priority then theme in tracker order, due before delayed. */
function orderEntries(items) {
  const groups = [];
  for (const it of items) {
    const key = `${it.priority}\u0000${it.theme}`;
    let g = groups.find((x) => x.key === key);
    if (!g) groups.push((g = { key, due: [], delayed: [] }));
    (it.entry.kind === 'due' ? g.due : g.delayed).push(it.entry);
  }
  return groups.flatMap((g) => [...g.due, ...g.delayed]);
}

function countDue(entries) {
  const s = { delivered: 0, 'on-track': 0, 'some-delay': 0 };
  let unassessed = 0;
  for (const e of entries) {
    if (e.kind !== 'due') continue;
    if (e.status) s[e.status] += 1;
    else unassessed += 1;
  }
  return { summary: s, unassessed };
}

// ---------------------------------------------------------------------------------------------
// met-q4-perquarter.xlsx: Met Police business plan tracker, per-quarter RAG and update columns.
// Report: Q4 2017-18. `x` is the hand-worked expectation for the row:
//   entry: the report entry it yields (absent: not in the Q4 report), err: the error that keeps
//   it out of the register, warn: warnings sure to be raised, reg: register fields sure to hold.
// ---------------------------------------------------------------------------------------------

const G = (u) => ['Green', u];
const A = (u) => ['Amber', u];
const R = (u) => ['Red', u];
const C = (u) => ['Complete', u];
const NONE = [null, null];

const MET = [
  {
    priority: 'Our focused priorities',
    themes: [
      {
        theme: 'Keeping children and young people safe',
        rows: [
          { ref: 'P1.1', owner: 'Specialist Crime', due: 'Q2',
            m: 'Review arrangements and future needs for juveniles in detention, including provision of health services and appropriate adults.',
            q: [G('Scoping agreed with Directors of Children’s Social Care.'),
              A('A multi-agency “Children in Detention” task-and-finish group was set up in Q2; the review is not yet complete.'),
              A('Pan-London data on children and young persons in custody now shared with boroughs.'),
              A('A pan-London concordat has been drafted but is yet to be agreed across all boroughs.')],
            x: { entry: { kind: 'delayed-update', dueQuarter: 'Q2', dueFinancialYear: '2017-18', status: 'some-delay',
              update: 'A pan-London concordat has been drafted but is yet to be agreed across all boroughs.' },
            warn: [['quarter-without-year', 'due']],
            reg: { due: { quarter: 'Q2', financialYear: '2017-18' } } } },
          { ref: 'P1.2', owner: 'Specialist Crime', due: 'Q4 2017-18',
            m: 'Demonstrate robust progress on Child Protection processes, performance management and through cases audit based on HMICFRS methodology',
            q: [G('Dedicated Inspection Team established.'), G('Monthly audits under way.'),
              G('Joint audit of 135 cases with HMICFRS provided a baseline.'),
              A('We have demonstrated a robust progress but more improvements are required; frontline supervision remains the main challenge.')],
            x: { entry: { kind: 'due', status: 'some-delay' }, reg: { due: { quarter: 'Q4', financialYear: '2017-18' } } } },
          { ref: 'P1.3', owner: 'Frontline Policing', due: 'Q4',
            m: 'Subject to BCU roll out, provide an extra 400 officers protecting vulnerable people',
            q: [NONE, G('Uplift planned in line with BCU roll out.'), ['On track', 'Posts identified in the two Pathfinder BCUs.'],
              ['On track', 'We are on track and ready to deliver this. The uplift of 400 officers will be complete at the point of full BCU implementation, currently scheduled for January 2019.']],
            x: { entry: { kind: 'due', status: 'on-track' }, warn: [['quarter-without-year', 'due']] } },
          { ref: 'P1.4', owner: 'Frontline Policing', due: 'Q4',
            m: 'Subject to BCU roll out, deploy 600 Safer Schools Officers, with a named officer for all schools in London',
            q: [NONE, NONE, G('Recruitment of Youth Engagement Officers started.'),
              G('In line with the BCU implementation, on track to be delivered by the end of 2018. As at February, 319 were already in place.')],
            x: { entry: { kind: 'due', status: 'on-track' } } },
          { ref: 'P1.5', owner: 'Specialist Crime', due: 'Q1',
            m: 'Launch the London Child Sexual Exploitation awareness campaign with Barnardo’s',
            q: [C('Campaign launched in June with Barnardo’s and the London boroughs.'), NONE, NONE, NONE],
            x: { reg: { due: { quarter: 'Q1', financialYear: '2017-18' } } } },
        ],
      },
      {
        theme: 'Tackling violence against women and girls',
        rows: [
          { ref: 'P1.6', owner: 'Specialist Crime', due: 'Q2',
            m: 'Work with MOPAC and partners to expand women offenders diversion offer, such as, subject to a successful Transformation Fund bid, the Women Offenders Diversion Scheme through four London hubs',
            q: [G('Bid submitted to the Transformation Fund.'), R('The Transformation Fund bid was unsuccessful.'),
              A('Alternative proposal for female diversion being drafted.'),
              A('A new proposal for female diversion using community resolution and conditional cautions on 10 boroughs was approved internally in February 2018.')],
            x: { entry: { kind: 'delayed-update', dueQuarter: 'Q2', dueFinancialYear: '2017-18', status: 'some-delay' } } },
          { ref: 'P1.7', owner: 'Specialist Crime', due: 'Q3 2017-18',
            m: 'Female Genital Mutilation (FGM) action plan in place with training and performance monitoring actions',
            q: [G('Action plan drafted.'), G('Consultation with partners complete.'),
              A('The London “honour based” abuse Action Plan is in place; the business case for training was unsuccessful.'),
              ['Delayed', 'The team is pursuing alternative means to raise awareness, including training of Police Now recruits in Summer 2018.']],
            x: { entry: { kind: 'delayed-update', dueQuarter: 'Q3', dueFinancialYear: '2017-18', status: 'some-delay' } } },
          { ref: 'P1.8', owner: 'Specialist Crime', due: day(2018, 3, 15),
            m: 'Review, with the Crown Prosecution Service, all rape cases heading to trial',
            q: [NONE, NONE, G('Review announced in December; 120 officers seconded.'),
              ['✓', 'The review of 600 rape and serious sexual offence cases is complete; a joint CPS-Police disclosure improvement plan is in place.']],
            x: { entry: { kind: 'due', status: 'delivered' }, reg: { due: { quarter: 'Q4', financialYear: '2017-18' } } } },
        ],
      },
      {
        theme: 'Tackling hate crime',
        rows: [
          { ref: 'P1.9', owner: 'Specialist Crime', due: 'Q4',
            m: 'Review the Online Hate Crime Hub in light of the first year evaluation and agree next steps',
            q: [G('Evaluation commissioned from MOPAC.'), G('Evaluation under way.'), G('Interim findings received.'),
              C('The Hub has undergone formal evaluation by MOPAC and has met its objectives.')],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P1.10', owner: 'Met Engage', due: 'Q1 2018-19',
            m: 'Mark the 25th anniversary of the murder of Stephen Lawrence with community engagement across London',
            q: [NONE, NONE, NONE, ['On track', 'Events planned with the Stephen Lawrence Trust for April.']],
            x: { reg: { due: { quarter: 'Q1', financialYear: '2018-19' } } } },
        ],
      },
      {
        theme: 'Making London safer',
        rows: [
          { ref: 'P1.11', owner: 'Counter Terrorism', due: 'Q4',
            m: 'Develop business engagement to raise awareness and improve protective security capability',
            q: [G('Project Griffin sessions running.'), G('Argus exercises delivered to retailers.'), G('Step Change summit planned.'),
              ['✓', 'We developed business engagement throughout the year; the second “Step Change” summit identified six priority areas.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P1.12', owner: 'Specialist Crime', due: 'Q4',
            m: 'Develop a toolkit for frontline staff and investigators dealing with modern slavery, and identify opportunities for sustained training for first responders',
            q: [NONE, G('Toolkit drafted.'), G('Toolkit piloted on two boroughs.'),
              ['Done', 'The toolkits are now accessible through the intranet to all Met officers and staff.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P1.13', owner: 'Specialist Crime', due: 'Q4',
            m: 'Identify and work with more faith groups, NGOs and charity organisations which provide post 45-day NRM support for victims of modern slavery',
            q: [NONE, NONE, G('Partnership with Bakhita House extended.'),
              ['Blue', 'Our NGO network continues to mature and expand: through Bakhita House, 45 women have reported modern slavery allegations.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P1.14', owner: 'Specialist Crime', due: 'Q4',
            m: 'Respond to the emerging and increasing threats of fraud and cyber-crime, maintaining focus on pursuing those involved in this criminality',
            q: [G('Operation Falcon re-focused.'), G('Prevent and Protect strands launched.'), G('Banking sector protocol in development.'),
              ['✓', 'Operation Falcon made several significant arrests; the cyber app was rolled out to the first mobile devices in March 2018.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P1.15', owner: 'Met Operations', due: day(2017, 9, 15),
            m: 'Finalise the Business case for Skills House (on Firearms training)',
            q: [G('Options appraisal complete.'), A('Business case delayed by changes to the firearms uplift.'),
              A('Business case being redrafted.'),
              A('The business case is in the process of being finalised and will be complete in Q1 of 2018-19.')],
            x: { entry: { kind: 'delayed-update', dueQuarter: 'Q2', dueFinancialYear: '2017-18', status: 'some-delay' },
              reg: { due: { quarter: 'Q2', financialYear: '2017-18' } } } },
        ],
      },
    ],
  },
  {
    priority: 'A safer city for everyone',
    themes: [
      {
        theme: 'A visible presence',
        rows: [
          { ref: 'P2.1', owner: 'Frontline Policing', due: 'Q4',
            m: 'Review performance against the local priorities of each borough and agree the 2018-19 crime priorities with each of them.',
            q: [NONE, NONE, G('Borough performance reviewed quarterly with MOPAC.'),
              G('MOPAC and the Met are finalising discussions with London Boroughs on next year’s local priorities.')],
            x: { entry: { kind: 'due', status: 'on-track' } } },
          { ref: 'P2.2', owner: 'Met Operations', due: 'Q4 2017-18',
            m: 'Ensure the safety of major events in London including Notting Hill Carnival and New Year’s Eve.',
            q: [G('Planning for Carnival under way.'), G('Carnival policed safely.'), G('New Year’s Eve plan agreed.'),
              C('Against an increasing number of events and heightened risk, major events were policed safely.')],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P2.3', owner: 'Frontline Policing', due: day(2017, 11, 15),
            m: 'Intensify Operation Sceptre weeks of action against knife crime',
            q: [G('Sceptre week of action held in May.'), G('Further week of action held in September.'),
              C('Operation Winter Nights: over 900 arrests and more than 350 weapons taken off the streets.'), NONE],
            x: { reg: { due: { quarter: 'Q3', financialYear: '2017-18' } } } },
          { ref: 'P2.4', owner: 'Digital Policing', due: 'Q2',
            m: 'Complete the roll out of body worn video to all frontline officers',
            q: [G('Roll out continuing borough by borough.'), A('Roll out paused for a battery safety check.'),
              C('Roll out completed in December.'), NONE],
            x: {} },
        ],
      },
      {
        theme: 'An accessible force',
        rows: [
          { ref: 'P2.5', owner: 'Digital Policing', due: 'Q4',
            m: 'Roll out e-reporting forms and tools for most crimes through the new website.',
            q: [NONE, G('Website replatforming complete.'), G('Forms tested with users.'),
              C('These were successfully rolled out; the Live Chat proof of concept is being implemented.')],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P2.6', owner: 'Met Engage', due: 'Q4',
            m: 'Develop our Twitter and other social media channels to support information and non-emergency reporting.',
            q: [NONE, NONE, G('Ward accounts being set up.'),
              ['Delivered', 'This has been delivered. Each ward has a Twitter account linked to its local page.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P2.7', owner: 'Frontline Policing', due: 'Q4',
            m: 'Guarantee 24 hours a day seven days a week police stations across London and in every borough, and consult on other access changes.',
            q: [NONE, G('Public Access consultation launched.'), G('Consultation closed.'),
              ['TBC', 'The MOPAC Public Access and Engagement Strategy was published in November.']],
            x: { err: ['unknown-status', 'q4rag'] } },
          { ref: 'P2.8', owner: 'Property Services', due: 'Q4',
            m: 'Develop a final business case for the proposed changes to front counters.',
            q: [NONE, NONE, G('Revised approach to front counters agreed.'), ['Amber', null]],
            x: { entry: { kind: 'due', status: 'some-delay', update: '' }, warn: [['missing-update', 'q4update']] } },
        ],
      },
      {
        theme: 'An effective response',
        rows: [
          { ref: 'P2.9', owner: 'Transformation', due: 'Q4',
            m: 'Implement all Basic Command Units (BCUs) depending on decision made on roll out in Q2.',
            q: [G('Two Pathfinder BCUs live.'), G('Decision on roll out made in Q2.'), G('Roll out plan published.'),
              ['On track', 'The BCU model was approved by the Commissioner in Quarter 4; roll out continues to January 2019.']],
            x: { entry: { kind: 'due', status: 'on-track' } } },
          { ref: 'P2.10', owner: 'Digital Policing', due: 'Q4',
            m: 'Complete the roll out of the In-Vehicle Mobile Application (IVMA).',
            q: [NONE, G('Installation under way.'), G('700 vehicles completed.'),
              G('This has been largely delivered. There are now 1,103 vehicles completed.')],
            x: { entry: { kind: 'due', status: 'on-track' } } },
          { ref: 'P2.11', owner: 'Specialist Crime', due: 'Q2 17/18',
            m: 'Finalise the business case for Covert Policing Management platform',
            q: [G('Requirements gathered.'), A('Business case delayed pending commercial review.'),
              A('Commercial review complete; business case with MOPAC.'),
              C('The business case has been approved by MOPAC.')],
            x: { entry: { kind: 'delayed-update', dueQuarter: 'Q2', dueFinancialYear: '2017-18', status: 'delivered' },
              reg: { due: { quarter: 'Q2', financialYear: '2017-18' } } } },
          { ref: 'P2.12', owner: 'Forensic Services', due: 'Q3',
            m: 'Finalise the Business case for Next Generation Forensic Infrastructure (Labnet 1/3)',
            q: [G('Outline business case approved.'), G('Full business case drafting.'),
              A('Full business case delayed by procurement advice.'),
              A('The Full Business Case is being finalised and subject to approval the infrastructure will be delivered in 2018-19.')],
            x: { entry: { kind: 'delayed-update', dueQuarter: 'Q3', dueFinancialYear: '2017-18', status: 'some-delay' } } },
          { ref: 'P2.13', owner: 'Forensic Services', due: day(2017, 12, 15),
            m: 'Implement the Forensics Case Management Systems ForSITE',
            q: [G('Supplier chosen.'), G('Configuration under way.'), R('Testing found data migration defects.'),
              ['Delayed', 'We are working with the chosen supplier to test and scale up the system; test on fingerprint teams will go live Summer 2018.']],
            x: { entry: { kind: 'delayed-update', dueQuarter: 'Q3', dueFinancialYear: '2017-18', status: 'some-delay' },
              reg: { due: { quarter: 'Q3', financialYear: '2017-18' } } } },
        ],
      },
    ],
  },
  {
    priority: 'A better criminal justice service',
    themes: [
      {
        theme: 'Improving outcomes',
        rows: [
          { ref: 'P3.1', owner: 'Frontline Policing', due: 'Q4 17/18',
            m: 'Work with the City of London Police and British Transport Police (BTP) to deliver a truly pan London offender management programme across the entire capital.',
            q: [NONE, G('Joint governance agreed.'), G('Pan-London Offender Management Meeting established.'),
              G('We made good progress and are on track to complete the programme in 2018-19.')],
            x: { entry: { kind: 'due', status: 'on-track' } } },
          { ref: 'P3.2', owner: 'Frontline Policing', due: 'Q4 17/18',
            m: 'Ensure we provide updates for complainants in line with the Code of Practice for Victims of Crime.',
            q: [NONE, NONE, A('Compliance below target in four boroughs.'),
              A('Significant performance gains have been achieved, but some challenges remain in relation to updates for victims.')],
            x: { entry: { kind: 'due', status: 'some-delay' } } },
          { ref: 'P3.3', owner: 'Frontline Policing', due: 'Q1',
            m: 'Agree a London-wide approach to out-of-court disposals with MOPAC',
            q: [C('Approach agreed with MOPAC in June.'), NONE, NONE, NONE],
            x: {} },
        ],
      },
      {
        theme: 'Supporting victims',
        rows: [
          { ref: 'P3.4', owner: 'Frontline Policing', due: 'Q3',
            m: 'Deliver the Victim Care improvement plan across all boroughs',
            q: [G('Plan agreed.'), G('Roll out started.'), A('Roll out slipped in six boroughs due to abstractions.'),
              C('The plan was delivered in all boroughs by February.')],
            x: { entry: { kind: 'delayed-update', dueQuarter: 'Q3', dueFinancialYear: '2017-18', status: 'delivered' } } },
          { ref: 'P3.5', owner: 'Frontline Policing', due: 'Q3', m: null,
            q: [NONE, NONE, G('Victims’ needs assessment completed.'), NONE],
            x: { err: ['missing-milestone', 'milestone'] } },
          { ref: 'P3.6', owner: 'Frontline Policing', due: 'Q4 2016-17',
            m: 'Complete the Victims’ Code compliance audit (carried over from the 2016-17 plan)',
            q: [A('Audit restarted with a new sample.'), A('Fieldwork 60% complete.'), A('Fieldwork complete; analysis under way.'),
              A('Draft audit report with the Victims’ Commissioner for comment.')],
            x: { entry: { kind: 'delayed-update', dueQuarter: 'Q4', dueFinancialYear: '2016-17', status: 'some-delay' },
              reg: { due: { quarter: 'Q4', financialYear: '2016-17' } } } },
        ],
      },
    ],
  },
  {
    priority: 'A transformed, modern, efficient Met',
    themes: [
      {
        theme: 'Our people',
        rows: [
          { ref: 'P4.1', owner: 'People & Change', due: 'Q4 2017-18',
            m: 'Re-launch our wellbeing ‘offer’ to staff and increase the accessibility of services.',
            q: [NONE, G('Health Needs Survey designed.'), G('Survey in the field.'),
              ['✓', 'The Health Needs Survey was completed in Quarter 4 and the offer re-launched.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P4.2', owner: 'People & Change', due: 'Q4 2017-18',
            m: 'Finalise apprenticeships and Educational Qualifications Framework (EQF) business case.',
            q: [NONE, NONE, G('Outline business case drafted.'), ['✓', 'The outline business case has been delivered.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P4.3', owner: 'People & Change', due: 'Q4 2017-18',
            m: 'Deliver the first External Entry Detective programme.',
            q: [G('Recruitment campaign launched.'), G('First cohort selected.'), G('First cohort passed out of Hendon in December.'),
              C('Further cohorts have joined during Q4.')],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P4.4', owner: 'People & Change', due: 'Q4 2017-18',
            m: 'Fill the majority of the current detective shortfall in numbers.',
            q: [A('Shortfall of circa 600.'), A('Detective Career Pathway launched.'), A('Shortfall unchanged.'),
              R('The numbers of Detectives across the Met have remained level and the vacancies are circa 500.')],
            x: { entry: { kind: 'due', status: 'some-delay' } } },
          { ref: 'P4.5', owner: 'People & Change', due: 'Q4 2017-18',
            m: 'Develop the Advanced Practitioner Pilot - having tested the AP initiative in Sutton, Wandsworth, Kingston and Richmond - ready for implementation in Q1, 2018-19.',
            q: [NONE, NONE, G('Pilot concluded.'), ['✓', 'The Advanced Practitioner pilot concluded and is ready for implementation.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
        ],
      },
      {
        theme: 'Professional standards',
        rows: [
          { ref: 'P4.6', owner: 'Professionalism', due: 'sometime',
            m: 'Ensure timeliness of public complaint and internal misconduct investigations.',
            q: [G('Baseline set.'), G('Durations reducing.'), G('Durations reducing.'),
              G('Both complaints and conduct investigations have reduced in duration since September 2015.')],
            x: { err: ['invalid-due', 'due'] } },
          { ref: 'P4.7', owner: 'Professionalism', due: 'Q4 2017-18',
            m: 'Deal with all complaints and misconduct allegations relating to areas of discrimination through our new discrimination unit.',
            q: [NONE, G('Unit established.'), G('Caseload transferred.'), ['✓', 'The Discrimination Investigation Unit is fully operational.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P4.8', owner: 'Professionalism', due: 'Q4 2017-18',
            m: 'Have in place BCU Professional Standards Champions under the new pathfinder model.',
            q: [NONE, NONE, G('Champions identified.'), ['Done', 'Appropriate Authorities are now in place across operational command units.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
        ],
      },
      {
        theme: 'Support services and estate',
        rows: [
          { ref: 'P4.9', owner: 'Commercial & Finance', due: 'Q4 2017-18',
            m: 'Implementation of a new Locally Delivered Support Services (LDSS) model aligned to Strengthening Local Policing Design.',
            q: [NONE, G('Design approved.'), G('Recruitment under way.'), ['✓', 'The new LDSS model has now been launched.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P4.10', owner: 'Commercial & Finance', due: 'Q4 2017-18',
            m: 'Reduction of storage required for Criminal Exhibits and Records in support of the programme to reduce the number of buildings in our estate.',
            q: [NONE, NONE, G('Disposal reviews started.'), ['On track', 'At the current rate, this will be delivered early by 2019.']],
            x: { entry: { kind: 'due', status: 'on-track' },
              reg: { milestone: 'Reduction of storage required for Criminal Exhibits and Records in support of the programme to reduce the number of buildings in our estate.' } } },
          { ref: 'P4.10', owner: 'Commercial & Finance', due: 'Q4 2017-18',
            m: 'Collaborate with other emergency services and the GLA Group to share re-fuelling infrastructure and explore sustainable technologies for the fleet.',
            q: [NONE, NONE, G('GLA Group Fleet Meeting set up.'), G('Fleet services are engaging with other emergency services.')],
            x: { err: ['duplicate-id', 'ref'] } },
          { ref: 'P4.11', owner: 'Property Services', due: day(2018, 3, 31),
            m: 'Finalise detailed design for the refurbishment of Tranche 1 (of our estate), so we are ready to go on site in 18-19.',
            q: [G('Designs commissioned.'), G('Outline Business Case submitted.'), A('Design delayed by the Public Access consultation.'),
              A('The Architectural Detailed Design works are expected to be completed by Quarter 3, 2018-19.')],
            x: { entry: { kind: 'due', status: 'some-delay' }, reg: { due: { quarter: 'Q4', financialYear: '2017-18' } } } },
        ],
      },
      {
        theme: 'Digital policing',
        rows: [
          { ref: 'P4.12', owner: 'Digital Policing', due: 'Q4 2017-18',
            m: 'Start Wi-fi roll out across 167 Met buildings.',
            q: [NONE, NONE, G('Survey of sites complete.'), ['✓', 'The roll-out has started. At Quarter 4, 29 sites are live with Corporate Wi-Fi.']],
            x: { entry: { kind: 'due', status: 'delivered' } } },
          { ref: 'P4.13', owner: 'Digital Policing', due: 'Q4 2017-18',
            m: 'Develop the Information Futures Programme Final Business Case.',
            q: [NONE, G('Programme mobilising.'), A('Mobilisation delayed.'),
              A('The Strategic Outline case is being developed and the revised target date for approval is July 2018.')],
            x: { entry: { kind: 'due', status: 'some-delay' } } },
          { ref: 'P4.14', owner: 'Digital Policing', due: 'Q1',
            m: 'Develop proposals to improve how we review, proportionately retain and delete information across MiPS',
            q: [['On track', 'Strategic case being drafted.'], C('Strategic case agreed in July.'), NONE, NONE],
            x: {} },
        ],
      },
    ],
  },
];

const MET_COLUMNS = ['Priority', 'Theme', 'Ref', 'Milestone', 'Owner', 'Due',
  'Q1 RAG', 'Q1 update', 'Q2 RAG', 'Q2 update', 'Q3 RAG', 'Q3 update', 'Q4 RAG', 'Q4 update'];
const MET_FIELD_COL = { priority: 0, theme: 1, ref: 2, milestone: 3, owner: 4, due: 5,
  q1rag: 6, q1update: 7, q2rag: 8, q2update: 9, q3rag: 10, q3update: 11, q4rag: 12, q4update: 13 };

async function makeMet() {
  const sheet = 'Tracker';
  const wb = newWorkbook();
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 4 }] });
  ws.columns = [18, 24, 8, 60, 18, 12, 9, 40, 9, 40, 9, 40, 9, 40].map((width) => ({ width }));
  ws.getCell('A1').value = 'Metropolitan Police Service — Business Plan 2017-18 milestone tracker';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.mergeCells('A1:N1');
  ws.getCell('A2').value = 'Owner: Strategy & Governance';
  const headerRow = 4;
  ws.getRow(headerRow).values = MET_COLUMNS;
  styleHeader(ws, headerRow, MET_COLUMNS.length);

  let r = headerRow + 1;
  const issues = [];
  const items = [];
  const register = [];
  const absent = [];
  let read = 0;
  let withErrors = 0;
  for (const p of MET) {
    const firstRow = r;
    ws.getCell(r, 1).value = p.priority;
    for (const t of p.themes) {
      ws.getCell(r, 2).value = t.theme;
      for (const row of t.rows) {
        const cells = [null, null, row.ref, row.m, row.owner, row.due];
        row.q.forEach(([rag, update]) => cells.push(rag, update));
        cells.forEach((v, i) => {
          if (i >= 2 && v !== null) ws.getCell(r, i + 1).value = v;
        });
        if (row.due instanceof Date) ws.getCell(r, 6).numFmt = 'dd/mm/yyyy';
        for (let c = 1; c <= MET_COLUMNS.length; c++) ws.getCell(r, c).alignment = { wrapText: true, vertical: 'top' };
        read += 1;
        const x = row.x;
        const source = { sheet, row: r };
        for (const [code, field] of x.warn ?? []) {
          issues.push({ severity: 'warning', sheet, cell: addr(r, MET_FIELD_COL[field]), code });
        }
        if (x.err) {
          withErrors += 1;
          issues.push({ severity: 'error', sheet, cell: addr(r, MET_FIELD_COL[x.err[1]]), code: x.err[0] });
          absent.push({ source });
        } else {
          if (x.entry) {
            items.push({ priority: p.priority, theme: t.theme, entry: { id: row.ref, ...x.entry, source } });
          }
          if (x.reg) register.push({ id: row.ref, priority: p.priority, theme: t.theme, ...x.reg, source });
        }
        r += 1;
      }
    }
    ws.mergeCells(firstRow, 1, r - 1, 1);
    ws.getCell(firstRow, 1).alignment = { vertical: 'top', wrapText: true };
    ws.getCell(firstRow, 1).font = { bold: true };
  }
  const entries = orderEntries(items);
  const { summary, unassessed } = countDue(entries);
  const bytes = await writeWorkbook(wb, path.join(FIXTURES, 'met-q4-perquarter.xlsx'));
  fs.mkdirSync(SAMPLES, { recursive: true });
  fs.writeFileSync(path.join(SAMPLES, 'met-tracker-2017-18.xlsx'), bytes);
  writeExpectation('met-q4-perquarter', {
    input: 'met-q4-perquarter.xlsx',
    config: {},
    period: { quarter: 'Q4', financialYear: '2017-18' },
    asAt: '2018-03-31',
    rows: { read, inRegister: read - withErrors, withErrors },
    issues,
    report: { summary, unassessed, entries },
    register,
    absentFromRegister: absent,
  });
}

// ---------------------------------------------------------------------------------------------
// council-sheets.xlsx: one sheet per area, no priority column, theme heading rows, a repeated
// header, blank rows, current Status + Progress update + Date completed. Report: Q3 2017-18.
// ---------------------------------------------------------------------------------------------

const COUNCIL_HEADER = ['Ref', 'Action', 'Lead officer', 'Due', 'Status', 'Progress update', 'Date completed'];
const COUNCIL_FIELD_COL = { id: 0, milestone: 1, owner: 2, due: 3, status: 4, update: 5, completed: 6 };

const COUNCIL = [
  {
    sheet: 'Housing',
    titles: ['Housing — Council Plan 2017-18 delivery tracker', null],
    hasRef: true,
    mergedHeadings: true,
    rows: [
      { heading: 'Theme 1 - Homes people can afford' },
      { v: ['H1', 'Deliver 250 new affordable homes through the Housing Revenue Account pipeline', 'Head of Housing Delivery', 'March 2018', 'On track', '142 completions to date; 108 homes on site.', null],
        x: { reg: { due: { quarter: 'Q4', financialYear: '2017-18' }, status: 'on-track' } } },
      { v: ['H2', 'Adopt the Tenancy Strategy 2017-22', 'Head of Housing Needs', 'Oct 2017', 'Complete', 'Adopted by Cabinet on 12 October 2017.', day(2017, 10, 12)],
        x: { entry: { kind: 'due', status: 'delivered' }, reg: { due: { quarter: 'Q3', financialYear: '2017-18' }, status: 'delivered', completed: { quarter: 'Q3', financialYear: '2017-18' } } } },
      { v: ['H3', 'Launch the selective landlord licensing consultation', 'Head of Private Sector Housing', 'Sep 2017', 'Completed', 'Consultation launched on 4 December after legal review.', day(2017, 12, 4)],
        x: { entry: { kind: 'delayed-update', dueQuarter: 'Q2', dueFinancialYear: '2017-18', status: 'delivered' } } },
      { blank: true },
      { heading: 'Theme 2 - Preventing homelessness' },
      { v: ['H4', 'Open the new rough sleeping assessment hub', 'Head of Housing Needs', day(2017, 12, 18), 'Amber', 'Building works delayed by an asbestos survey; opening now expected in February.', null],
        x: { entry: { kind: 'due', status: 'some-delay' }, reg: { due: { quarter: 'Q3', financialYear: '2017-18' } } } },
      { v: ['H5', 'Recommission temporary accommodation contracts', 'Head of Housing Needs', day(2017, 6, 20), 'Complete', 'Contracts awarded in August.', day(2017, 8, 9)],
        x: { reg: { due: { quarter: 'Q1', financialYear: '2017-18' }, completed: { quarter: 'Q2', financialYear: '2017-18' } } } },
      { header: true },
      { v: ['H6', 'Implement the Homelessness Reduction Act duties', 'Head of Housing Needs', 'March 2018', 'Green', 'Training for all housing officers booked for February.', null],
        x: {} },
      { v: ['H7', 'Review the housing allocations policy', 'Head of Housing Needs', 'Nov 2017', 'Green', null, null],
        x: { entry: { kind: 'due', status: 'on-track' }, warn: [['missing-update', 'update']] } },
      { v: ['H8', 'Publish the private rented sector stock condition survey', 'Head of Private Sector Housing', 'Aug 2017', 'Delayed', 'Fieldwork finished; report drafting slipped to January.', null],
        x: { entry: { kind: 'delayed-update', dueQuarter: 'Q2', dueFinancialYear: '2017-18', status: 'some-delay' } } },
    ],
  },
  {
    sheet: 'Environment',
    titles: [],
    hasRef: false,
    mergedHeadings: false,
    rows: [
      { heading: 'Theme 1 - Cleaner streets' },
      { v: ['Introduce a fixed penalty notice scheme for fly-tipping', 'Head of Street Services', 'Oct 2017', 'Complete', 'Scheme live from 2 October; 64 notices issued.', day(2017, 10, 2)],
        x: { entry: { kind: 'due', status: 'delivered' } } },
      { v: ['Roll out the new street cleansing schedule to all wards', 'Head of Street Services', day(2017, 9, 20), 'Complete', 'All wards on the new schedule from September.', day(2017, 9, 25)],
        x: { reg: { due: { quarter: 'Q2', financialYear: '2017-18' }, status: 'delivered' } } },
      { v: ['Install 40 solar compacting litter bins in town centres', 'Head of Street Services', 'Dec 2017', null, '30 bins installed; the last 10 await delivery from the supplier.', null],
        x: { entry: { kind: 'due' }, warn: [['missing-status', 'status']] } },
      { blank: true },
      { heading: 'Theme 2 - Waste and recycling' },
      { v: ['Consult on alternate weekly collections', 'Head of Waste', 'November 2017', 'At risk', 'Consultation extended by four weeks after a low response.', null],
        x: { entry: { kind: 'due', status: 'some-delay' } } },
      { v: ['Extend food waste collection to flats above shops', 'Head of Waste', 'Jan 2018', 'On target', 'Collection rounds redesigned.', null],
        x: { reg: { due: { quarter: 'Q4', financialYear: '2017-18' }, status: 'on-track' } } },
      { v: ['Open the reuse shop at the household recycling centre', 'Head of Waste', 'Jul 2017', 'Complete', 'Opened in November after fit-out delays.', day(2017, 11, 18)],
        x: { entry: { kind: 'delayed-update', dueQuarter: 'Q2', dueFinancialYear: '2017-18', status: 'delivered' } } },
      { v: ['Publish the air quality action plan', 'Head of Environmental Health', 'Dec 2017', 'Complete', 'Published on 14 December.', '31/02/2017'],
        x: { entry: { kind: 'due', status: 'delivered' }, warn: [['invalid-completed', 'completed']] } },
    ],
  },
  {
    sheet: 'Community Safety',
    titles: ['Safer Borough Partnership — Community Safety Plan 2017-18', 'Owner: Community Safety Team', null],
    hasRef: true,
    mergedHeadings: true,
    rows: [
      { heading: 'Theme 1 - Reducing anti-social behaviour' },
      { v: ['CS1', 'Launch an online form for the anti-social behaviour case review (community trigger)', 'Community Safety Manager', day(2017, 10, 16), 'Done', 'Form live on the council website.', day(2017, 10, 16)],
        x: { entry: { kind: 'due', status: 'delivered' } } },
      { v: ['CS2', 'Agree the Public Spaces Protection Order for the town centre', 'Community Safety Manager', 'Sep 2017', 'Green', 'Cabinet decision deferred to January; consultation responses being analysed.', null],
        x: { entry: { kind: 'delayed-update', dueQuarter: 'Q2', dueFinancialYear: '2017-18', status: 'on-track' } } },
      { blank: true },
      { heading: 'Theme 2 - Tackling violence and exploitation' },
      { v: ['CS3', 'Deliver knife crime awareness sessions in all secondary schools', 'Youth Safety Lead', 'Dec 2017', 'Behind', '22 of 31 schools visited.', null],
        x: { entry: { kind: 'due', status: 'some-delay' } } },
      { v: ['CS4', 'Set up the multi-agency exploitation panel', 'Youth Safety Lead', 'June 2017', 'Complete', 'The panel first met on 28 June.', day(2017, 6, 28)],
        x: {} },
      { v: ['CS5', 'Commission a domestic abuse perpetrator programme', 'Community Safety Manager', 'Mar 2018', 'Green', 'Tender published.', null],
        x: { reg: { due: { quarter: 'Q4', financialYear: '2017-18' } } } },
      { v: ['CS6', 'Refresh the CCTV control room operating protocol', 'CCTV Manager', 'Nov 2017', 'Ongoing', 'Draft protocol with the police for comment.', null],
        x: { err: ['unknown-status', 'status'] } },
    ],
  },
];

async function makeCouncil() {
  const wb = newWorkbook();
  const issues = [];
  const items = [];
  const register = [];
  const absent = [];
  let read = 0;
  let withErrors = 0;
  for (const s of COUNCIL) {
    const ws = wb.addWorksheet(s.sheet);
    const header = s.hasRef ? COUNCIL_HEADER : COUNCIL_HEADER.slice(1);
    const width = header.length;
    const fieldCol = (f) => COUNCIL_FIELD_COL[f] - (s.hasRef ? 0 : 1);
    ws.columns = (s.hasRef ? [7] : []).concat([50, 26, 14, 11, 50, 14]).map((w) => ({ width: w }));
    let r = 1;
    for (const t of s.titles) {
      if (t !== null) ws.getCell(r, 1).value = t;
      if (t !== null && r === 1) ws.getCell(r, 1).font = { bold: true, size: 13 };
      r += 1;
    }
    let theme = null;
    const writeHeader = () => {
      ws.getRow(r).values = header;
      styleHeader(ws, r, width);
      r += 1;
    };
    writeHeader();
    for (const row of s.rows) {
      if (row.blank) {
        r += 1;
        continue;
      }
      if (row.header) {
        writeHeader();
        continue;
      }
      if (row.heading) {
        theme = row.heading;
        ws.getCell(r, 1).value = row.heading;
        for (let c = 1; c <= width; c++) {
          ws.getCell(r, c).fill = HEADING_FILL;
          ws.getCell(r, c).font = { bold: true };
        }
        if (s.mergedHeadings) ws.mergeCells(r, 1, r, width);
        r += 1;
        continue;
      }
      row.v.forEach((v, i) => {
        if (v !== null) ws.getCell(r, i + 1).value = v;
        if (v instanceof Date) ws.getCell(r, i + 1).numFmt = 'dd/mm/yyyy';
      });
      read += 1;
      const source = { sheet: s.sheet, row: r };
      const id = s.hasRef ? row.v[0] : undefined;
      const key = id ? { id } : {};
      const x = row.x;
      for (const [code, field] of x.warn ?? []) issues.push({ severity: 'warning', sheet: s.sheet, cell: addr(r, fieldCol(field)), code });
      if (x.err) {
        withErrors += 1;
        issues.push({ severity: 'error', sheet: s.sheet, cell: addr(r, fieldCol(x.err[1])), code: x.err[0] });
        absent.push({ source });
      } else {
        if (x.entry) items.push({ priority: s.sheet, theme, entry: { ...key, ...x.entry, source } });
        if (x.reg) register.push({ ...key, priority: s.sheet, themeContains: theme.replace(/^Theme \d+ - /, ''), ...x.reg, source });
      }
      r += 1;
    }
  }
  await writeWorkbook(wb, path.join(FIXTURES, 'council-sheets.xlsx'));
  const entries = orderEntries(items);
  const { summary, unassessed } = countDue(entries);
  writeExpectation('council-sheets', {
    input: 'council-sheets.xlsx',
    config: {},
    period: { quarter: 'Q3', financialYear: '2017-18' },
    asAt: '2017-12-31',
    rows: { read, inRegister: read - withErrors, withErrors },
    issues,
    report: { summary, unassessed, entries },
    register,
    absentFromRegister: absent,
  });
}

// ---------------------------------------------------------------------------------------------
// CSV fixtures. Row numbers are records (a quoted multi-line cell is one row), header on row 1.
// ---------------------------------------------------------------------------------------------

const CP1252_EXTRA = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };

function encodeWindows1252(text) {
  const bytes = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else if (CP1252_EXTRA[ch] !== undefined) bytes.push(CP1252_EXTRA[ch]);
    else throw new Error(`not in Windows-1252: ${ch}`);
  }
  return Buffer.from(bytes);
}

function csvLine(cells, sep) {
  return cells
    .map((c) => {
      const v = c ?? '';
      return /["\n\r]/.test(v) || v.includes(sep) || v.includes(' ') ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(sep);
}

function makeRagDates() {
  const sep = ';';
  const header = ['Ref', 'Department', 'Category', 'Milestone', 'Owner', 'Due date', 'RAG', 'Progress update'];
  const col = { ref: 0, status: 6, due: 5 };
  const rows = [
    ['FIN-01', 'Finance', 'Budget', 'Agree the 2018-19 budget envelope – first draft to Cabinet', 'Director of Finance', '30.09.2017', 'Green', 'Draft envelope of £2.4bn shared with Cabinet members.'],
    ['FIN-02', 'Finance', 'Budget', 'Close the 2016-17 accounts', 'Director of Finance', '30.06.2017', 'Complete', 'Accounts signed by the auditor on 28 July.'],
    ['EST-01', 'Estates', 'Property', 'Sell the surplus depot at Mill Lane', 'Head of Estates', '31.08.2017', 'Exempt under Section 43 (commercial interests)', 'Details withheld.'],
    ['FIN-03', 'Finance', 'Procurement', 'Re-tender the insurance contract', 'Head of Procurement', '30.06.2017', 'Amber', 'Tender returns were late.\nEvaluation now due in October.'],
    ['', '', '', '', '', '', '', ''],
    ['EST-02', 'Estates', 'Property', 'Complete condition surveys of all 14 libraries', 'Head of Estates', '15.08.2017', 'Red', 'Surveys of 9 libraries done; contractor capacity is short – £40k extra requested.'],
    ['HR-02', 'People', 'Workforce', 'Publish the gender pay gap report', 'Director of People', '31.12.2017', 'Not due', 'Data extract taken in March.'],
    ['HR-01', 'People', 'Workforce', 'Launch the staff wellbeing survey', 'Director of People', '15.09.2017', 'Done', 'Survey launched on 11 September; 2,318 responses – a 41% response rate.\n“Pulse” survey to follow in March.'],
    ['IT-01', 'Digital', 'Infrastructure', 'Replace the council’s telephony platform', 'Head of IT', '30.09.2017', 'Delayed', 'Supplier go-live slipped to November.\nUser training rescheduled.'],
  ];
  const text = [header, ...rows].map((r) => csvLine(r, sep)).join('\r\n') + '\r\n';
  fs.writeFileSync(path.join(FIXTURES, 'rag-dates.csv'), encodeWindows1252(text));
  const rowOf = (ref) => rows.findIndex((r) => r[0] === ref) + 2;
  writeExpectation('rag-dates', {
    input: 'rag-dates.csv',
    config: { statusSynonyms: { 'on-track': ['Not due'] } },
    period: { quarter: 'Q2', financialYear: '2017-18' },
    asAt: '2017-09-30',
    rows: { read: 8, inRegister: 7, withErrors: 1 },
    issues: [{ severity: 'error', cell: addr(rowOf('EST-01'), col.status), code: 'unknown-status' }],
    report: {
      summary: { delivered: 1, 'on-track': 1, 'some-delay': 2 },
      unassessed: 0,
      entries: [
        { id: 'FIN-01', kind: 'due', status: 'on-track' },
        { id: 'FIN-03', kind: 'delayed-update', dueQuarter: 'Q1', dueFinancialYear: '2017-18', status: 'some-delay', update: 'Tender returns were late.\nEvaluation now due in October.' },
        { id: 'EST-02', kind: 'due', status: 'some-delay' },
        { id: 'HR-01', kind: 'due', status: 'delivered' },
        { id: 'IT-01', kind: 'due', status: 'some-delay' },
      ],
    },
    register: [
      { id: 'FIN-01', priority: 'Finance', theme: 'Budget', milestone: 'Agree the 2018-19 budget envelope – first draft to Cabinet', due: { quarter: 'Q2', financialYear: '2017-18' }, status: 'on-track', update: 'Draft envelope of £2.4bn shared with Cabinet members.' },
      { id: 'FIN-02', due: { quarter: 'Q1', financialYear: '2017-18' }, status: 'delivered' },
      { id: 'FIN-03', update: 'Tender returns were late.\nEvaluation now due in October.', status: 'some-delay' },
      { id: 'HR-02', due: { quarter: 'Q3', financialYear: '2017-18' }, status: 'on-track' },
      { id: 'HR-01', update: 'Survey launched on 11 September; 2,318 responses – a 41% response rate.\n“Pulse” survey to follow in March.' },
      { id: 'IT-01', milestone: 'Replace the council’s telephony platform', source: { row: rowOf('IT-01') } },
    ],
    absentIds: ['EST-01'],
  });
}

function makeUtf8Bom() {
  const header = ['ID', 'Priority', 'Theme', 'Milestone', 'Owner', 'Due', 'Status', 'Update'];
  const P = 'A safer city for everyone';
  const rows = [
    ['U1', P, 'A visible presence', 'Recruit 200 additional Special Constables', 'Frontline Policing', 'Quarter 2', 'Complete', '212 Specials joined since April.'],
    ['U2', P, 'A visible presence', 'Extend ‘Met Engage’ ward panels to every ward', 'Met Engage', '2017/18 Q3', 'Green', 'Panels in 570 of 629 wards.'],
    ['U3', P, 'A visible presence', 'Publish the Stop and Search community monitoring report', 'Frontline Policing', 'Jan-Mar 2018', 'Amber', 'Data quality checks under way.'],
    ['U4', P, 'An accessible force', 'Consult on the future of front counters', 'Property Services', 'Q1 17/18', 'Amber', 'Consultation reopened after legal advice.'],
    ['U5', P, 'An accessible force', 'Launch the non-emergency online chat — pilot in two boroughs', 'Digital Policing', 'Q3 2017-18', 'Achieved', 'Pilot live in Camden and Islington; 1,240 chats handled.'],
    ['U6', P, 'An accessible force', 'Translate crime reporting pages into 10 languages (Français, Español, Türkçe…)', 'Digital Policing', 'Oct 2017', 'At risk', 'Translation supplier contract delayed.'],
    ['U7', P, 'An effective response', 'Reduce emergency response times to the 15-minute target in all boroughs', 'Met Operations', 'Quarter 3', 'On target', '93% of emergency (I) calls attended within target.'],
    ['U8', P, 'An effective response', 'Agree the joint control room plan with the London Fire Brigade', 'Met Operations', 'Q5 2017-18', 'Green', 'Plan drafted.'],
  ];
  const text = '\uFEFF' + [header, ...rows].map((r) => csvLine(r, ',')).join('\r\n') + '\r\n';
  fs.writeFileSync(path.join(FIXTURES, 'utf8-bom.csv'), Buffer.from(text, 'utf8'));
  const rowOf = (id) => rows.findIndex((r) => r[0] === id) + 2;
  const dueCell = (id) => addr(rowOf(id), 5);
  writeExpectation('utf8-bom', {
    input: 'utf8-bom.csv',
    config: {},
    period: { quarter: 'Q3', financialYear: '2017-18' },
    asAt: '2017-12-31',
    rows: { read: 8, inRegister: 7, withErrors: 1 },
    issues: [
      { severity: 'warning', cell: dueCell('U1'), code: 'quarter-without-year' },
      { severity: 'warning', cell: dueCell('U7'), code: 'quarter-without-year' },
      { severity: 'error', cell: dueCell('U8'), code: 'invalid-due' },
    ],
    report: {
      summary: { delivered: 1, 'on-track': 2, 'some-delay': 1 },
      unassessed: 0,
      entries: [
        { id: 'U2', kind: 'due', status: 'on-track' },
        { id: 'U5', kind: 'due', status: 'delivered' },
        { id: 'U6', kind: 'due', status: 'some-delay' },
        { id: 'U4', kind: 'delayed-update', dueQuarter: 'Q1', dueFinancialYear: '2017-18', status: 'some-delay' },
        { id: 'U7', kind: 'due', status: 'on-track' },
      ],
    },
    register: [
      { id: 'U1', due: { quarter: 'Q2', financialYear: '2017-18' }, status: 'delivered' },
      { id: 'U2', milestone: 'Extend ‘Met Engage’ ward panels to every ward', due: { quarter: 'Q3', financialYear: '2017-18' } },
      { id: 'U3', due: { quarter: 'Q4', financialYear: '2017-18' }, status: 'some-delay' },
      { id: 'U4', due: { quarter: 'Q1', financialYear: '2017-18' } },
      { id: 'U5', milestone: 'Launch the non-emergency online chat — pilot in two boroughs', due: { quarter: 'Q3', financialYear: '2017-18' }, status: 'delivered' },
      { id: 'U6', milestone: 'Translate crime reporting pages into 10 languages (Français, Español, Türkçe…)', due: { quarter: 'Q3', financialYear: '2017-18' } },
      { id: 'U7', due: { quarter: 'Q3', financialYear: '2017-18' }, status: 'on-track' },
    ],
    absentIds: ['U8'],
  });
}

// ---------------------------------------------------------------------------------------------
// error-cells.xlsx: error values, formulas with cached results, a hidden row, text that looks
// like a formula. Report: Q4 2017-18.
// ---------------------------------------------------------------------------------------------

async function makeErrorCells() {
  const sheet = 'Tracker';
  const wb = newWorkbook();
  const ws = wb.addWorksheet(sheet);
  const header = ['Ref', 'Milestone', 'Owner', 'Due', 'Status', 'Progress update', 'Weighting'];
  ws.getRow(1).values = header;
  styleHeader(ws, 1, header.length);
  ws.columns = [8, 50, 18, 12, 12, 40, 10].map((width) => ({ width }));
  const weight = { formula: '1/COUNTA($B$2:$B$9)', result: 0.125 };
  const rows = [
    ['EC1', 'Publish the estates strategy', 'Property Services', 'Q4 2017-18', 'Complete', 'Published in March.'],
    ['EC2', 'Agree the fleet replacement plan', 'Fleet Services', 'Q4 2017-18', { error: '#N/A' }, 'Plan agreed in principle.'],
    ['EC3', { formula: '"Deliver "&"the custody refurbishment"', result: 'Deliver the custody refurbishment' }, 'Property Services',
      { formula: 'DATE(2018,2,15)', result: day(2018, 2, 15) }, 'Green', 'On site since January.'],
    ['EC4', 'Review the records retention schedule', { error: '#REF!' }, 'Q4 2017-18', 'Amber', 'Awaiting legal review.'],
    ['EC5', 'Close the Empress State data centre', 'Digital Policing', 'Q4 2017-18', 'Delivered', 'Services migrated to the cloud.'],
    ['EC6', '=HYPERLINK("http://intranet.met/plan","Business plan")', 'Strategy & Governance', 'Q4 2017-18', 'Complete', '-- see note'],
    ['EC7', '+44 20 7230 1212', 'Contact Centre', 'Q4 2017-18', 'Green', '@risk review scheduled for April.'],
    ['EC8', '@risk review of the custody estate', 'Property Services', 'Q4 2017-18', 'Amber', "=cmd|' /C calc'!A0"],
  ];
  rows.forEach((vals, i) => {
    const r = i + 2;
    vals.forEach((v, c) => {
      ws.getCell(r, c + 1).value = v;
    });
    ws.getCell(r, 7).value = r === 9 ? { formula: '1/#REF!', result: { error: '#REF!' } } : weight;
  });
  ws.getCell('D4').numFmt = 'dd/mm/yyyy';
  ws.getRow(6).hidden = true;
  await writeWorkbook(wb, path.join(FIXTURES, 'error-cells.xlsx'));
  writeExpectation('error-cells', {
    input: 'error-cells.xlsx',
    config: {},
    period: { quarter: 'Q4', financialYear: '2017-18' },
    asAt: '2018-03-31',
    rows: { read: 8 },
    issues: [
      { sheet, cell: 'E3', code: 'error-value' },
      { sheet, cell: 'C5', code: 'error-value' },
      { severity: 'warning', sheet, code: 'hidden-row' },
    ],
    report: {
      entriesExhaustive: false,
      entries: [
        { id: 'EC1', kind: 'due', status: 'delivered' },
        { id: 'EC3', kind: 'due', status: 'on-track', milestone: 'Deliver the custody refurbishment' },
        { id: 'EC5', kind: 'due', status: 'delivered' },
        { id: 'EC6', kind: 'due', status: 'delivered', milestone: '=HYPERLINK("http://intranet.met/plan","Business plan")', update: '-- see note' },
        { id: 'EC7', kind: 'due', status: 'on-track', milestone: '+44 20 7230 1212' },
        { id: 'EC8', kind: 'due', status: 'some-delay', milestone: '@risk review of the custody estate', update: "=cmd|' /C calc'!A0" },
      ],
    },
    register: [
      { id: 'EC1', due: { quarter: 'Q4', financialYear: '2017-18' }, status: 'delivered' },
      { id: 'EC3', milestone: 'Deliver the custody refurbishment', due: { quarter: 'Q4', financialYear: '2017-18' }, status: 'on-track' },
      { id: 'EC5', status: 'delivered', source: { sheet, row: 6 } },
      { id: 'EC6', milestone: '=HYPERLINK("http://intranet.met/plan","Business plan")', update: '-- see note' },
      { id: 'EC7', milestone: '+44 20 7230 1212', update: '@risk review scheduled for April.' },
      { id: 'EC8', milestone: '@risk review of the custody estate', update: "=cmd|' /C calc'!A0" },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// two-status-columns.xlsx: "RAG" and "Status" both map to status; they agree row by row, so the
// report does not depend on which one wins. Report: Q4 2017-18.
// ---------------------------------------------------------------------------------------------

async function makeTwoStatus() {
  const sheet = 'Milestones';
  const wb = newWorkbook();
  const ws = wb.addWorksheet(sheet);
  const header = ['Ref', 'Milestone', 'Due', 'RAG', 'Status', 'Progress update'];
  ws.getRow(1).values = header;
  styleHeader(ws, 1, header.length);
  ws.columns = [8, 50, 12, 9, 12, 40].map((width) => ({ width }));
  const rows = [
    ['T1', 'Agree the estates disposal programme', 'Q4 2017-18', 'Green', 'On track', 'Programme with the Deputy Mayor for decision.'],
    ['T2', 'Launch the new intranet', 'Q4 2017-18', 'Amber', 'Delayed', 'Content migration behind plan.'],
    ['T3', 'Publish the gender pay gap report', 'Q4 2017-18', 'Blue', 'Complete', 'Published on 28 March.'],
    ['T4', 'Complete the fleet telematics pilot', 'Q3 2017-18', 'Red', 'Slipped', 'Pilot extended to May to cover more vehicles.'],
    ['T5', 'Agree the 2018-19 training plan', 'Q2 2017-18', 'Complete', 'Done', 'Agreed by the People Board in September.'],
  ];
  rows.forEach((vals, i) => {
    ws.getRow(i + 2).values = vals;
  });
  await writeWorkbook(wb, path.join(FIXTURES, 'two-status-columns.xlsx'));
  writeExpectation('two-status-columns', {
    input: 'two-status-columns.xlsx',
    config: {},
    period: { quarter: 'Q4', financialYear: '2017-18' },
    asAt: '2018-03-31',
    rows: { read: 5, inRegister: 5, withErrors: 0 },
    issues: [{ severity: 'warning', sheet, code: 'ambiguous-column' }],
    report: {
      summary: { delivered: 1, 'on-track': 1, 'some-delay': 1 },
      unassessed: 0,
      entries: [
        { id: 'T1', kind: 'due', status: 'on-track' },
        { id: 'T2', kind: 'due', status: 'some-delay' },
        { id: 'T3', kind: 'due', status: 'delivered' },
        { id: 'T4', kind: 'delayed-update', dueQuarter: 'Q3', dueFinancialYear: '2017-18', status: 'some-delay' },
      ],
    },
    register: [
      { id: 'T4', due: { quarter: 'Q3', financialYear: '2017-18' }, status: 'some-delay' },
      { id: 'T5', due: { quarter: 'Q2', financialYear: '2017-18' }, status: 'delivered' },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// serial-dates.xlsx: due dates stored as Excel serial numbers in a text-formatted column, and a
// sheet of chart numbers with no header (skipped with a warning). Report: Q2 2017-18.
// ---------------------------------------------------------------------------------------------

async function makeSerialDates() {
  const sheet = 'Plan';
  const wb = newWorkbook();
  const ws = wb.addWorksheet(sheet);
  const header = ['Ref', 'Milestone', 'Lead', 'Due', 'RAG', 'Update'];
  ws.getRow(1).values = header;
  styleHeader(ws, 1, header.length);
  ws.columns = [8, 50, 18, 12, 9, 40].map((width) => ({ width }));
  ws.getColumn(4).numFmt = '@';
  const rows = [
    ['S1', 'Go live with the new HR and payroll system', 'HR Director', excelSerial(day(2017, 9, 30)), 'Green', 'Parallel run passed.'],
    ['S2', 'Sign the shared services agreement with the GLA', 'Finance Director', excelSerial(day(2017, 6, 30)), 'Complete', 'Signed on 29 June.'],
    ['S3', 'Close the legacy finance ledger', 'Finance Director', excelSerial(day(2017, 12, 31)), 'Green', 'Balances reconciled.'],
    ['S4', 'Move the contact centre to the new telephony platform', 'Contact Centre Manager', excelSerial(day(2017, 9, 22)), 'Amber', 'Number porting delayed by the carrier.'],
    ['S5', 'Publish the procurement pipeline for 2017-18', 'Head of Procurement', excelSerial(day(2017, 6, 14)), 'Amber', 'Awaiting sign-off of two category plans.'],
  ];
  if (rows[0][3] !== 43008) throw new Error('excel serial arithmetic is off');
  rows.forEach((vals, i) => {
    const r = i + 2;
    vals.forEach((v, c) => {
      ws.getCell(r, c + 1).value = v;
    });
    ws.getCell(r, 4).numFmt = '@';
  });
  const chart = wb.addWorksheet('Chart data');
  [[12, 8, 3], [14, 6, 2], [15, 5, 1], [19, 7, 2]].forEach((vals, i) => {
    chart.getRow(i + 1).values = vals;
  });
  await writeWorkbook(wb, path.join(FIXTURES, 'serial-dates.xlsx'));
  writeExpectation('serial-dates', {
    input: 'serial-dates.xlsx',
    config: {},
    period: { quarter: 'Q2', financialYear: '2017-18' },
    asAt: '2017-09-30',
    rows: { read: 5, inRegister: 5, withErrors: 0 },
    issues: [{ severity: 'warning', sheet: 'Chart data', code: 'no-tracker' }],
    report: {
      summary: { delivered: 0, 'on-track': 1, 'some-delay': 1 },
      unassessed: 0,
      entries: [
        { id: 'S1', kind: 'due', status: 'on-track' },
        { id: 'S4', kind: 'due', status: 'some-delay' },
        { id: 'S5', kind: 'delayed-update', dueQuarter: 'Q1', dueFinancialYear: '2017-18', status: 'some-delay' },
      ],
    },
    register: [
      { id: 'S1', due: { quarter: 'Q2', financialYear: '2017-18' } },
      { id: 'S2', due: { quarter: 'Q1', financialYear: '2017-18' }, status: 'delivered' },
      { id: 'S3', due: { quarter: 'Q3', financialYear: '2017-18' } },
      { id: 'S4', due: { quarter: 'Q2', financialYear: '2017-18' } },
      { id: 'S5', due: { quarter: 'Q1', financialYear: '2017-18' } },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// config-columns.xlsx: headers no synonym list would guess, settled by the config file; the config
// also picks the sheet (an older plan of the same shape sits beside it), the header row and
// extra status wordings. Report: Q4 2017-18.
// ---------------------------------------------------------------------------------------------

async function makeConfigColumns() {
  const sheet = 'Delivery plan';
  const wb = newWorkbook();
  const header = ['No.', 'Directorate', 'Commitment (as published)', 'Lead', 'When', 'Assessment', 'Narrative', 'Target'];
  const old = wb.addWorksheet('Old plan 2016-17');
  old.getRow(1).values = header;
  styleHeader(old, 1, header.length);
  [
    ['OLD-1', 'Policing', 'Agree the 2016-17 policing precept', 'Chief Finance Officer', 'Q4 2016-17', 'Achieved early', 'Agreed in February 2017.', 'n/a'],
    ['OLD-2', 'Fire', 'Open the new Old Kent Road fire station', 'Head of Estates', 'Q3 2016-17', 'Overdue', 'Handover delayed.', '1 station'],
  ].forEach((vals, i) => {
    old.getRow(i + 2).values = vals;
  });
  const ws = wb.addWorksheet(sheet);
  ws.getCell('A1').value = 'Greater London Authority Group — Delivery plan 2017-18';
  ws.getCell('A1').font = { bold: true, size: 13 };
  ws.getCell('A2').value = 'Assessments as at 31 March 2018. Narrative agreed by each directorate.';
  ws.getRow(3).values = header;
  styleHeader(ws, 3, header.length);
  ws.columns = [8, 14, 50, 22, 12, 14, 44, 12].map((width) => ({ width }));
  const rows = [
    ['GLA-01', 'Policing', 'Recruit 500 new police officers funded by the business rates retention pilot', 'Chief Finance Officer', 'Mar 2018', 'Achieved early', 'All 500 officers in post by January.', '500 officers'],
    ['GLA-02', 'Policing', 'Publish the Police and Crime Plan annual report', 'Director of Strategy', 'Q3 2017-18', 'Overdue', 'Report held back until the new performance framework is agreed.', '1 report'],
    ['GLA-03', 'Fire', 'Complete the high-rise building review', 'Assistant Commissioner', 'Q4 2017-18', 'On target', 'Review of 1,100 buildings 90% complete.', '1,100 buildings'],
    ['GLA-04', 'Fire', 'Roll out new breathing apparatus to all stations', 'Head of Operational Support', day(2018, 2, 14), 'Achieved early', 'All 102 stations equipped.', '102 stations'],
    ['GLA-05', 'Housing', 'Launch the Homes for Londoners land fund', 'Executive Director of Housing', 'Q2 2017-18', 'Complete', 'Fund launched in July.', '£250m'],
  ];
  rows.forEach((vals, i) => {
    vals.forEach((v, c) => {
      ws.getCell(i + 4, c + 1).value = v;
    });
  });
  ws.getCell('E7').numFmt = 'dd/mm/yyyy';
  await writeWorkbook(wb, path.join(FIXTURES, 'config-columns.xlsx'));
  writeExpectation('config-columns', {
    input: 'config-columns.xlsx',
    config: {
      sheet: 'Delivery plan',
      headerRow: 3,
      columns: { id: 'No.', milestone: 'Commitment (as published)', due: 'When', status: 'Assessment', update: 'Narrative' },
      statusSynonyms: { delivered: ['Achieved early'], 'some-delay': ['Overdue'] },
    },
    period: { quarter: 'Q4', financialYear: '2017-18' },
    asAt: '2018-03-31',
    rows: { read: 5, inRegister: 5, withErrors: 0 },
    issues: [],
    issuesAbsent: [{ code: 'ambiguous-column' }, { code: 'unknown-status' }],
    report: {
      summary: { delivered: 2, 'on-track': 1, 'some-delay': 0 },
      unassessed: 0,
      entries: [
        { id: 'GLA-01', kind: 'due', status: 'delivered', update: 'All 500 officers in post by January.' },
        { id: 'GLA-02', kind: 'delayed-update', dueQuarter: 'Q3', dueFinancialYear: '2017-18', status: 'some-delay' },
        { id: 'GLA-03', kind: 'due', status: 'on-track' },
        { id: 'GLA-04', kind: 'due', status: 'delivered' },
      ],
    },
    register: [
      { id: 'GLA-01', priority: 'Policing', milestone: 'Recruit 500 new police officers funded by the business rates retention pilot', due: { quarter: 'Q4', financialYear: '2017-18' }, status: 'delivered', source: { sheet, row: 4 } },
      { id: 'GLA-04', due: { quarter: 'Q4', financialYear: '2017-18' } },
      { id: 'GLA-05', due: { quarter: 'Q2', financialYear: '2017-18' }, status: 'delivered', update: 'Fund launched in July.' },
    ],
    absentIds: ['OLD-1', 'OLD-2'],
  });
}

// ---------------------------------------------------------------------------------------------
// directorate-areas.xlsx: one sheet per directorate (the sheet names are the priorities), the theme
// under an "Area" header, rated on the RAG scale (config "scale": "rag"). Report: Q3 2017-18.
// ---------------------------------------------------------------------------------------------

async function makeDirectorateAreas() {
  const header = ['Ref', 'Area', 'Milestone', 'Lead', 'Due', 'RAG', 'Update'];
  const sheets = [
    ['Children\u2019s Services', [
      ['CH1', 'Early help', 'Open two family hubs', 'Head of Early Help', 'Q3 2017-18', 'Blue', 'Both hubs opened in November.'],
      ['CH2', 'Early help', 'Recruit 12 family support workers', 'Head of Early Help', 'Q3 2017-18', 'Green', '10 of 12 in post.'],
      ['CH3', 'Fostering', 'Recruit 20 new foster carers', 'Head of Fostering', 'Q2 2017-18', 'Red', '8 approved; the campaign was relaunched in October.'],
      ['CH4', 'Fostering', 'Review fostering allowances', 'Head of Fostering', 'Q3 2017-18', 'Amber/Green', 'Review half done.'],
    ]],
    ['Adult Social Care', [
      ['AS1', 'Reablement', 'Extend reablement to weekends', 'Head of Reablement', 'Q3 2017-18', 'Amber', 'Staffing agreed; the weekend rota starts in January.'],
      ['AS2', 'Reablement', 'Publish the market position statement', 'Head of Commissioning', 'Q4 2017-18', 'Green', 'Drafting.'],
      ['AS3', 'Carers', 'Refresh the carers\u2019 strategy', 'Carers Lead', 'Q1 2017-18', 'Complete', 'Published in June.'],
    ]],
  ];
  const wb = newWorkbook();
  for (const [name, rows] of sheets) {
    const ws = wb.addWorksheet(name);
    ws.getRow(1).values = header;
    styleHeader(ws, 1, header.length);
    rows.forEach((vals, i) => {
      ws.getRow(i + 2).values = vals;
    });
  }
  await writeWorkbook(wb, path.join(FIXTURES, 'directorate-areas.xlsx'));
  const children = 'Children\u2019s Services';
  writeExpectation('directorate-areas', {
    input: 'directorate-areas.xlsx',
    config: { scale: 'rag' },
    period: { quarter: 'Q3', financialYear: '2017-18' },
    asAt: '2017-12-31',
    rows: { read: 7, inRegister: 6, withErrors: 1 },
    // "Amber/Green" is not guessed onto the RAG scale.
    issues: [{ severity: 'error', sheet: children, cell: 'F5', code: 'unknown-status' }],
    issuesAbsent: [{ code: 'ambiguous-column' }],
    report: {
      summary: { delivered: 1, green: 1, amber: 1, red: 0 },
      unassessed: 0,
      entries: [
        { id: 'CH1', kind: 'due', status: 'delivered' },
        { id: 'CH2', kind: 'due', status: 'green' },
        { id: 'CH3', kind: 'delayed-update', dueQuarter: 'Q2', dueFinancialYear: '2017-18', status: 'red' },
        { id: 'AS1', kind: 'due', status: 'amber', update: 'Staffing agreed; the weekend rota starts in January.' },
      ],
    },
    register: [
      { id: 'CH1', priority: children, theme: 'Early help', status: 'delivered', source: { sheet: children, row: 2 } },
      { id: 'CH3', priority: children, theme: 'Fostering', status: 'red' },
      { id: 'AS2', priority: 'Adult Social Care', theme: 'Reablement', due: { quarter: 'Q4', financialYear: '2017-18' }, status: 'green' },
      { id: 'AS3', priority: 'Adult Social Care', theme: 'Carers', status: 'delivered' },
    ],
    absentIds: ['CH4'],
  });
}

// ---------------------------------------------------------------------------------------------
// not-a-workbook.xlsx: a text file saved with a workbook's name; it must be refused with one
// clear issue, not a crash.
// ---------------------------------------------------------------------------------------------

function makeNotAWorkbook() {
  fs.writeFileSync(path.join(FIXTURES, 'not-a-workbook.xlsx'), 'Milestones for Q4 are in the shared drive, not in this file.\r\n');
  writeExpectation('not-a-workbook', { input: 'not-a-workbook.xlsx', readFails: true });
}

async function main() {
  fs.mkdirSync(FIXTURES, { recursive: true });
  await makeMet();
  await makeCouncil();
  makeRagDates();
  makeUtf8Bom();
  await makeErrorCells();
  await makeTwoStatus();
  await makeSerialDates();
  await makeConfigColumns();
  await makeDirectorateAreas();
  makeNotAWorkbook();
  process.stdout.write(`fixtures written to ${path.relative(ROOT, FIXTURES)} and ${path.relative(ROOT, SAMPLES)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
