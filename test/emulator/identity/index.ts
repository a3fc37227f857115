/** The identity provider in a box: a real OpenID Connect provider over https for MSAL, tests and the demo. */
export { startIdentityProvider, type IdentityOptions, type IdentityProvider } from "./provider";
export { GRAPH_RESOURCE, brokerRedirectUri, type IdentityClient } from "./configuration";
export {
  createNestedAppAuthBroker,
  type NestedAppAuthBroker,
  type BrokerTokenRequest,
  type OfficeUser,
} from "./naa-broker";
export {
  TEST_USERS,
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  GLOBAL_ADMINISTRATOR_ROLE_ID,
  type TestUser,
} from "./users";
