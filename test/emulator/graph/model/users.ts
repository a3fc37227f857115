/**
 * The tenant's people, as 4,096 behaviour profiles drawn from the data salt (seed and data version):
 * each user follows one profile for life. A profile fixes the licences (and so the mailbox quotas and
 * the OneDrive allocation), the apps and devices used, how often and how intensively each workload is
 * used, and how storage grows. The workloads below turn a profile and a day into that day's activity.
 */
import * as calendarModule from "./calendar";
import { Gauge } from "./gauge";
import * as hashModule from "./hash";
import { indexOf, type Workload } from "./workload";
import * as workloadModule from "./workload";
// Imports bound locally once: through a loader's cross-module getters each use in a hot loop is a call.
const { between, mix, unit } = hashModule;
const { activeHash, around, chance, indicators, trackedMask } = workloadModule;
const { rhythm } = calendarModule;

export const PROFILES = 4096;

const GB = 1024 ** 3;
const MB = 1024 ** 2;

interface Licence {
  readonly name: string;
  readonly weight: number;
  /** Mailbox quota tier (index into QUOTAS). */
  readonly tier: number;
  readonly teams: boolean;
  readonly skype: boolean;
  /** Microsoft 365 Apps product activated on devices (index into ACTIVATION_PRODUCTS), or -1. */
  readonly apps: number;
  readonly oneDriveBytes: number;
}

/** Each user holds one of these, and a few add-ons. */
export const LICENCES: readonly Licence[] = [
  {
    name: "MICROSOFT 365 E3",
    weight: 38,
    tier: 0,
    teams: true,
    skype: true,
    apps: 0,
    oneDriveBytes: 1024 * GB,
  },
  {
    name: "MICROSOFT 365 E5",
    weight: 12,
    tier: 0,
    teams: true,
    skype: true,
    apps: 0,
    oneDriveBytes: 1024 * GB,
  },
  { name: "OFFICE 365 E3", weight: 17, tier: 0, teams: true, skype: true, apps: 0, oneDriveBytes: 1024 * GB },
  {
    name: "MICROSOFT 365 E3 (NO TEAMS)",
    weight: 8,
    tier: 0,
    teams: false,
    skype: true,
    apps: 0,
    oneDriveBytes: 1024 * GB,
  },
  {
    name: "MICROSOFT 365 BUSINESS PREMIUM",
    weight: 15,
    tier: 1,
    teams: true,
    skype: true,
    apps: 1,
    oneDriveBytes: 1024 * GB,
  },
  {
    name: "MICROSOFT 365 F3",
    weight: 10,
    tier: 2,
    teams: true,
    skype: false,
    apps: -1,
    oneDriveBytes: 2 * GB,
  },
];
const TEAMS_ADD_ON = 0;
const COPILOT_ADD_ON = 4;
/** Add-ons, in the order Assigned Products lists them after the base licence. */
export const ADD_ONS = [
  "MICROSOFT TEAMS ENTERPRISE",
  "POWER BI PRO",
  "VISIO PLAN 2",
  "PROJECT PLAN 3",
  "MICROSOFT 365 COPILOT",
] as const;

/** Product types of the activation reports: the two Apps suites, then Visio and Project. */
export const ACTIVATION_PRODUCTS = [
  "MICROSOFT 365 APPS FOR ENTERPRISE",
  "MICROSOFT 365 APPS FOR BUSINESS",
  "VISIO ONLINE PLAN 2",
  "PROJECT ONLINE DESKTOP CLIENT",
] as const;
/** Devices counted per activation, in the order of ACTIVATION_DEVICES. */
export const ACTIVATION_DEVICES = ["Windows", "Mac", "iOS", "Android", "Windows 10 Mobile"] as const;

/** Exchange Online mailbox quotas per tier: issue warning, prohibit send, prohibit send/receive. */
export const QUOTAS: readonly (readonly [number, number, number])[] = [
  [98 * GB, 99 * GB, 100 * GB],
  [49 * GB, 49.5 * GB, 50 * GB],
  [1.75 * GB, Math.floor(1.9 * GB), 2 * GB],
];
export const DELETED_ITEM_QUOTA = 30 * GB;

/** Quota status of a mailbox: 0 under limit, 1 warning issued, 2 send prohibited, 3 send/receive prohibited. */
export function quotaBand(storage: number, tier: number): number {
  const [warning, send, sendReceive] = QUOTAS[tier]!;
  return storage >= sendReceive ? 3 : storage >= send ? 2 : storage >= warning ? 1 : 0;
}

export const EMAIL_APPS = [
  "Mail For Mac",
  "Outlook For Mac",
  "Outlook For Windows",
  "Outlook For Mobile",
  "Other For Mobile",
  "Outlook For Web",
  "POP3 App",
  "IMAP4 App",
  "SMTP App",
] as const;
const EMAIL_APP_SHARE = [0.03, 0.08, 0.7, 0.5, 0.1, 0.55, 0.01, 0.03, 0.04];
/**
 * What an Email app usage per-app cell holds for an app used: its version — "ProPlus" (a real
 * download, CLI for Microsoft 365 docs) or "Undetermined" (Microsoft's JSON sample).
 */
export const APP_VERSIONS = ["ProPlus", "Undetermined"] as const;

export const TEAMS_DEVICES = [
  "Web",
  "Windows Phone",
  "Android Phone",
  "iOS",
  "Mac",
  "Windows",
  "Chrome OS",
  "Linux",
];
const TEAMS_DEVICE_SHARE = [0.3, 0.005, 0.25, 0.3, 0.1, 0.8, 0.02, 0.02];
export const YAMMER_DEVICES = ["Web", "Windows Phone", "Android Phone", "iPhone", "iPad", "Other"];
const YAMMER_DEVICE_SHARE = [0.85, 0.01, 0.15, 0.2, 0.05, 0.05];
export const SKYPE_DEVICES = ["Windows", "Windows Phone", "Android Phone", "iPhone", "iPad"];
const SKYPE_DEVICE_SHARE = [0.95, 0.02, 0.1, 0.15, 0.05];
export const APPS = ["Outlook", "Word", "Excel", "PowerPoint", "OneNote", "Teams"];
export const PLATFORMS = ["Windows", "Mac", "Mobile", "Web"];
export const BROWSERS = ["Edge", "Edge Legacy", "Internet Explorer"];
export const COPILOT_APPS = [
  "Teams",
  "Word",
  "Excel",
  "PowerPoint",
  "Outlook",
  "OneNote",
  "Loop",
  "Copilot Chat",
];
/**
 * What the Copilot reports' version 2 tracks besides: Copilot Chat split by where it was used (work,
 * web: a day of Copilot Chat is one or both), the Microsoft 365 Copilot app, Edge and agents.
 */
export const COPILOT_V2_APPS = [
  "Copilot Chat (work)",
  "Copilot Chat (web)",
  "Microsoft 365 Copilot",
  "Edge",
  "Copilot Agent",
];
/**
 * Copilot metrics: 0 active, then each of COPILOT_APPS and COPILOT_V2_APPS used that day (all tracked:
 * last activity dates), then the prompts submitted in all apps, in Copilot Chat at work and on the web.
 */
export const COPILOT = indexOf([
  "active",
  ...COPILOT_APPS,
  ...COPILOT_V2_APPS,
  "prompts",
  "chatWorkPrompts",
  "chatWebPrompts",
]);
/** Metric of the first app of COPILOT_APPS (COPILOT_V2_APPS follow them). */
export const COPILOT_APP_FIRST = 1;
/** Other organisations' names in Teams shared channels (Shared Channel Tenant Display Names). */
export const SHARED_CHANNEL_TENANTS = ["", "Fabrikam", "Northwind Traders", "Fabrikam,Northwind Traders"];

export const EMAIL = indexOf(["active", "send", "receive", "read", "meetingCreated", "meetingInteracted"]);
export const EMAIL_APP_FIRST = 6;
export const ONEDRIVE = indexOf([
  "active",
  "viewedOrEdited",
  "synced",
  "sharedInternally",
  "sharedExternally",
]);
export const SHAREPOINT = indexOf([
  "active",
  "viewedOrEdited",
  "synced",
  "sharedInternally",
  "sharedExternally",
  "visitedPages",
]);
const TEAMS_METRICS = [
  "active",
  "teamChat",
  "post",
  "reply",
  "privateChat",
  "urgent",
  "calls",
  "meetings",
  "meetingsOrganized",
  "meetingsAttended",
  "adHocOrganized",
  "adHocAttended",
  "oneTimeOrganized",
  "oneTimeAttended",
  "recurringOrganized",
  "recurringAttended",
  "audioSeconds",
  "videoSeconds",
  "screenShareSeconds",
  "otherAction",
];
export const TEAMS = indexOf(TEAMS_METRICS);
export const TEAMS_DEVICE_FIRST = TEAMS_METRICS.length;
export const YAMMER = indexOf(["active", "posted", "read", "liked"]);
export const YAMMER_DEVICE_FIRST = 4;
const SKYPE_METRICS = [
  "active",
  "p2pIM",
  "p2pAudio",
  "p2pAudioMinutes",
  "p2pVideo",
  "p2pVideoMinutes",
  "p2pAppSharing",
  "p2pFileTransfer",
  "orgIM",
  "orgAudioVideo",
  "orgAudioVideoMinutes",
  "orgAppSharing",
  "orgWeb",
  "orgDial3rdParty",
  "orgDialMicrosoft",
  "orgDialInMinutes",
  "orgDialOutMinutes",
  "partIM",
  "partAudioVideo",
  "partAudioVideoMinutes",
  "partAppSharing",
  "partWeb",
  "partDial3rdParty",
  "p2p",
  "organized",
  "participated",
];
export const SKYPE = indexOf(SKYPE_METRICS);
export const SKYPE_DEVICE_FIRST = SKYPE_METRICS.length;
/** M365 apps: metric 1 + app × 4 + platform for each pair, then one per app, then one per platform. */
export const APP_PAIR_FIRST = 1;
export const APP_FIRST = 1 + APPS.length * PLATFORMS.length;
export const PLATFORM_FIRST = APP_FIRST + APPS.length;
export const FORMS = indexOf(["active", "created", "responded"]);
/** The active-user view across workloads (Office 365 active users): any, then one per workload. */
export const OFFICE_WORKLOADS = [
  "Exchange",
  "OneDrive",
  "SharePoint",
  "Skype For Business",
  "Yammer",
  "Teams",
];

function bits(h: number, shares: readonly number[]): number {
  let mask = 0;
  shares.forEach((share, i) => {
    if (unit(mix(h, i)) < share) mask |= 1 << i;
  });
  return mask;
}

function weighted<T extends { weight: number }>(h: number, items: readonly T[]): number {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let x = unit(h) * total;
  for (let i = 0; i < items.length; i++) if ((x -= items[i]!.weight) < 0) return i;
  return items.length - 1;
}

/** Lower of two uniform draws: mostly small values, a few large. */
function skewed(h: number): number {
  return Math.min(unit(h), unit(mix(h, 7)));
}

export class UserProfiles {
  readonly licence = new Uint8Array(PROFILES);
  readonly addOns = new Uint8Array(PROFILES);
  readonly teamsLicensed = new Uint8Array(PROFILES);
  readonly copilot = new Uint8Array(PROFILES);
  readonly emailApps = new Int32Array(PROFILES);
  /** Per profile, bit a: email app a is used in an undetermined version (else ProPlus). */
  readonly undeterminedApps = new Int32Array(PROFILES);
  readonly sharedChannelTenants = new Uint8Array(PROFILES);
  readonly hasArchive = new Uint8Array(PROFILES);
  readonly itemBytes = new Float64Array(PROFILES);
  /** Share of the mailbox's storage in deleted items, in thousandths. */
  readonly deletedPermille = new Float64Array(PROFILES);
  /** Per profile: 1 + the day offset after creation of the first activation of its products (0: never). */
  readonly activationDelay = new Uint8Array(PROFILES);
  readonly sharedComputer = new Uint8Array(PROFILES);
  readonly mailbox: Gauge;
  readonly oneDrive: Gauge;
  readonly oneDriveFiles: Gauge;
  readonly email: Workload;
  readonly oneDriveActivity: Workload;
  readonly sharePoint: Workload;
  readonly teams: Workload;
  readonly yammer: Workload;
  readonly skype: Workload;
  readonly apps: Workload;
  readonly browser: Workload;
  readonly copilotUsage: Workload;
  readonly forms: Workload;
  readonly office: Workload;

  constructor(readonly salt: number) {
    const attr = (p: number, k: number) => mix(mix(p, salt), k);
    const mailboxBase = new Float64Array(PROFILES);
    const mailboxRate = new Float64Array(PROFILES);
    const heavy = new Uint8Array(PROFILES);
    const oneDriveBase = new Float64Array(PROFILES);
    const oneDriveRate = new Float64Array(PROFILES);
    const filesBase = new Float64Array(PROFILES);
    const filesRate = new Float64Array(PROFILES);
    for (let p = 0; p < PROFILES; p++) {
      const licence = weighted(attr(p, 1), LICENCES);
      const base = LICENCES[licence]!;
      this.licence[p] = licence;
      let addOns = 0;
      if (!base.teams && chance(attr(p, 2), 0, 0.75)) addOns |= 1 << TEAMS_ADD_ON;
      if (licence !== 1 && chance(attr(p, 2), 1, 0.2)) addOns |= 1 << 1;
      if (base.apps >= 0 && chance(attr(p, 2), 2, 0.05)) addOns |= 1 << 2;
      if (base.apps >= 0 && chance(attr(p, 2), 3, 0.04)) addOns |= 1 << 3;
      if (base.apps >= 0 && chance(attr(p, 2), 4, 0.15)) addOns |= 1 << COPILOT_ADD_ON;
      this.addOns[p] = addOns;
      this.teamsLicensed[p] = base.teams || addOns & (1 << TEAMS_ADD_ON) ? 1 : 0;
      this.copilot[p] = (addOns >> COPILOT_ADD_ON) & 1;
      this.emailApps[p] = bits(attr(p, 3), EMAIL_APP_SHARE) || 1 << 5; // at least Outlook on the web
      this.undeterminedApps[p] = bits(
        attr(p, 4),
        EMAIL_APPS.map(() => 0.15),
      );
      this.sharedChannelTenants[p] = chance(attr(p, 4), 1, 0.85) ? 0 : between(attr(p, 4), 1, 3);
      this.hasArchive[p] = base.tier === 0 && chance(attr(p, 4), 2, 0.35) ? 1 : 0;
      this.itemBytes[p] = between(attr(p, 5), 40_000, 140_000);
      this.deletedPermille[p] = between(attr(p, 6), 20, 120);
      this.activationDelay[p] =
        base.apps >= 0 && chance(attr(p, 7), 0, 0.93) ? between(attr(p, 7), 1, 21) : 0;
      this.sharedComputer[p] = base.apps === 0 && chance(attr(p, 7), 1, 0.05) ? 1 : 0;

      // Mailboxes grow to at most 60 % of the warning quota over the longest life; a few profiles
      // (4 %) fill theirs up to the limits and clean up, again and again.
      const [warning] = QUOTAS[base.tier]!;
      heavy[p] = chance(attr(p, 8), 0, 0.04) ? 1 : 0;
      mailboxBase[p] = between(attr(p, 8), 20 * MB, Math.floor(0.05 * warning));
      mailboxRate[p] = Math.floor((unit(attr(p, 9)) * (0.6 * warning - mailboxBase[p]!)) / 2800);
      const oneDriveCap = Math.min(0.9 * base.oneDriveBytes, between(attr(p, 10), 1, 60) * GB);
      oneDriveBase[p] = between(attr(p, 11), 0, 200 * MB);
      oneDriveRate[p] = Math.floor((skewed(attr(p, 12)) * (oneDriveCap - oneDriveBase[p]!)) / 2800);
      // At least 40 files: no day touches more than 40, so a day's active files never exceed the total.
      filesBase[p] = between(attr(p, 13), 40, 400);
      filesRate[p] = [0, 0, 1, 1, 2, 3][between(attr(p, 13), 0, 5)]!;
    }
    this.mailbox = new Gauge(mailboxBase, mailboxRate, {
      is: heavy,
      // A sawtooth from 55 % of the warning quota to past the send/receive limit, held at the limit.
      at: (p, day) => {
        const [warning, , sendReceive] = QUOTAS[LICENCES[this.licence[p]!]!.tier]!;
        const cycle = between(attr(p, 14), 120, 400);
        const phase = (((day + between(attr(p, 15), 0, cycle - 1)) % cycle) + cycle) % cycle;
        const low = 0.55 * warning;
        return Math.min(sendReceive, Math.floor(low + ((1.04 * sendReceive - low) * phase) / cycle));
      },
    });
    this.oneDrive = new Gauge(oneDriveBase, oneDriveRate);
    this.oneDriveFiles = new Gauge(filesBase, filesRate);

    this.email = this.emailWorkload(attr);
    this.oneDriveActivity = this.oneDriveWorkload(attr);
    this.sharePoint = this.sharePointWorkload(attr);
    this.teams = this.teamsWorkload(attr);
    this.yammer = this.yammerWorkload(attr);
    this.skype = this.skypeWorkload(attr);
    this.apps = this.appsWorkload(attr);
    this.browser = this.browserWorkload(attr);
    this.copilotUsage = this.copilotWorkload(attr);
    this.forms = this.formsWorkload(attr);
    this.office = this.officeWorkload();
  }

  /** Assigned Products: the licence, then its add-ons, `+`-joined. */
  products(p: number): string {
    const addOns = ADD_ONS.filter((_, i) => this.addOns[p]! & (1 << i));
    return [LICENCES[this.licence[p]!]!.name, ...addOns].join("+");
  }

  /** Activation products of the profile (indices into ACTIVATION_PRODUCTS). */
  activationProducts(p: number): number[] {
    const products: number[] = [];
    const apps = LICENCES[this.licence[p]!]!.apps;
    if (apps >= 0) products.push(apps);
    if (this.addOns[p]! & (1 << 2)) products.push(2);
    if (this.addOns[p]! & (1 << 3)) products.push(3);
    return products;
  }

  /** Devices a product is activated on, per ACTIVATION_DEVICES (Windows 10 Mobile is long gone). */
  activations(p: number, product: number, out: Int32Array): void {
    const h = mix(mix(p, this.salt), 100 + product);
    const mac = chance(h, 1, 0.12);
    out[0] = mac && chance(h, 2, 0.5) ? 0 : between(mix(h, 3), 1, 3);
    out[1] = mac ? between(mix(h, 4), 1, 2) : 0;
    out[2] = product < 2 && chance(h, 5, 0.45) ? between(mix(h, 6), 1, 2) : 0;
    out[3] = product < 2 && chance(h, 7, 0.3) ? 1 : 0;
    out[4] = 0;
  }

  private workload(spec: {
    name: string;
    metrics: readonly string[];
    uses: (p: number) => boolean;
    /** Whether a profile that uses the workload is active on a day. */
    active: (p: number, day: number) => boolean;
    /** The day's metrics of a profile that uses the workload (`out` is zeroed). */
    fill: (p: number, day: number, out: Int32Array) => void;
    tracked?: readonly number[];
    possible?: (p: number) => number;
    parts?: readonly Workload[];
  }): Workload {
    const used = new Uint8Array(PROFILES);
    for (let p = 0; p < PROFILES; p++) used[p] = spec.uses(p) ? 1 : 0;
    const tracked = spec.tracked ?? [0];
    const all = (1 << tracked.length) - 1;
    const count = spec.metrics.length;
    return {
      name: spec.name,
      metrics: spec.metrics,
      tracked,
      peak: new Set(),
      parts: spec.parts,
      uses: (p) => used[p] === 1,
      isActive: (p, day) => used[p] === 1 && spec.active(p, day),
      possible: (p) => (used[p] ? (spec.possible?.(p) ?? all) : 0),
      fill: (p, day, out) => {
        out.fill(0, 0, count);
        if (used[p]) spec.fill(p, day, out);
        return trackedMask(out, tracked);
      },
    };
  }

  /** A weekday propensity per profile: most use the workload regularly, some rarely. */
  private propensities(attr: (p: number, k: number) => number, key: number, low: number, high: number) {
    const rate = new Float64Array(PROFILES);
    for (let p = 0; p < PROFILES; p++) {
      const h = attr(p, key);
      rate[p] = chance(h, 0, 0.1) ? 0.01 + 0.04 * unit(mix(h, 1)) : low + (high - low) * unit(mix(h, 2));
    }
    return rate;
  }

  /** A per-profile mean for each metric, scaled by `means`. */
  private intensities(attr: (p: number, k: number) => number, key: number, means: readonly number[]) {
    const m = means.length;
    const out = new Float64Array(PROFILES * m);
    for (let p = 0; p < PROFILES; p++) {
      for (let i = 0; i < m; i++) out[p * m + i] = means[i]! * (0.25 + 1.5 * unit(attr(p, key * 64 + i)));
    }
    return out;
  }

  private emailWorkload(attr: (p: number, k: number) => number): Workload {
    const salt = mix(this.salt, 1001);
    const rate = this.propensities(attr, 20, 0.55, 0.97);
    const mean = this.intensities(attr, 21, [12, 45, 40, 0.6, 3]);
    const metrics = [...Object.keys(EMAIL), ...EMAIL_APPS];
    return this.workload({
      name: "email",
      metrics: metrics,
      uses: () => true,
      fill: (p, day, out) => {
        const m = p * 5;
        // Mail arrives whether or not its reader is active: mostly on weekdays.
        const arrival = mix(mix(p, day), salt + 1);
        out[EMAIL.receive!] = around(arrival, 0, mean[m + 1]! * (0.2 + 0.8 * rhythm(day)));
        const h = activeHash(p, day, salt, rate[p]!);
        if (h === 0) return;
        out[EMAIL.active!] = 1;
        out[EMAIL.read!] = 1 + around(h, 1, mean[m + 2]!);
        out[EMAIL.send!] = around(h, 2, mean[m]!);
        out[EMAIL.meetingCreated!] = chance(h, 3, 0.25) ? around(h, 4, mean[m + 3]! * 4) : 0;
        out[EMAIL.meetingInteracted!] = around(h, 5, mean[m + 4]!);
        indicators(out, EMAIL_APP_FIRST, EMAIL_APPS.length, this.emailApps[p]!);
      },
      active: (p, day) => activeHash(p, day, salt, rate[p]!) !== 0,
    });
  }

  private oneDriveWorkload(attr: (p: number, k: number) => number): Workload {
    const salt = mix(this.salt, 1002);
    const rate = this.propensities(attr, 22, 0.1, 0.8);
    const mean = this.intensities(attr, 23, [8, 3, 1, 0.3]);
    return this.workload({
      name: "OneDrive",
      metrics: Object.keys(ONEDRIVE),
      uses: (p) => chance(attr(p, 24), 0, LICENCES[this.licence[p]!]!.tier === 2 ? 0.5 : 0.88),
      fill: (p, day, out) => {
        const h = activeHash(p, day, salt, rate[p]!);
        if (h === 0) return;
        const m = p * 4;
        out[ONEDRIVE.active!] = 1;
        out[ONEDRIVE.viewedOrEdited!] = Math.min(40, 1 + around(h, 1, mean[m]!));
        out[ONEDRIVE.synced!] = chance(h, 2, 0.4) ? around(h, 3, mean[m + 1]!) : 0;
        out[ONEDRIVE.sharedInternally!] = chance(h, 4, 0.3) ? 1 + around(h, 5, mean[m + 2]!) : 0;
        out[ONEDRIVE.sharedExternally!] = chance(h, 6, 0.08) ? 1 + around(h, 7, mean[m + 3]!) : 0;
      },
      active: (p, day) => activeHash(p, day, salt, rate[p]!) !== 0,
    });
  }

  private sharePointWorkload(attr: (p: number, k: number) => number): Workload {
    const salt = mix(this.salt, 1003);
    const rate = this.propensities(attr, 25, 0.1, 0.85);
    const mean = this.intensities(attr, 26, [6, 2, 1, 0.2, 9]);
    return this.workload({
      name: "SharePoint",
      metrics: Object.keys(SHAREPOINT),
      uses: (p) => chance(attr(p, 27), 0, 0.9),
      fill: (p, day, out) => {
        const h = activeHash(p, day, salt, rate[p]!);
        if (h === 0) return;
        const m = p * 5;
        out[SHAREPOINT.active!] = 1;
        out[SHAREPOINT.visitedPages!] = 1 + around(h, 1, mean[m + 4]!);
        out[SHAREPOINT.viewedOrEdited!] = around(h, 2, mean[m]!);
        out[SHAREPOINT.synced!] = chance(h, 3, 0.2) ? around(h, 4, mean[m + 1]!) : 0;
        out[SHAREPOINT.sharedInternally!] = chance(h, 5, 0.2) ? 1 + around(h, 6, mean[m + 2]!) : 0;
        out[SHAREPOINT.sharedExternally!] = chance(h, 7, 0.04) ? 1 + around(h, 8, mean[m + 3]!) : 0;
      },
      active: (p, day) => activeHash(p, day, salt, rate[p]!) !== 0,
    });
  }

  private teamsWorkload(attr: (p: number, k: number) => number): Workload {
    const salt = mix(this.salt, 1004);
    const rate = this.propensities(attr, 28, 0.35, 0.95);
    const mean = this.intensities(attr, 29, [2, 2, 25, 1.5, 1, 1.2, 0.3]);
    const devices = new Int32Array(PROFILES);
    for (let p = 0; p < PROFILES; p++) devices[p] = bits(attr(p, 30), TEAMS_DEVICE_SHARE) || 1 << 5;
    return this.workload({
      name: "Teams",
      metrics: [...TEAMS_METRICS, ...TEAMS_DEVICES],
      // Licensed users mostly use Teams; a few without a licence do too (Is Licensed: No).
      uses: (p) => chance(attr(p, 31), 0, this.teamsLicensed[p] ? 0.92 : 0.1),
      fill: (p, day, out) => {
        const h = activeHash(p, day, salt, rate[p]!);
        if (h === 0) return;
        const m = p * 7;
        const t = TEAMS;
        out[t.active!] = 1;
        out[t.post!] = chance(h, 1, 0.3) ? 1 + around(h, 2, mean[m]!) : 0;
        out[t.reply!] = chance(h, 3, 0.5) ? around(h, 4, mean[m + 1]!) : 0;
        out[t.teamChat!] = out[t.post!]! + out[t.reply!]!;
        out[t.privateChat!] = chance(h, 5, 0.85) ? around(h, 6, mean[m + 2]!) : 0;
        out[t.urgent!] = chance(h, 7, 0.02) ? Math.min(out[t.privateChat!]!, 1) : 0;
        out[t.calls!] = chance(h, 8, 0.35) ? 1 + around(h, 9, mean[m + 3]!) : 0;
        out[t.adHocOrganized!] = chance(h, 10, 0.1) ? 1 : 0;
        out[t.adHocAttended!] = chance(h, 11, 0.15) ? 1 : 0;
        out[t.oneTimeOrganized!] = chance(h, 12, 0.15) ? 1 + around(h, 13, mean[m + 4]! / 2) : 0;
        out[t.oneTimeAttended!] = chance(h, 14, 0.4) ? 1 + around(h, 15, mean[m + 5]!) : 0;
        out[t.recurringOrganized!] = chance(h, 16, 0.1) ? 1 : 0;
        out[t.recurringAttended!] = chance(h, 17, 0.5) ? 1 + around(h, 18, mean[m + 6]! * 3) : 0;
        out[t.meetingsOrganized!] =
          out[t.adHocOrganized!]! + out[t.oneTimeOrganized!]! + out[t.recurringOrganized!]!;
        out[t.meetingsAttended!] =
          out[t.adHocAttended!]! + out[t.oneTimeAttended!]! + out[t.recurringAttended!]!;
        out[t.meetings!] = out[t.meetingsOrganized!]! + out[t.meetingsAttended!]!;
        const sessions = out[t.meetings!]! + out[t.calls!]!;
        out[t.audioSeconds!] = sessions * between(mix(h, 19), 300, 2700);
        out[t.videoSeconds!] = Math.floor(out[t.audioSeconds!]! * 0.6 * unit(mix(h, 20)));
        out[t.screenShareSeconds!] = Math.floor(out[t.audioSeconds!]! * 0.25 * unit(mix(h, 21)));
        const other = out[t.teamChat!]! + out[t.privateChat!]! + sessions === 0 || chance(h, 22, 0.3);
        out[t.otherAction!] = other ? 1 : 0;
        indicators(out, TEAMS_DEVICE_FIRST, TEAMS_DEVICES.length, devices[p]!);
      },
      active: (p, day) => activeHash(p, day, salt, rate[p]!) !== 0,
    });
  }

  private yammerWorkload(attr: (p: number, k: number) => number): Workload {
    const salt = mix(this.salt, 1005);
    const rate = this.propensities(attr, 32, 0.03, 0.35);
    const mean = this.intensities(attr, 33, [0.6, 12, 2]);
    const devices = new Int32Array(PROFILES);
    for (let p = 0; p < PROFILES; p++) devices[p] = bits(attr(p, 34), YAMMER_DEVICE_SHARE) || 1;
    return this.workload({
      name: "Yammer",
      metrics: [...Object.keys(YAMMER), ...YAMMER_DEVICES],
      uses: (p) => chance(attr(p, 35), 0, 0.35),
      fill: (p, day, out) => {
        const h = activeHash(p, day, salt, rate[p]!);
        if (h === 0) return;
        const m = p * 3;
        out[YAMMER.active!] = 1;
        out[YAMMER.read!] = 1 + around(h, 1, mean[m + 1]!);
        out[YAMMER.posted!] = chance(h, 2, 0.2) ? 1 + around(h, 3, mean[m]!) : 0;
        out[YAMMER.liked!] = chance(h, 4, 0.4) ? around(h, 5, mean[m + 2]!) : 0;
        indicators(out, YAMMER_DEVICE_FIRST, YAMMER_DEVICES.length, devices[p]!);
      },
      active: (p, day) => activeHash(p, day, salt, rate[p]!) !== 0,
    });
  }

  private skypeWorkload(attr: (p: number, k: number) => number): Workload {
    // Skype for Business Online is retired: a few holdouts, rarely.
    const salt = mix(this.salt, 1006);
    const rate = new Float64Array(PROFILES);
    for (let p = 0; p < PROFILES; p++) rate[p] = 0.01 + 0.05 * unit(attr(p, 36));
    const devices = new Int32Array(PROFILES);
    for (let p = 0; p < PROFILES; p++) devices[p] = bits(attr(p, 37), SKYPE_DEVICE_SHARE) || 1;
    const s = SKYPE;
    return this.workload({
      name: "Skype",
      metrics: [...SKYPE_METRICS, ...SKYPE_DEVICES],
      uses: (p) => LICENCES[this.licence[p]!]!.skype && chance(attr(p, 38), 0, 0.03),
      fill: (p, day, out) => {
        const h = activeHash(p, day, salt, rate[p]!);
        if (h === 0) return;
        out[s.active!] = 1;
        const p2p = chance(h, 1, 0.7);
        const organized = chance(h, 2, 0.3);
        const participated = !p2p && !organized ? true : chance(h, 3, 0.5);
        if (p2p) {
          out[s.p2pIM!] = 1 + around(h, 4, 3);
          out[s.p2pAudio!] = chance(h, 5, 0.4) ? 1 : 0;
          out[s.p2pAudioMinutes!] = out[s.p2pAudio!]! * between(mix(h, 6), 1, 40);
          out[s.p2pVideo!] = chance(h, 7, 0.15) ? 1 : 0;
          out[s.p2pVideoMinutes!] = out[s.p2pVideo!]! * between(mix(h, 8), 1, 30);
          out[s.p2pAppSharing!] = chance(h, 9, 0.1) ? 1 : 0;
          out[s.p2pFileTransfer!] = chance(h, 10, 0.05) ? 1 : 0;
        }
        if (organized) {
          out[s.orgIM!] = chance(h, 11, 0.5) ? 1 : 0;
          out[s.orgAudioVideo!] = 1;
          out[s.orgAudioVideoMinutes!] = between(mix(h, 12), 10, 60);
          out[s.orgAppSharing!] = chance(h, 13, 0.3) ? 1 : 0;
          out[s.orgWeb!] = chance(h, 14, 0.2) ? 1 : 0;
          out[s.orgDial3rdParty!] = chance(h, 15, 0.05) ? 1 : 0;
          out[s.orgDialMicrosoft!] = chance(h, 16, 0.2) ? 1 : 0;
          out[s.orgDialInMinutes!] = out[s.orgDialMicrosoft!]! * between(mix(h, 17), 5, 45);
          out[s.orgDialOutMinutes!] =
            out[s.orgDialMicrosoft!]! && chance(h, 18, 0.3) ? between(mix(h, 19), 1, 20) : 0;
        }
        if (participated) {
          out[s.partIM!] = chance(h, 20, 0.5) ? 1 : 0;
          out[s.partAudioVideo!] = 1;
          out[s.partAudioVideoMinutes!] = between(mix(h, 21), 10, 60);
          out[s.partAppSharing!] = chance(h, 22, 0.2) ? 1 : 0;
          out[s.partWeb!] = chance(h, 23, 0.2) ? 1 : 0;
          out[s.partDial3rdParty!] = chance(h, 24, 0.03) ? 1 : 0;
        }
        out[s.p2p!] =
          out[s.p2pIM!]! +
          out[s.p2pAudio!]! +
          out[s.p2pVideo!]! +
          out[s.p2pAppSharing!]! +
          out[s.p2pFileTransfer!]!;
        out[s.organized!] =
          out[s.orgIM!]! +
          out[s.orgAudioVideo!]! +
          out[s.orgAppSharing!]! +
          out[s.orgWeb!]! +
          out[s.orgDial3rdParty!]! +
          out[s.orgDialMicrosoft!]!;
        out[s.participated!] =
          out[s.partIM!]! +
          out[s.partAudioVideo!]! +
          out[s.partAppSharing!]! +
          out[s.partWeb!]! +
          out[s.partDial3rdParty!]!;
        indicators(out, SKYPE_DEVICE_FIRST, SKYPE_DEVICES.length, devices[p]!);
      },
      tracked: [s.active!, s.p2p!, s.organized!, s.participated!],
      active: (p, day) => activeHash(p, day, salt, rate[p]!) !== 0,
    });
  }

  private appsWorkload(attr: (p: number, k: number) => number): Workload {
    // Outlook and Teams are used on the days their workload is active; the document apps on days of
    // their own. Each app on the platforms of the profile's pairs (app × platform).
    const salt = mix(this.salt, 1007);
    const rate = this.propensities(attr, 39, 0.3, 0.9);
    const pairs = new Int32Array(PROFILES);
    const appShare = [0.9, 0.85, 0.8, 0.55, 0.3, 0.9];
    for (let p = 0; p < PROFILES; p++) {
      const desktop = LICENCES[this.licence[p]!]!.apps >= 0;
      const platforms = desktop
        ? bits(attr(p, 40), [0.9, 0.12, 0.6, 0.5]) || 1
        : bits(attr(p, 40), [0, 0, 0.7, 0.9]) || 8;
      const apps = bits(attr(p, 41), appShare) || 1;
      let mask = 0;
      for (let a = 0; a < APPS.length; a++) {
        if (!(apps & (1 << a))) continue;
        for (let q = 0; q < PLATFORMS.length; q++) {
          if (platforms & (1 << q) && chance(attr(p, 42), a * 4 + q, 0.8)) mask |= 1 << (a * 4 + q);
        }
      }
      pairs[p] = mask;
    }
    const email = this.email;
    const teams = this.teams;
    const appDaily = [1, 0.8, 0.7, 0.4, 0.2, 1];
    /** The app × platform pairs used on a day (bit a × 4 + q). */
    const usedPairs = (p: number, day: number) => {
      const documents = activeHash(p, day, salt, rate[p]!);
      let used = 0;
      for (let a = 0; a < APPS.length; a++) {
        const onPlatforms = (pairs[p]! >>> (a * 4)) & 15;
        if (onPlatforms === 0) continue;
        const on =
          a === 0
            ? email.isActive(p, day)
            : a === 5
              ? teams.isActive(p, day)
              : documents !== 0 && chance(documents, a, appDaily[a]!);
        if (on) used |= onPlatforms << (a * 4);
      }
      return used;
    };
    return this.workload({
      name: "M365 apps",
      metrics: ["active", ...APPS.flatMap((a) => PLATFORMS.map((q) => `${a} (${q})`)), ...APPS, ...PLATFORMS],
      uses: (p) => pairs[p] !== 0,
      active: (p, day) => usedPairs(p, day) !== 0,
      fill: (p, day, out) => {
        const used = usedPairs(p, day);
        if (used === 0) return;
        out[0] = 1;
        for (let a = 0; a < APPS.length; a++) {
          const onPlatforms = (used >>> (a * 4)) & 15;
          for (let q = 0; q < PLATFORMS.length; q++) {
            const on = (onPlatforms >>> q) & 1;
            out[APP_PAIR_FIRST + a * 4 + q] = on;
            if (on) out[PLATFORM_FIRST + q] = 1;
          }
          out[APP_FIRST + a] = onPlatforms ? 1 : 0;
        }
      },
    });
  }

  private browserWorkload(attr: (p: number, k: number) => number): Workload {
    const salt = mix(this.salt, 1008);
    const rate = this.propensities(attr, 43, 0.5, 0.95);
    const browsers = new Int32Array(PROFILES);
    for (let p = 0; p < PROFILES; p++) browsers[p] = bits(attr(p, 44), [0.95, 0.02, 0.06]) || 1;
    return this.workload({
      name: "browser",
      metrics: ["active", ...BROWSERS],
      uses: (p) => chance(attr(p, 45), 0, 0.9),
      fill: (p, day, out) => {
        if (activeHash(p, day, salt, rate[p]!) === 0) return;
        out[0] = 1;
        indicators(out, 1, BROWSERS.length, browsers[p]!);
      },
      active: (p, day) => activeHash(p, day, salt, rate[p]!) !== 0,
    });
  }

  private copilotWorkload(attr: (p: number, k: number) => number): Workload {
    const salt = mix(this.salt, 1009);
    const rate = this.propensities(attr, 46, 0.2, 0.8);
    const share = [0.7, 0.5, 0.4, 0.3, 0.6, 0.1, 0.05, 0.8];
    const chat = COPILOT["Copilot Chat"]!;
    const [work, web, m365, edge, agent] = COPILOT_V2_APPS.map((app) => COPILOT[app]!) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const apps = COPILOT_APPS.length + COPILOT_V2_APPS.length;
    return this.workload({
      name: "Copilot",
      metrics: Object.keys(COPILOT),
      uses: (p) => this.copilot[p] === 1,
      fill: (p, day, out) => {
        const h = activeHash(p, day, salt, rate[p]!);
        if (h === 0) return;
        let any = 0;
        for (let a = 0; a < COPILOT_APPS.length; a++) {
          out[1 + a] = chance(h, a, share[a]!) ? 1 : 0;
          any |= out[1 + a]!;
        }
        if (!any) out[chat] = 1; // at least Copilot Chat
        if (out[chat]) {
          out[work] = chance(h, 8, 0.8) ? 1 : 0;
          out[web] = chance(h, 9, 0.35) ? 1 : 0;
          if (!out[work] && !out[web]) out[work] = 1;
        }
        out[m365] = chance(h, 10, 0.4) ? 1 : 0;
        out[edge] = chance(h, 11, 0.15) ? 1 : 0;
        out[agent] = chance(h, 12, 0.1) ? 1 : 0;
        // Prompts: Copilot Chat's at work and on the web, and a few in each other app used that day.
        out[COPILOT.chatWorkPrompts!] = out[work] ? 1 + around(h, 13, 4) : 0;
        out[COPILOT.chatWebPrompts!] = out[web] ? 1 + around(h, 14, 2) : 0;
        let prompts = out[COPILOT.chatWorkPrompts!]! + out[COPILOT.chatWebPrompts!]!;
        for (let m = 1; m <= apps; m++) {
          if (out[m] && m !== chat && m !== work && m !== web) prompts += 1 + around(h, 15 + m, 2);
        }
        out[COPILOT.prompts!] = prompts;
        out[0] = 1;
      },
      tracked: Array.from({ length: 1 + apps }, (_, i) => i),
      active: (p, day) => activeHash(p, day, salt, rate[p]!) !== 0,
    });
  }

  private formsWorkload(attr: (p: number, k: number) => number): Workload {
    const salt = mix(this.salt, 1010);
    const rate = this.propensities(attr, 47, 0.02, 0.15);
    return this.workload({
      name: "Forms",
      metrics: Object.keys(FORMS),
      uses: (p) => chance(attr(p, 48), 0, 0.4),
      fill: (p, day, out) => {
        const h = activeHash(p, day, salt, rate[p]!);
        if (h === 0) return;
        out[FORMS.active!] = 1;
        out[FORMS.created!] = chance(h, 1, 0.2) ? 1 : 0;
        out[FORMS.responded!] = out[FORMS.created!] ? around(h, 2, 1) : 1 + around(h, 3, 1);
      },
      active: (p, day) => activeHash(p, day, salt, rate[p]!) !== 0,
    });
  }

  /** Active or not in each workload of the Office 365 active user reports (metric 0: any of them). */
  private officeWorkload(): Workload {
    const parts = [this.email, this.oneDriveActivity, this.sharePoint, this.skype, this.yammer, this.teams];
    return this.workload({
      name: "Office 365",
      metrics: ["active", ...OFFICE_WORKLOADS],
      uses: (p) => parts.some((w) => w.uses(p)),
      fill: (p, day, out) => {
        for (let i = 0; i < parts.length; i++) {
          if (!parts[i]!.isActive(p, day)) continue;
          out[1 + i] = 1;
          out[0] = 1;
        }
      },
      tracked: Array.from({ length: 1 + OFFICE_WORKLOADS.length }, (_, i) => i),
      possible: (p) => parts.reduce((mask, w, i) => (w.uses(p) ? mask | (1 << (1 + i)) : mask), 1),
      active: (p, day) => parts.some((w) => w.isActive(p, day)),
      parts,
    });
  }
}
