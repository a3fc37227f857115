/**
 * A report of the tenant as CSV bytes, the way Graph's download host sends it (BOM, CRLF, quoted
 * fields, empty cells for zero counts in count reports), produced chunk by chunk.
 *
 * Detail reports write one row per listed occupant. Rows asked for beyond them (`rows` larger than the
 * tenant, for benchmarks) come from the fast path: up to 4,096 virtual occupants are rendered once as
 * byte runs, and each further row copies one of them between identity cells written for its own row
 * number (numbered after every identity the population has had up to the data day; a site's or a
 * group's owner is a user of the tenant) — so they follow every per-row rule but are counted in no
 * total.
 */
import type { ReportDefinition } from "../../../../src/reports/types";
import { field, quote, utf8 } from "./bytes";
import * as bytesModule from "./bytes";
import * as calendarModule from "./calendar";
import * as C from "./cells";
import type { Cell } from "./cells";
import * as hashModule from "./hash";
import { Occupant } from "./lifecycle";
import { DetailCursor, Row, virtualRow } from "./rows";
import type { TenantValues } from "./tenant";
import type { UserProfiles } from "./users";
import * as usersModule from "./users";
import type { DailyView, DetailView, SummaryRow, SummaryView, View } from "./views";
// Imports bound locally once: through a loader's cross-module getters each use in a hot loop is a call.
const { copy, HEX_LOWER, HEX_UPPER, writeDuration, writeHex, writeUint } = bytesModule;
const { dayText, NO_DAY } = calendarModule;
const { mix } = hashModule;
const { DELETED_ITEM_QUOTA, LICENCES, QUOTAS } = usersModule;
const {
  isIdentity,
  K_ACTIVATED,
  K_ACTIVATIONS,
  K_ACTIVE_FILES,
  K_APP_VERSION,
  K_ARCHIVE,
  K_ASSIGN_DATE,
  K_BOOL_ATTR,
  K_CHOICE,
  K_CREATED,
  K_DAILY,
  K_DAILY_DURATION,
  K_DELETED,
  K_DELETED_DATE,
  K_DELETED_ITEMS,
  K_DELETED_SIZE,
  K_DURATION,
  K_ENTITY_ID,
  K_ENTITY_NAME,
  K_FIXED,
  K_FLAG,
  K_GAUGE,
  K_INT_ATTR,
  K_ITEMS,
  K_LAST,
  K_LAST_ACTIVATION,
  K_LICENCE,
  K_NAME,
  K_ONEDRIVE_ALLOCATED,
  K_ONEDRIVE_URL,
  K_OWNER_NAME,
  K_OWNER_UPN,
  K_PERIOD,
  K_PRODUCT,
  K_PRODUCTS,
  K_QUOTA,
  K_REFRESH,
  K_REPORT_DATE,
  K_SHARED_ACTIVATION,
  K_SHARED_TENANTS,
  K_SITE_URL,
  K_STATE_CHANGE,
  K_SUM,
  K_SUMMARY,
  K_SUMMARY_AVERAGE,
  K_SUMMARY_DURATION,
  K_SUMMARY_PRODUCT,
  K_TEAMS_LICENSED,
  K_UPN,
  K_USER_ID,
  K_USER_STATE,
} = C;

export interface RenderOptions {
  readonly values: TenantValues;
  readonly report: ReportDefinition;
  readonly view: View;
  /** The data day (Report Refresh Date), as a day number. */
  readonly day: number;
  /** Days the report covers: its Report Period, 1 for a single date. */
  readonly period: number;
  /** Whether the bytes start with the BOM and the header row (not for the later periods of `ALL`). */
  readonly header: boolean;
  /** Rows whatever the tenant size (detail reports: more from the fast path); default the tenant's. */
  readonly rows?: number;
  readonly concealNames: boolean;
  /** Approximate bytes per chunk. */
  readonly chunkBytes: number;
}

const FIRST = ["Adele", "Alex", "Diego", "Grady", "Henrietta", "Isaiah", "Johanna", "Lee"];
FIRST.push("Lidia", "Lynne", "Megan", "Miriam", "Nestor", "Patti", "Pradeep", "Zoë");
const LAST = ["Vance", "Wilber", "Siciliani", "Archie", "Mueller", "Langer", "Lanier", "Gu"];
LAST.push("Holloway", "Robbins", "Bowen", "Graham", "Wilke", "Fernandez", "Gupta", "O'Brien");
/** Display names: 256 "First Last", and 16 "Last, First "Ops"" that need quoting, as real directories have. */
const PEOPLE: Uint8Array[] = [];
for (let i = 0; i < 256; i++) PEOPLE.push(field(`${FIRST[i % 16]} ${LAST[i >> 4]}`));
for (let i = 0; i < 16; i++) PEOPLE.push(field(`${LAST[i]}, ${FIRST[i]} "Ops"`));
const UPN_PREFIX = utf8("user");
const UPN_SUFFIX = utf8("@contoso.onmicrosoft.com");
const ONEDRIVE_PREFIX = utf8("https://contoso-my.sharepoint.com/personal/user");
const ONEDRIVE_SUFFIX = utf8("_contoso_onmicrosoft_com");
const ZERO_GUID = utf8("00000000-0000-0000-0000-000000000000");
const TRUE_FALSE = [utf8("False"), utf8("True")];
const NO_YES = [utf8("No"), utf8("Yes")];

function writeConcealed(buf: Uint8Array, pos: number, uid: number): number {
  for (let k = 0; k < 4; k++) pos = writeHex(buf, pos, mix(uid, k), 4, HEX_UPPER);
  return pos;
}

function writeUpn(buf: Uint8Array, pos: number, uid: number, conceal: boolean): number {
  if (conceal) return writeConcealed(buf, pos, uid);
  pos = copy(buf, pos, UPN_PREFIX);
  pos = writeUint(buf, pos, uid);
  return copy(buf, pos, UPN_SUFFIX);
}

function writeName(buf: Uint8Array, pos: number, uid: number, conceal: boolean): number {
  if (conceal) return writeConcealed(buf, pos, uid);
  return copy(buf, pos, PEOPLE[uid % 7 === 0 ? 256 + (uid & 15) : uid & 255]!);
}

/** xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx from four 32-bit hashes of the uid and the column. */
function writeGuid(buf: Uint8Array, pos: number, uid: number, salt: number): number {
  const b = mix(uid, salt + 1);
  const d = mix(uid, salt + 2);
  pos = writeHex(buf, pos, mix(uid, salt), 4, HEX_LOWER);
  buf[pos++] = 45;
  pos = writeHex(buf, pos, b >>> 16, 2, HEX_LOWER);
  buf[pos++] = 45;
  pos = writeHex(buf, pos, b, 2, HEX_LOWER);
  buf[pos++] = 45;
  pos = writeHex(buf, pos, d >>> 16, 2, HEX_LOWER);
  buf[pos++] = 45;
  pos = writeHex(buf, pos, d, 2, HEX_LOWER);
  return writeHex(buf, pos, mix(uid, salt + 3), 4, HEX_LOWER);
}

/** What every cell writer of one report needs. */
class Context {
  readonly period: Uint8Array;
  readonly booleans: readonly Uint8Array[];
  readonly from: number;
  private readonly products: (Uint8Array | undefined)[] = [];
  readonly activations = new Int32Array(5);
  readonly conceal: boolean;
  readonly users: UserProfiles;

  constructor(readonly options: RenderOptions) {
    this.conceal = options.concealNames;
    this.users = options.values.users;
    this.period = utf8(String(options.period));
    this.booleans = options.report.workload.startsWith("Teams") ? NO_YES : TRUE_FALSE;
    this.from = options.day - options.period + 1;
  }

  productsOf(profile: number): Uint8Array {
    return (this.products[profile] ??= field(this.options.values.users.products(profile)));
  }

  /** The day a product was last activated by the row's user, or NO_DAY when never. */
  activated(row: Row, product: number): number {
    const { values } = this.options;
    const delay = values.users.activationDelay[row.profile]!;
    if (product < 0 || delay === 0) return NO_DAY;
    const first = row.created + delay - 1;
    if (first > row.end) return NO_DAY;
    const again = values.lastActivationEvent(row.profile, product, row.end);
    return again >= first ? again : first;
  }
}

const date = (buf: Uint8Array, pos: number, day: number) =>
  day === NO_DAY ? pos : copy(buf, pos, dayText(day));

/** Writes a cell that is the same on every row: a fixed text, the refresh date, the period. */
function writeFixedCell(buf: Uint8Array, pos: number, cell: Cell, ctx: Context): number {
  switch (cell.kind) {
    case K_FIXED:
      return copy(buf, pos, cell.bytes);
    case K_REFRESH:
      return copy(buf, pos, dayText(ctx.options.day));
    case K_PERIOD:
      return copy(buf, pos, ctx.period);
    default:
      throw new Error(`not a fixed cell: ${cell.kind}`);
  }
}

/** Writes one cell of a detail row. */
function writeDetailCell(buf: Uint8Array, pos: number, cell: Cell, row: Row, ctx: Context): number {
  const conceal = ctx.conceal;
  const users = ctx.users;
  const p = row.profile;
  switch (cell.kind) {
    case K_FIXED:
    case K_REFRESH:
    case K_PERIOD:
      return writeFixedCell(buf, pos, cell, ctx);
    case K_UPN:
      return writeUpn(buf, pos, row.uid, conceal);
    case K_NAME:
      return writeName(buf, pos, row.uid, conceal);
    case K_USER_ID:
      return conceal ? copy(buf, pos, ZERO_GUID) : writeGuid(buf, pos, row.uid, cell.salt);
    case K_ONEDRIVE_URL:
      pos = copy(buf, pos, ONEDRIVE_PREFIX);
      pos = writeUint(buf, pos, row.uid);
      return copy(buf, pos, ONEDRIVE_SUFFIX);
    case K_OWNER_UPN:
      return writeUpn(buf, pos, row.ownerUid, conceal);
    case K_OWNER_NAME:
      return writeName(buf, pos, row.ownerUid, conceal);
    case K_ENTITY_NAME:
    case K_SITE_URL: {
      const k = row.uid % cell.choices.length;
      pos = copy(buf, pos, cell.choices[k]!);
      pos = writeUint(buf, pos, row.uid);
      return copy(buf, pos, cell.suffixes[k]!);
    }
    case K_ENTITY_ID:
      return writeGuid(buf, pos, row.uid, cell.salt);
    case K_DELETED:
      return copy(buf, pos, ctx.booleans[row.deleted ? 1 : 0]!);
    case K_DELETED_DATE:
      return row.deleted ? date(buf, pos, row.deletedDay) : pos;
    case K_CREATED:
      return date(buf, pos, row.created);
    case K_USER_STATE:
      return copy(buf, pos, cell.choices[row.deleted ? 1 : 0]!);
    case K_STATE_CHANGE:
      return date(buf, pos, row.deleted ? row.deletedDay : row.created);
    case K_LAST:
      return date(buf, pos, row.last[cell.w]![cell.m]!);
    case K_SUM:
      return writeUint(buf, pos, row.sums[cell.w]![cell.m]!);
    case K_FLAG:
      return copy(buf, pos, ctx.booleans[row.sums[cell.w]![cell.m]! > 0 ? 1 : 0]!);
    case K_DURATION:
      return writeDuration(buf, pos, row.sums[cell.w]![cell.m]!);
    case K_APP_VERSION:
      if (row.sums[cell.w]![cell.m]! === 0) return pos;
      return copy(buf, pos, cell.choices[(users.undeterminedApps[p]! >>> cell.salt) & 1]!);
    case K_LICENCE:
      return copy(buf, pos, ctx.booleans[holdsLicence(ctx, p, cell.m) ? 1 : 0]!);
    case K_ASSIGN_DATE:
      return holdsLicence(ctx, p, cell.m) ? date(buf, pos, row.created) : pos;
    case K_PRODUCTS:
      return copy(buf, pos, ctx.productsOf(p));
    case K_TEAMS_LICENSED:
      return copy(buf, pos, ctx.booleans[users.teamsLicensed[p]!]!);
    case K_GAUGE:
      return writeUint(buf, pos, cell.gauge!.value(p, row.created, row.end));
    case K_ITEMS:
      return writeUint(
        buf,
        pos,
        Math.floor(users.mailbox.value(p, row.created, row.end) / users.itemBytes[p]!),
      );
    case K_DELETED_SIZE:
      return writeUint(buf, pos, deletedBytes(ctx, row));
    case K_DELETED_ITEMS:
      return writeUint(buf, pos, Math.floor(deletedBytes(ctx, row) / users.itemBytes[p]!));
    case K_QUOTA:
      return writeUint(buf, pos, QUOTAS[LICENCES[users.licence[p]!]!.tier]![cell.m]!);
    case K_ARCHIVE:
      return copy(buf, pos, ctx.booleans[users.hasArchive[p]!]!);
    case K_ONEDRIVE_ALLOCATED:
      return writeUint(buf, pos, LICENCES[users.licence[p]!]!.oneDriveBytes);
    case K_ACTIVE_FILES: {
      const files = cell.gauge!.value(p, row.created, row.end);
      return writeUint(buf, pos, Math.min(files, row.sums[cell.w]![cell.m]!));
    }
    case K_CHOICE:
      return copy(buf, pos, cell.choices[cell.attribute[p]!]!);
    case K_BOOL_ATTR:
      return copy(buf, pos, ctx.booleans[cell.attribute[p]! ? 1 : 0]!);
    case K_INT_ATTR:
      return writeUint(buf, pos, cell.attribute[p]!);
    case K_PRODUCT:
      return copy(buf, pos, cell.choices[row.product]!);
    case K_ACTIVATED:
      return date(buf, pos, ctx.activated(row, row.product));
    case K_ACTIVATIONS:
      return writeUint(buf, pos, activations(ctx, row)[cell.m]!);
    case K_SHARED_ACTIVATION: {
      const shared = row.product === 0 && users.sharedComputer[p] === 1 && ctx.activated(row, 0) !== NO_DAY;
      return copy(buf, pos, ctx.booleans[shared ? 1 : 0]!);
    }
    case K_LAST_ACTIVATION:
      return date(buf, pos, ctx.activated(row, LICENCES[users.licence[p]!]!.apps));
    case K_SHARED_TENANTS:
      return copy(buf, pos, cell.choices[users.sharedChannelTenants[p]!]!);
    default:
      throw new Error(`not a detail cell: ${cell.kind}`);
  }
}

/** Has … License, per Office 365 workload: all but Skype and Teams come with every licence. */
function holdsLicence(ctx: Context, profile: number, workload: number): boolean {
  const users = ctx.options.values.users;
  if (workload === 3) return LICENCES[users.licence[profile]!]!.skype;
  if (workload === 5) return users.teamsLicensed[profile] === 1;
  return true;
}

function deletedBytes(ctx: Context, row: Row): number {
  const users = ctx.options.values.users;
  const storage = users.mailbox.value(row.profile, row.created, row.end);
  return Math.min(DELETED_ITEM_QUOTA, Math.floor((storage * users.deletedPermille[row.profile]!) / 1000));
}

/** Devices the row's product is activated on (none before its first activation). */
function activations(ctx: Context, row: Row): Int32Array {
  if (ctx.activated(row, row.product) === NO_DAY) return ctx.activations.fill(0);
  ctx.options.values.users.activations(row.profile, row.product, ctx.activations);
  return ctx.activations;
}

function writeDetailRow(
  buf: Uint8Array,
  pos: number,
  cells: readonly Cell[],
  row: Row,
  ctx: Context,
): number {
  for (let c = 0; c < cells.length; c++) {
    if (c > 0) buf[pos++] = 44; // ,
    pos = writeDetailCell(buf, pos, cells[c]!, row, ctx);
  }
  buf[pos++] = 13;
  buf[pos++] = 10;
  return pos;
}

const maxOf = (cells: readonly Cell[]) => 2 + cells.reduce((sum, c) => sum + c.max + 1, 0);

/** Rows beyond the tenant: value runs of virtual occupants, identities written per row. */
class FillerRows {
  /** Per segment: -1 for a run, else the index of an identity cell. */
  private readonly segments: Int32Array;
  private readonly runOf: Int32Array;
  private readonly runs: number;
  private readonly pool: Buffer;
  private readonly offsets: Int32Array;
  private readonly profiles: number;
  private readonly row: Row;
  /** Whether the rows name an owner (a site's, a group's), drawn per row. */
  private readonly owned: boolean;
  /** The first row's uid: above every occupant's the population has had, so no identity repeats. */
  private readonly firstUid: number;
  private readonly owner = new Occupant();

  constructor(
    private readonly ctx: Context,
    private readonly view: DetailView,
    rows: number,
  ) {
    const cells = view.cells;
    const segments: number[] = [];
    const runOf: number[] = [];
    const runColumns: number[][] = [];
    cells.forEach((cell, c) => {
      if (isIdentity(cell.kind)) {
        segments.push(c);
        runOf.push(-1);
      } else if (segments.at(-1) === -1) runColumns.at(-1)!.push(c);
      else {
        segments.push(-1);
        runOf.push(runColumns.length);
        runColumns.push([c]);
      }
    });
    this.segments = Int32Array.from(segments);
    this.runOf = Int32Array.from(runOf);
    this.runs = runColumns.length;
    this.profiles = Math.max(1, Math.min(rows, 4096));
    this.row = new Row(ctx.options.values, view, ctx.options.day, ctx.from);
    const { values, day } = ctx.options;
    const pool = new Uint8Array(this.profiles * maxOf(cells));
    const offsets = new Int32Array(this.profiles * this.runs + 1);
    let pos = 0;
    for (let j = 0; j < this.profiles; j++) {
      virtualRow(values, view, j, day, this.row);
      for (let k = 0; k < this.runs; k++) {
        offsets[j * this.runs + k] = pos;
        for (const c of runColumns[k]!) {
          if (c > 0) pool[pos++] = 44;
          pos = writeDetailCell(pool, pos, cells[c]!, this.row, ctx);
        }
      }
    }
    offsets[this.profiles * this.runs] = pos;
    this.pool = Buffer.from(pool.buffer, 0, pos);
    this.offsets = offsets;
    this.owned = cells.some((cell) => cell.kind === K_OWNER_UPN || cell.kind === K_OWNER_NAME);
    this.firstUid = values.tenant.lifecycle(view.population).uidCeiling(day);
  }

  /** Writes filler rows `index`.. until `end` or past `limit` bytes; returns [pos, index]. */
  fill(buf: Uint8Array, pos: number, limit: number, index: number, end: number): [number, number] {
    const { segments, runOf, runs, pool, offsets, profiles, row, ctx } = this;
    const cells = this.view.cells;
    const fillerUid = this.firstUid;
    for (; index < end && pos < limit; index++) {
      const base = (profiles === 4096 ? mix(index, 0x5eed) & 4095 : index) * runs;
      row.uid = fillerUid + index;
      if (this.owned) row.ownerUid = ctx.options.values.tenant.ownerOf(row.uid, ctx.options.day, this.owner);
      for (let s = 0; s < segments.length; s++) {
        const c = segments[s]!;
        if (c === -1) {
          const k = base + runOf[s]!;
          const from = offsets[k]!;
          const to = offsets[k + 1]!;
          // A native copy, no view allocated per run.
          if (to - from > 48) pos += pool.copy(buf, pos, from, to);
          else for (let i = from; i < to; i++) buf[pos++] = pool[i]!;
          continue;
        }
        if (c > 0) buf[pos++] = 44;
        pos = writeDetailCell(buf, pos, cells[c]!, row, ctx);
      }
      buf[pos++] = 13;
      buf[pos++] = 10;
    }
    return [pos, index];
  }
}

/** Graph writes a zero in a count report as an empty cell (unless the view writes zeros: Copilot's). */
function writeCount(buf: Uint8Array, pos: number, value: number, duration: boolean, zeros = false): number {
  if (value === 0 && !zeros) return pos;
  return duration ? writeDuration(buf, pos, value) : writeUint(buf, pos, value);
}

function writeDailyRow(
  buf: Uint8Array,
  pos: number,
  view: DailyView,
  measures: Float64Array[][],
  i: number,
  ctx: Context,
) {
  const { day, period } = ctx.options;
  const back = i % period;
  view.cells.forEach((cell, c) => {
    if (c > 0) buf[pos++] = 44;
    switch (cell.kind) {
      case K_REPORT_DATE:
        pos = copy(buf, pos, dayText(day - back));
        break;
      case K_DAILY:
      case K_DAILY_DURATION:
        pos = writeCount(
          buf,
          pos,
          measures[cell.w]![period - 1 - back]![cell.m]!,
          cell.kind === K_DAILY_DURATION,
          view.zeros,
        );
        break;
      default:
        pos = writeFixedCell(buf, pos, cell, ctx);
    }
  });
  buf[pos++] = 13;
  buf[pos++] = 10;
  return pos;
}

/** The values of a summary's rows: its fold over every row of its detail view. */
function summarise(view: SummaryView, ctx: Context): Float64Array[] {
  const { values, day } = ctx.options;
  const from = ctx.from;
  const into = Array.from({ length: view.rows }, () => new Float64Array(view.size));
  const row = new Row(values, view.source, day, from);
  const cursor = new DetailCursor(values, view.source, day);
  const read: SummaryRow = {
    get profile() {
      return row.profile;
    },
    get deleted() {
      return row.deleted;
    },
    get product() {
      return row.product;
    },
    from,
    sum: (w, m) => row.sums[w]![m]!,
    last: (w, m) => row.last[w]![m]!,
    activated: () => ctx.activated(row, row.product) !== NO_DAY,
    activations: (device) => activations(ctx, row)[device]!,
  };
  while (cursor.advance(row)) view.fold(read, into);
  return into;
}

function writeSummaryRow(
  buf: Uint8Array,
  pos: number,
  view: SummaryView,
  values: Float64Array[],
  i: number,
  ctx: Context,
) {
  const r = i % view.rows;
  view.cells.forEach((cell, c) => {
    if (c > 0) buf[pos++] = 44;
    switch (cell.kind) {
      case K_SUMMARY:
      case K_SUMMARY_DURATION:
        pos = writeCount(buf, pos, values[r]![cell.m]!, cell.kind === K_SUMMARY_DURATION, view.zeros);
        break;
      case K_SUMMARY_AVERAGE: {
        const per = values[r]![cell.w]!;
        pos = copy(buf, pos, utf8(String(per > 0 ? Math.round((10 * values[r]![cell.m]!) / per) / 10 : 0)));
        break;
      }
      case K_SUMMARY_PRODUCT:
        pos = copy(buf, pos, cell.choices[r]!);
        break;
      default:
        pos = writeFixedCell(buf, pos, cell, ctx);
    }
  });
  buf[pos++] = 13;
  buf[pos++] = 10;
  return pos;
}

/** The report as byte chunks, each ending at a row boundary, each a fresh buffer the caller may keep. */
export function* renderReport(options: RenderOptions): Generator<Uint8Array, void, undefined> {
  const { view, report, chunkBytes } = options;
  const ctx = new Context(options);
  const header = options.header
    ? utf8("\uFEFF" + report.columns.map((c) => quote(c.name)).join(",") + "\r\n")
    : new Uint8Array(0);
  const rowMax = maxOf(view.cells);
  let buf = Buffer.allocUnsafe(Math.max(chunkBytes, header.length) + rowMax);
  buf.set(header);
  let pos = header.length;
  const flush = function* (): Generator<Uint8Array, void, undefined> {
    yield buf.subarray(0, pos);
    buf = Buffer.allocUnsafe(chunkBytes + rowMax);
    pos = 0;
  };

  if (view.kind === "detail") {
    const limit = options.rows ?? Infinity;
    const row = new Row(options.values, view, options.day, ctx.from);
    const cursor = new DetailCursor(options.values, view, options.day);
    let written = 0;
    while (written < limit && cursor.advance(row)) {
      pos = writeDetailRow(buf, pos, view.cells, row, ctx);
      written++;
      if (pos >= chunkBytes) yield* flush();
    }
    if (written < limit && Number.isFinite(limit)) {
      const filler = new FillerRows(ctx, view, limit - written);
      for (let index = 0; index < limit - written;) {
        [pos, index] = filler.fill(buf, pos, chunkBytes, index, limit - written);
        if (pos >= chunkBytes) yield* flush();
      }
    }
  } else {
    const rows = options.rows ?? (view.kind === "daily" ? options.period : view.rows);
    if (view.kind === "daily") {
      const from = ctx.from;
      const measures = view.probes.map(({ population, probe }) =>
        options.values.daily(population, probe, from, options.day),
      );
      for (let i = 0; i < rows; i++) {
        pos = writeDailyRow(buf, pos, view, measures, i, ctx);
        if (pos >= chunkBytes) yield* flush();
      }
    } else {
      const values = rows > 0 ? summarise(view, ctx) : [];
      for (let i = 0; i < rows; i++) {
        pos = writeSummaryRow(buf, pos, view, values, i, ctx);
        if (pos >= chunkBytes) yield* flush();
      }
    }
  }
  if (pos > 0) yield buf.subarray(0, pos);
}
