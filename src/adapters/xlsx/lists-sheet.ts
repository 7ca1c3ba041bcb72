// The hidden sheet that holds dropdown lists too long (or with commas or quotes) for an inline list validation.
import { columnLetter } from '../../domain/grid';
import { inlineListSource, MAX_LIST_SOURCE, quoteSheetName } from '../../shared/excel-rules';
import type { SheetSpec } from './worksheet-writer';

export class ListsSheet {
  private readonly columns: string[][] = [];
  private readonly refs = new Map<string, string>();
  private name: string | undefined;
  constructor(private readonly allocateName: () => string) {}

  /** A list validation's formula: the values inline when Excel takes them so, else a range on this sheet. */
  formulaFor(values: string[]): string {
    const inline = inlineListSource(values);
    return inline !== undefined ? `"${inline}"` : this.refFor(values);
  }

  private refFor(values: string[]): string {
    const key = JSON.stringify(values);
    const known = this.refs.get(key);
    if (known) return known;
    this.name ??= this.allocateName();
    this.columns.push(values);
    const col = columnLetter(this.columns.length - 1);
    const ref = `${quoteSheetName(this.name)}!$${col}$1:$${col}$${Math.max(values.length, 1)}`;
    this.refs.set(key, ref);
    return ref;
  }

  spec(): SheetSpec | undefined {
    if (!this.name) return undefined;
    const rows: string[][] = [];
    this.columns.forEach((values, c) => values.forEach((v, r) => ((rows[r] ??= [])[c] = v.slice(0, MAX_LIST_SOURCE))));
    return { name: this.name, columnWidths: [], rows, styles: [], merges: [], validations: [], iconRules: [] };
  }
}
