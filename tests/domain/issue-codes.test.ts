// Issue codes are a closed set: ISSUE_CODES and the Office error family in src/domain/issue.ts. The README's table
// lists exactly them, every code listed is raised somewhere in src/, and parsing an issue refuses any other code.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  ISSUE_CODES,
  IssueSchema,
  IssueCodeSchema,
  OFFICE_ISSUES,
  OfficeErrorCodeSchema,
  makeIssue,
  officeErrorOf,
  type PlainIssueCode,
} from '../../src/domain/issue';
import { officeErrorToIssue } from '../../src/adapters/office/excel-run';

const ROOT = path.resolve(__dirname, '../..');
const FAMILY = 'excel-<OfficeError>';
const PLAIN_CODES = Object.keys(ISSUE_CODES) as PlainIssueCode[];

interface Row {
  codes: string[];
  severity: string;
  when: string;
}

/** The table under "### Issues" in README.md, one entry per line of it. */
function readmeRows(): Row[] {
  const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
  const section = lines.indexOf('### Issues');
  expect(section).toBeGreaterThan(0);
  const header = lines.indexOf('| code | severity | when |', section);
  expect(header).toBeGreaterThan(section);
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [codes = '', severity = '', when = ''] = line.slice(1, -1).split('|').map((c) => c.trim());
    rows.push({ codes: [...codes.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''), severity, when });
  }
  return rows;
}

/** The table as README.md should show it, generated from ISSUE_CODES and the Office error family. */
function expectedRows(): Row[] {
  const officeList = OfficeErrorCodeSchema.options.map((c) => `\`${c}\``).join(', ');
  return [
    ...PLAIN_CODES.map((code) => ({ codes: [code], severity: ISSUE_CODES[code].severity, when: ISSUE_CODES[code].when })),
    { codes: [FAMILY], severity: OFFICE_ISSUES.severity, when: `${OFFICE_ISSUES.when} ${officeList}` },
  ];
}

const markdown = (rows: Row[]) => rows.map((r) => `| ${r.codes.map((c) => `\`${c}\``).join(', ')} | ${r.severity} | ${r.when} |`).join('\n');

describe("the README's table of issue codes", () => {
  const rows = readmeRows();
  const listed = rows.flatMap((r) => r.codes);

  test('lists every code of the enum', () => {
    const missing = [...PLAIN_CODES, FAMILY].filter((c) => !listed.includes(c));
    expect(missing).toEqual([]);
  });

  test('lists no code the enum lacks', () => {
    const unknown = listed.filter((c) => c !== FAMILY && !IssueCodeSchema.safeParse(c).success);
    expect(unknown).toEqual([]);
  });

  test('names every Office error of the family, and no other', () => {
    const family = rows.find((r) => r.codes[0] === FAMILY);
    const named = family ? [...family.when.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1] ?? '') : [];
    expect(named.filter((c) => !OfficeErrorCodeSchema.safeParse(c).success)).toEqual([]);
    expect(OfficeErrorCodeSchema.options.filter((c) => !named.includes(c))).toEqual([]);
  });

  test('gives each code its severity and meaning from src/domain/issue.ts, one code a line, in its order', () => {
    // On failure, the table below is what the README should hold.
    expect(markdown(rows)).toEqual(markdown(expectedRows()));
  });
});

describe('the code set is closed', () => {
  test('every code of the table is raised somewhere in src/', () => {
    const files = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && path.join('src', f) !== path.join('src', 'domain', 'issue.ts'));
    const source = files.map((f) => readFileSync(path.join(ROOT, 'src', f), 'utf8')).join('\n');
    expect(PLAIN_CODES.filter((c) => !source.includes(`'${c}'`))).toEqual([]);
    expect(source).toContain('`excel-${');
  });

  test('IssueSchema refuses a code outside the set, naming it', () => {
    const issue = makeIssue('warning', 'Tracker', 'B4', 'quarter-without-year', 'Quarter "Q3" has no year.');
    expect(IssueSchema.parse(issue)).toEqual(issue);
    for (const code of ['year-assumed', 'Missing-Status', 'excel-Nope', 'excel-', 'excel-accessDenied', '']) {
      const r = IssueSchema.safeParse({ ...issue, code });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe(`"${code}" is not an issue code (src/domain/issue.ts lists them)`);
    }
  });

  test('IssueSchema accepts every code of the table and of the Office error family', () => {
    const all = [...PLAIN_CODES, ...OfficeErrorCodeSchema.options.map((c) => `excel-${c}`)];
    expect(all.filter((code) => !IssueSchema.safeParse({ severity: 'error', sheet: '', cell: '', code, message: 'm' }).success)).toEqual([]);
  });

  test('an excel- issue gives back its Office error; any other issue none', () => {
    expect(officeErrorOf('excel-AccessDenied')).toBe('AccessDenied');
    expect(officeErrorOf('excel-error')).toBeUndefined();
    expect(officeErrorOf('excel-too-old')).toBeUndefined();
    expect(officeErrorOf('cancelled')).toBeUndefined();
  });

  test('an Office refusal becomes excel-<code>, or excel-error for a code outside the family, quoting it', () => {
    const refusal = (code: string) => Object.assign(new Error('Nope.'), { name: 'RichApi.Error', code, debugInfo: {} });
    expect(officeErrorToIssue(refusal('ItemNotFound'), 'ItemNotFound', 'Building')).toMatchObject({ severity: 'error', code: 'excel-ItemNotFound' });
    expect(officeErrorToIssue(refusal('InvalidReference'), 'InvalidReference', 'Building')).toMatchObject({ code: 'excel-InvalidReference' });
    const odd = officeErrorToIssue(refusal('BrandNewCode'), 'BrandNewCode', 'Building');
    expect(odd).toMatchObject({ severity: 'error', code: 'excel-error', message: 'Building stopped: Excel refused it (BrandNewCode: Nope.).' });
    expect(IssueSchema.parse(odd)).toEqual(odd);
  });
});
