// What the writer needs to know of the source package before it adds to it: its sheets, names, tables, styles,
// shared strings and date system, and what it must leave out (macros). Everything here parses; nothing is changed.
import { readContentTypes } from './content-types-reader';
import { CT, isRelType } from './ooxml-names';
import { readRelationships, relsPathOf, type SourcePackage } from './package-reader';
import type { StyleBase } from './style-registry';
import { readStyleBase } from './styles-writer';
import { readWorkbookFacts, type WorkbookFacts } from './workbook-reader';
import { parseXml } from './xml-writer';

export interface SourceFacts extends WorkbookFacts {
  stylesPath: string;
  styleBase: StyleBase;
  tableNames: string[];
  maxTableId: number;
  /** The shared strings part, left as stored (the writer writes its text in the cells). */
  sharedStrings?: { path: string };
  /** Macro parts left out of the output, and the workbook relationships that pointed at them. */
  macros: { parts: string[]; relIds: string[] };
  /** The workbook part's content type when it must change (a macro-enabled workbook or a template becomes a workbook). */
  workbookRetype?: string;
}

export function readSourceFacts(pkg: SourcePackage): SourceFacts {
  const c = pkg.conformance;
  const workbook = readWorkbookFacts(pkg.text(pkg.workbookPath));
  const styles = pkg.workbookRels.find((r) => isRelType(r.type, 'styles') && r.part);
  const stylesPart = styles?.part === undefined ? undefined : pkg.part(styles.part);
  if (!stylesPart) throw new Error('no styles part');
  const styleBase = readStyleBase(pkg.text(stylesPart.name), c);
  const contentType = readContentTypes(pkg.text('[Content_Types].xml'));

  const tableNames: string[] = [];
  let maxTableId = 0;
  for (const p of pkg.parts) {
    if (contentType(p.name) !== CT.table) continue;
    const table = parseXml(pkg.text(p.name)).documentElement!;
    for (const a of ['name', 'displayName']) if (table.getAttribute(a)) tableNames.push(table.getAttribute(a)!);
    maxTableId = Math.max(maxTableId, Number(table.getAttribute('id')) || 0);
  }

  const sstRel = pkg.workbookRels.find((r) => isRelType(r.type, 'sharedStrings') && r.part && pkg.part(r.part));
  const sst = sstRel?.part === undefined ? undefined : pkg.part(sstRel.part);

  const vba = pkg.workbookRels.filter((r) => /\/vbaProject$/.test(r.type) && r.part);
  const macroParts: string[] = [];
  for (const r of vba) {
    const part = pkg.part(r.part!);
    if (!part) continue;
    macroParts.push(part.name);
    const rels = pkg.part(relsPathOf(part.name));
    if (!rels) continue;
    macroParts.push(rels.name);
    for (const inner of readRelationships(pkg.text(rels.name), part.name)) if (inner.part && pkg.part(inner.part)) macroParts.push(pkg.part(inner.part)!.name);
  }
  const workbookType = contentType(pkg.workbookPath);
  const facts: SourceFacts = {
    ...workbook,
    stylesPath: stylesPart.name,
    styleBase,
    tableNames,
    maxTableId,
    macros: { parts: macroParts, relIds: vba.map((r) => r.id) },
  };
  if (sst) facts.sharedStrings = { path: sst.name };
  if (workbookType !== CT.workbook || vba.length > 0) facts.workbookRetype = CT.workbook;
  return facts;
}
