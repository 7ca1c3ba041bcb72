// The hidden sheet of dropdown lists too long (or with commas or quotes) for an inline list validation, as a sheet part.
import { ListSources } from '../../shared/excel-rules';
import type { SheetSpec } from './worksheet-writer';

export class ListsSheet {
  private readonly sources: ListSources;
  constructor(allocateName: () => string) {
    this.sources = new ListSources(allocateName);
  }

  /** A list validation's formula: the values inline when Excel takes them so, else a range on this sheet. */
  formulaFor(values: string[]): string {
    const source = this.sources.sourceFor(values);
    return 'inline' in source ? `"${source.inline}"` : source.range;
  }

  spec(): SheetSpec | undefined {
    const name = this.sources.name;
    if (!name) return undefined;
    return { name, columnWidths: [], rows: this.sources.rows(), styles: [], merges: [], validations: [], iconRules: [] };
  }
}
