/** The tenant in a box: identity provider + Graph reports emulator, for the demo mode and tests. */
export {
  startTenantInABox,
  DEMO_CLIENT_ID,
  DEMO_USERS,
  DEFAULT_ADDIN_ORIGIN,
  DEFAULT_IDP_PORT,
  IDP_PORT_VARIABLE,
  idpPortFromEnv,
  type TenantInABox,
  type TenantInABoxOptions,
  type TenantInABoxSection,
} from "./tenant";
export {
  tenantInABoxMiddleware,
  type TenantMiddleware,
  type TenantMiddlewareOptions,
} from "./dev-middleware";
export { isDemoConfig, writeDemoConfig } from "./demo-mode";
