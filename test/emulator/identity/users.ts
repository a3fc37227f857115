/** The people of the tenant in a box: who can sign in to the identity provider, and what their tokens say. */
import { REPORTS_READER_ROLE_ID } from "../../../src/reports";

export interface TestUser {
  /** What they type on the sign-in page; also their `preferred_username` and the tokens' `sub`. */
  login: string;
  name: string;
  /** Entra object id of the user (`oid`). */
  oid: string;
  /** Entra tenant id (`tid`). */
  tid: string;
  /** Entra directory role template ids (`wids`). */
  wids: string[];
}

export const CONTOSO_TENANT_ID = "5f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f";
export const FABRIKAM_TENANT_ID = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4";
export const GLOBAL_ADMINISTRATOR_ROLE_ID = "62e90394-69f5-4237-9190-012177145e10";

function frozen(user: TestUser): TestUser {
  Object.freeze(user.wids);
  return Object.freeze(user);
}

export const TEST_USERS: {
  readonly readerAlex: TestUser;
  readonly noRoleSam: TestUser;
  readonly otherTenantAdmin: TestUser;
} = Object.freeze({
  /** Reports Reader in Contoso: may read every usage report. */
  readerAlex: frozen({
    login: "alex@contoso.example",
    name: "Alex Wilber",
    oid: "0c5a7c7e-1f0e-4a57-9d1b-7f3e2a6b8c01",
    tid: CONTOSO_TENANT_ID,
    wids: [REPORTS_READER_ROLE_ID],
  }),
  /** Contoso user with no directory role: Graph answers 403 for reports. */
  noRoleSam: frozen({
    login: "sam@contoso.example",
    name: "Sam Rivera",
    oid: "3b9d2e41-6c7a-4f85-b2d0-91e4c5a7f602",
    tid: CONTOSO_TENANT_ID,
    wids: [],
  }),
  /** Global Administrator of another tenant, Fabrikam. */
  otherTenantAdmin: frozen({
    login: "admin@fabrikam.example",
    name: "Morgan Lee",
    oid: "7e2f4a90-d3b1-4c68-8a5e-2f0b6d9c1e03",
    tid: FABRIKAM_TENANT_ID,
    wids: [GLOBAL_ADMINISTRATOR_ROLE_ID],
  }),
});
