// Problems are data: every reader, parser and validator returns issues instead of throwing.
import { z } from 'zod';

export const IssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  sheet: z.string(),
  /** A1 address in the source sheet, or "" when the issue concerns the whole sheet or file. */
  cell: z.string(),
  code: z.string(),
  message: z.string(),
  suggestion: z.string().optional(),
});
export type Issue = z.infer<typeof IssueSchema>;
export type Severity = Issue['severity'];

export function makeIssue(
  severity: Severity,
  sheet: string,
  cell: string,
  code: string,
  message: string,
  suggestion?: string,
): Issue {
  return suggestion === undefined
    ? { severity, sheet, cell, code, message }
    : { severity, sheet, cell, code, message, suggestion };
}

/** Appends without spreading into arguments: a big tracker yields more issues than a call can take. */
export function appendIssues(target: Issue[], more: readonly Issue[]): void {
  for (const i of more) target.push(i);
}
