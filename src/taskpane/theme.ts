import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";

export type ThemeKind = "light" | "dark";

/** True when a `#rrggbb` colour is dark (WCAG relative luminance below 0.5); undefined if unparseable. */
export function isDarkColour(colour: string | undefined): boolean | undefined {
  const match = /^#?([0-9a-f]{6})$/i.exec(colour?.trim() ?? "");
  if (!match) return undefined;
  const n = Number.parseInt(match[1]!, 16);
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance =
    0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  return luminance < 0.5;
}

/**
 * Picks light or dark: Office's theme when the host reports one (`isDarkTheme`, else the body
 * background colour), otherwise the browser's `prefers-color-scheme`.
 */
export function pickThemeKind(
  officeTheme: Partial<Pick<Office.OfficeTheme, "isDarkTheme" | "bodyBackgroundColor">> | undefined,
  prefersDark: boolean,
): ThemeKind {
  if (officeTheme) {
    if (typeof officeTheme.isDarkTheme === "boolean") return officeTheme.isDarkTheme ? "dark" : "light";
    const dark = isDarkColour(officeTheme.bodyBackgroundColor);
    if (dark !== undefined) return dark ? "dark" : "light";
  }
  return prefersDark ? "dark" : "light";
}

/** Reads the current Office theme (if running inside Office) and the browser preference. */
export function currentThemeKind(): ThemeKind {
  let officeTheme: Office.OfficeTheme | undefined;
  try {
    officeTheme = typeof Office !== "undefined" ? Office.context?.officeTheme : undefined;
  } catch {
    officeTheme = undefined; // some hosts throw instead of returning undefined
  }
  const prefersDark =
    typeof window !== "undefined" && typeof window.matchMedia === "function"
      ? window.matchMedia("(prefers-color-scheme: dark)").matches
      : false;
  return pickThemeKind(officeTheme, prefersDark);
}

export function fluentTheme(kind: ThemeKind): Theme {
  return kind === "dark" ? webDarkTheme : webLightTheme;
}
