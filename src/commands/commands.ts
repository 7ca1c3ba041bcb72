// Ribbon function file: Excel loads it with the add-in; the Home-tab button itself opens the task pane (ShowTaskpane).
export function initialiseCommands(office: typeof Office | undefined = (globalThis as { Office?: typeof Office }).Office): boolean {
  if (!office || typeof office.onReady !== 'function') return false;
  void office.onReady();
  return true;
}

initialiseCommands();
