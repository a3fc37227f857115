import { watchNextPopup } from "../../../src/auth/popup-watch";

jest.useFakeTimers();

function fakeWindow() {
  const popup = { closed: false };
  const open = jest.fn(() => popup as unknown as Window);
  return { win: { open } as unknown as Pick<Window, "open">, popup, open };
}

it("reports a popup closed without an answer, after a grace period", async () => {
  const { win, popup } = fakeWindow();
  const watch = watchNextPopup(win);
  let closed = false;
  void watch.closed.then(() => (closed = true));
  win.open("https://idp.example/auth", "_blank");
  popup.closed = true;
  await jest.advanceTimersByTimeAsync(1000);
  expect(closed).toBe(false); // the bridge may still be delivering the answer
  await jest.advanceTimersByTimeAsync(1000);
  expect(closed).toBe(true);
});

it("stays quiet once stopped (the answer came), and puts window.open back", async () => {
  const { win, popup, open } = fakeWindow();
  const watch = watchNextPopup(win);
  expect(win.open).not.toBe(open);
  let closed = false;
  void watch.closed.then(() => (closed = true));
  win.open("https://idp.example/auth");
  expect(win.open).toBe(open);
  popup.closed = true;
  watch.stop();
  await jest.advanceTimersByTimeAsync(5000);
  expect(closed).toBe(false);
});
