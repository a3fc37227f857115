/**
 * The tenant in a box as one unit, for the demo mode (`npm start` with no clientId) and tests: the
 * identity provider, the Graph reports emulator trusting its tokens, and what the add-in (a
 * `tenantInABox` section for config.json) and the relay (a RelayConfig) need to use them.
 */
import type { DemoUser } from "../../../src/auth/runtime-config";
import {
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  DEFAULT_MAX_DOWNLOADS,
  type RelayConfig,
} from "../../../src/relay/config";
import { startGraphEmulator, type GraphEmulator, type GraphEmulatorOptions } from "../graph";
import {
  createNestedAppAuthBroker,
  startIdentityProvider,
  TEST_USERS,
  type IdentityOptions,
  type IdentityProvider,
  type NestedAppAuthBroker,
} from "../identity";

export const DEMO_CLIENT_ID = "usage-reports-excel-demo";
export const DEFAULT_ADDIN_ORIGIN = "https://localhost:3000";
export const DEFAULT_IDP_PORT = 3001;
/** The environment variable that moves the identity provider to another port. */
export const IDP_PORT_VARIABLE = "DEMO_IDP_PORT";

/** The identity provider's port: $DEMO_IDP_PORT, else 3001. */
export function idpPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[IDP_PORT_VARIABLE];
  if (value === undefined || value === "") return DEFAULT_IDP_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${IDP_PORT_VARIABLE} must be a port number, got "${value}".`);
  }
  return port;
}

/** Who to sign in as (any password), described for a person trying the demo. */
export const DEMO_USERS: readonly DemoUser[] = [
  { login: TEST_USERS.readerAlex.login, description: "Reports Reader: can read every report" },
  {
    login: TEST_USERS.noRoleSam.login,
    description: "no admin role: sees the message about the missing Reports Reader role",
  },
  {
    login: TEST_USERS.otherTenantAdmin.login,
    description: "Global Administrator of another tenant (Fabrikam)",
  },
];

/**
 * The emulator's settings for a demo. 2,000 users: detail reports long enough to show batching and
 * progress, still fetched in a blink. Names not concealed: the demo should show what an admin who turned
 * concealment off sees (names to pivot on); concealed names are a tenant setting the tests cover. Graph's
 * own throttling (14 calls per report per 10 minutes) stays on, so the add-in's countdown can be seen.
 * A bounded request record, since a dev server runs for days.
 */
const DEMO_EMULATOR: Omit<GraphEmulatorOptions, "auth"> = {
  users: 2000,
  concealNames: false,
  recordLimit: 1000,
};

export interface TenantInABoxOptions {
  /** The add-in's origin: where sign-in may redirect to, and what the relay allows; default :3000. */
  addinOrigin?: string;
  /** The identity provider's port on localhost; default 3001, 0 for any free port. */
  idpPort?: number;
  /** TLS for the identity provider (the dev server's certificate); default a fresh self-signed one. */
  tls?: IdentityOptions["tls"];
  /** Over the demo's emulator settings (tests: fewer users, throttling, faults); auth is always the IdP. */
  emulator?: Omit<GraphEmulatorOptions, "auth">;
  /** Relay timeouts; default 30 s for headers, 60 s between body chunks (the relay's own defaults). */
  headerTimeoutMs?: number;
  idleTimeoutMs?: number;
}

/** What the dev server adds to config.json as `tenantInABox` (read by src/auth/runtime-config.ts). */
export interface TenantInABoxSection {
  clientId: string;
  /** `https://localhost:PORT/` */
  authority: string;
  knownAuthorities: string[];
  protocolMode: "OIDC";
  users: DemoUser[];
}

export interface TenantInABox {
  idp: IdentityProvider;
  /** Office's nested app auth broker, signing in to this provider (for the preview's host side). */
  broker: NestedAppAuthBroker;
  emulator: GraphEmulator;
  configSection: TenantInABoxSection;
  /** For createRelayHandler: the emulator as Graph, its download origin allowed, the add-in's origin. */
  relayConfig: RelayConfig;
  close(): Promise<void>;
}

async function startIdp(options: IdentityOptions): Promise<IdentityProvider> {
  try {
    return await startIdentityProvider(options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    throw new Error(
      `Port ${options.port} is in use, so the tenant in a box's identity provider cannot start there. ` +
        `Stop what uses it, or set ${IDP_PORT_VARIABLE} to a free port.`,
      { cause: error },
    );
  }
}

export async function startTenantInABox(options: TenantInABoxOptions = {}): Promise<TenantInABox> {
  const origin = options.addinOrigin ?? DEFAULT_ADDIN_ORIGIN;
  const idp = await startIdp({
    port: options.idpPort ?? DEFAULT_IDP_PORT,
    clients: [
      {
        clientId: DEMO_CLIENT_ID,
        name: "Usage Reports for Excel",
        // As the README's app registration has them: the sign-in popup's redirect bridge and the
        // Office dialog's page, each also where sign-out returns to (popup and dialog alike).
        redirectUris: [`${origin}/auth/redirect.html`, `${origin}/auth/dialog.html`],
        postLogoutRedirectUris: [`${origin}/auth/redirect.html`, `${origin}/auth/dialog.html`],
        // And brk-multihub://<origin's host>, for Office's nested app auth broker (the preview's).
        nestedAppOrigins: [origin],
      },
    ],
    ...(options.tls ? { tls: options.tls } : {}),
  });
  let emulator: GraphEmulator;
  try {
    emulator = await startGraphEmulator({
      ...DEMO_EMULATOR,
      ...options.emulator,
      // The public keys in memory: no https fetch of the JWKS, so no certificate to trust.
      auth: { jwks: idp.jwks, issuer: idp.issuer },
    });
  } catch (error) {
    await idp.close();
    throw error;
  }

  let closed: Promise<void> | undefined;
  return {
    idp,
    broker: createNestedAppAuthBroker(idp),
    emulator,
    configSection: {
      clientId: DEMO_CLIENT_ID,
      authority: `${idp.issuer}/`,
      knownAuthorities: [idp.issuer],
      protocolMode: "OIDC",
      users: DEMO_USERS.map((user) => ({ ...user })),
    },
    relayConfig: {
      graphBaseUrl: emulator.graphBaseUrl,
      allowedOrigins: new Set([origin]),
      downloadOrigins: new Set([emulator.downloadOrigin]),
      headerTimeoutMs: options.headerTimeoutMs ?? 30_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      maxDownloads: DEFAULT_MAX_DOWNLOADS,
      downloadTimeoutMs: DEFAULT_DOWNLOAD_TIMEOUT_MS,
      now: () => new Date(),
    },
    close: () => (closed ??= Promise.all([emulator.close(), idp.close()]).then(() => undefined)),
  };
}
