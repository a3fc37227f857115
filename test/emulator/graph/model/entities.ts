/**
 * The tenant's shared places, as profiles like the users': SharePoint sites, Microsoft 365 groups,
 * Teams teams and Viva Engage communities. A profile fixes an entity's kind (template, public or
 * private…), its size, how its storage and files grow, and what happens in it each day.
 */
import { Gauge } from "./gauge";
import * as hashModule from "./hash";
import { PROFILES } from "./users";
import { indexOf, type Workload } from "./workload";
import * as workloadModule from "./workload";
// Imports bound locally once: through a loader's cross-module getters each use in a hot loop is a call.
const { between, mix, unit } = hashModule;
const { activeHash, around, chance, trackedMask } = workloadModule;

const GB = 1024 ** 3;
const MB = 1024 ** 2;
/** The default site storage quota (25 TB), as SharePoint reports it. */
export const SITE_ALLOCATED = 25 * 1024 * GB;
export const SITE_TEMPLATES = ["Group", "Team Site", "Communication Site"];
export const VISIBILITY = ["Public", "Private"];

type Attr = (p: number, k: number) => number;

function entityWorkload(
  name: string,
  metrics: readonly string[],
  uses: (p: number) => boolean,
  active: (p: number, day: number) => boolean,
  fill: (p: number, day: number, out: Int32Array) => void,
  peak: ReadonlySet<number> = new Set(),
): Workload {
  const used = new Uint8Array(PROFILES);
  for (let p = 0; p < PROFILES; p++) used[p] = uses(p) ? 1 : 0;
  const tracked = [0];
  return {
    name,
    metrics,
    tracked,
    peak,
    uses: (p) => used[p] === 1,
    isActive: (p, day) => used[p] === 1 && active(p, day),
    possible: (p) => used[p]!,
    fill: (p, day, out) => {
      out.fill(0, 0, metrics.length);
      if (used[p]) fill(p, day, out);
      return trackedMask(out, tracked);
    },
  };
}

/** Per profile, a propensity to be active on a weekday. */
function propensities(attr: Attr, key: number, low: number, high: number): Float64Array {
  const rate = new Float64Array(PROFILES);
  for (let p = 0; p < PROFILES; p++) rate[p] = low + (high - low) * unit(attr(p, key));
  return rate;
}

/** A gauge growing by a whole number of units a day, chosen from `rates`. */
function gauge(attr: Attr, key: number, low: number, high: number, rates: readonly number[]): Gauge {
  const base = new Float64Array(PROFILES);
  const rate = new Float64Array(PROFILES);
  for (let p = 0; p < PROFILES; p++) {
    base[p] = between(attr(p, key), low, high);
    rate[p] = rates[between(attr(p, key + 1), 0, rates.length - 1)]!;
  }
  return new Gauge(base, rate);
}

export const SITE = indexOf(["active", "pageViews", "visitedPages", "activeFiles"]);

export class SiteProfiles {
  readonly template = new Uint8Array(PROFILES);
  readonly storage: Gauge;
  readonly files: Gauge;
  readonly activity: Workload;

  constructor(salt: number) {
    const attr: Attr = (p, k) => mix(mix(p, salt), k);
    for (let p = 0; p < PROFILES; p++) this.template[p] = between(attr(p, 1), 0, 2);
    // Sites grow by up to 40 MB a day, files by up to 8: a busy team site reaches ~150 GB in ten years.
    this.storage = gauge(attr, 2, MB, 5 * GB, [0, 64 * 1024, MB, 2 * MB, 5 * MB, 12 * MB, 40 * MB]);
    // At least 60 files: no day touches more, so a day's active files never exceed the total.
    this.files = gauge(attr, 4, 60, 2000, [0, 0, 1, 1, 2, 4, 8]);
    const daySalt = mix(salt, 1);
    const rate = propensities(attr, 6, 0.1, 0.95);
    this.activity = entityWorkload(
      "site",
      Object.keys(SITE),
      (p) => chance(attr(p, 7), 0, 0.85),
      (p, day) => activeHash(p, day, daySalt, rate[p]!) !== 0,
      (p, day, out) => {
        const h = activeHash(p, day, daySalt, rate[p]!);
        if (h === 0) return;
        out[SITE.active!] = 1;
        out[SITE.pageViews!] = 1 + around(h, 1, 40 * unit(attr(p, 8)));
        out[SITE.visitedPages!] = Math.min(out[SITE.pageViews!]!, 1 + around(h, 2, 8));
        out[SITE.activeFiles!] = Math.min(60, around(h, 3, 12 * unit(attr(p, 9))));
      },
    );
  }
}

export const GROUP = indexOf([
  "active",
  "emailsReceived",
  "activeFiles",
  "yammerPosted",
  "yammerRead",
  "yammerLiked",
]);

export class GroupProfiles {
  readonly visibility = new Uint8Array(PROFILES);
  readonly members = new Int32Array(PROFILES);
  readonly guests = new Int32Array(PROFILES);
  readonly mailboxItems: Gauge;
  readonly mailboxStorage: Gauge;
  readonly siteFiles: Gauge;
  readonly siteStorage: Gauge;
  readonly activity: Workload;

  constructor(salt: number) {
    const attr: Attr = (p, k) => mix(mix(p, salt), k);
    const yammer = new Uint8Array(PROFILES);
    for (let p = 0; p < PROFILES; p++) {
      this.visibility[p] = chance(attr(p, 1), 0, 0.4) ? 0 : 1;
      this.members[p] = between(attr(p, 2), 3, 120);
      this.guests[p] = chance(attr(p, 3), 0, 0.3)
        ? between(attr(p, 3), 1, Math.max(1, this.members[p]! >> 2))
        : 0;
      yammer[p] = chance(attr(p, 4), 0, 0.15) ? 1 : 0;
    }
    this.mailboxItems = gauge(attr, 5, 0, 500, [0, 1, 2, 5]);
    this.mailboxStorage = gauge(attr, 7, 0, 200 * MB, [0, 50 * 1024, 200 * 1024, MB]);
    this.siteFiles = gauge(attr, 9, 60, 3000, [0, 1, 2, 6]);
    this.siteStorage = gauge(attr, 11, MB, 10 * GB, [0, 512 * 1024, 3 * MB, 10 * MB]);
    const daySalt = mix(salt, 1);
    const rate = propensities(attr, 13, 0.2, 0.9);
    this.activity = entityWorkload(
      "group",
      Object.keys(GROUP),
      () => true,
      (p, day) => activeHash(p, day, daySalt, rate[p]!) !== 0,
      (p, day, out) => {
        const h = activeHash(p, day, daySalt, rate[p]!);
        if (h === 0) return;
        out[GROUP.active!] = 1;
        out[GROUP.emailsReceived!] = 1 + around(h, 1, this.members[p]! / 8);
        out[GROUP.activeFiles!] = chance(h, 2, 0.6) ? Math.min(60, 1 + around(h, 3, 6)) : 0;
        if (yammer[p]) {
          out[GROUP.yammerRead!] = around(h, 4, this.members[p]! / 4);
          out[GROUP.yammerPosted!] = chance(h, 5, 0.4) ? 1 + around(h, 6, 2) : 0;
          out[GROUP.yammerLiked!] = around(h, 7, 2);
        }
      },
    );
  }
}

export const TEAM = indexOf([
  "active",
  "activeUsers",
  "activeChannels",
  "guests",
  "reactions",
  "meetingsOrganized",
  "post",
  "reply",
  "channelMessages",
  "urgent",
  "mentions",
  "activeSharedChannels",
  "activeExternalUsers",
]);

export class TeamProfiles {
  readonly visibility = new Uint8Array(PROFILES);
  readonly activity: Workload;

  constructor(salt: number) {
    const attr: Attr = (p, k) => mix(mix(p, salt), k);
    const members = new Int32Array(PROFILES);
    const channels = new Int32Array(PROFILES);
    const shared = new Int32Array(PROFILES);
    const guests = new Int32Array(PROFILES);
    for (let p = 0; p < PROFILES; p++) {
      this.visibility[p] = chance(attr(p, 1), 0, 0.35) ? 0 : 1;
      members[p] = between(attr(p, 2), 3, 200);
      channels[p] = between(attr(p, 3), 1, 25);
      shared[p] = chance(attr(p, 4), 0, 0.2) ? between(attr(p, 4), 1, 2) : 0;
      guests[p] = chance(attr(p, 5), 0, 0.25) ? between(attr(p, 5), 1, 8) : 0;
    }
    const daySalt = mix(salt, 1);
    const rate = propensities(attr, 6, 0.15, 0.95);
    const t = TEAM;
    this.activity = entityWorkload(
      "team",
      Object.keys(TEAM),
      () => true,
      (p, day) => activeHash(p, day, daySalt, rate[p]!) !== 0,
      (p, day, out) => {
        const h = activeHash(p, day, daySalt, rate[p]!);
        if (h === 0) return;
        out[t.active!] = 1;
        out[t.activeUsers!] = Math.min(members[p]!, 1 + around(h, 1, members[p]! * 0.3));
        out[t.activeChannels!] = Math.min(channels[p]!, 1 + around(h, 2, channels[p]! * 0.3));
        out[t.guests!] = guests[p] ? Math.min(guests[p]!, around(h, 3, guests[p]! / 2)) : 0;
        out[t.post!] = around(h, 4, out[t.activeUsers!]! * 0.5);
        out[t.reply!] = around(h, 5, out[t.activeUsers!]! * 1.5);
        out[t.channelMessages!] = out[t.post!]! + out[t.reply!]!;
        out[t.reactions!] = around(h, 6, out[t.channelMessages!]! * 0.8);
        out[t.mentions!] = around(h, 7, out[t.channelMessages!]! * 0.2);
        out[t.urgent!] = chance(h, 8, 0.03) ? Math.min(1, out[t.post!]!) : 0;
        out[t.meetingsOrganized!] = chance(h, 9, 0.3) ? 1 + around(h, 10, 1) : 0;
        out[t.activeSharedChannels!] = shared[p]
          ? Math.min(shared[p]!, out[t.activeChannels!]!, around(h, 11, 1.5))
          : 0;
        out[t.activeExternalUsers!] = out[t.activeSharedChannels!] ? 1 + around(h, 12, 3) : 0;
      },
      new Set([
        t.activeUsers!,
        t.activeChannels!,
        t.guests!,
        t.activeSharedChannels!,
        t.activeExternalUsers!,
      ]),
    );
  }
}

export const COMMUNITY = indexOf(["active", "posted", "read", "liked"]);

export class CommunityProfiles {
  readonly visibility = new Uint8Array(PROFILES);
  readonly connected = new Uint8Array(PROFILES);
  readonly members = new Int32Array(PROFILES);
  readonly activity: Workload;

  constructor(salt: number) {
    const attr: Attr = (p, k) => mix(mix(p, salt), k);
    for (let p = 0; p < PROFILES; p++) {
      this.visibility[p] = chance(attr(p, 1), 0, 0.7) ? 0 : 1;
      this.connected[p] = chance(attr(p, 2), 0, 0.6) ? 1 : 0;
      this.members[p] = between(attr(p, 3), 5, 800);
    }
    const daySalt = mix(salt, 1);
    const rate = propensities(attr, 4, 0.05, 0.8);
    this.activity = entityWorkload(
      "community",
      Object.keys(COMMUNITY),
      () => true,
      (p, day) => activeHash(p, day, daySalt, rate[p]!) !== 0,
      (p, day, out) => {
        const h = activeHash(p, day, daySalt, rate[p]!);
        if (h === 0) return;
        out[COMMUNITY.active!] = 1;
        out[COMMUNITY.read!] = 1 + around(h, 1, this.members[p]! / 10);
        out[COMMUNITY.posted!] = chance(h, 2, 0.5) ? 1 + around(h, 3, 2) : 0;
        out[COMMUNITY.liked!] = around(h, 4, 3);
      },
    );
  }
}
