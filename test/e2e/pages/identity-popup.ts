/** The identity provider's sign-in window, as a person completes it: login, password, then consent. */
import type { Page } from "playwright-core";

/** Fills the provider's login page in `popup` (any password) and accepts the consent page if it comes. */
export async function completeSignIn(popup: Page, login: string): Promise<void> {
  await popup.waitForSelector("input[name=login]");
  await popup.fill("input[name=login]", login);
  await popup.fill("input[name=password]", "any password");
  await popup.click("button[type=submit]");
  // First sign-in of this user to this client: the consent page.
  const consent = await popup.waitForSelector("button[type=submit]", { timeout: 10_000 }).catch(() => null);
  if (consent && !popup.isClosed()) await consent.click().catch(() => undefined);
}

/**
 * On the provider's account picker in `popup`: waits for it to list `name` (the account the provider's
 * session still holds), then chooses "Use another account", which leads to the login page.
 */
export async function useAnotherAccount(popup: Page, name: string): Promise<void> {
  await popup.getByRole("heading", { name: "Pick an account" }).waitFor();
  await popup.getByRole("button", { name: new RegExp(`^${name}`) }).waitFor();
  await popup.getByRole("link", { name: "Use another account" }).click();
}
