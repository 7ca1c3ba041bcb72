// The recording fake refuses what Excel refuses (the @types/office-js doc comments and Microsoft's docs say what), so a
// test on the fake cannot pass where Excel would fail.
import { FakeExcel, MAX_MERGED_AREAS, OFFICE_MESSAGES } from './fake-excel';

type Ctx = Excel.RequestContext;

async function refusal(fake: FakeExcel, queue: (ctx: Ctx) => void): Promise<string | undefined> {
  return fake.run(async (ctx) => {
    queue(ctx);
    try {
      await ctx.sync();
      return undefined;
    } catch (e) {
      return (e as { code?: string }).code ?? 'not an Office error';
    }
  });
}

const onSheet = (fake: FakeExcel, f: (ws: Excel.Worksheet) => void) => refusal(fake, (ctx) => f(ctx.workbook.worksheets.getItem('Sheet1')));
const fresh = () => new FakeExcel([{ name: 'Sheet1', rows: [['x']] }]);

describe('the recording fake refuses as Excel does', () => {
  test('request size is counted in UTF-8 bytes, as the request travels', async () => {
    const fake = fresh();
    await onSheet(fake, (ws) => {
      ws.getRange('A1').values = [['\u00e9'.repeat(1000)]];
    });
    expect(fake.requests[0]!.bytes).toBeGreaterThanOrEqual(2000);
  });

  test(`more than ${MAX_MERGED_AREAS} merged areas: getMergedAreasOrNullObject fails its request`, async () => {
    const merges = Array.from({ length: MAX_MERGED_AREAS + 1 }, (_, i) => `A${2 * i + 1}:B${2 * i + 1}`);
    const fake = new FakeExcel([{ name: 'Sheet1', rows: [['x']], merges }]);
    expect(await refusal(fake, (ctx) => ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B2000').getMergedAreasOrNullObject().load('address'))).toBe('GeneralException');
    const fewer = new FakeExcel([{ name: 'Sheet1', rows: [['x']], merges: merges.slice(0, MAX_MERGED_AREAS) }]);
    expect(await refusal(fewer, (ctx) => ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B2000').getMergedAreasOrNullObject().load('address'))).toBeUndefined();
  });

  test.each(['Q1/Q2', 'a'.repeat(32), "'quoted'", 'History', ''])('sheet name %p is refused', async (name) => {
    expect(await refusal(fresh(), (ctx) => ctx.workbook.worksheets.add(name))).toBe('InvalidArgument');
  });

  test('a table name that is a defined name, a cell reference or has spaces is refused', async () => {
    for (const name of ['MilestoneRegister', 'A1', 'R2C3', 'Milestone Register']) {
      const fake = fresh();
      fake.definedNames = ['MilestoneRegister'];
      expect([name, await onSheet(fake, (ws) => (ws.tables.add('A1:B2', true).name = name))]).toEqual([name, 'InvalidArgument']);
    }
    expect(await onSheet(fresh(), (ws) => (ws.tables.add('A1:B2', true).name = 'MilestoneRegister'))).toBeUndefined();
  });

  test('a dropdown list over 255 characters and an alert title over 32 are refused', async () => {
    expect(await onSheet(fresh(), (ws) => (ws.getRange('A1:A9').dataValidation.rule = { list: { inCellDropDown: true, source: 'x,'.repeat(128) } }))).toBe('InvalidArgument');
    expect(await onSheet(fresh(), (ws) => (ws.getRange('A1:A9').dataValidation.errorAlert = { showAlert: true, style: 'Stop', title: 'T'.repeat(33), message: 'm' }))).toBe('InvalidArgument');
    expect(await onSheet(fresh(), (ws) => (ws.getRange('A1:A9').dataValidation.errorAlert = { showAlert: true, style: 'Stop', title: 'Not on the list', message: 'm' }))).toBeUndefined();
  });

  test('icon rules: criteria count, custom icon index, enum names and reverseIconOrder with custom icons are checked', async () => {
    const rule = (f: (icons: Excel.IconSetConditionalFormat) => void) => onSheet(fresh(), (ws) => f(ws.getRange('A1:A9').conditionalFormats.add('IconSet' as Excel.ConditionalFormatType).iconSet));
    const custom = (index: number) => ({ type: 'Number', operator: 'GreaterThanOrEqual', formula: '=1', customIcon: { set: 'ThreeSymbols', index } }) as Excel.ConditionalIconCriterion;
    expect(await rule((i) => ((i.style = 'ThreeSymbols' as Excel.IconSet), (i.criteria = [{} as Excel.ConditionalIconCriterion, custom(1)])))).toBe('InvalidArgument');
    expect(await rule((i) => ((i.style = 'ThreeSymbols' as Excel.IconSet), (i.criteria = [{} as Excel.ConditionalIconCriterion, custom(1), custom(3)])))).toBe('InvalidArgument');
    expect(await rule((i) => (i.style = '3Symbols' as Excel.IconSet))).toBe('InvalidArgument');
    expect(await rule((i) => ((i.style = 'ThreeSymbols' as Excel.IconSet), (i.reverseIconOrder = false), (i.criteria = [{} as Excel.ConditionalIconCriterion, custom(1), custom(2)])))).toBe('InvalidArgument');
    expect(await rule((i) => ((i.style = 'ThreeSymbols' as Excel.IconSet), (i.criteria = [{} as Excel.ConditionalIconCriterion, custom(1), custom(2)])))).toBeUndefined();
  });

  test('page layout and frozen panes: enum names and numbers Excel accepts', async () => {
    expect(await onSheet(fresh(), (ws) => (ws.pageLayout.paperSize = 'a4' as Excel.PaperType))).toBe('InvalidArgument');
    expect(await onSheet(fresh(), (ws) => (ws.pageLayout.orientation = 'landscape' as Excel.PageOrientation))).toBe('InvalidArgument');
    expect(await onSheet(fresh(), (ws) => (ws.pageLayout.zoom = { horizontalFitToPages: 1.5 }))).toBe('InvalidArgument');
    expect(await onSheet(fresh(), (ws) => ws.pageLayout.setPrintTitleRows('A1:B1'))).toBe('InvalidArgument');
    expect(await onSheet(fresh(), (ws) => ws.freezePanes.freezeRows(-1))).toBe('InvalidArgument');
    expect(await onSheet(fresh(), (ws) => ((ws.pageLayout.paperSize = 'A4' as Excel.PaperType), ws.pageLayout.setPrintTitleRows('$1:$2'), ws.freezePanes.freezeRows(1)))).toBeUndefined();
  });

  test.each([
    ['-5', 'Formula'],
    ['+44 20 7230', 'Formula'],
    ['@handle', 'Formula'],
    ['=SUM(A1)', 'Formula'],
    ['42', 'Double'],
    ['12%', 'Double'],
    ['31/03/2018', 'Double'],
    ['TRUE', 'Boolean'],
    ["'-5", 'String'],
    ['On track', 'String'],
  ])('text %p written as it is becomes %s, as Excel types it', async (text, type) => {
    const fake = fresh();
    await onSheet(fake, (ws) => (ws.getRange('B2').values = [[text]]));
    expect(fake.sheet('Sheet1').get(1, 1)?.type).toBe(type);
  });

  test('collections read without load and sync throw PropertyNotLoaded', async () => {
    const fake = fresh();
    const code = await fake.run(async (ctx) => {
      try {
        return String(ctx.workbook.worksheets.items.length);
      } catch (e) {
        return (e as { code?: string }).code;
      }
    });
    expect(code).toBe('PropertyNotLoaded');
  });

  test('isNullObject is known only after a sync', async () => {
    const fake = fresh();
    const seen = await fake.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject('Nope');
      let before: unknown;
      try {
        before = ws.isNullObject;
      } catch (e) {
        before = (e as { code?: string }).code;
      }
      await ctx.sync();
      return [before, ws.isNullObject];
    });
    expect(seen).toEqual(['PropertyNotLoaded', true]);
  });

  test('no made-up error codes: Excel\u2019s size refusal is RequestPayloadSizeLimitExceeded', () => {
    expect(Object.keys(OFFICE_MESSAGES)).not.toContain('PayloadTooLarge');
    expect(Object.keys(OFFICE_MESSAGES)).toContain('RequestPayloadSizeLimitExceeded');
  });

  test('a chart axis takes reversePlotOrder as a boolean and position as an Excel.ChartAxisPosition', async () => {
    const axis = (f: (a: Excel.ChartAxis) => void) => onSheet(fresh(), (ws) => f(ws.charts.add('BarStacked', ws.getRange('A1:B2'), 'Columns').axes.categoryAxis));
    expect(await axis((a) => (a.reversePlotOrder = 'yes' as unknown as boolean))).toBe('InvalidArgument');
    expect(await axis((a) => (a.position = 'Top' as Excel.ChartAxisPosition))).toBe('InvalidArgument');
    expect(await axis((a) => {
      a.reversePlotOrder = true;
      a.position = 'Maximum';
    })).toBeUndefined();
  });
});
