/**
 * The rows of a detail view: each occupant listed on the data day (or a virtual one, for rows beyond
 * the tenant), with its lifecycle and its activity over the report's window — sums per workload
 * (clipped to the days it was alive) and last active days (never before its creation, never after
 * its last day).
 */
import { NO_DAY } from "./calendar";
import { between, mix } from "./hash";
import { Occupant } from "./lifecycle";
import { PROFILES } from "./users";
import type { LastActivity, WindowSums } from "./aggregates";
import type { TenantValues } from "./tenant";
import type { DetailView } from "./views";
import { chance } from "./workload";

export class Row {
  uid = 0;
  created = 0;
  deletedDay = 0;
  deleted = false;
  profile = 0;
  product = 0;
  /** The last day the occupant could be active: the data day, or the day before its deletion. */
  end = 0;
  ownerUid = 0;
  /** Per workload of the view: metric sums over the window. */
  readonly sums: Int32Array[];
  /** Per workload of the view: last day of each tracked metric (NO_DAY for none). */
  readonly last: Int32Array[];
  private readonly own: Int32Array[];
  private readonly windows: WindowSums[];
  /** Last activities up to the data day, for every occupant not deleted. */
  private readonly lastToday: LastActivity[];

  constructor(
    private readonly values: TenantValues,
    readonly view: DetailView,
    private readonly day: number,
    private readonly from: number,
  ) {
    this.own = view.workloads.map((w) => new Int32Array(w.metrics.length));
    this.sums = [...this.own];
    this.last = view.workloads.map((w) => new Int32Array(w.tracked.length));
    this.windows = view.workloads.map((w) => values.window(w, from, day));
    this.lastToday = view.workloads.map((w) => values.lastActivity(w, day));
  }

  /** Fills sums and last days for the occupant set on this row. */
  measure(): void {
    const { from, day, profile, created } = this;
    const a = Math.max(from, created);
    const b = this.end;
    const workloads = this.view.workloads;
    for (let i = 0; i < workloads.length; i++) {
      const window = this.windows[i]!;
      this.sums[i] =
        a === from && b === day ? window.full(profile) : window.range(profile, a, b, this.own[i]!);
      const lastActivity = b === day ? this.lastToday[i]! : this.values.lastActivity(workloads[i]!, b);
      const found = lastActivity.at(profile);
      const last = this.last[i]!;
      for (let k = 0; k < last.length; k++) last[k] = found[k]! >= created ? found[k]! : NO_DAY;
    }
  }
}

/** The occupants the view lists on `day`, in slot order (activations: one row per product). */
export class DetailCursor {
  private slot = 0;
  private products: number[] = [];
  private next = 0;
  private readonly at = new Occupant();
  private readonly owner = new Occupant();

  constructor(
    private readonly values: TenantValues,
    private readonly view: DetailView,
    private readonly day: number,
  ) {}

  /** Fills `row` with the next listed row; false when there are no more. */
  advance(row: Row): boolean {
    const { values, view, day } = this;
    if (this.next < this.products.length) {
      row.product = this.products[this.next++]!;
      return true;
    }
    const lifecycle = values.tenant.lifecycle(view.population);
    while (this.slot < lifecycle.count) {
      const at = lifecycle.locate(this.slot++, day, this.at);
      // The activation report lists the products assigned to existing users only.
      if (view.perProduct && at.deleted) continue;
      const profile = values.profileOf(view.population, at.uid);
      if (view.includes && !view.includes(profile)) continue;
      if (view.perProduct) {
        this.products = values.users.activationProducts(profile);
        if (this.products.length === 0) continue;
        row.product = this.products[0]!;
        this.next = 1;
      }
      row.uid = at.uid;
      row.created = at.created;
      row.deletedDay = at.deletedDay;
      row.deleted = at.deleted;
      row.profile = profile;
      row.end = at.deleted ? at.deletedDay - 1 : day;
      if (view.population !== "users") row.ownerUid = values.tenant.ownerOf(at.uid, day, this.owner);
      row.measure();
      return true;
    }
    return false;
  }
}

/**
 * A virtual occupant for the `j`-th value profile of the rows beyond the tenant: a profile the view
 * lists, created up to about seven years before the data day, deleted in the last 30 days now and then.
 */
export function virtualRow(values: TenantValues, view: DetailView, j: number, day: number, row: Row): void {
  let profile = j & (PROFILES - 1);
  for (let tries = 0; tries < PROFILES; tries++, profile = (profile + 1) & (PROFILES - 1)) {
    if (view.includes && !view.includes(profile)) continue;
    if (view.perProduct && values.users.activationProducts(profile).length === 0) continue;
    break;
  }
  const h = mix(j, 0xf111);
  row.uid = -1 - j; // never written: the rows copying this one write their own identities
  row.profile = profile;
  row.product = view.perProduct ? values.users.activationProducts(profile)[0]! : 0;
  row.created = day - between(h, 0, 2500);
  row.deletedDay = day - between(mix(h, 1), 0, 29);
  row.deleted = !view.perProduct && chance(h, 2, 0.02) && row.deletedDay > row.created;
  if (!row.deleted) row.deletedDay = day + 1 + between(mix(h, 3), 0, 1000);
  row.end = row.deleted ? row.deletedDay - 1 : day;
  row.ownerUid = row.uid;
  row.measure();
}
