/** What a report cell shows, as a compact record the row writers switch on (kinds numbered densely). */
import type { Gauge } from "./gauge";

// Cells of every report.
export const K_FIXED = 0; // the same bytes on every row
export const K_REFRESH = 1; // Report Refresh Date: the data day
export const K_PERIOD = 2; // Report Period
// Per-row detail cells whose bytes come from the row's identity (the fast path writes them per row).
export const K_UPN = 3;
export const K_NAME = 4; // a user's display name (also a OneDrive's owner: the user)
export const K_USER_ID = 5;
export const K_ONEDRIVE_URL = 6;
export const K_OWNER_UPN = 7; // an entity's owner
export const K_OWNER_NAME = 8;
export const K_ENTITY_NAME = 9; // group, team or community name
export const K_ENTITY_ID = 10; // a GUID from the occupant and the column
export const K_SITE_URL = 11;
// Per-row detail cells whose bytes come from the row's profile, lifecycle and activity.
export const K_DELETED = 12;
export const K_DELETED_DATE = 13;
export const K_CREATED = 14;
export const K_USER_STATE = 15;
export const K_STATE_CHANGE = 16;
export const K_LAST = 17; // last day a tracked metric of a workload was above zero
export const K_SUM = 18; // a metric summed over the window (peak metrics: busiest day)
export const K_FLAG = 19; // a metric above zero in the window: True/False (Yes/No)
export const K_DURATION = 20; // seconds summed over the window, as ISO-8601
export const K_APP_VERSION = 21; // salt: the email app; its version if used in the window, else empty
export const K_LICENCE = 22; // Has … License (m: the Office 365 workload)
export const K_ASSIGN_DATE = 23; // … License Assign Date
export const K_PRODUCTS = 24;
export const K_TEAMS_LICENSED = 25;
export const K_GAUGE = 26; // a growing quantity on the row's last day
export const K_ITEMS = 27; // mailbox items
export const K_DELETED_ITEMS = 28;
export const K_DELETED_SIZE = 29;
export const K_QUOTA = 30; // m: 0 warning, 1 send, 2 send/receive
export const K_ARCHIVE = 31;
export const K_ONEDRIVE_ALLOCATED = 32;
export const K_ACTIVE_FILES = 33; // files touched in the window, at most the files there are
export const K_CHOICE = 34; // one of `choices` by a per-profile attribute
export const K_BOOL_ATTR = 35;
export const K_INT_ATTR = 36;
export const K_PRODUCT = 37; // the activation row's product
export const K_ACTIVATED = 38; // Last Activated Date
export const K_ACTIVATIONS = 39; // m: device (ACTIVATION_DEVICES)
export const K_SHARED_ACTIVATION = 40;
export const K_LAST_ACTIVATION = 41; // Last Activation Date of the Microsoft 365 Apps
export const K_SHARED_TENANTS = 42;
// Cells of the per-day and per-period count reports.
export const K_REPORT_DATE = 43;
export const K_DAILY = 44; // w: probe, m: value of the probe on the row's day
export const K_DAILY_DURATION = 45;
export const K_SUMMARY = 46; // m: value of the row's summary
export const K_SUMMARY_DURATION = 47;
export const K_SUMMARY_PRODUCT = 48;
export const K_SUMMARY_AVERAGE = 49; // value m of the row's summary per value w, to one decimal

export interface Cell {
  readonly kind: number;
  /** Which of the view's workloads (or probes). */
  readonly w: number;
  /** Which metric, tracked metric or value. */
  readonly m: number;
  readonly bytes: Uint8Array;
  readonly suffix: Uint8Array;
  readonly choices: readonly Uint8Array[];
  /** Per choice, the bytes after the number (K_ENTITY_NAME, K_SITE_URL). */
  readonly suffixes: readonly Uint8Array[];
  /** A per-profile attribute (K_CHOICE, K_BOOL_ATTR, K_INT_ATTR). */
  readonly attribute: ArrayLike<number>;
  readonly gauge: Gauge | undefined;
  readonly salt: number;
  /** Largest number of bytes the cell takes. */
  readonly max: number;
}

const NONE = new Uint8Array(0);

export function cell(kind: number, parts: Partial<Cell> = {}): Cell {
  return {
    kind,
    w: 0,
    m: 0,
    bytes: NONE,
    suffix: NONE,
    choices: [],
    suffixes: [],
    attribute: NONE,
    gauge: undefined,
    salt: 0,
    max: 64,
    ...parts,
  };
}

/** True for cells a fast-path row writes from its own identity rather than copying from a profile. */
export function isIdentity(kind: number): boolean {
  return kind >= K_UPN && kind <= K_SITE_URL;
}
