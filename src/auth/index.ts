/** Sign-in: the only part of the add-in that touches MSAL. */
export {
  AuthSession,
  msalConfiguration,
  type AccountSummary,
  type TokenOptions,
  type SignOutResult,
  type MsalFactories,
} from "./session";
export { SignInError, toSignInError, type SignInErrorKind } from "./errors";
export { browserHost, type AuthHost, type DialogApi, type DialogHandle } from "./host";
export {
  loadRuntimeConfig,
  parseRuntimeConfig,
  ConfigError,
  NOT_CONFIGURED_MESSAGE,
  type RuntimeConfig,
  type DemoUser,
} from "./runtime-config";
