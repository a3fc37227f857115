/** The identity provider's sign-in window, as a person completes it: login, password, then consent. */
import type { Page } from "playwright-core";

/**
 * Fills the provider's login page in `popup` (any password) and accepts the consent page if it comes
 * (a user's first sign-in to this client). Waits for the consent page or the window's closing — not for
 * any submit button, which the login page still shows while its form is on its way.
 */
export async function completeSignIn(popup: Page, login: string): Promise<void> {
  await popup.waitForSelector("input[name=login]");
  await popup.fill("input[name=login]", login);
  await popup.fill("input[name=password]", "any password");
  await popup.getByRole("button", { name: "Sign in" }).click();
  const accept = popup.getByRole("button", { name: "Accept" });
  const next = await Promise.race([
    accept.waitFor().then(() => "consent" as const),
    popup.waitForEvent("close").then(() => "closed" as const),
  ]).catch(() => "closed" as const); // closed while waiting for the consent page
  if (next === "consent") await accept.click().catch(() => undefined);
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

/** In `popup`: picks `login` on the provider's account picker if it shows, else completes its login page. */
export async function signInOrPick(popup: Page, login: string): Promise<void> {
  const picker = popup.getByRole("heading", { name: "Pick an account" });
  const loginField = popup.locator("input[name=login]");
  await picker.or(loginField).first().waitFor();
  if (await picker.isVisible()) {
    await popup
      .getByRole("button", { name: new RegExp(login.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) })
      .click();
    return;
  }
  await completeSignIn(popup, login);
}
