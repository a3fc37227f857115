/**
 * Refresh on open uses the opening user's sign-in with no click, and Office stores "load with the
 * document" in the document: whoever prepared the workbook decides that it loads. So the refresh itself
 * needs the opening user's own consent for that workbook, asked in the pane and remembered for that user
 * only: in this browser profile's storage for the add-in's origin (never in the workbook), keyed by the
 * account and a SHA-256 of the document's URL (a copy elsewhere is another workbook), and limited to the
 * tables the user saw when consenting (same name, report and parameter). A table added later — or whose
 * record was changed to another report — waits for a click.
 */

/** Where consents are kept: `window.localStorage` in the pane. */
export interface ConsentStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ConsentedTable {
  readonly table: string;
  readonly report: string;
  readonly parameter: string;
}

export interface RefreshOnOpenConsent {
  /** The tables `account` allowed to refresh when this workbook opens, as `consentKey`s; null if none. */
  allowed(account: string): Promise<ReadonlySet<string> | null>;
  allow(account: string, tables: readonly ConsentedTable[]): Promise<void>;
  revoke(account: string): Promise<void>;
}

const PREFIX = "usageReports.refreshOnOpen.v1:";

export const consentKey = (t: ConsentedTable) => `${t.table.toLowerCase()}|${t.report}|${t.parameter}`;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The consent store of the workbook at `documentUrl`; undefined for a workbook never saved (no URL: it
 * cannot be told from another, and it cannot be reopened anyway).
 */
export function refreshOnOpenConsent(
  storage: ConsentStorage,
  documentUrl: string,
): RefreshOnOpenConsent | undefined {
  if (!documentUrl) return undefined;
  const keyOf = async (account: string) => `${PREFIX}${await sha256(`${account}\n${documentUrl}`)}`;
  return {
    async allowed(account) {
      const raw = storage.getItem(await keyOf(account));
      if (raw === null) return null;
      try {
        const tables: unknown = JSON.parse(raw);
        return Array.isArray(tables)
          ? new Set(tables.filter((t): t is string => typeof t === "string"))
          : null;
      } catch {
        return null;
      }
    },
    async allow(account, tables) {
      storage.setItem(await keyOf(account), JSON.stringify(tables.map(consentKey)));
    },
    async revoke(account) {
      storage.removeItem(await keyOf(account));
    },
  };
}
