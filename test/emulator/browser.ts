/**
 * Real Chromium for browser tests: Debian's /usr/bin/chromium (or CHROMIUM_PATH) driven by
 * playwright-core. The flags keep it off the network this machine does not have, resolve the lab's site
 * names (lab-sites.ts) to loopback, and give back the storage partitioning Chromium ships with.
 */
import { chromium, type Browser } from "playwright-core";
import { hostResolverRules } from "./lab-sites";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Playwright launches Chromium with `--disable-features=…,ThirdPartyStoragePartitioning,…` (its issue
 * 32230), so a cross-site iframe would share storage and BroadcastChannel with a top-level page of its
 * own site — which no Chromium user's browser does, and which hides what breaks in Excel on the web.
 * Chromium takes the last `--disable-features`: this one replaces Playwright's, with the same features
 * (playwright-core 1.65's chromiumSwitches) except that one.
 */
const DISABLED_FEATURES = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
];

export interface ChromiumOptions {
  /** The port of the lab's stand-in for Office.js's CDN (lab-sites.ts), where a test serves one. */
  officeJsPort?: number;
}

export function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      hostResolverRules(options.officeJsPort),
      `--disable-features=${DISABLED_FEATURES.join(",")}`,
    ],
  });
}
