// The recipe of a register.xlsx: the source package's parts copied as their compressed bytes, one new worksheet per
// layout (with its table and chart) streamed in row by row, and the four parts that list them (workbook, its relationships,
// content types, styles) amended through a namespace-aware DOM in the source's conformance class. The new sheets' text is
// written in their cells (inline strings), so the source's shared strings part is copied as stored like the rest; long
// text the CLI read packed from that very part is referred to there (t="s") instead of being written again. A source
// with no shared strings part gets a new one holding the new sheets' long text once, each cell referring to it.
import { cellAddress, PackedText, type CellValue, type GridSheet, type GridWorkbook, type SharedStringsPart } from '../../domain/grid';
import { makeIssue, type Issue } from '../../domain/issue';
import { slices, type LongWorkOptions } from '../../shared/long-work';
import type { SheetLayout, StreamedLayout } from '../../render/sheet-layout';
import { allocateSheetName, allocateTableName, cutText, LISTS_SHEET, MAX_CELL_TEXT, quoteSheetName, renameInFormula } from '../../shared/excel-rules';
import { chartPart, drawingPart } from './chart-writer';
import { amendContentTypes } from './content-types-writer';
import { customXmlParts, type CustomXmlPart } from './custom-xml-writer';
import { emptyWorkbookBytes } from './empty-workbook';
import { ListsSheet } from './lists-sheet';
import { CT, isRelType } from './ooxml-names';
import { folderOf, openSourcePackage, partKey, relativeTarget, relsPathOf, type SourcePackage, type SourcePart } from './package-reader';
import { readWorkbookBytes } from './read-workbook';
import { amendRels, relIdAllocator, relsPart, type NewRelationship } from './rels-writer';
import { NewSharedStrings } from './shared-strings-writer';
import { readSourceFacts, type SourceFacts } from './source-facts';
import { StyleRegistry } from './style-registry';
import { amendStyles } from './styles-writer';
import { tableColumnNames, tablePart } from './table-writer';
import { amendWorkbook, type DefinedName, type WorkbookSheet } from './workbook-writer';
import { writeSheetXml, type SheetSpec, type SheetCell } from './worksheet-writer';
import { escapeCellText } from './xml-writer';
import { zipBytesOf, ZipWriter, type Deflater, type ZipBytes, type ZipOutput } from './zip-entries';
import { concatBytes } from '../../shared/bytes';

export { countWrappedLines } from './worksheet-writer';
export { allocateSheetName, MAX_CELL_TEXT };

/**
 * The file the layouts are added to: its bytes, or the open file they are read from as its parts are copied (the CLI);
 * `grid` is its content when the caller has read it already (a CSV is not read twice).
 */
export type WriteSource = { bytes: Uint8Array | ZipBytes; fileName: string; grid?: GridWorkbook } | null;

/**
 * A layout made only when its sheet is written, and let go once it is, so that no two sheets' layouts are held at once.
 * `name` is the name `render()` gives it (the sheet names are settled before any sheet is written); `rowCount` sizes the
 * progress.
 */
export interface DeferredLayout {
  name: string;
  rowCount: number;
  render: () => SheetLayout | StreamedLayout;
}

export type LayoutInput = SheetLayout | DeferredLayout;

export interface WriteWorkbookResult {
  /** The file's bytes; empty when `output` was given. */
  bytes: Uint8Array;
  /** The names actually given to the layouts, in order. */
  sheetNames: string[];
  /** Text cut to Excel's cell limit, source sheets copied as values only, and the like. */
  issues: Issue[];
}

/**
 * onProgress gets the share of the rows written so far, 0 to 1. The writer pauses every 50 ms; an aborted signal stops it
 * there with CancelledError (nothing is returned, so no half-written file exists).
 */
export interface WriteWorkbookOptions extends LongWorkOptions {
  /** How new parts are compressed: fflate's DEFLATE unless given (the CLI gives node:zlib's). */
  deflater?: Deflater;
  /**
   * Custom XML parts to add (a published snapshot), numbered after the source's own, which stay as they are. Given as a
   * function, they are made when the writer comes to them, before the sheets, and let go once written (a snapshot of
   * 100k rows of long text is tens of MB of XML).
   */
  customXml?: CustomXmlPart[] | (() => CustomXmlPart[]);
  /**
   * Gets the file's bytes in order as they are made, so they are never held whole (the result's `bytes` is then empty).
   * An output that can also patch bytes it was given (a file) lets each new sheet stream out as it is compressed.
   */
  output?: ((chunk: Uint8Array) => void) | ZipOutput;
  /**
   * Asked once the sheets are written, before a new shared strings part reads their long text back: the sheets leave a
   * great deal of garbage, which the CLI collects there (at 100k rows of text in the cells, a peak of 370 MB, not 427).
   */
  collect?: () => void;
}

export function writeWorkbook(source: WriteSource, layouts: readonly LayoutInput[], options: WriteWorkbookOptions = {}): Promise<WriteWorkbookResult> {
  // Not async: an async function's state outlives its return (until its promise settles) and would keep the source's
  // bytes while the register is made; this frame is gone once composeRegister's first pause lets the stack unwind.
  const issues: Issue[] = [];
  if (source && isZip(source.bytes)) {
    const opened = tryOpen(source.bytes);
    if (opened) return composeRegister(opened.pkg, opened.facts, [], layouts, issues, options);
    issues.push(
      makeIssue(
        'warning',
        '',
        '',
        'source-copied-as-values',
        `The sheets of ${source.fileName} could not be copied with their formatting, so the output holds their values only.`,
        'Your original file is unchanged; open it for the formatted sheets.',
      ),
    );
  }
  return writeFromGrid(source, layouts, issues, options);
}

/** The layouts in a new workbook, after the source's sheets as values (a CSV, or a package that cannot be copied). */
async function writeFromGrid(source: WriteSource, layouts: readonly LayoutInput[], issues: Issue[], options: WriteWorkbookOptions): Promise<WriteWorkbookResult> {
  const grid = source ? source.grid ?? (await readGrid(source)) : undefined;
  const copies = grid ? grid.sheets.map(gridSheetSpec) : [];
  const empty = openSourcePackage(emptyWorkbookBytes());
  return composeRegister(empty, readSourceFacts(empty), copies, layouts, issues, options);
}

/** The source package and what the writer needs of it; undefined when something in it is not where, or as, a workbook keeps it. */
function tryOpen(bytes: Uint8Array | ZipBytes): { pkg: SourcePackage; facts: SourceFacts } | undefined {
  try {
    const pkg = openSourcePackage(bytes);
    return { pkg, facts: readSourceFacts(pkg) };
  } catch {
    return undefined;
  }
}

async function readGrid(source: { bytes: Uint8Array | ZipBytes; fileName: string }): Promise<GridWorkbook> {
  const zip = zipBytesOf(source.bytes);
  const read = await readWorkbookBytes(zip.read(0, zip.size), source.fileName);
  if (!read.ok) throw new Error(`writeWorkbook was given a source it cannot read: ${read.issue.message}`);
  return read.workbook;
}

/** A CSV's sheet (or a workbook's, copied as values) as a plain sheet: its cells, merges and hidden rows. */
function gridSheetSpec(sheet: GridSheet): SheetSpec {
  return { name: sheet.name, columnWidths: [], rows: unpackedRows(sheet.rows), styles: [], merges: sheet.merges, validations: [], iconRules: [], hiddenRows: sheet.hiddenRows };
}

/** The rows with any packed text read back (a grid read with its long text packed); the same rows when none is. */
function unpackedRows(rows: CellValue[][]): readonly (readonly SheetCell[])[] {
  const packed = (v: CellValue) => v instanceof PackedText;
  const plain = (v: CellValue): SheetCell => (v instanceof PackedText ? v.text() : v);
  if (!rows.some((row) => row.some(packed))) return rows;
  return rows.map((row) => row.map(plain));
}

/**
 * For a package whose shared strings part is `sst`: the index there of a packed text read from that very part (the same
 * name, checksum and size), else -1. Undefined when the package has no such part.
 */
function sharedIndexIn(sst: SourcePart | undefined): ((text: PackedText | string) => number) | undefined {
  const entry = sst?.entry;
  if (!entry) return undefined;
  const name = partKey(entry.name);
  let same: SharedStringsPart | undefined;
  return (text) => {
    if (typeof text === 'string') return -1;
    const part = text.sharedIn;
    if (part === undefined) return -1;
    if (part !== same) {
      if (partKey(part.name) !== name || part.crc !== entry.crc || part.size !== entry.size) return -1;
      same = part;
    }
    return text.sharedIndex;
  };
}

interface NewSheet extends WorkbookSheet {
  /** What the sheet holds, or how to make it; undefined once it is written. */
  spec: SheetSpec | DeferredLayout | undefined;
  path: string;
}

function isDeferred(l: SheetSpec | DeferredLayout): l is DeferredLayout {
  return 'render' in l;
}

/** The sheet's cells, its layout made now if it was deferred. */
function specOf(sheet: NewSheet): SheetSpec {
  const spec = sheet.spec;
  if (!spec) throw new Error(`sheet ${sheet.name} is written already`);
  if (!isDeferred(spec)) return spec;
  const layout = spec.render();
  if (layout.name !== spec.name) throw new Error(`a layout deferred as "${spec.name}" was made as "${layout.name}"`);
  return layout;
}

function rowCountOf(l: SheetSpec | DeferredLayout): number {
  return isDeferred(l) ? l.rowCount : l.rows.length;
}

async function composeRegister(
  pkg: SourcePackage,
  facts: SourceFacts,
  copies: SheetSpec[],
  layouts: readonly LayoutInput[],
  issues: Issue[],
  options: WriteWorkbookOptions,
): Promise<WriteWorkbookResult> {
  const c = pkg.conformance;
  const totalRows = Math.max(1, [...copies, ...layouts].reduce((n, l) => n + rowCountOf(l), 0));
  let rowsDone = 0;
  const tick = slices(options);
  const progress = () => tick(rowsDone / totalRows);
  const afterRows = async (rows: number) => {
    rowsDone += rows;
    await progress();
  };

  // Names: sheets unique among the source's; tables unique among its tables and defined names (one namespace).
  const takenSheets = new Set(facts.sheetNames.map((n) => n.toLowerCase()));
  const takenTables = new Set([...facts.tableNames, ...facts.definedNames].map((n) => n.toLowerCase()));
  const copyNames = copies.map((s) => allocateSheetName(s.name, takenSheets));
  const layoutNames = layouts.map((l) => allocateSheetName(l.name, takenSheets));
  const sheetRenames = layouts.map((l, i) => ({ from: l.name, to: layoutNames[i]! })).filter((r) => r.from !== r.to);
  const lists = new ListsSheet(() => allocateSheetName(LISTS_SHEET, takenSheets));
  const styles = new StyleRegistry(facts.styleBase);

  // Packed text read from the source's shared strings part is referred to there: the part is copied as it is stored.
  // A source with no such part gets a new one, holding the new sheets' long text once.
  const sourceShared = facts.sharedStrings && pkg.part(facts.sharedStrings.path);
  const hasSharedRel = pkg.workbookRels.some((r) => isRelType(r.type, 'sharedStrings'));
  const newShared = sourceShared || hasSharedRel ? undefined : new NewSharedStrings();
  const sharedIndex = newShared ? (text: PackedText | string) => newShared.indexOf(text) : sharedIndexIn(sourceShared);

  // Part names: new parts beside the workbook part, never one the source has.
  const wbDir = folderOf(pkg.workbookPath);
  const planned = new Set<string>();
  const counters = new Map<string, number>();
  const newPath = (folder: string, stem: string) => {
    let path: string;
    do {
      const n = (counters.get(folder) ?? 0) + 1;
      counters.set(folder, n);
      path = `${wbDir}${folder}/${stem}${n}.xml`;
    } while (pkg.part(path) || pkg.part(relsPathOf(path)) || planned.has(path.toLowerCase()));
    planned.add(path.toLowerCase());
    return path;
  };
  const nextRelId = relIdAllocator(pkg.workbookRels.map((r) => r.id));
  let sheetId = facts.maxSheetId;
  let tableId = facts.maxTableId;
  const sheets: NewSheet[] = [];
  const addSheet = (name: string, spec: SheetSpec | DeferredLayout, hidden = false): NewSheet => {
    const sheet = { name, spec, hidden, path: newPath('worksheets', 'sheet'), relId: nextRelId(), sheetId: ++sheetId };
    sheets.push(sheet);
    return sheet;
  };

  const zip = new ZipWriter(options.deflater, options.output);
  const newParts: { path: string; contentType: string }[] = [];
  const definedNames: DefinedName[] = [];

  const writeSheet = async (sheet: NewSheet) => {
    const spec = specOf(sheet);
    sheet.spec = undefined;
    newParts.push({ path: sheet.path, contentType: CT.worksheet });
    let tableHeaders: string[] | undefined;
    let tableRename: { from: string; to: string } | undefined;
    const sheetRels: NewRelationship[] = [];
    const sheetDir = folderOf(sheet.path);
    if (spec.table) {
      const name = allocateTableName(spec.table.name, takenTables);
      if (name !== spec.table.name) tableRename = { from: spec.table.name, to: name };
      tableHeaders = tableColumnNames(spec, spec.table.range);
      const range = { ...spec.table.range, bottom: Math.max(spec.table.range.bottom, spec.table.range.top + 1) };
      const tablePath = newPath('tables', 'table');
      zip.add(tablePath, tablePart({ id: ++tableId, name, range, columns: tableHeaders, style: spec.table.style }, c));
      sheetRels.push({ id: `rId${sheetRels.length + 1}`, type: c.relType('table'), target: relativeTarget(sheetDir, tablePath) });
      newParts.push({ path: tablePath, contentType: CT.table });
    }
    if (spec.chart) {
      const drawingPath = newPath('drawings', 'drawing');
      const chartPath = newPath('charts', 'chart');
      zip.add(chartPath, chartPart(spec.chart, spec, sheet.name, c));
      zip.add(drawingPath, drawingPart(spec.chart, 'rId1', c));
      const drawingRels = relsPathOf(drawingPath);
      zip.add(drawingRels, relsPart([{ id: 'rId1', type: c.relType('chart'), target: relativeTarget(folderOf(drawingPath), chartPath) }]));
      sheetRels.push({ id: `rId${sheetRels.length + 1}`, type: c.relType('drawing'), target: relativeTarget(sheetDir, drawingPath) });
      newParts.push({ path: chartPath, contentType: CT.chart }, { path: drawingPath, contentType: CT.drawing }, { path: drawingRels, contentType: CT.relationships });
    }
    if (sheetRels.length > 0) {
      const relsPath = relsPathOf(sheet.path);
      zip.add(relsPath, relsPart(sheetRels));
      newParts.push({ path: relsPath, contentType: CT.relationships });
    }
    const file = zip.openPart(sheet.path);
    await writeSheetXml(
      spec,
      {
        conformance: c,
        styles,
        date1904: facts.date1904,
        text: (s, r, col) => limitText(s, sheet.name, r, col, issues),
        formula: (f) => renameInFormula(f, { sheets: sheetRenames, table: tableRename }),
        tableHeaders,
        tableRelId: sheetRels.find((r) => r.type === c.relType('table'))?.id,
        drawingRelId: sheetRels.find((r) => r.type === c.relType('drawing'))?.id,
        listFormula: (values) => lists.formulaFor(values),
        rowsDone: afterRows,
        sharedIndex,
      },
      (xml) => file.push(xml),
    );
    file.close();
    const titles = spec.page?.printTitleRows;
    if (titles) {
      definedNames.push({
        name: '_xlnm.Print_Titles',
        localSheetId: facts.sheetNames.length + sheets.indexOf(sheet),
        formula: `${quoteSheetName(sheet.name)}!$${titles.first + 1}:$${titles.last + 1}`,
      });
    }
  };

  // 0. The source's parts first, as stored, so that its bytes can go before anything new is made (a tracker of long
  // prose is tens of MB). The four that list the new parts are amended last, from their text kept now (the styles part,
  // amended only if a new sheet adds a style, also as stored).
  const removed = new Set(facts.macros.parts.map((p) => p.toLowerCase()));
  const sourceText = new Map<string, string>();
  for (const name of [pkg.workbookPath, pkg.workbookRelsPath, '[Content_Types].xml', facts.stylesPath]) sourceText.set(name, pkg.text(name));
  const stylesStored = pkg.part(facts.stylesPath);
  const stylesCopy = stylesStored?.entry && stylesStored.stored ? { entry: stylesStored.entry, compressed: concatBytes([...pkg.storedBytes(stylesStored)]) } : undefined;
  const stylesBytes = stylesCopy ? undefined : pkg.bytes(facts.stylesPath);
  for (const part of pkg.parts) {
    if (removed.has(part.name.toLowerCase()) || sourceText.has(part.name)) continue;
    if (part.entry && part.stored) zip.addRaw(part.name, part.entry, pkg.storedBytes(part));
    else zip.add(part.name, pkg.bytes(part.name));
  }
  pkg.release();
  // Awaited once, the calls that brought the source's bytes here (writeWorkbook's `source`, its caller's frames) return,
  // so nothing on the stack keeps them while the new parts are made: a new sheet is written without a pause.
  await progress();

  // 1. The custom XML parts (a published snapshot), made now and let go once written, before any sheet is laid out.
  copies.forEach((spec, i) => addSheet(copyNames[i]!, spec));
  layouts.forEach((layout, i) => addSheet(layoutNames[i]!, layout));
  const customGiven = options.customXml ?? [];
  const custom = customXmlParts(typeof customGiven === 'function' ? customGiven() : customGiven, c, wbDir, (p) => pkg.part(p) !== undefined, nextRelId);
  for (const f of custom.files) {
    if (typeof f.text === 'string') zip.add(f.path, f.text);
    else if (typeof f.text === 'function') zip.add(f.path, f.text());
    else {
      const part = zip.openPart(f.path, f.content);
      for (const piece of f.text) part.push(piece);
      part.close();
    }
  }
  custom.files = [];

  // 2. The new sheets, each streamed into the zip as it is written; then the lists sheet if a dropdown needed it.
  for (const sheet of [...sheets]) await writeSheet(sheet);
  const listSpec = lists.spec();
  if (listSpec) await writeSheet(addSheet(listSpec.name, listSpec, true));

  // Text is written in the cells (inline strings), so the source's shared strings part is copied as stored with the
  // rest (at 100k rows with long text it is ~190 MB: rewriting it cost most of the write's time and memory). Long text
  // is referred to there when it came from it; where the source has no such part, in a new one, written now.
  const workbookRels: NewRelationship[] = sheets.map((s) => ({ id: s.relId, type: c.relType('worksheet'), target: relativeTarget(wbDir, s.path) }));
  if (newShared && newShared.size > 0) {
    let sstPath = `${wbDir}sharedStrings.xml`;
    for (let n = 2; pkg.part(sstPath) || planned.has(sstPath.toLowerCase()); n++) sstPath = `${wbDir}sharedStrings${n}.xml`;
    options.collect?.();
    const file = zip.openPart(sstPath);
    await newShared.write(c, (bytes) => file.push(bytes), progress);
    file.close();
    workbookRels.push({ id: nextRelId(), type: c.relType('sharedStrings'), target: relativeTarget(wbDir, sstPath) });
    newParts.push({ path: sstPath, contentType: CT.sharedStrings });
  }
  newParts.push(...custom.contentTypes);
  workbookRels.push(...custom.workbookRels);

  // 3. The parts that list the new ones, amended, in the source's order.
  const sourceOf = (name: string) => sourceText.get(name)!;
  const amended = new Map<string, string>([
    [pkg.workbookPath, amendWorkbook(sourceOf(pkg.workbookPath), c, sheets, definedNames)],
    [pkg.workbookRelsPath, amendRels(sourceOf(pkg.workbookRelsPath), workbookRels, facts.macros.relIds)],
    [
      '[Content_Types].xml',
      amendContentTypes(sourceOf('[Content_Types].xml'), {
        added: newParts,
        removed: facts.macros.parts,
        retyped: facts.workbookRetype ? [{ path: pkg.workbookPath, contentType: facts.workbookRetype }] : [],
      }),
    ],
  ]);
  if (!styles.isEmpty) amended.set(facts.stylesPath, amendStyles(sourceOf(facts.stylesPath), c, styles));
  if (facts.macros.relIds.length > 0) {
    issues.push(makeIssue('warning', '', '', 'macros-left-out', 'The source workbook has macros; register.xlsx holds its sheets without them.', 'Your original file keeps its macros.'));
  }
  for (const part of pkg.parts) {
    if (!sourceText.has(part.name) || zip.has(part.name)) continue;
    const text = amended.get(part.name);
    if (text !== undefined) zip.add(part.name, text);
    else if (part.name === facts.stylesPath && stylesCopy) zip.addRaw(part.name, stylesCopy.entry, stylesCopy.compressed);
    else zip.add(part.name, stylesBytes ?? sourceOf(part.name));
  }
  if (pkg.unzippedWhole) {
    issues.push(
      makeIssue('warning', '', '', 'source-recompressed', 'The source workbook is a ZIP64 package, so its parts were compressed again rather than copied as stored.', 'Nothing to do: the content is the same.'),
    );
  }
  await progress();
  options.onProgress?.(1);
  return { bytes: zip.finish(), sheetNames: layouts.map((_, i) => sheets[copies.length + i]!.name), issues };
}

function limitText(s: string, sheet: string, r: number, c: number, issues: Issue[]): string {
  if (s.length <= MAX_CELL_TEXT) return escapeCellText(s);
  const address = cellAddress(r, c);
  issues.push(
    makeIssue(
      'warning',
      sheet,
      address,
      'text-too-long',
      `Cell ${address} on sheet "${sheet}" holds ${s.length} characters; Excel allows ${MAX_CELL_TEXT}, so the rest was cut off in the output.`,
      'Shorten the text in the source.',
    ),
  );
  return escapeCellText(cutText(s, MAX_CELL_TEXT));
}

function isZip(zip: Uint8Array | ZipBytes): boolean {
  const bytes = zipBytesOf(zip).read(0, 4);
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
