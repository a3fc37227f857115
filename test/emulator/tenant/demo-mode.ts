/**
 * Whether the dev server runs in demo mode: config.json's clientId is missing or empty, as
 * src/auth/runtime-config.ts reads it. Kept apart from the tenant so that deciding loads nothing else.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** True when `configText` (config.json's contents) names no client id. */
export function isDemoConfig(configText: string): boolean {
  let config: unknown;
  try {
    config = JSON.parse(configText);
  } catch {
    return false; // malformed: no demo; the add-in says what is wrong with config.json
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) return false;
  const clientId = (config as { clientId?: unknown }).clientId ?? "";
  return typeof clientId === "string" && clientId.trim() === "";
}

/** Writes config.json as the repository ships it (no clientId: demo mode), with the relay at `relayBaseUrl`. */
export function writeDemoConfig(dir: string, relayBaseUrl: string): void {
  const config = {
    clientId: "",
    authority: "https://login.microsoftonline.com/organizations",
    graphScope: "https://graph.microsoft.com/Reports.Read.All",
    relayBaseUrl,
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
}
