// The child sequences of the four SpreadsheetML root elements the writer produces or amends, from ECMA-376 sml.xsd.
//
// Source: ECMA-376 Part 1 (5th edition, 2016), Annex A.2 "SpreadsheetML" sml.xsd (Strict), and Part 4
// "Transitional Migration Features", sml.xsd (Transitional): complexTypes CT_Worksheet, CT_Workbook,
// CT_Stylesheet and CT_Table. Both schemas give these four types the same <xsd:sequence> of elements in the
// main SpreadsheetML namespace; only the namespace URI differs (listed below). Elements of other namespaces
// (mc:AlternateContent, x14ac:..., xr:revisionPtr) are extensions Excel places by markup compatibility rules
// and are not part of the sequence, so the order check skips them.

export const SPREADSHEETML_MAIN = {
  transitional: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  strict: 'http://purl.oclc.org/ooxml/spreadsheetml/main',
} as const;

export interface ChildSequence {
  /** Children in schema order; an element may repeat (maxOccurs > 1) but never come after a later one. */
  order: readonly string[];
  /** Children with minOccurs="1". */
  required: readonly string[];
}

export const CHILD_SEQUENCES: Record<'worksheet' | 'workbook' | 'styleSheet' | 'table', ChildSequence> = {
  // CT_Worksheet
  worksheet: {
    order: ['sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection',
      'protectedRanges', 'scenarios', 'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews', 'mergeCells',
      'phoneticPr', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup',
      'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing',
      'legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts',
      'extLst'],
    required: ['sheetData'],
  },
  // CT_Workbook
  workbook: {
    order: ['fileVersion', 'fileSharing', 'workbookPr', 'workbookProtection', 'bookViews', 'sheets', 'functionGroups',
      'externalReferences', 'definedNames', 'calcPr', 'oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr',
      'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst'],
    required: ['sheets'],
  },
  // CT_Stylesheet
  styleSheet: {
    order: ['numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs', 'tableStyles', 'colors',
      'extLst'],
    required: [],
  },
  // CT_Table
  table: {
    order: ['autoFilter', 'sortState', 'tableColumns', 'tableStyleInfo', 'extLst'],
    required: ['tableColumns'],
  },
};
