/** The deployable relay bundles build, and the standalone one runs with plain node. */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { buildRelay } from "../../../scripts/build-relay";

const out = join(__dirname, "../../../dist-relay");

beforeAll(() => buildRelay(), 60_000);

it("writes the standalone relay and an Azure Functions app", () => {
  expect(existsSync(join(out, "standalone/relay.js"))).toBe(true);
  for (const file of ["index.js", "host.json", "package.json"])
    expect(existsSync(join(out, "azure-functions", file))).toBe(true);
  const pkg = JSON.parse(readFileSync(join(out, "azure-functions/package.json"), "utf8"));
  expect(pkg.main).toBe("index.js");
  expect(pkg.dependencies["@azure/functions"]).toBeTruthy();
  // Azure Static Web Apps refuses a managed API with any route prefix but "api".
  expect(
    JSON.parse(readFileSync(join(out, "azure-functions/host.json"), "utf8")).extensions.http.routePrefix,
  ).toBe("api");
  expect(readFileSync(join(out, "azure-functions/index.js"), "utf8")).toMatch(
    /require\("@azure\/functions"\)/,
  );
});

it("runs the standalone bundle with node alone", async () => {
  const child = spawn(process.execPath, [join(out, "standalone/relay.js")], {
    env: { PATH: process.env.PATH, PORT: "0", RELAY_ALLOWED_ORIGINS: "https://addin.contoso.com" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const entry = JSON.parse(line) as { message: string; port?: number };
        if (entry.message === "relay listening") resolve(entry.port!);
      });
    });
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await response.json()).toEqual({ status: "ok" });
  } finally {
    child.kill("SIGTERM");
  }
});
