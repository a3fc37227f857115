import { webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { fluentTheme, isDarkColour, pickThemeKind } from "../../../src/taskpane/theme";

test("Office's isDarkTheme wins when the host reports it", () => {
  expect(pickThemeKind({ isDarkTheme: true, bodyBackgroundColor: "#ffffff" }, false)).toBe("dark");
  expect(pickThemeKind({ isDarkTheme: false, bodyBackgroundColor: "#000000" }, true)).toBe("light");
});

test("otherwise the body background colour decides", () => {
  expect(pickThemeKind({ bodyBackgroundColor: "#262626" }, false)).toBe("dark");
  expect(pickThemeKind({ bodyBackgroundColor: "#FFFFFF" }, true)).toBe("light");
});

test("outside Office (or with an unreadable theme) prefers-color-scheme decides", () => {
  expect(pickThemeKind(undefined, true)).toBe("dark");
  expect(pickThemeKind(undefined, false)).toBe("light");
  expect(pickThemeKind({ bodyBackgroundColor: "transparent" }, true)).toBe("dark");
});

test("isDarkColour", () => {
  expect(isDarkColour("#000000")).toBe(true);
  expect(isDarkColour("ffffff")).toBe(false);
  expect(isDarkColour("#217346")).toBe(true);
  expect(isDarkColour("#f3f3f3")).toBe(false);
  expect(isDarkColour("red")).toBeUndefined();
  expect(isDarkColour(undefined)).toBeUndefined();
});

test("maps to the Fluent web themes", () => {
  expect(fluentTheme("light")).toBe(webLightTheme);
  expect(fluentTheme("dark")).toBe(webDarkTheme);
});
