/**
 * The task pane's state and the actions behind its buttons, kept out of React so it can be tested
 * on the Excel simulator: who is signed in, this workbook's report tables, the running job with its
 * progress, and the last outcome as a message. Every action goes through the pipeline; this class only
 * decides what the pane shows.
 */
import type { AccountSummary, RuntimeConfig, SignOutResult } from "../auth";
import type { ExcelHost } from "../excel/excel-host";
import type {
  Failure,
  FetchPhase,
  HistoryCadence,
  HistoryOutcome,
  HistoryPhase,
  HistoryProposal,
  HistoryState,
  OverviewPhase,
  OverviewPlan,
  PipelineDeps,
  RefreshPlan,
  RegistryEntry,
  ReportOutcome,
  RequestBudget,
  SectionId,
  TableProgress,
  WriteProgress,
} from "../pipeline";
import type { ReportRequest } from "../reports";
import { CHUNK_NOT_LOADED, ChunkNotLoadedError, loadChunk } from "./chunks";
import { counted, formatDay } from "./format";
import type { RibbonMessage, RibbonRefresher, StartupSetting } from "../commands/refresh-all-command";
import { consentKey, type RefreshOnOpenConsent } from "../commands/open-consent";

type Pipeline = typeof import("../pipeline");

/**
 * The pipeline with the report catalog and the Excel code: the "workbook" chunk. Each use asks again,
 * so a chunk that failed to load is fetched anew next time rather than failing for good.
 */
export function loadPipeline(): Promise<Pipeline> {
  return loadChunk(() => import(/* webpackChunkName: "workbook" */ "../pipeline"));
}

/** The pipeline's description of a failure (describeFailure is in its chunk), for the pane and its start-up. */
export async function describeFailureLater(error: unknown): Promise<Failure> {
  if (error instanceof ChunkNotLoadedError) return CHUNK_NOT_LOADED;
  try {
    return (await loadPipeline()).describeFailure(error);
  } catch {
    return CHUNK_NOT_LOADED;
  }
}

/** What the pane says after Sign out, by how far the sign-out reached. */
const SIGNED_OUT: Record<SignOutResult, PaneMessage> = {
  everywhere: { intent: "info", title: "Signed out", body: "Sign in to refresh your tables." },
  "this-device": {
    intent: "warning",
    title: "Signed out of Usage Reports only",
    body:
      "The sign-in service could not be told, so it may still remember you in this browser. " +
      "When you sign in again, pick your account or choose Use another account.",
  },
};

/** The part of AuthSession the pane uses. */
export interface PaneSession {
  readonly account: AccountSummary | null;
  /** "nested": Office's own account signs in (nested app auth); no sign-out of the add-in's own. */
  readonly mode?: "nested" | "standard";
  signIn(): Promise<AccountSummary>;
  signOut(): Promise<SignOutResult>;
  getToken(options?: { interactive?: boolean }): Promise<string>;
  fetch(url: string, init?: RequestInit, options?: { interactive?: boolean }): Promise<Response>;
}

export interface PaneServices {
  readonly config: RuntimeConfig;
  /** MSAL loads in its own chunk after the pane is up: the session arrives a moment later. */
  readonly session: Promise<PaneSession>;
  readonly excel: ExcelHost;
  readonly now?: () => Date;
  /** Absent where the host has no shared runtime: the pane then offers no refresh on open. */
  readonly startup?: StartupSetting;
  /** The opening user's consent to refresh on open; absent for a workbook never saved. */
  readonly consent?: RefreshOnOpenConsent;
  /** Graph's request budget; default the session's (the pipeline's `sessionBudget`). */
  readonly budget?: RequestBudget;
}

export type MessageIntent = "success" | "info" | "warning" | "error";

export interface PaneMessage {
  readonly intent: MessageIntent;
  readonly title: string;
  readonly body: string;
  /** The failure behind an error message (its kind decides extra actions, e.g. Sign in). */
  readonly failure?: Failure;
  /** Sentences the body introduces, each on its own line (what an overview left out). */
  readonly list?: { readonly label: string; readonly items: readonly string[] };
}

/** Progress of one report being inserted, or of one table in a refresh. */
export interface JobStep {
  readonly fetch?: FetchPhase;
  readonly write?: WriteProgress;
  readonly done?: boolean;
  readonly failure?: Failure;
  /** The step works on the table's history (its backfill, or adding the table's report to it). */
  readonly history?: boolean;
  /** A daily backfill's day being fetched or written: `done` days of `total` are in. */
  readonly backfill?: { readonly done: number; readonly total: number; readonly day: string };
  /** Insert overview: the report being inserted (`done` of `total` are in), or the sheet being built. */
  readonly overview?: OverviewStep;
}

export type OverviewStep =
  | { readonly step: "inserting"; readonly title: string; readonly done: number; readonly total: number }
  | { readonly step: "building" };

/** What a daily backfill would make now: requests, and the wait Graph's request limits would impose. */
export interface BackfillPlan {
  readonly requests: number;
  readonly waitMs: number;
}

/** The Keep history panel of one table: what keeping its history would mean, before it starts. */
export interface HistorySetup {
  readonly table: string;
  readonly proposal: HistoryProposal;
  /** The daily backfill of the last 28 days, where the report has one. */
  readonly backfill?: BackfillPlan;
}

/** How a history starts: its cadence (snapshots) and whether to backfill the daily detail. */
export interface HistoryChoice {
  readonly cadence?: HistoryCadence;
  readonly backfill: boolean;
}

/** A section of the overview, as the Insert overview panel offers it. */
export interface OverviewSectionChoice {
  readonly id: SectionId;
  readonly title: string;
  readonly description: string;
}

/** The Insert overview panel: the sections to choose from, those chosen, and what building them takes. */
export interface OverviewSetup {
  readonly sections: readonly OverviewSectionChoice[];
  readonly chosen: readonly SectionId[];
  /** The tables found and the reports to insert, with Graph's waiting, now; null while none is chosen. */
  readonly plan: OverviewPlan | null;
}

export interface Job {
  /** `history`: starting a table's history; `backfill`: resuming its daily backfill. */
  readonly kind: "insert" | "refresh" | "history" | "backfill" | "overview";
  /** What the job is about, for the progress heading ("Mailbox usage by user (D30)"). */
  readonly label: string;
  /** Insert: one step keyed by the report; refresh: one per table. */
  readonly steps: ReadonlyMap<string, JobStep>;
  /** False once a refresh writes (stopping then would leave a table half old, half new). */
  readonly cancellable: boolean;
  readonly cancelling: boolean;
  /** A Refresh all's plan against Graph's request limits, once made. */
  readonly plan?: RefreshPlan;
  /** An Insert overview's plan: the tables it uses, the reports it inserts, Graph's waiting. */
  readonly overviewPlan?: OverviewPlan;
}

export interface PaneState {
  /** False until the sign-in library has loaded and read its cache. */
  readonly sessionReady: boolean;
  readonly account: AccountSummary | null;
  /** Signed in with Office's account (nested app auth): Office owns the sign-in, so no Sign out here. */
  readonly throughOffice: boolean;
  readonly signingIn: boolean;
  readonly tables: readonly RegistryEntry[];
  readonly tablesLoaded: boolean;
  /** What a Refresh all of the tables would cost now against Graph's request limits (null: no tables). */
  readonly refreshPlan: RefreshPlan | null;
  readonly job: Job | null;
  readonly message: PaneMessage | null;
  /** Shown until dismissed: names in the reports are concealed tenant-wide. */
  readonly concealedNames: boolean;
  /**
   * The newest day Microsoft Graph has data for, as far as the pane knows: the newest `Report Refresh
   * Date` of a report fetched this session, else three days ago (Graph runs 24–72 hours behind).
   */
  readonly dataDay: string;
  /**
   * This workbook refreshes its stale tables when it opens, with this user's consent; null where the host
   * cannot (no shared runtime, or a workbook never saved).
   */
  readonly refreshOnOpen: boolean | null;
  /** The open Keep history panel (one at a time), or none. */
  readonly historySetup: HistorySetup | null;
  /** Per table whose daily backfill has days left: what resuming it would make now. */
  readonly backfillPlans: ReadonlyMap<string, BackfillPlan>;
  /** Requests the daily backfill of a report inserted now would make (Graph's 28 days before `dataDay`). */
  readonly insertBackfillRequests: number;
  /** The open Insert overview panel, or none. */
  readonly overviewSetup: OverviewSetup | null;
}

export const CONCEALED_NAMES_HELP =
  "User, group and site names in these reports are concealed (shown as hashes) by your tenant's privacy setting. " +
  "A Global Administrator can show them: Microsoft 365 admin center > Settings > Org settings > Services > Reports, " +
  'clear "Display concealed user, group, and site names in all reports", then refresh.';

const names = (tables: readonly RegistryEntry[]) => tables.map((t) => t.table).join(", ");

function reportLabel(title: string, parameter: string): string {
  return parameter ? `${title} (${parameter})` : title;
}

/** Not refreshed yet today (UTC): Graph publishes a new day of data daily, 24–72 hours behind. */
function isStale(entry: RegistryEntry, now: Date): boolean {
  return entry.refreshedAt.slice(0, 10) < now.toISOString().slice(0, 10);
}

/** The one step of an Insert overview job (its progress bar's name). */
export const OVERVIEW_STEP = "Overview";

/** The overview's texts (plan, outcome, progress): in the "workbook" chunk, with the parts that show them. */
function loadOverviewText(): Promise<typeof import("./overview-text")> {
  return loadChunk(() => import(/* webpackChunkName: "workbook" */ "./overview-text"));
}

export class PaneController implements RibbonRefresher {
  private state: PaneState;
  private readonly listeners = new Set<() => void>();
  private abort: AbortController | null = null;

  constructor(private readonly services: PaneServices) {
    this.state = {
      sessionReady: false,
      account: null,
      throughOffice: false,
      signingIn: false,
      tables: [],
      tablesLoaded: false,
      refreshPlan: null,
      dataDay: assumedDataDay(services.now?.() ?? new Date()),
      job: null,
      message: null,
      concealedNames: false,
      refreshOnOpen: null,
      historySetup: null,
      backfillPlans: new Map(),
      insertBackfillRequests: 0,
      overviewSetup: null,
    };
  }

  // --- for React's useSyncExternalStore -------------------------------------------------------
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  readonly getState = (): PaneState => this.state;

  get config(): RuntimeConfig {
    return this.services.config;
  }

  private set(change: Partial<PaneState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }

  private get deps(): PipelineDeps {
    const { session, excel, config, now, budget } = this.services;
    const tenant = this.state.account?.tenantId;
    return {
      // Never interactive here: a sign-in window must open from a click, not after a download.
      auth: { fetch: async (url, init) => (await session).fetch(url, init, { interactive: false }) },
      relayBaseUrl: config.relayBaseUrl,
      excel,
      ...(now ? { now } : {}),
      ...(budget ? { budget } : {}),
      ...(tenant ? { tenant } : {}),
    };
  }

  private async fail(error: unknown): Promise<void> {
    this.set({ message: await failureMessage(error) });
  }

  private get now(): Date {
    return this.services.now?.() ?? new Date();
  }

  private entry(table: string): RegistryEntry | undefined {
    return this.state.tables.find((t) => t.table === table);
  }

  // --- account ---------------------------------------------------------------------------------
  /** Waits for the sign-in library, then shows the cached account (if any). */
  async connect(): Promise<void> {
    try {
      const session = await this.services.session;
      const throughOffice = session.mode === "nested";
      // Under nested app auth Office's broker knows its user: try for a token without a click, so the
      // pane shows who is signed in and Refresh all works at once.
      if (throughOffice && !session.account)
        await session.getToken({ interactive: false }).catch(() => undefined);
      this.set({ sessionReady: true, account: session.account, throughOffice });
    } catch (error) {
      await this.fail(error);
    }
    await this.loadStartupSetting();
  }

  async signIn(): Promise<void> {
    this.set({ signingIn: true, message: null });
    try {
      const session = await this.services.session;
      const account = await session.signIn();
      this.set({ account, throughOffice: session.mode === "nested" });
      await this.loadStartupSetting();
    } catch (error) {
      await this.fail(error);
    } finally {
      this.set({ signingIn: false });
    }
  }

  async signOut(): Promise<void> {
    try {
      const result = await (await this.services.session).signOut();
      this.set({ account: null, message: SIGNED_OUT[result] });
    } catch (error) {
      await this.fail(error);
    }
  }

  // --- for the ribbon (src/commands) ----------------------------------------------------------
  isBusy(): boolean {
    return this.state.job !== null;
  }

  async canRefreshSilently(): Promise<boolean> {
    try {
      await (await this.services.session).getToken({ interactive: false });
      return true;
    } catch {
      return false;
    }
  }

  async refreshAllTables(): Promise<void> {
    await this.loadTables();
    await this.refresh();
  }

  async plannedWaitMs(): Promise<number> {
    await this.loadTables();
    return this.state.refreshPlan?.waitMs ?? 0;
  }

  notify(message: RibbonMessage): void {
    this.set({ message });
  }

  // --- refresh when the workbook opens ---------------------------------------------------------
  /** The switch: on when the workbook loads with the document and the signed-in user consented. */
  async loadStartupSetting(): Promise<void> {
    const { startup, consent } = this.services;
    if (!startup || !consent) return;
    try {
      const account = this.state.account;
      const load = await startup.get();
      this.set({
        refreshOnOpen: load && account !== null && (await consent.allowed(account.homeAccountId)) !== null,
      });
    } catch {
      this.set({ refreshOnOpen: null });
    }
  }

  /**
   * The user's click on the switch. On: the workbook loads with the document, and this user consents to
   * refreshing, on open, the report tables listed now. Off: this user's consent goes, and the workbook no
   * longer loads with the document.
   */
  async setRefreshOnOpen(on: boolean): Promise<void> {
    const { startup, consent } = this.services;
    const account = this.state.account;
    if (!startup || !consent) return;
    if (!account) {
      this.set({
        message: { intent: "info", title: "Sign in first", body: "Sign in, then switch on refresh on open." },
      });
      return;
    }
    try {
      const tables = this.state.tables.filter((t) => !t.recognised);
      if (on) await consent.allow(account.homeAccountId, tables);
      else await consent.revoke(account.homeAccountId);
      await startup.set(on);
      this.set({
        refreshOnOpen: on,
        message: on
          ? {
              intent: "info",
              title: "Refresh on open is on",
              body:
                `When this workbook opens, tables not refreshed today are refreshed with your sign-in: ${names(tables)}. ` +
                "Tables added later wait until you refresh them or switch this on again.",
            }
          : null,
      });
    } catch (error) {
      await this.fail(error);
    }
  }

  /**
   * At workbook open: refreshes, quietly, the stale tables this user allowed for this workbook, if a
   * token comes without asking; the outcome waits in the pane's message. Nothing runs on the say-so of
   * whoever prepared the workbook: without this user's consent, or for a table recognised only by its
   * name and header or added since the consent, the pane only says what waits for a click.
   */
  async refreshStaleOnOpen(): Promise<void> {
    const { startup, consent } = this.services;
    if (!startup || !(await startup.get().catch(() => false))) return;
    await this.loadTables();
    const now = this.services.now?.() ?? new Date();
    const stale = this.state.tables.filter((t) => isStale(t, now));
    if (stale.length === 0) return;
    const account = (await this.services.session.catch(() => null))?.account ?? null;
    const allowed = account && consent ? await consent.allowed(account.homeAccountId) : null;
    if (!account || !allowed) {
      this.notify({
        intent: "info",
        title: "Tables not refreshed on open",
        body: account
          ? `This workbook asks to refresh ${names(stale)} with your sign-in when it opens. Nothing was refreshed: ` +
            'to allow it for this workbook, switch on "Refresh tables … when this workbook opens" here, or refresh them yourself.'
          : `Sign in to refresh ${names(stale)}.`,
      });
      return;
    }
    const auto = stale.filter((t) => !t.recognised && allowed.has(consentKey(t)));
    const held = stale.filter((t) => !auto.includes(t));
    const heldNote = held.length
      ? ` Not refreshed without your click (added after you allowed refresh on open, or recognised only by name): ${names(held)}.`
      : "";
    if (auto.length > 0) {
      if (!(await this.canRefreshSilently())) {
        this.notify({
          intent: "info",
          title: "Tables not refreshed on open",
          body: `Sign in to refresh ${names(auto)}.${heldNote}`,
        });
        return;
      }
      await this.refresh(auto.map((t) => t.table));
    }
    if (heldNote) {
      const message = this.state.message;
      this.set({
        message:
          message && auto.length > 0
            ? { ...message, body: `${message.body}${heldNote}` }
            : { intent: "info", title: "Tables not refreshed on open", body: heldNote.trim() },
      });
    }
  }

  dismissMessage(): void {
    this.set({ message: null });
  }

  dismissConcealedNames(): void {
    this.set({ concealedNames: false });
  }

  // --- tables ----------------------------------------------------------------------------------
  async loadTables(): Promise<void> {
    try {
      const { listTables, planRefresh, planBackfill, backfillDays, planOverview } = await loadPipeline();
      const tables = await listTables(this.deps);
      const setup = this.state.historySetup;
      const overview = this.state.overviewSetup;
      this.set({
        tables,
        tablesLoaded: true,
        refreshPlan: tables.length > 0 ? planRefresh(this.deps, tables) : null,
        backfillPlans: new Map(
          tables.flatMap((t) =>
            t.history?.backfill === "pending" ? [[t.table, planBackfill(this.deps, t)] as const] : [],
          ),
        ),
        insertBackfillRequests: backfillDays({ dataDate: this.state.dataDay }, this.now).length,
        // A panel stays open only while its table is there and keeps no history yet.
        historySetup: setup && tables.some((t) => t.table === setup.table && !t.history) ? setup : null,
        // An open overview panel's plan follows the tables (renamed, deleted, inserted meanwhile).
        overviewSetup: overview && {
          ...overview,
          plan: overview.chosen.length > 0 ? planOverview(this.deps, tables, overview.chosen) : null,
        },
      });
    } catch (error) {
      this.set({ tablesLoaded: true });
      await this.fail(error);
    }
  }

  async goTo(table: string): Promise<void> {
    try {
      const { goToTable } = await loadPipeline();
      await goToTable(this.deps, table);
    } catch (error) {
      await this.fail(error);
    }
  }

  /** Stops refreshing a table; its data stays in the workbook. */
  async remove(table: string): Promise<void> {
    try {
      const { unlinkTable } = await loadPipeline();
      await unlinkTable(this.deps, table);
      this.set({
        message: {
          intent: "info",
          title: "Table unlinked",
          body: `${table} stays in the workbook with its data; it is no longer refreshed.`,
        },
      });
    } catch (error) {
      await this.fail(error);
    }
    await this.loadTables();
  }

  // --- history ---------------------------------------------------------------------------------
  /** Opens the Keep history panel of a table: what would be kept, how it would grow, its backfill. */
  async openHistorySetup(table: string): Promise<void> {
    const entry = this.entry(table);
    if (!entry || entry.history) return;
    try {
      const { proposeHistory, planBackfill } = await loadPipeline();
      const proposal = proposeHistory(entry, this.now);
      const backfill = proposal.dailyBackfillRequests > 0 ? planBackfill(this.deps, entry) : undefined;
      this.set({ historySetup: { table, proposal, ...(backfill ? { backfill } : {}) } });
    } catch (error) {
      await this.fail(error);
    }
  }

  closeHistorySetup(): void {
    this.set({ historySetup: null });
  }

  /** Starts keeping history for a table, with its backfill; Cancel keeps what was added. */
  async startHistory(table: string, choice: HistoryChoice): Promise<void> {
    const entry = this.entry(table);
    if (!entry || entry.history) return;
    const signal = this.startJob({ kind: "history", label: table, steps: new Map([[table, {}]]) });
    if (!signal) return;
    this.set({ historySetup: null });
    let message: PaneMessage;
    try {
      const pipeline = await loadPipeline();
      const outcome = await pipeline.startHistory(this.deps, entry, {
        ...(choice.cadence ? { cadence: choice.cadence } : {}),
        backfill: choice.backfill,
        signal,
        onPhase: (phase) => this.historyPhase(table, phase),
      });
      message = historyStartedMessage(pipeline, table, outcome);
    } catch (error) {
      // The history may have started before the failure (its table added, a backfill part done).
      message = await failureMessage(error);
      await this.loadTables();
      this.finishJob(await this.withHistoryState(message, table), false);
      return;
    }
    await this.loadTables();
    this.finishJob(message, false);
  }

  /** Fetches the days a stopped daily backfill has left, oldest first; Cancel keeps what was added. */
  async resumeBackfill(table: string): Promise<void> {
    const entry = this.entry(table);
    if (!entry?.history) return;
    const signal = this.startJob({ kind: "backfill", label: table, steps: new Map([[table, {}]]) });
    if (!signal) return;
    let message: PaneMessage;
    try {
      const pipeline = await loadPipeline();
      const outcome = await pipeline.backfillHistory(this.deps, entry, {
        signal,
        onPhase: (phase) => this.historyPhase(table, phase),
      });
      message = backfillMessage(pipeline, table, outcome);
    } catch (error) {
      // A request failed: the days before it are in, the rest stay pending.
      message = await failureMessage(error);
      const before = entry.history.days.size;
      await this.loadTables();
      const added = (this.entry(table)?.history?.days.size ?? before) - before;
      this.finishJob({ ...message, body: `${message.body} ${backfillKept(added)}` }, false);
      return;
    }
    await this.loadTables();
    this.finishJob(message, false);
  }

  /** Stops keeping history for a table; the history table and its rows stay in the workbook. */
  async stopHistory(table: string): Promise<void> {
    const history = this.entry(table)?.history;
    if (!history || this.state.job) return;
    try {
      const { stopHistory } = await loadPipeline();
      await stopHistory(this.deps, table);
      this.set({
        message: {
          intent: "info",
          title: "History stopped",
          body:
            `${table}: refreshes no longer add to ${history.table}. It stays in the workbook with its ` +
            `${counted(history.rows, "row")}.`,
        },
      });
    } catch (error) {
      await this.fail(error);
    }
    await this.loadTables();
  }

  /** Shows a table's history table (its sheet, its header row). */
  async goToHistory(table: string): Promise<void> {
    const history = this.entry(table)?.history;
    if (history) await this.goTo(history.table);
  }

  /** A history phase as a job step: the backfill's day, then the fetch or the write of it. */
  private historyPhase(key: string, phase: HistoryPhase): void {
    const job = this.state.job;
    if (!job) return;
    const before = job.steps.get(key);
    const backfill = phase.step === "backfill" ? phase : before?.backfill;
    const step: JobStep = {
      history: true,
      ...(backfill && backfill.done < backfill.total
        ? { backfill: { done: backfill.done, total: backfill.total, day: backfill.day } }
        : {}),
      ...(phase.step === "fetching" ? { fetch: phase.phase } : {}),
      ...(phase.step === "writing" && phase.progress ? { write: phase.progress } : {}),
    };
    const steps = new Map(job.steps);
    steps.set(key, step);
    this.set({ job: { ...job, steps } });
  }

  /** Adds to a failure's message what the table's history holds now, where it has one. */
  private async withHistoryState(message: PaneMessage, table: string): Promise<PaneMessage> {
    const history = this.entry(table)?.history;
    if (!history) return message;
    const pipeline = await loadPipeline().catch(() => undefined);
    return pipeline ? { ...message, body: `${message.body} ${historySummary(pipeline, history)}` } : message;
  }

  // --- overview --------------------------------------------------------------------------------
  /** Opens the Insert overview panel: every section chosen, and what building them takes now. */
  async openOverview(): Promise<void> {
    try {
      const { SECTIONS } = await loadPipeline();
      const sections = SECTIONS.map(({ id, title, description }) => ({ id, title, description }));
      this.set({ overviewSetup: { sections, chosen: [], plan: null } });
    } catch (error) {
      return this.fail(error);
    }
    await this.chooseOverviewSections(this.state.overviewSetup?.sections.map((s) => s.id) ?? []);
  }

  /** Chooses the overview's sections (kept in the overview's order), with the plan of building them. */
  async chooseOverviewSections(chosen: readonly SectionId[]): Promise<void> {
    try {
      const { planOverview } = await loadPipeline();
      const setup = this.state.overviewSetup;
      if (!setup) return;
      const sections = setup.sections.map((s) => s.id).filter((id) => chosen.includes(id));
      this.set({
        overviewSetup: {
          ...setup,
          chosen: sections,
          plan: sections.length > 0 ? planOverview(this.deps, this.state.tables, sections) : null,
        },
      });
    } catch (error) {
      await this.fail(error);
    }
  }

  closeOverview(): void {
    this.set({ overviewSetup: null });
  }

  /**
   * Inserts the overview of the chosen sections: the reports it lacks, each within Graph's request
   * limits, then its sheet. Cancel stops before the next report; the ones inserted stay as tables.
   */
  async insertOverview(): Promise<void> {
    const setup = this.state.overviewSetup;
    if (!setup?.plan) return;
    const { chosen, plan } = setup;
    const signal = this.startJob({
      kind: "overview",
      label: `the overview (${counted(chosen.length, "section")})`,
      steps: new Map([[OVERVIEW_STEP, {}]]),
      overviewPlan: plan,
    });
    if (!signal) return;
    this.set({ overviewSetup: null });
    const before = new Set(this.state.tables.map((t) => t.table));
    let message: PaneMessage;
    try {
      const [pipeline, text] = await Promise.all([loadPipeline(), loadOverviewText()]);
      const outcome = await pipeline.insertOverview(this.deps, this.state.tables, chosen, {
        signal,
        onPhase: (phase) => this.overviewPhase(phase),
      });
      this.learnDataDay(outcome.inserted.map((entry) => ({ entry, empty: entry.rowCount === 0 })));
      message = text.overviewMessage(outcome);
    } catch (error) {
      const failure = await failureMessage(error);
      await this.loadTables();
      const inserted = this.state.tables.filter((t) => !before.has(t.table)).map((t) => t.table);
      const text = await loadOverviewText().catch(() => undefined);
      this.finishJob(text ? text.overviewStopped(failure, inserted) : failure, false);
      return;
    }
    await this.loadTables();
    this.finishJob(message, false);
  }

  /** An overview phase as its job's step: the report being inserted and its fetch, or the build. */
  private overviewPhase(phase: OverviewPhase): void {
    const job = this.state.job;
    if (!job) return;
    const step: JobStep =
      phase.step === "building"
        ? { overview: { step: "building" } }
        : {
            overview: { step: "inserting", title: phase.title, done: phase.done, total: phase.total },
            ...(phase.phase ? { fetch: phase.phase } : {}),
          };
    const steps = new Map(job.steps);
    steps.set(OVERVIEW_STEP, step);
    // Building is one batch of Excel's: it finishes once started.
    this.set({ job: { ...job, steps, cancellable: phase.step !== "building" } });
  }

  // --- jobs ------------------------------------------------------------------------------------
  cancel(): void {
    if (!this.state.job?.cancellable || this.state.job.cancelling || !this.abort) return;
    this.abort.abort();
    this.set({ job: { ...this.state.job, cancelling: true } });
  }

  private startJob(job: Omit<Job, "cancelling" | "cancellable">): AbortSignal | undefined {
    if (this.state.job) return undefined;
    this.abort = new AbortController();
    this.set({ job: { ...job, cancellable: true, cancelling: false }, message: null });
    return this.abort.signal;
  }

  private step(key: string, change: JobStep, cancellable?: boolean): void {
    const job = this.state.job;
    if (!job) return;
    const steps = new Map(job.steps);
    steps.set(key, { ...steps.get(key), ...change });
    this.set({ job: { ...job, steps, cancellable: cancellable ?? job.cancellable } });
  }

  private finishJob(message: PaneMessage, concealed: boolean): void {
    this.abort = null;
    this.set({ job: null, message, ...(concealed ? { concealedNames: true } : {}) });
  }

  /** Inserts a report as a new table; with `history`, starts keeping its history from the same download. */
  async insert(request: ReportRequest, parameter: string, history?: HistoryChoice): Promise<void> {
    const key = request.report.name;
    const label = reportLabel(request.report.title, parameter);
    const signal = this.startJob({ kind: "insert", label, steps: new Map([[key, {}]]) });
    if (!signal) return;
    let message: PaneMessage;
    let concealed = false;
    try {
      const pipeline = await loadPipeline();
      const options = {
        signal,
        onPhase: (fetch: FetchPhase) => this.step(key, { fetch }),
        onWrite: (write: WriteProgress) => this.step(key, { write }),
      };
      const outcome: ReportOutcome & { started?: HistoryOutcome } = history
        ? await pipeline.insertWithHistory(this.deps, request, {
            ...options,
            history: {
              ...(history.cadence ? { cadence: history.cadence } : {}),
              backfill: history.backfill,
              signal,
              onPhase: (phase) => this.historyPhase(key, phase),
            },
          })
        : await pipeline.insertReport(this.deps, request, options);
      this.learnDataDay([outcome]);
      message = outcome.empty
        ? {
            intent: "warning",
            title: "The report is empty",
            body: `${emptyReason(outcome, this.state.dataDay)} Table ${outcome.entry.table} on sheet "${outcome.sheetName}" holds the header only; refresh it later.`,
          }
        : {
            intent: "success",
            title: "Report inserted",
            body: `${outcome.entry.rowCount.toLocaleString("en-US")} rows in table ${outcome.entry.table} on sheet "${outcome.sheetName}".${columnNotes(outcome)}`,
          };
      if (outcome.started) message = withStartedHistory(pipeline, message, outcome.entry, outcome.started);
      concealed = outcome.concealedNames.detected;
    } catch (error) {
      message = await failureMessage(error);
      const inserted = await insertedBeforeHistory(error);
      if (inserted) {
        // The table is there: the list shows it, and the message says what became of its history.
        await this.loadTables();
        message = await this.withHistoryState(
          { ...message, intent: message.intent === "error" ? "warning" : message.intent },
          inserted,
        );
        this.finishJob(message, false);
        return;
      }
    }
    // The list first, so the message and the new table appear together.
    await this.loadTables();
    this.finishJob(message, concealed);
  }

  /** Refreshes the given tables, or every report table of the workbook. */
  async refresh(tables?: readonly string[]): Promise<void> {
    const entries = tables
      ? this.state.tables.filter((t) => tables.includes(t.table))
      : [...this.state.tables];
    if (entries.length === 0) return;
    // The tables were listed by the pipeline, so its chunk is in memory by now.
    const { refreshAll, describeFailure } = await loadPipeline();
    const label = entries.length === 1 ? entries[0]!.table : `${entries.length} tables`;
    const signal = this.startJob({
      kind: "refresh",
      label,
      steps: new Map(entries.map((e) => [e.table, {}])),
    });
    if (!signal) return;
    const result = await refreshAll(this.deps, entries, {
      signal,
      onPlan: (plan) => {
        const job = this.state.job;
        if (job && entries.length > 1) this.set({ job: { ...job, plan } });
      },
      onTable: (table, progress) => this.tableProgress(table, progress),
    });
    const concealed = result.refreshed.some((o) => o.concealedNames.detected);
    this.learnDataDay(result.refreshed);
    await this.loadTables();
    const message = refreshMessage(result.refreshed, result.failed, this.state.dataDay);
    this.finishJob(withHistoryFailures(message, result.refreshed, describeFailure), concealed);
  }

  /** Graph's newest day, from reports that came back with rows (their Report Refresh Date). */
  private learnDataDay(outcomes: readonly Pick<ReportOutcome, "entry" | "empty">[]): void {
    const days = outcomes.filter((o) => !o.empty && o.entry.dataDate).map((o) => o.entry.dataDate);
    const newest = [this.state.dataDay, ...days].sort().at(-1)!;
    if (newest !== this.state.dataDay) this.set({ dataDay: newest });
  }

  private tableProgress(table: string, progress: TableProgress): void {
    switch (progress.state) {
      case "queued":
        return;
      case "fetching":
        return this.step(table, { fetch: progress.phase });
      case "writing":
        // Writing cannot be cancelled halfway (see writeRefresh): the Cancel button goes.
        return this.step(table, progress.progress ? { write: progress.progress } : {}, false);
      case "refreshed":
        return this.step(table, { done: true });
      case "failed":
        return this.step(table, { failure: progress.failure });
    }
  }
}

async function failureMessage(error: unknown): Promise<PaneMessage> {
  const failure = await describeFailureLater(error);
  const intent = failure.kind === "cancelled" ? "info" : "error";
  return { intent, title: failure.title, body: failure.message, failure };
}

const DAY_MS = 86_400_000;

/** Three days ago (UTC): Graph publishes a day's data 24–72 hours later. */
export function assumedDataDay(now: Date): string {
  return new Date(now.getTime() - 3 * DAY_MS).toISOString().slice(0, 10);
}

/** Why a report came back with no rows, in words. */
function emptyReason(outcome: ReportOutcome, dataDay: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(outcome.entry.parameter) ? outcome.entry.parameter : "";
  if (day && day > dataDay)
    return `Microsoft Graph has no data for ${formatDay(day)} yet; its newest day is ${formatDay(dataDay)}.`;
  return day
    ? `Microsoft Graph sent no rows for ${formatDay(day)}.`
    : "Microsoft Graph sent no rows for this report: the tenant has no such activity in that period.";
}

function columnNotes(outcome: ReportOutcome): string {
  const notes: string[] = [];
  if (outcome.unknownColumns.length > 0)
    notes.push(` New columns kept as text: ${outcome.unknownColumns.join(", ")}.`);
  if (outcome.missingColumns.length > 0)
    notes.push(` Columns Microsoft no longer sends: ${outcome.missingColumns.join(", ")}.`);
  return notes.join("");
}

function refreshMessage(
  refreshed: readonly ReportOutcome[],
  failed: readonly { table: string; failure: Failure }[],
  dataDay: string,
): PaneMessage {
  // Each table named with what its history gained: "ActiveUserCounts_D7 (history +3 days)".
  const done = refreshed.map(
    (o) => o.entry.table + (historyGain(o) === undefined ? "" : ` (${historyGain(o)})`),
  );
  const empty = refreshed.filter((o) => o.empty);
  if (failed.length === 0 && empty.length > 0) {
    const rest = done.filter((_, i) => !refreshed[i]!.empty);
    return {
      intent: "warning",
      title: empty.length === 1 ? "A report came back empty" : `${empty.length} reports came back empty`,
      body:
        empty
          .map(
            (o) =>
              `${o.entry.table}: ${emptyReason(o, dataDay)}${o.kept ? " The table keeps its rows from before." : ""}`,
          )
          .join(" ") + (rest.length ? ` Refreshed: ${rest.join(", ")}.` : ""),
    };
  }
  if (failed.length === 0) {
    const unchanged = refreshed.filter((o) => o.unchanged).map((o) => o.entry.table);
    const only = refreshed[0]!;
    return {
      intent: "success",
      title: done.length === 1 ? "Table refreshed" : `${done.length} tables refreshed`,
      body:
        done.length === 1
          ? only.unchanged
            ? `${only.entry.table}: Microsoft Graph has no newer report (data as of ${only.entry.dataDate || "the last refresh"}); nothing was downloaded.`
            : `${only.entry.table}: ${only.entry.rowCount.toLocaleString("en-US")} rows, data as of ${only.entry.dataDate || "today"}` +
              (historyGain(only) === undefined ? "." : `; ${historyGain(only)}.`)
          : done.join(", ") +
            (unchanged.length
              ? `. Unchanged, so not downloaded (Microsoft Graph has no newer report): ${unchanged.join(", ")}.`
              : ""),
    };
  }
  const first = failed[0]!.failure;
  const cancelled = failed.every((f) => f.failure.kind === "cancelled");
  const partly = failed.filter((f) => f.failure.kind === "partly-refreshed").map((f) => f.table);
  const unchanged = failed.filter((f) => f.failure.kind !== "partly-refreshed").map((f) => f.table);
  const states =
    (unchanged.length ? ` Left unchanged: ${unchanged.join(", ")}.` : "") +
    (partly.length ? ` Partly refreshed — refresh again: ${partly.join(", ")}.` : "");
  return {
    intent: cancelled ? "info" : done.length > 0 ? "warning" : "error",
    title: cancelled
      ? "Refresh cancelled"
      : done.length > 0
        ? `${done.length} refreshed, ${failed.length} not`
        : first.title,
    body: cancelled
      ? `Not refreshed, left as they were: ${unchanged.join(", ")}.${done.length ? ` Refreshed: ${done.join(", ")}.` : ""}`
      : `${first.message}${states}`,
    failure: first,
  };
}

/** What a refresh added to its table's history, in short: "history +3 days", "history +1 snapshot". */
function historyGain(outcome: ReportOutcome): string | undefined {
  const added = outcome.history;
  if (!added || added.error !== undefined || added.appendedDays === 0) return undefined;
  const kind = (added.history ?? outcome.entry.history)?.kind;
  return `history +${counted(added.appendedDays, kind === "snapshots" ? "snapshot" : "day")}`;
}

/** A refresh's message, with the histories that could not be added to (the tables were refreshed). */
function withHistoryFailures(
  message: PaneMessage,
  refreshed: readonly ReportOutcome[],
  describe: (error: unknown) => Failure,
): PaneMessage {
  const failures = refreshed.flatMap((o) =>
    o.history?.error === undefined ? [] : [{ table: o.entry.table, failure: describe(o.history.error) }],
  );
  if (failures.length === 0) return message;
  return {
    intent: message.intent === "error" ? "error" : "warning",
    title:
      message.intent !== "success"
        ? message.title
        : failures.length === 1
          ? "History not updated"
          : `${failures.length} histories not updated`,
    body: [
      message.body,
      ...failures.map((f) => `History of ${f.table}: ${f.failure.title}. ${f.failure.message}`),
    ].join(" "),
    failure: message.failure ?? failures[0]!.failure,
  };
}

/** What a history holds, in a sentence: where, what, how many days, which, rows, days missing. */
function historySummary(pipeline: Pipeline, history: HistoryState): string {
  const { first, last, size } = history.days;
  const iso = pipeline.isoOfDay;
  const held =
    first === undefined || last === undefined
      ? "nothing yet"
      : `${counted(size, history.kind === "days" ? "day" : "snapshot")} (${first === last ? iso(first) : `${iso(first)} – ${iso(last)}`}), ${counted(history.rows, "row")}`;
  const missing = pipeline.missingText(history);
  return (
    `History in ${history.table}: ${pipeline.keepsText(history).toLowerCase()}, ${held}` +
    `${missing === "none" ? "" : `; days missing: ${missing}`}.`
  );
}

/** Why a snapshot history keeps the cadence it does, from the report table's rows per snapshot. */
function cadenceNote(pipeline: Pipeline, entry: RegistryEntry, history: HistoryState): string {
  if (history.kind === "days") return "";
  const growth = pipeline.estimateGrowth(entry.rowCount, history.cadence, history.rows);
  const daily = pipeline.estimateGrowth(entry.rowCount, "daily");
  const coarser =
    history.cadence !== "daily" && daily.fullWithinYear
      ? `, as daily snapshots would fill the sheet in ${counted(daily.daysLeft, "day")}`
      : "";
  return (
    ` ${pipeline.keepsText(history)} of about ${counted(growth.rowsPerSnapshot, "row")}: room for ` +
    `${counted(growth.snapshotsLeft, "more snapshot")} on the sheet${coarser}.`
  );
}

const backfillLeft = (left: number) =>
  `The daily backfill stopped with ${counted(left, "day")} left: Resume backfill on the table fetches them.`;

const backfillKept = (added: number) =>
  `${counted(added, "day")} of daily detail added before it stopped; Resume backfill on the table fetches the rest.`;

function historyStartedMessage(pipeline: Pipeline, table: string, outcome: HistoryOutcome): PaneMessage {
  const history = outcome.entry.history;
  const summary = history
    ? `${historySummary(pipeline, history)}${cadenceNote(pipeline, outcome.entry, history)}`
    : "";
  return outcome.backfillLeft > 0
    ? {
        intent: "info",
        title: "History started, backfill stopped",
        body: `${table}: ${summary} ${backfillLeft(outcome.backfillLeft)}`,
      }
    : { intent: "success", title: "Keeping history", body: `${table}: ${summary}` };
}

/** An insert's message, with the history it started: what it holds, the cadence chosen and why. */
function withStartedHistory(
  pipeline: Pipeline,
  message: PaneMessage,
  entry: RegistryEntry,
  started: HistoryOutcome,
): PaneMessage {
  const history = started.entry.history;
  if (!history) return message;
  const stopped = started.backfillLeft > 0 ? ` ${backfillLeft(started.backfillLeft)}` : "";
  return {
    ...message,
    body: `${message.body} ${historySummary(pipeline, history)}${cadenceNote(pipeline, entry, history)}${stopped}`,
  };
}

function backfillMessage(pipeline: Pipeline, table: string, outcome: HistoryOutcome): PaneMessage {
  const history = outcome.entry.history;
  const summary = history ? ` ${historySummary(pipeline, history)}` : "";
  return outcome.backfillLeft > 0
    ? {
        intent: "info",
        title: "Backfill stopped",
        body: `${table}: ${counted(outcome.appendedDays, "day")} added. ${backfillLeft(outcome.backfillLeft)}${summary}`,
      }
    : {
        intent: "success",
        title: "Backfill done",
        body: `${table}: ${counted(outcome.appendedDays, "day")} of daily detail added.${summary}`,
      };
}

/** The table an insert added before its history failed to start, if that is what `error` says. */
async function insertedBeforeHistory(error: unknown): Promise<string | undefined> {
  const pipeline = await loadPipeline().catch(() => undefined);
  return pipeline && error instanceof pipeline.HistoryNotStartedError ? error.outcome.entry.table : undefined;
}
