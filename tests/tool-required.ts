// Tests that need a tool from Debian (LibreOffice, Chromium, xmllint) or the shared sample skip on a machine without
// it, but never in CI: there a missing tool fails the run (.ci/run installs them all).
export function runsHere(available: boolean): boolean {
  return available || Boolean(process.env.CI);
}
