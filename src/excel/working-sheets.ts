/**
 * An insert writes on a sheet with a working name (`UsageReports~<time>~<random>`) and gives it its real
 * name only in the sync that creates the table. A sheet with a working name is therefore always an
 * unfinished insert: when Excel refused to delete one after a failed insert (it refuses every change
 * while, e.g., the user is typing in a cell), it is removed as soon as Excel accepts changes again — by
 * this page, which remembers what it gave up on, or by any page once the sheet is an hour old (the page
 * that wrote it is gone; no insert takes that long).
 */
const PREFIX = "UsageReports~";
const WORKING = /^UsageReports~([0-9a-z]{1,11})~[0-9a-z]+$/;
const ORPHANED_AFTER_MS = 60 * 60_000;

/** Working sheets this page could not delete. */
const abandoned = new Set<string>();

export function workingSheetName(now = Date.now()): string {
  return `${PREFIX}${now.toString(36)}~${Math.random().toString(36).slice(2, 6)}`;
}

export function abandonWorkingSheet(name: string): void {
  abandoned.add(name);
}

/** The working sheets among `names` that no running insert will finish. */
export function strayWorkingSheets(names: readonly string[], now = Date.now()): string[] {
  return names.filter((name) => {
    const match = WORKING.exec(name);
    return match !== null && (abandoned.has(name) || now - parseInt(match[1]!, 36) > ORPHANED_AFTER_MS);
  });
}

/**
 * Deletes stray working sheets (one sync, only when there are some). Never fails the caller: if Excel
 * still refuses, they stay for the next time.
 */
export async function removeStrayWorkingSheets(
  context: Excel.RequestContext,
  now = Date.now(),
): Promise<void> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  const names = sheets.items.map((s) => s.name);
  const stray = strayWorkingSheets(names, now);
  // Excel refuses to delete a workbook's last sheet.
  if (stray.length === 0 || stray.length === names.length) return;
  for (const name of stray) sheets.getItem(name).delete();
  try {
    await context.sync();
    for (const name of stray) abandoned.delete(name);
  } catch {
    // Excel still refuses changes: try again next time.
  }
}
