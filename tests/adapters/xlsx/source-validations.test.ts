// Reading a sheet's validations from its XML, as Excel writes them (main and x14 extension forms).
import { normaliseRange, parseValidations } from '../../../src/adapters/xlsx/source-validations';

const SHEET = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">
<sheetData/>
<dataValidations count="3">
  <dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Status" error="Use &quot;Green&quot;, Amber or Red (score > 0)" sqref="C4:C1048576 E4"><formula1>"Green,Amber,Red"</formula1></dataValidation>
  <dataValidation type="whole" operator="between" sqref="G4"><formula1>1</formula1><formula2>10</formula2></dataValidation>
  <dataValidation type="date" operator="greaterThan" sqref="H:H"><formula1>43191</formula1></dataValidation>
</dataValidations>
<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations count="1">
  <x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>D4:D200</xm:sqref></x14:dataValidation>
</x14:dataValidations></ext></extLst></worksheet>`;

describe('parseValidations', () => {
  it('keeps each validation once, with its ranges, rule and decoded text', () => {
    const found = parseValidations(SHEET);
    expect(found).toEqual([
      {
        ranges: ['C4:C1048576', 'E4:E4'],
        rule: {
          type: 'list',
          allowBlank: true,
          showInputMessage: true,
          showErrorMessage: true,
          errorTitle: 'Status',
          error: 'Use "Green", Amber or Red (score > 0)',
          formulae: ['"Green,Amber,Red"'],
        },
      },
      { ranges: ['G4:G4'], rule: { type: 'whole', operator: 'between', formulae: ['1', '10'] } },
      { ranges: ['H1:H1048576'], rule: { type: 'date', operator: 'greaterThan', formulae: [new Date(Date.UTC(2018, 3, 1))] } },
      { ranges: ['D4:D200'], rule: { type: 'list', allowBlank: true, formulae: ['Lists!$A$1:$A$3'] } },
    ]);
  });

  it('finds nothing in a sheet without validations', () => {
    expect(parseValidations('<worksheet><sheetData/></worksheet>')).toEqual([]);
  });
});

describe('normaliseRange', () => {
  it('writes every reference as top-left:bottom-right', () => {
    expect(normaliseRange('B2')).toBe('B2:B2');
    expect(normaliseRange('$A$1:$C$3')).toBe('A1:C3');
    expect(normaliseRange('A:A')).toBe('A1:A1048576');
    expect(normaliseRange('3:3')).toBe('A3:XFD3');
    expect(normaliseRange('C5:A1')).toBe('A1:C5');
    expect(normaliseRange('AA1:B2')).toBe('B1:AA2');
    expect(normaliseRange('not a ref')).toBeNull();
  });
});
