/** scripts/dev-server.ts: what `npm start` prints and when it rebuilds. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BUILD_INPUTS, isBuildStale, sideloadInstructions } from "../../../scripts/dev-server";

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
