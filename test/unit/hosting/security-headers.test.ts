/** The pages' security headers: what the policy allows, what it is given, and what it refuses to be given. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  contentSecurityPolicy,
  inlineCodeProblems,
  inlineStyles,
  OFFICE_FRAME_ANCESTORS,
  PolicyInputError,
  securityHeaders,
  sha256Source,
  type PagePolicyInputs,
} from "../../../src/hosting/security-headers";

const ROOT = join(__dirname, "../../..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PAGE_SOURCES } = require("../../../webpack.config.js") as { PAGE_SOURCES: string[] };

const INPUTS: PagePolicyInputs = {
  relayOrigins: ["https://relay.contoso.com"],
  authorityOrigins: ["https://login.microsoftonline.com"],
};

/** The policy as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe("the Content-Security-Policy", () => {
  const policy = directives(contentSecurityPolicy(INPUTS));

  it("allows scripts from the origin and Office.js's CDN only, never inline or eval", () => {
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("script-src")).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'none'"]);
  });

  it("admits Griffel's empty <style> elements by the empty string's hash, not 'unsafe-inline'", () => {
    const emptyHash = `'sha256-${createHash("sha256").update("").digest("base64")}'`;
    expect(emptyHash).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    expect(policy.get("style-src")).toEqual(["'self'", emptyHash]);
    expect(policy.get("img-src")).toEqual(["'self'"]);
  });

  it("admits each inline <style> block it is given by its hash, once", () => {
    const [a, b] = ["body { margin: 0; }", "h1 { font-size: 2em; }"];
    const styles = directives(contentSecurityPolicy({ ...INPUTS, inlineStyles: [a, b, a] })).get("style-src");
    expect(styles).toEqual(["'self'", sha256Source(""), ...[sha256Source(a), sha256Source(b)].sort()]);
    expect(contentSecurityPolicy({ ...INPUTS, inlineStyles: [b, a] })).toBe(
      contentSecurityPolicy({ ...INPUTS, inlineStyles: [a, b] }),
    );
    const css = a;
    expect(sha256Source(css)).toBe(`'sha256-${createHash("sha256").update(css).digest("base64")}'`);
  });

  it("connects to the origin, the relays and the authorities; frames the authorities", () => {
    expect(policy.get("connect-src")).toEqual([
      "'self'",
      "https://relay.contoso.com",
      "https://login.microsoftonline.com",
    ]);
    expect(policy.get("frame-src")).toEqual(["'self'", "https://login.microsoftonline.com"]);
  });

  it("is framed by its own origin and Office on the web, plus the extra ancestors given", () => {
    expect(policy.get("frame-ancestors")).toEqual(["'self'", ...OFFICE_FRAME_ANCESTORS]);
    expect(OFFICE_FRAME_ANCESTORS).toEqual(
      expect.arrayContaining([
        "https://*.officeapps.live.com",
        "https://*.sharepoint.com",
        "https://*.cloud.microsoft",
      ]),
    );
    const lab = directives(
      contentSecurityPolicy({ ...INPUTS, extraFrameAncestors: ["https://excel.test:8443"] }),
    );
    expect(lab.get("frame-ancestors")).toEqual([
      "'self'",
      ...OFFICE_FRAME_ANCESTORS,
      "https://excel.test:8443",
    ]);
  });

  it("has no wildcard but Microsoft's subdomain ancestors, and nothing unsafe", () => {
    for (const [name, sources] of policy) {
      for (const source of sources) {
        expect([name, source]).not.toEqual([
          name,
          expect.stringMatching(/unsafe|^\*$|^https?:$|^data:$|^blob:$/),
        ]);
        if (source.includes("*")) {
          expect(name).toBe("frame-ancestors");
          expect(source).toMatch(
            /^https:\/\/\*\.(officeapps\.live\.com|office\.net|cloud\.microsoft|microsoft365\.com|office\.com|sharepoint\.com|teams\.microsoft\.com)$/,
          );
        }
      }
    }
  });

  it.each([
    ["relayOrigins", "*"],
    ["relayOrigins", "https:"],
    ["relayOrigins", "https://relay.contoso.com/api"],
    ["relayOrigins", "http://relay.contoso.com"],
    ["relayOrigins", "https://relay.contoso.com; script-src *"],
    ["authorityOrigins", "https://login.microsoftonline.com/organizations"],
    ["authorityOrigins", "'unsafe-inline'"],
    ["extraFrameAncestors", "*"],
    ["extraFrameAncestors", "https://*"],
    ["extraFrameAncestors", "https://*.com"],
    ["extraFrameAncestors", "http://*.contoso.com"],
  ])("refuses %s %p", (key, value) => {
    expect(() => contentSecurityPolicy({ ...INPUTS, [key]: [value] })).toThrow(PolicyInputError);
  });

  it("takes plain http only on this machine (the demo's relay), and subdomain ancestors", () => {
    const dev = directives(
      contentSecurityPolicy({
        relayOrigins: ["http://localhost:7071"],
        authorityOrigins: ["https://localhost:3001"],
        extraFrameAncestors: ["https://*.sharepoint.us"],
      }),
    );
    expect(dev.get("connect-src")).toEqual(["'self'", "http://localhost:7071", "https://localhost:3001"]);
    expect(dev.get("frame-ancestors")).toContain("https://*.sharepoint.us");
  });
});

describe("the other headers", () => {
  const headers = securityHeaders(INPUTS);

  it("are nosniff, a referrer policy that keeps the path to the origin, and denied features", () => {
    expect(Object.keys(headers).sort()).toEqual([
      "Content-Security-Policy",
      "Permissions-Policy",
      "Referrer-Policy",
      "X-Content-Type-Options",
    ]);
    expect(headers["Content-Security-Policy"]).toBe(contentSecurityPolicy(INPUTS));
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    const features = headers["Permissions-Policy"]!.split(", ");
    expect(features).toEqual(
      expect.arrayContaining(["camera=()", "microphone=()", "geolocation=()", "usb=()"]),
    );
    for (const feature of features) expect(feature).toMatch(/^[a-z-]+=\(\)$/);
  });

  it("never include Cross-Origin-Opener-Policy (MSAL's redirect bridge talks to its opener) or X-Frame-Options", () => {
    const names = Object.keys(headers).map((n) => n.toLowerCase());
    expect(names).not.toContain("cross-origin-opener-policy");
    expect(names).not.toContain("x-frame-options");
  });
});

describe("the pages' HTML", () => {
  it("finds inline <style> blocks and the code the policy refuses", () => {
    const html =
      '<html><head><style media="x">a{}</style><script src="a.js"></script><script>alert(1)</script></head>' +
      '<body style="margin:0"><button onclick="go()">x</button><a href="javascript:go()">y</a><STYLE>b{}</STYLE></body></html>';
    expect(inlineStyles(html)).toEqual(["a{}", "b{}"]);
    expect(inlineCodeProblems(html)).toEqual([
      "an inline <script>",
      'a style="…" attribute',
      'a onclick="…" attribute',
      "a javascript: URL",
    ]);
    expect(inlineCodeProblems('<link rel="stylesheet" href="a.css"><div data-style="x"></div>')).toEqual([]);
  });

  it.each(PAGE_SOURCES)("%s holds nothing inline the policy would refuse", (page) => {
    expect(inlineCodeProblems(readFileSync(join(ROOT, page), "utf8"))).toEqual([]);
  });
});
