/**
 * Concealed names: since 2021-09-01 tenants hide user details in usage reports by default. User principal
 * and display names become 32 upper-case hex characters and Teams' User Id becomes all zeros. Detected
 * so the add-in can say why names look like hashes and how an admin turns concealment off.
 */
import type { TypedColumn } from "./typed-table";

export interface ConcealedNames {
  readonly detected: boolean;
  /** The identity columns whose values are concealed. */
  readonly columns: readonly string[];
}

const IDENTITY_COLUMNS = new Set([
  "User Principal Name",
  "Display Name",
  "Owner Principal Name",
  "Owner Display Name",
  "User Id",
]);
const HASHED = /^[0-9A-F]{32}$/;
const ZERO_ID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;
/** Concealment is tenant-wide, so a sample decides. */
const SAMPLE = 500;

export function detectConcealedNames(columns: readonly TypedColumn[]): ConcealedNames {
  const concealed = columns
    .filter((c) => c.documentedName !== undefined && IDENTITY_COLUMNS.has(c.documentedName))
    .filter((c) => {
      let seen = 0;
      let hidden = 0;
      for (const text of c.texts) {
        if (text === "") continue;
        if (HASHED.test(text) || ZERO_ID.test(text)) hidden++;
        if (++seen === SAMPLE) break;
      }
      return seen > 0 && hidden * 2 > seen;
    })
    .map((c) => c.name);
  return { detected: concealed.length > 0, columns: concealed };
}
