/**
 * config.json as a build for an origin ships it: the relay the pane calls is the one its policy allows
 * (policy-inputs.ts — the first of RELAY_ORIGINS, else the site itself, whose /api is the relay on Azure
 * Static Web Apps), not the dev server's https://localhost:3000. The admin still sets clientId and
 * authority after deployment. Without ADDIN_ORIGIN (a local build) config.json is copied as it is.
 */
import { policyInputsFromConfig, type Env } from "./policy-inputs";

export function deployedConfig(configJson: string, env: Env): string {
  if (!env.ADDIN_ORIGIN) return configJson;
  const [relay] = policyInputsFromConfig(configJson, env).relayOrigins;
  const config = JSON.parse(configJson) as Record<string, unknown>;
  return `${JSON.stringify({ ...config, relayBaseUrl: relay }, null, 2)}\n`;
}
