/**
 * Token checks the way Graph makes them for usage reports: a bearer JWT signed by a key of the JWKS,
 * from the issuer, for Graph's audience; delegated `Reports.Read.All`; and an Entra role that may read
 * reports (`wids`), where Global Reader and Usage Summary Reports Reader see no per-user detail, and
 * AI Administrator sees the Copilot reports only.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from "jose";
import { rolesFor, type ReportDefinition } from "../../../src/reports";

export interface AuthOptions {
  readonly jwks: JSONWebKeySet | URL;
  readonly issuer: string;
  /** Default `https://graph.microsoft.com` (Graph's app id `00000003-0000-0000-c000-000000000000` too). */
  readonly audience?: string;
}

export const GRAPH_AUDIENCE = "https://graph.microsoft.com";
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const SCOPE = "Reports.Read.All";

export interface Denial {
  readonly status: 401 | 403;
  readonly code: string;
  readonly message: string;
  /** The reports back end's bare `{"error":{"code","message"}}` (no innerError). */
  readonly bare?: boolean;
}

export type TokenResult = { ok: true; claims: JWTPayload } | { ok: false; denial: Denial };

export const invalidToken = (message: string): TokenResult => ({
  ok: false,
  denial: { status: 401, code: "InvalidAuthenticationToken", message },
});

/** What Graph answers for a token that is not a JWS compact serialisation. */
export const NOT_WELL_FORMED =
  "IDX14100: JWT is not well formed, there are no dots (.).\n" +
  "The token needs to be in JWS or JWE Compact Serialization Format. (JWS): " +
  "'EncodedHeader.EndcodedPayload.EncodedSignature'. (JWE): 'EncodedProtectedHeader.EncodedEncryptedKey." +
  "EncodedInitializationVector.EncodedCiphertext.EncodedAuthenticationTag'.";
export const NOT_DECODABLE =
  "IDX14102: Unable to decode the header of the JWT as a Base64Url encoded string.";
export const EXPIRED = "Access token has expired or is not yet valid.";
export const EMPTY = "Access token is empty.";

export type TokenVerifier = (authorization: string | undefined) => Promise<TokenResult>;

export function createTokenVerifier(options: AuthOptions): TokenVerifier {
  const keys =
    options.jwks instanceof URL ? createRemoteJWKSet(options.jwks) : createLocalJWKSet(options.jwks);
  const audience = options.audience ? [options.audience] : [GRAPH_AUDIENCE, GRAPH_APP_ID];
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match) return invalidToken(EMPTY);
    const token = match[1]!;
    const parts = token.split(".");
    if (parts.length !== 3) return invalidToken(NOT_WELL_FORMED);
    try {
      decodeProtectedHeader(token);
      decodeJwt(token);
    } catch {
      return invalidToken(NOT_DECODABLE);
    }
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: options.issuer, audience });
      return { ok: true, claims: payload };
    } catch (error) {
      return invalidToken(verificationMessage(error));
    }
  };
}

function verificationMessage(error: unknown): string {
  const { code, claim } = error as { code?: string; claim?: string };
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return EXPIRED;
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (claim === "nbf" || claim === "iat") return EXPIRED;
      if (claim === "aud") return "Access token validation failure. Invalid audience.";
      if (claim === "iss") return "Access token validation failure. Invalid issuer.";
      return `Access token validation failure. Invalid ${claim ?? "claim"}.`;
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return "Access token validation failure. Invalid signature.";
    case "ERR_JWKS_TIMEOUT":
    case "ERR_JWKS_INVALID":
      return "Access token validation failure. Unable to obtain the signing keys.";
    default:
      return NOT_DECODABLE;
  }
}

/** The delegated scopes of a token: Entra's space-separated `scp`, or `scope`. */
function scopes(claims: JWTPayload): string[] {
  const value = claims.scp ?? claims.scope;
  return typeof value === "string" ? value.split(" ").filter(Boolean) : [];
}

/** 403s for a valid token: scope first, then role (and summary-only roles asking for detail). */
export function authorize(claims: JWTPayload, report: ReportDefinition): Denial | undefined {
  const granted = scopes(claims);
  if (!granted.includes(SCOPE) && !granted.includes(`${GRAPH_AUDIENCE}/${SCOPE}`)) {
    return {
      status: 403,
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
    };
  }
  const wids = Array.isArray(claims.wids) ? (claims.wids as unknown[]) : [];
  if (!rolesFor(report).some((role) => wids.includes(role.id)))
    return { status: 403, code: "S2SUnauthorized", message: "Invalid permission.", bare: true };
  return undefined;
}

/** The tenant a token belongs to (`tid`), for throttling. */
export function tenantOf(claims: JWTPayload): string {
  return typeof claims.tid === "string" ? claims.tid : "unknown-tenant";
}
