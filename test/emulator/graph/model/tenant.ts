/**
 * The synthetic tenant behind every report: its populations (who exists on each day, fixed by the
 * tenant size) and, per data salt (seed and data version), how each of them behaves — with the
 * caches that keep a day's totals, a window's sums and last activities from being computed twice.
 */
import { aliveProbe, LastActivity, WindowSums, workloadProbe, type DailyProbe } from "./aggregates";
import { CommunityProfiles, GroupProfiles, SiteProfiles, TeamProfiles } from "./entities";
import * as hashModule from "./hash";
import { Lifecycle, Occupant } from "./lifecycle";
import { walkPopulation } from "./population";
import { PROFILES, UserProfiles } from "./users";
import type { Workload } from "./workload";
// Imports bound locally once: through a loader's cross-module getters each use in a hot loop is a call.
const { hashText, mix, unit } = hashModule;

export type PopulationName = "users" | "sites" | "groups" | "teams" | "communities";

/** Per population: slots per user, cycle lengths (days between occupants) and days listed once deleted. */
const POPULATIONS: Record<PopulationName, { per: number; cycles: readonly number[]; listed: number }> = {
  users: { per: 1, cycles: [900, 1100, 1400, 1700, 2000, 2400, 2700], listed: 30 },
  sites: { per: 4, cycles: [1800, 2600, 3400, 4000], listed: 30 },
  groups: { per: 10, cycles: [1200, 2000, 2800, 3600], listed: 30 },
  // A team's detail has no Is Deleted column: a deleted team leaves the reports at once.
  teams: { per: 25, cycles: [900, 1500, 2400, 3200], listed: 0 },
  communities: { per: 10, cycles: [1500, 2500, 3500], listed: 30 },
};
const NAMES = Object.keys(POPULATIONS) as PopulationName[];

/** A small least-recently-used cache. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string, make: () => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      value = make();
      if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    } else this.map.delete(key);
    this.map.set(key, value);
    return value;
  }
  peek(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
}

/** How the tenant behaves for one data salt. */
export class TenantValues {
  readonly users: UserProfiles;
  readonly sites: SiteProfiles;
  readonly groups: GroupProfiles;
  readonly teams: TeamProfiles;
  readonly communities: CommunityProfiles;
  private readonly profileSalt: Record<PopulationName, number>;
  private readonly days = new Lru<Float64Array>(50_000);
  private readonly windows = new Lru<WindowSums>(12);
  private readonly lasts = new Lru<LastActivity>(256);
  private readonly activationEvents = new Lru<Int32Array>(64);

  constructor(
    readonly tenant: Tenant,
    readonly salt: number,
  ) {
    this.users = new UserProfiles(mix(salt, 1));
    this.sites = new SiteProfiles(mix(salt, 2));
    this.groups = new GroupProfiles(mix(salt, 3));
    this.teams = new TeamProfiles(mix(salt, 4));
    this.communities = new CommunityProfiles(mix(salt, 5));
    this.profileSalt = Object.fromEntries(NAMES.map((name) => [name, mix(salt, hashText(name))])) as Record<
      PopulationName,
      number
    >;
  }

  /** The profile an occupant follows for life. */
  profileOf(population: PopulationName, uid: number): number {
    return mix(uid, this.profileSalt[population]) & (PROFILES - 1);
  }

  /** The probe's measure for each day from `from` to `to` (cached per day). */
  daily(population: PopulationName, probe: DailyProbe, from: number, to: number): Float64Array[] {
    const key = (day: number) => `${population}|${probe.key}|${day}`;
    const result: (Float64Array | undefined)[] = [];
    for (let day = from; day <= to; day++) result.push(this.days.peek(key(day)));
    const missing = result.flatMap((values, i) => (values ? [] : [from + i]));
    if (missing.length > 0) {
      walkPopulation(
        this.tenant.lifecycle(population),
        PROFILES,
        (uid) => this.profileOf(population, uid),
        missing[0]!,
        missing.at(-1)!,
        (day, state) => {
          const out = new Float64Array(probe.size);
          probe.measure(state, day, out);
          this.days.set(key(day), out);
          result[day - from] = out;
        },
      );
    }
    return result as Float64Array[];
  }

  /** A workload's per-profile sums over `from`..`to`. */
  window(workload: Workload, from: number, to: number): WindowSums {
    return this.windows.get(`${workload.name}|${from}|${to}`, () => new WindowSums(workload, from, to));
  }

  /** A workload's per-profile last active days up to `upTo`. */
  lastActivity(workload: Workload, upTo: number): LastActivity {
    return this.lasts.get(
      `${workload.name}|${upTo}`,
      () => new LastActivity(workload, upTo, (part) => this.lastActivity(part, upTo)),
    );
  }

  /**
   * The last day up to `upTo` a profile activated a product again (a new device), or NO_DAY within
   * the lookback: about once a quarter.
   */
  lastActivationEvent(profile: number, product: number, upTo: number): number {
    const events = this.activationEvents.get(`${product}|${upTo}`, () => new Int32Array(PROFILES).fill(-2));
    let day = events[profile]!;
    if (day === -2) {
      day = -1;
      const salt = mix(this.salt, 300 + product);
      for (let d = upTo; d > upTo - 400; d--) {
        if (unit(mix(mix(profile, d), salt)) < 1 / 90) {
          day = d;
          break;
        }
      }
      events[profile] = day;
    }
    return day;
  }

  /** Daily totals of a workload over the living users (or entities), optionally only some profiles. */
  workloadDaily(
    population: PopulationName,
    workload: Workload,
    from: number,
    to: number,
    filter?: { name: string; mask: Uint8Array },
  ): Float64Array[] {
    return this.daily(population, workloadProbe(workload, filter), from, to);
  }

  /** Living occupants per day, optionally only some profiles. */
  aliveDaily(
    population: PopulationName,
    from: number,
    to: number,
    filter?: { name: string; mask: Uint8Array },
  ) {
    return this.daily(population, aliveProbe(filter?.name ?? "all", filter?.mask), from, to);
  }
}

export interface TenantOptions {
  /** Users (rows of the per-user detail reports); sites, groups, teams and communities follow. */
  readonly users: number;
  /** Data seed: with the data version, it sets the values, never the identities. */
  readonly seed?: number;
}

export class Tenant {
  private readonly lifecycles: Record<PopulationName, Lifecycle>;
  private readonly versions = new Lru<TenantValues>(4);

  constructor(readonly options: TenantOptions) {
    this.lifecycles = Object.fromEntries(
      NAMES.map((name) => {
        const { per, cycles, listed } = POPULATIONS[name];
        return [name, new Lifecycle(Math.ceil(options.users / per), hashText(name), cycles, listed)];
      }),
    ) as Record<PopulationName, Lifecycle>;
  }

  lifecycle(population: PopulationName): Lifecycle {
    return this.lifecycles[population];
  }

  /** The behaviour for a data version (the seed and the version make the data salt). */
  values(version: number): TenantValues {
    const salt = mix(mix(this.options.seed ?? 1, 0x5eed), version);
    return this.versions.get(String(salt), () => new TenantValues(this, salt));
  }

  /** The user who owns an entity on `day`: the occupant of a user slot chosen by the entity. */
  ownerOf(entityUid: number, day: number, into: Occupant): number {
    const users = this.lifecycles.users;
    const slot = (mix(entityUid, 0x0a7e) >>> 0) % users.count;
    return users.locate(slot, day, into).uid;
  }
}
