import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deployedConfig } from "../../../src/hosting/deployed-config";

const shipped = readFileSync(join(__dirname, "../../../config.json"), "utf8");
const parsed = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe("config.json as a build for an origin ships it", () => {
  it("a local build copies it as it is", () => {
    expect(deployedConfig(shipped, {})).toBe(shipped);
  });

  it("a build for an origin calls the site's own relay (/api on Static Web Apps), keeping every other key", () => {
    const config = parsed(deployedConfig(shipped, { ADDIN_ORIGIN: "https://contoso.com/usage-reports" }));
    expect(config).toEqual({ ...parsed(shipped), relayBaseUrl: "https://contoso.com" });
  });

  it("with RELAY_ORIGINS, the first relay the build allows", () => {
    const config = parsed(
      deployedConfig(shipped, {
        ADDIN_ORIGIN: "https://addin.contoso.com",
        RELAY_ORIGINS: "https://relay.contoso.com,https://relay2.contoso.com",
      }),
    );
    expect(config.relayBaseUrl).toBe("https://relay.contoso.com");
  });
});
