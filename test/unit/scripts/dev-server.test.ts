/** scripts/dev-server.ts: what `npm start` prints and when it rebuilds. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  BUILD_INPUTS,
  demoInstructions,
  demoStatus,
  desktopSideloader,
  isBuildStale,
  sideloadArgs,
  sideloadInstructions,
} from "../../../scripts/dev-server";
import { DEMO_USERS } from "../../emulator/tenant/tenant";

const manifestPath = "/repo/manifest.xml";

test("Linux: Excel on the web upload steps and how to trust the self-signed certificate", () => {
  const text = sideloadInstructions("linux", { manifestPath, certPath: "/repo/.certs/localhost.crt" });
  expect(text).toContain("Insert > Add-ins > Upload My Add-in");
  expect(text).toContain(manifestPath);
  expect(text).toContain("https://localhost:3000/taskpane.html");
  expect(text).toContain("/repo/.certs/localhost.crt");
  expect(text).not.toMatch(/Trust Center|wef/);
});

test("Windows: shared-folder catalog; Mac: the wef folder", () => {
  const windows = sideloadInstructions("win32", { manifestPath });
  expect(windows).toContain("Trusted Add-in Catalogs");
  expect(windows).toContain(manifestPath);
  expect(windows).not.toContain("self-signed");

  const mac = sideloadInstructions("darwin", { manifestPath });
  expect(mac).toContain("~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/");
  expect(mac).toContain(`cp "${manifestPath}"`);
});

describe("demo mode", () => {
  const demo = { authority: "https://localhost:3001/", users: [...DEMO_USERS] };

  test("says it is demo mode, who to sign in as (any password) and where the preview is", () => {
    const text = demoInstructions(demo);
    expect(text).toMatch(/^Demo mode: config.json has no clientId/);
    expect(text).toContain("https://localhost:3001/");
    expect(text).toContain("any password");
    const lines = text.split("\n");
    for (const user of DEMO_USERS) {
      expect(
        lines.filter((line) => line.includes(user.login) && line.endsWith(user.description)),
      ).toHaveLength(1);
    }
    expect(text).toContain("alex@contoso.example    Reports Reader: can read every report");
    expect(text).toContain("https://localhost:3000/preview.html");
    expect(text).toContain("set clientId in config.json");
    expect(text).not.toContain("certificate");
  });

  test("with a self-signed certificate: where to accept it for the identity provider too", () => {
    expect(demoInstructions(demo, "/repo/.certs/localhost.crt")).toContain(
      "accepted once more at https://localhost:3001/.well-known/openid-configuration",
    );
  });

  test("read from the served config.json: demo, a real tenant, or why the tenant in a box failed", () => {
    const box = { clientId: "usage-reports-excel-demo", ...demo };
    expect(demoStatus(200, JSON.stringify({ clientId: "", tenantInABox: box }))).toEqual({
      mode: "demo",
      ...demo,
    });
    expect(demoStatus(200, JSON.stringify({ clientId: "0f4a5c8e" }))).toEqual({ mode: "tenant" });
    const reason = "The tenant in a box (demo mode) could not start: Port 3001 is in use.";
    expect(
      demoStatus(503, JSON.stringify({ error: { code: "TenantInABoxUnavailable", message: reason } })),
    ).toEqual({ mode: "failed", reason });
    expect(demoStatus(502, "Bad Gateway")).toEqual({
      mode: "failed",
      reason: "https://localhost:3000/config.json answered HTTP 502.",
    });
  });
});

describe("sideloading into Excel desktop", () => {
  const found = (id: string) => `/repo/node_modules/${id}`;
  const missing = (id: string): string => {
    throw new Error(`Cannot find module '${id}'`);
  };

  it("uses office-addin-debugging on Windows and macOS when it is installed", () => {
    expect(desktopSideloader("win32", found)).toBe("/repo/node_modules/office-addin-debugging/cli.js");
    expect(desktopSideloader("darwin", found)).toBe("/repo/node_modules/office-addin-debugging/cli.js");
  });

  it("falls back to the printed steps on Linux, or when npm left the optional package out", () => {
    expect(desktopSideloader("linux", found)).toBeUndefined();
    expect(desktopSideloader("win32", missing)).toBeUndefined();
  });

  it("sideloads into Excel desktop against the running dev server, without a debugger, and undoes it", () => {
    expect(sideloadArgs("cli.js", "start", "/repo/manifest.xml")).toEqual([
      "cli.js",
      "start",
      "/repo/manifest.xml",
      "desktop",
      "--app",
      "excel",
      "--no-debug",
      "--dev-server-port",
      "3000",
    ]);
    expect(sideloadArgs("cli.js", "stop", "/repo/manifest.xml")).toEqual([
      "cli.js",
      "stop",
      "/repo/manifest.xml",
    ]);
  });
});

describe("isBuildStale", () => {
  let root: string;
  const touch = (file: string, time: Date) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "x");
    fs.utimesSync(file, time, time);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "dev-server-"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test("missing dist is stale", () => {
    touch(path.join(root, "src", "a.ts"), new Date(1_000_000));
    expect(isBuildStale(root)).toBe(true);
  });

  test("a source newer than the build is stale; an older one is not", () => {
    const old = new Date(1_000_000_000);
    const built = new Date(2_000_000_000);
    for (const input of BUILD_INPUTS) touch(path.join(root, input, "f"), old);
    fs.utimesSync(path.join(root, "src"), old, old);
    touch(path.join(root, "dist", "taskpane.html"), built);
    for (const input of BUILD_INPUTS) fs.utimesSync(path.join(root, input), old, old);
    expect(isBuildStale(root)).toBe(false);

    touch(path.join(root, "src", "taskpane", "App.tsx"), new Date(3_000_000_000));
    expect(isBuildStale(root)).toBe(true);
  });
});
