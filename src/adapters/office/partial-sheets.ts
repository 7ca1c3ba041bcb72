// Undoing a write that stopped halfway: the sheets it had added are deleted or, where Excel refuses, marked as incomplete.
import { MAX_SHEET_NAME } from '../../shared/excel-rules';
import { CELL_EDIT, officeErrorCode } from './excel-run';

/** What a write was about to do, known after its first sync: the sheets already there, and the names it gives its new ones. */
export interface WritePlan {
  existingIds: string[];
  names: string[];
}

export interface Cleanup {
  /** Half-written sheets deleted. */
  removed: string[];
  /** Half-written sheets Excel would not delete, now named "… (incomplete)" and/or with a note in A1. */
  marked: { id: string; name: string }[];
  /** Half-written sheets that could be neither deleted nor marked. */
  left: string[];
  /** Half-written sheets that were protected (by someone or something else) when the write stopped. */
  protectedSheets: string[];
  workbookProtected: boolean;
}

export const INCOMPLETE_SUFFIX = ' (incomplete)';
export const INCOMPLETE_NOTE =
  'INCOMPLETE: the Milestone Register add-in stopped while writing this sheet. Delete it (or use "Remove generated sheets" in the add-in).';

/** "Milestone Register (incomplete)", within Excel's limit of MAX_SHEET_NAME characters and not taken (case-insensitive). */
export function incompleteName(name: string, taken: string[]): string {
  const used = new Set(taken.map((n) => n.toLowerCase()));
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? INCOMPLETE_SUFFIX : ` (incomplete ${i})`;
    const candidate = name.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** The sheets the stopped write added: not there before it started, and named as it was naming its new sheets. */
async function findAdded(context: Excel.RequestContext, plan: WritePlan, protection: boolean) {
  const sheets = context.workbook.worksheets;
  sheets.load(protection ? 'items/id,items/name,items/protection/protected' : 'items/id,items/name');
  const book = protection ? context.workbook.protection : undefined;
  book?.load('protected');
  await context.sync();
  const before = new Set(plan.existingIds);
  const names = new Set(plan.names.map((n) => n.toLowerCase()));
  const added = sheets.items.filter((s) => !before.has(s.id) && names.has(s.name.toLowerCase()));
  return {
    added,
    taken: sheets.items.map((s) => s.name),
    protectedSheets: protection ? added.filter((s) => s.protection.protected).map((s) => s.name) : [],
    workbookProtected: book?.protected ?? false,
  };
}

/** Deletes the sheets a stopped write added (before trying again); an Office error propagates. */
export async function removeAddedSheets(context: Excel.RequestContext, plan: WritePlan): Promise<string[]> {
  const { added } = await findAdded(context, plan, false);
  if (added.length === 0) return [];
  const names = added.map((s) => s.name);
  for (const s of added) s.delete();
  await context.sync();
  return names;
}

/** Rethrows what is not a refusal we can work around: our own bugs, and cell-edit mode (the caller waits and retries). */
function refusedOrRethrow(e: unknown): void {
  const code = officeErrorCode(e);
  if (code === undefined || code === CELL_EDIT) throw e;
}

/** After a write stopped for good: delete what it added or, where Excel refuses, mark it clearly as incomplete. */
export async function removeOrMarkAddedSheets(context: Excel.RequestContext, plan: WritePlan, protection: boolean): Promise<Cleanup> {
  const found = await findAdded(context, plan, protection);
  const result: Cleanup = { removed: [], marked: [], left: [], protectedSheets: found.protectedSheets, workbookProtected: found.workbookProtected };
  if (found.added.length === 0) return result;
  for (const s of found.added) s.delete();
  try {
    await context.sync();
    result.removed = found.added.map((s) => s.name);
    return result;
  } catch (e) {
    refusedOrRethrow(e);
  }
  // Excel kept them (some deletions may have gone through before the refusal): mark those still there, one by one.
  const still = await findAdded(context, plan, false);
  result.removed = found.added.map((s) => s.name).filter((n) => !still.added.some((s) => s.name === n));
  const taken = still.taken;
  for (const s of still.added) {
    const id = s.id;
    const name = s.name;
    let noted = false;
    let renamed = name;
    s.getRange('A1').values = [[INCOMPLETE_NOTE]];
    try {
      await context.sync();
      noted = true;
    } catch (e) {
      refusedOrRethrow(e);
    }
    const wanted = incompleteName(name, taken);
    s.name = wanted;
    try {
      await context.sync();
      renamed = wanted;
      taken.push(wanted);
    } catch (e) {
      refusedOrRethrow(e);
    }
    if (noted || renamed !== name) result.marked.push({ id, name: renamed });
    else result.left.push(name);
  }
  return result;
}
