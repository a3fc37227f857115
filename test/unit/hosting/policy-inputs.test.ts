/** What a deployment decides of the pages' policy: read from config.json as shipped and the build's environment. */
import { DEFAULT_AUTHORITY, policyInputsFromConfig } from "../../../src/hosting/policy-inputs";
import { PolicyInputError } from "../../../src/hosting/security-headers";

const CONFIG = JSON.stringify({
  clientId: "",
  authority: "https://login.microsoftonline.com/contoso.onmicrosoft.com",
  relayBaseUrl: "https://localhost:3000",
});

describe("the relays", () => {
  it("are config.json's relay on the dev server (no build for an origin)", () => {
    expect(policyInputsFromConfig(CONFIG, {}).relayOrigins).toEqual(["https://localhost:3000"]);
  });

  it("are the site itself in a build for an origin, whatever config.json still says", () => {
    const env = { ADDIN_ORIGIN: "https://addin.contoso.com/usage-reports/" };
    expect(policyInputsFromConfig(CONFIG, env).relayOrigins).toEqual(["https://addin.contoso.com"]);
  });

  it("are RELAY_ORIGINS whenever the build names them (the only relays the bundle calls)", () => {
    const env = {
      RELAY_ORIGINS: " https://relay.contoso.com, https://relay2.contoso.com ",
      ADDIN_ORIGIN: "https://a.b",
    };
    expect(policyInputsFromConfig(CONFIG, env).relayOrigins).toEqual([
      "https://relay.contoso.com",
      "https://relay2.contoso.com",
    ]);
  });
});

describe("the authorities and frame ancestors", () => {
  it("are the authority's origin and any knownAuthorities; Entra ID when config.json names none", () => {
    expect(policyInputsFromConfig(CONFIG, {}).authorityOrigins).toEqual([
      "https://login.microsoftonline.com",
    ]);
    const oidc = JSON.stringify({
      relayBaseUrl: "https://addin.contoso.com",
      authority: "https://contoso.ciamlogin.com/contoso.onmicrosoft.com",
      knownAuthorities: ["https://contoso.ciamlogin.com", "https://login.contoso.com"],
    });
    expect(policyInputsFromConfig(oidc, {}).authorityOrigins).toEqual([
      "https://contoso.ciamlogin.com",
      "https://contoso.ciamlogin.com",
      "https://login.contoso.com",
    ]);
    const none = JSON.stringify({ relayBaseUrl: "https://addin.contoso.com" });
    expect(policyInputsFromConfig(none, {}).authorityOrigins).toEqual([new URL(DEFAULT_AUTHORITY).origin]);
  });

  it("are AUTHORITY_ORIGINS whenever the build names them, whatever config.json still says", () => {
    // An admin who will point config.json at another authority after deployment builds for it.
    const env = { AUTHORITY_ORIGINS: " https://login.microsoftonline.us, https://login.contoso.com " };
    expect(policyInputsFromConfig(CONFIG, env).authorityOrigins).toEqual([
      "https://login.microsoftonline.us",
      "https://login.contoso.com",
    ]);
    expect(policyInputsFromConfig(CONFIG, { AUTHORITY_ORIGINS: " " }).authorityOrigins).toEqual([
      "https://login.microsoftonline.com",
    ]);
  });

  it("take ADDIN_FRAME_ANCESTORS as extra ancestors", () => {
    const env = { ADDIN_FRAME_ANCESTORS: "https://*.sharepoint.us, https://*.officeapps.live.us" };
    expect(policyInputsFromConfig(CONFIG, env).extraFrameAncestors).toEqual([
      "https://*.sharepoint.us",
      "https://*.officeapps.live.us",
    ]);
    expect(policyInputsFromConfig(CONFIG, {}).extraFrameAncestors).toEqual([]);
  });
});

it.each([
  ["{", /config\.json is not JSON/],
  ["[]", /must hold a JSON object/],
  [JSON.stringify({ relayBaseUrl: "relay" }), /"relayBaseUrl" must be a URL/],
  [JSON.stringify({ relayBaseUrl: "https://a.b", authority: 42 }), /"authority" must be a URL/],
  [
    JSON.stringify({ relayBaseUrl: "https://a.b", knownAuthorities: ["x"] }),
    /"knownAuthorities" must be a URL/,
  ],
])("refuses config.json %s", (text, message) => {
  expect(() => policyInputsFromConfig(text, {})).toThrow(PolicyInputError);
  expect(() => policyInputsFromConfig(text, {})).toThrow(message);
});

it("refuses an ADDIN_ORIGIN that is no URL, naming the variable", () => {
  expect(() => policyInputsFromConfig(CONFIG, { ADDIN_ORIGIN: "addin" })).toThrow(
    /^ADDIN_ORIGIN must be a URL/,
  );
});
