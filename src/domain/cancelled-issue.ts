// The outcome of long work the user cancelled (src/shared/long-work.ts), as an issue like every other outcome.
import { makeIssue, type Issue } from './issue';

/** The issue a cancelled step returns (as data, like every other outcome): what stopped and what became of the output. */
export function cancelledIssue(action: string, consequence: string): Issue {
  return makeIssue('warning', '', '', 'cancelled', `${action} cancelled. ${consequence}`.trim());
}
