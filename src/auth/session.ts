/**
 * The signed-in session: the only code in the add-in that talks to MSAL. Strategy, in order:
 * nested app auth (Office's broker, when the host injects its bridge) → a standard client with a popup
 * through the redirect-bridge page → the Office dialog when the popup cannot open. Tokens renew
 * silently through the refresh token; a 401 from the relay forces one refresh and one retry. Sign-out
 * ends the identity provider's session the same way (popup, then dialog), so that the next sign-in can
 * be someone else; an interactive sign-in always offers the account picker.
 */
import {
  CacheLookupPolicy,
  ProtocolMode,
  PublicClientApplication,
  createNestablePublicClientApplication,
  createStandardPublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type Configuration,
  type IPublicClientApplication,
} from "@azure/msal-browser";
import { needsInteraction, nestedAppAuthUnavailable, SignInError, toSignInError } from "./errors";
import type { AuthHost } from "./host";
import { signInWithDialog, signOutWithDialog, type DialogMessage } from "./office-dialog";
import type { RuntimeConfig } from "./runtime-config";

export interface AccountSummary {
  readonly username: string;
  readonly name?: string;
  readonly tenantId: string;
  readonly homeAccountId: string;
}

export interface TokenOptions {
  /** Skip the cached access token (after a 401): renew through the refresh token. */
  readonly forceRefresh?: boolean;
  /** May open a sign-in window if needed (false for the ribbon, which has no pane to show it in). */
  readonly interactive?: boolean;
}

/**
 * How far sign-out reached: "everywhere" when the identity provider ended its session too (the next
 * sign-in asks who signs in); "this-device" when only the add-in forgot the account (the provider may
 * still have a session: the next sign-in offers it in the account picker, with "Use another account").
 */
export type SignOutResult = "everywhere" | "this-device";

export interface MsalFactories {
  /**
   * MSAL's nestable client: Office's broker when the host offers nested app auth (`nested: true`),
   * else a standard client.
   */
  nestable(config: Configuration): Promise<{ pca: IPublicClientApplication; nested: boolean }>;
  standard(config: Configuration): Promise<IPublicClientApplication>;
}

const defaultFactories: MsalFactories = {
  nestable: async (config) => {
    // MSAL calls the factory only when it could initialise Office's bridge (the host's lazy
    // `__initializeNestedAppAuth` hook included); otherwise it returns a standard client.
    let nested = false;
    const pca = await createNestablePublicClientApplication(
      config,
      undefined,
      (configuration, controller) => {
        nested = true;
        return new PublicClientApplication(configuration, controller);
      },
    );
    return { pca, nested };
  },
  standard: (config) => createStandardPublicClientApplication(config),
};

/** Renew a dialog-obtained token this long before it expires. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/** Every interactive sign-in (popup or dialog) offers the account picker, so that a person can switch users. */
export const INTERACTIVE_PROMPT = "select_account";

/** What the identity provider is told at sign-out so that it need not ask who signs out. */
interface SignOutHints {
  idTokenHint?: string;
  logoutHint?: string;
}

/** The redirect bridge (popup and silent flows land there, sign-in and sign-out alike). */
const bridgePage = (origin: string) => `${origin}/auth/redirect.html`;

/**
 * MSAL configuration for this add-in; popups and silent renewals land on the redirect bridge. A pane
 * embedded cross-site (Excel on the web) signs in through the popup relay page (popup-relay.ts).
 */
export function msalConfiguration(
  config: RuntimeConfig,
  host: Pick<AuthHost, "origin" | "embeddedCrossSite">,
): Configuration {
  if (!config.clientId) throw new SignInError("not-configured");
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: [...config.knownAuthorities],
      redirectUri: bridgePage(host.origin),
      ...(host.embeddedCrossSite
        ? { popupRelayUri: `${host.origin}/auth/popup-relay.html`, popupRelayProtocolVersion: 2 as const }
        : {}),
    },
    cache: { cacheLocation: "localStorage" },
    system: { protocolMode: config.protocolMode === "OIDC" ? ProtocolMode.OIDC : ProtocolMode.AAD },
  };
}

export class AuthSession {
  private dialogToken: Extract<DialogMessage, { type: "token" }> | undefined;
  /** A popup was closed while MSAL still waited for it: the next one must override that interaction. */
  private abandonedPopup = false;

  private constructor(
    private pca: IPublicClientApplication,
    private readonly config: RuntimeConfig,
    private readonly host: AuthHost,
    private readonly msal: MsalFactories,
    /** "nested" when Office's broker signs in; "standard" otherwise. */
    private currentMode: "nested" | "standard",
  ) {}

  /**
   * Always MSAL's nestable client (Microsoft's guidance and sample): it initialises Office's bridge
   * itself, through the host's hook, and is a standard client where there is none.
   */
  static async create(
    config: RuntimeConfig,
    host: AuthHost,
    msal: MsalFactories = defaultFactories,
  ): Promise<AuthSession> {
    const { pca, nested } = await msal.nestable(msalConfiguration(config, host));
    const session = new AuthSession(pca, config, host, msal, nested ? "nested" : "standard");
    session.pickAccount();
    return session;
  }

  /** "nested": Office's account signs in (no sign-out of its own); "standard": the add-in's own sign-in. */
  get mode(): "nested" | "standard" {
    return this.currentMode;
  }

  private pickAccount(): void {
    const accounts = this.pca.getAllAccounts();
    if (!this.pca.getActiveAccount() && accounts[0]) this.pca.setActiveAccount(accounts[0]);
  }

  /**
   * Office's broker said it cannot serve this add-in here after all (disabled by policy, unavailable in
   * this context): from now on the standard client signs in.
   */
  private async leaveNestedAppAuth(): Promise<void> {
    this.pca = await this.msal.standard(msalConfiguration(this.config, this.host));
    this.currentMode = "standard";
    this.pickAccount();
  }

  /** Runs `work` on the nested client, and once more on the standard client if the broker is unavailable. */
  private async withFallback<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (this.currentMode !== "nested" || !nestedAppAuthUnavailable(error)) throw error;
      await this.leaveNestedAppAuth();
      return work();
    }
  }

  /** The signed-in account, or null. */
  get account(): AccountSummary | null {
    if (this.dialogToken) return this.dialogToken.account;
    const account = this.pca.getActiveAccount();
    return account ? summary(account) : null;
  }

  private get scopes(): string[] {
    return [this.config.graphScope];
  }

  /** Interactive sign-in (Office's broker; else a popup, or the Office dialog when the popup cannot open). */
  async signIn(): Promise<AccountSummary> {
    await this.withFallback(() => this.interactive()).catch((error: unknown) => {
      throw toSignInError(error);
    });
    return this.account!;
  }

  /** An access token for the reports scope; renews silently, signs in interactively only if allowed. */
  async getToken(options: TokenOptions = {}): Promise<string> {
    const dialog = this.dialogToken;
    if (dialog && !options.forceRefresh && dialog.expiresOn - EXPIRY_MARGIN_MS > Date.now())
      return dialog.accessToken;
    try {
      return (await this.withFallback(() => this.silent(options.forceRefresh ?? false))).accessToken;
    } catch (error) {
      if (!(error instanceof InteractionNeeded) && !needsInteraction(error)) throw toSignInError(error);
      if (options.interactive === false) throw new SignInError("interaction-required", errorCodeOf(error));
      return this.withFallback(() => this.interactive()).catch((failure: unknown) => {
        throw toSignInError(failure);
      });
    }
  }

  /** `fetch` with the bearer token; a 401 gets one forced token refresh and one retry. */
  async fetch(url: string, init: RequestInit = {}, options: TokenOptions = {}): Promise<Response> {
    const send = async (token: string) => {
      const headers = new Headers(init.headers);
      headers.set("Authorization", `Bearer ${token}`);
      return fetch(url, { ...init, headers });
    };
    const first = await send(await this.getToken(options));
    if (first.status !== 401) return first;
    await first.body?.cancel();
    return send(await this.getToken({ ...options, forceRefresh: true }));
  }

  /**
   * Signs out: forgets the account on this device (tokens and cache) and ends the identity provider's
   * session in a popup (MSAL's logout, landing on the redirect bridge), or in the Office dialog when the
   * popup cannot open. When neither can, or the user closes the window first, the sign-out is local
   * only, and the result says so. Under nested app auth Office's broker owns the session (MSAL's logout
   * and clearCache throw there): only the add-in's own state is forgotten.
   */
  async signOut(): Promise<SignOutResult> {
    const account = this.pca.getActiveAccount();
    const idToken = account?.idToken ?? this.dialogToken?.idToken;
    const loginHint = account?.idTokenClaims?.login_hint;
    const hints: SignOutHints = {
      ...(idToken ? { idTokenHint: idToken } : {}),
      ...(typeof loginHint === "string" ? { logoutHint: loginHint } : {}),
    };
    this.dialogToken = undefined;
    try {
      if (this.currentMode === "nested") return "this-device";
      return (await this.endProviderSession(account, hints)) ? "everywhere" : "this-device";
    } finally {
      if (this.currentMode === "standard") {
        for (const other of this.pca.getAllAccounts()) await this.pca.clearCache({ account: other });
      }
      this.pca.setActiveAccount(null);
    }
  }

  /** True when the provider confirmed the end of its session (popup or dialog). */
  private async endProviderSession(account: AccountInfo | null, hints: SignOutHints): Promise<boolean> {
    const watch = this.host.watchPopup?.();
    try {
      const ended = this.pca
        .logoutPopup({
          ...(account ? { account } : {}),
          ...hints,
          postLogoutRedirectUri: bridgePage(this.host.origin),
        })
        .then(() => true);
      ended.catch(() => undefined); // a popup closed early leaves this pending until MSAL gives up
      const closed = watch?.closed.then(() => false);
      const outcome = await (closed ? Promise.race([ended, closed]) : ended);
      // MSAL still waits for the closed window: the next sign-in must override that interaction.
      if (!outcome) this.abandonedPopup = true;
      return outcome;
    } catch (error) {
      if (toSignInError(error).kind !== "popup-blocked" || !this.host.dialog) return false;
    } finally {
      watch?.stop();
    }
    const fragment = new URLSearchParams({ ...hints }).toString();
    try {
      await signOutWithDialog(
        this.host.dialog,
        `${this.host.origin}/auth/dialog.html?mode=signOut${fragment ? `#${fragment}` : ""}`,
      );
      return true;
    } catch {
      return false; // closed by the user, or it could not reach the provider
    }
  }

  private async silent(forceRefresh: boolean): Promise<AuthenticationResult> {
    const account = this.pca.getActiveAccount();
    if (this.currentMode === "nested") {
      // Office's broker knows its user: no account or login hint needed to try silently (the ribbon's
      // Refresh all and refresh on open then work without a sign-in click).
      return this.remember(
        await this.pca.acquireTokenSilent({
          scopes: this.scopes,
          ...(account ? { account } : {}),
          forceRefresh,
        }),
      );
    }
    if (account) {
      return this.pca.acquireTokenSilent({
        scopes: this.scopes,
        account,
        forceRefresh,
        ...(forceRefresh ? { cacheLookupPolicy: CacheLookupPolicy.RefreshTokenAndNetwork } : {}),
      });
    }
    // No cached account: try single sign-on with the Office user as the hint (needed on Excel on the web).
    const loginHint = this.dialogToken?.account.username ?? (await this.host.loginHint());
    if (!loginHint) throw new InteractionNeeded();
    try {
      return this.remember(await this.pca.ssoSilent({ scopes: this.scopes, loginHint }));
    } catch (error) {
      // ssoSilent fails for many reasons that a sign-in window resolves (third-party cookies, no session).
      if (error instanceof SignInError) throw error;
      throw new InteractionNeeded(errorCodeOf(error));
    }
  }

  private async interactive(): Promise<string> {
    if (this.currentMode === "nested") {
      // Office shows its own prompt; the account is Office's, so no account picker.
      return this.remember(await this.pca.acquireTokenPopup({ scopes: this.scopes })).accessToken;
    }
    const loginHint = this.account?.username ?? (await this.host.loginHint());
    const watch = this.host.watchPopup?.();
    try {
      const request = {
        scopes: this.scopes,
        prompt: INTERACTIVE_PROMPT,
        ...(loginHint ? { loginHint } : {}),
        ...(this.abandonedPopup ? { overrideInteractionInProgress: true } : {}),
      };
      const answer = this.pca.acquireTokenPopup(request);
      answer.catch(() => undefined); // a popup closed early leaves this pending until MSAL gives up
      const result = await Promise.race([
        answer,
        watch?.closed.then(() => Promise.reject(new SignInError("cancelled", "popup_closed"))) ?? answer,
      ]);
      this.abandonedPopup = false;
      this.dialogToken = undefined;
      return this.remember(result).accessToken;
    } catch (error) {
      const failure = toSignInError(error);
      if (failure.code === "popup_closed") this.abandonedPopup = true;
      if (!this.host.dialog || !popupFailed(failure)) throw failure;
    } finally {
      watch?.stop();
    }
    const query = loginHint ? `?loginHint=${encodeURIComponent(loginHint)}` : "";
    this.dialogToken = await signInWithDialog(
      this.host.dialog,
      `${this.host.origin}/auth/dialog.html${query}`,
    );
    return this.dialogToken.accessToken;
  }

  private remember(result: AuthenticationResult): AuthenticationResult {
    if (result.account) this.pca.setActiveAccount(result.account);
    return result;
  }
}

/**
 * The sign-in window did not do its job — blocked, closed with no answer (in Excel on the web a plain
 * popup's answer never reaches the pane), or silent too long: Office's dialog is tried next.
 */
function popupFailed(failure: SignInError): boolean {
  return (
    failure.kind === "popup-blocked" ||
    failure.kind === "timed-out" ||
    (failure.kind === "cancelled" && (failure.code === "popup_closed" || failure.code === "user_cancelled"))
  );
}

/** Raised internally when only an interactive sign-in can help. */
class InteractionNeeded extends Error {
  constructor(readonly code = "no_account") {
    super(code);
  }
}

function errorCodeOf(error: unknown): string {
  return (
    (error as { errorCode?: string; code?: string }).errorCode ??
    (error as { code?: string }).code ??
    "unknown"
  );
}

function summary(account: AccountInfo): AccountSummary {
  return {
    username: account.username,
    ...(account.name ? { name: account.name } : {}),
    tenantId: account.tenantId,
    homeAccountId: account.homeAccountId,
  };
}
