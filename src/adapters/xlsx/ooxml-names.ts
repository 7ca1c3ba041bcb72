// The namespaces, relationship types and content types a package uses, for each conformance class: Transitional
// (what Excel saves by default) and Strict (Excel's "Strict Open XML Spreadsheet", under purl.oclc.org).

export const PKG_RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const CONTENT_TYPES_NS = 'http://schemas.openxmlformats.org/package/2006/content-types';

export interface Conformance {
  strict: boolean;
  /** SpreadsheetML's main namespace. */
  main: string;
  /** The namespace of r:id attributes. */
  rel: string;
  /** A relationship type: `relType('worksheet')`. */
  relType: (kind: string) => string;
  /** DrawingML: its main namespace, the spreadsheet drawing (anchors) and the chart namespaces. */
  drawingMain: string;
  spreadsheetDrawing: string;
  chart: string;
}

const TRANSITIONAL_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const STRICT_RELS = 'http://purl.oclc.org/ooxml/officeDocument/relationships';

export const TRANSITIONAL: Conformance = {
  strict: false,
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  rel: TRANSITIONAL_RELS,
  relType: (kind) => `${TRANSITIONAL_RELS}/${kind}`,
  drawingMain: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  spreadsheetDrawing: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  chart: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
};

export const STRICT: Conformance = {
  strict: true,
  main: 'http://purl.oclc.org/ooxml/spreadsheetml/main',
  rel: STRICT_RELS,
  relType: (kind) => `${STRICT_RELS}/${kind}`,
  drawingMain: 'http://purl.oclc.org/ooxml/drawingml/main',
  spreadsheetDrawing: 'http://purl.oclc.org/ooxml/drawingml/spreadsheetDrawing',
  chart: 'http://purl.oclc.org/ooxml/drawingml/chart',
};

/** The class of a workbook, from its root element's namespace. */
export function conformanceOf(workbookNs: string | null): Conformance {
  return workbookNs === STRICT.main ? STRICT : TRANSITIONAL;
}

/** Whether a relationship type is `kind` in either class ('officeDocument', 'worksheet', ...). */
export function isRelType(type: string, kind: string): boolean {
  return type === TRANSITIONAL.relType(kind) || type === STRICT.relType(kind);
}

export const CT = {
  workbook: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  table: 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml',
  sharedStrings: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml',
  relationships: 'application/vnd.openxmlformats-package.relationships+xml',
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
} as const;
