/**
 * What a cell shows for its value and number format, as Excel displays it (en-US): General, text "@",
 * numeric formats (0, 0.00, #,##0, 0%, sections `pos;neg;zero`, quoted literals) and date/time formats
 * from the 1900 date system (yyyy-mm-dd, m/d/yyyy, hh:mm:ss AM/PM, elapsed [h]:mm:ss). Not covered:
 * fractions, fractional seconds, scientific formats beyond General's, conditions (`[>100]`); colours and
 * fill/padding characters are ignored.
 */
import type { CellValue } from "./model";

export interface Displayed {
  text: string;
  /** Excel's default alignment: numbers right, text left, booleans centred. */
  align: "left" | "right" | "center";
}

export function displayCell(value: CellValue, numberFormat: string): Displayed {
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE", align: "center" };
  if (typeof value === "string") return { text: value, align: "left" };
  return { text: formatNumber(value, numberFormat), align: "right" };
}

/** Splits on `;` outside quotes and escapes. */
function sections(format: string): string[] {
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === '"') {
      const end = format.indexOf('"', i + 1);
      const stop = end < 0 ? format.length : end;
      current += format.slice(i, stop + 1);
      i = stop;
    } else if (ch === "\\") {
      current += format.slice(i, i + 2);
      i++;
    } else if (ch === ";") {
      out.push(current);
      current = "";
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** The format without quoted text, escapes and `[...]` tags, to see which placeholders it uses. */
const bare = (section: string) => section.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, "");

function formatNumber(value: number, format: string): string {
  if (/^general$/i.test(format.trim()) || format === "@" || format === "") return general(value);
  const parts = sections(format);
  let section = parts[0]!;
  let v = value;
  let sign = "";
  if (value < 0 && parts.length >= 2) [section, v] = [parts[1]!, -value];
  else if (value === 0 && parts.length >= 3) section = parts[2]!;
  else if (value < 0) [sign, v] = ["-", -value];
  // Excel fills a cell with # when a date or time is negative.
  if (isDateFormat(section)) return value < 0 ? "#".repeat(8) : formatDate(v, section);
  return sign + formatDecimal(v, section);
}

/** General: integers up to 11 digits as they are, otherwise 10 significant digits or 1.23457E+11. */
function general(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e11 || a < 1e-9)) {
    const [mantissa, exponent] = v.toExponential(5).split("e") as [string, string];
    const e = Number(exponent);
    return `${mantissa.replace(/\.?0+$/, "")}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return String(Number(v.toPrecision(10)));
}

const isDateFormat = (section: string) =>
  /\[(h+|m+|s+)\]/i.test(section) || /[ymdhs]/i.test(bare(section).replace(/[eE][+-]/g, ""));

/** Literal text of a format piece: quoted strings, escaped characters and plain characters. */
const literal = (piece: string) =>
  piece
    .replace(/\[[^\]]*\]/g, "")
    .replace(/[_*]./g, "")
    .replace(/"([^"]*)"|\\(.)/g, (_, quoted: string | undefined, escaped: string | undefined) =>
      quoted !== undefined ? quoted : (escaped ?? ""),
    );

function formatDecimal(value: number, section: string): string {
  const marks = bare(section);
  const first = section.search(/[0#?]/);
  if (first < 0) return literal(section);
  let last = first;
  for (let i = first; i < section.length; i++)
    if (/[0#?.,]/.test(section[i]!)) last = i;
    else break;
  const pattern = section.slice(first, last + 1);
  const v = marks.includes("%") ? value * 100 : value;
  const [integer = "", fraction = ""] = pattern.split(".");
  const text = new Intl.NumberFormat("en-US", {
    useGrouping: integer.includes(","),
    minimumIntegerDigits: Math.max(1, (integer.match(/0/g) ?? []).length),
    minimumFractionDigits: (fraction.match(/0/g) ?? []).length,
    maximumFractionDigits: (fraction.match(/[0#?]/g) ?? []).length,
  }).format(v);
  return literal(section.slice(0, first)) + text + literal(section.slice(last + 1));
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

interface DateParts {
  y: number;
  m: number;
  d: number;
  weekday: number;
  seconds: number;
}

/** Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 the 29 February 1900 Excel believes in. */
function dateParts(serial: number): DateParts {
  let seconds = Math.round((serial - Math.floor(serial)) * 86400);
  let days = Math.floor(serial);
  if (seconds === 86400) [days, seconds] = [days + 1, 0];
  if (days === 60) return { y: 1900, m: 2, d: 29, weekday: 3, seconds };
  const date = new Date(Date.UTC(1899, 11, days < 60 ? 31 : 30) + days * 86_400_000);
  return {
    y: date.getUTCFullYear(),
    m: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
    weekday: date.getUTCDay(),
    seconds,
  };
}

type Token = { kind: "literal"; text: string } | { kind: "code"; code: string };

const DATE_CODE = /^(\[(h+|m+|s+)\]|am\/pm|a\/p|y+|m+|d+|h+|s+)/i;

function tokenize(section: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < section.length;) {
    const rest = section.slice(i);
    const code = DATE_CODE.exec(rest);
    if (code) {
      tokens.push({ kind: "code", code: code[0] });
      i += code[0].length;
    } else if (rest.startsWith('"')) {
      const end = section.indexOf('"', i + 1);
      const stop = end < 0 ? section.length : end;
      tokens.push({ kind: "literal", text: section.slice(i + 1, stop) });
      i = stop + 1;
    } else if (rest.startsWith("\\")) {
      tokens.push({ kind: "literal", text: rest.charAt(1) });
      i += 2;
    } else if (rest.startsWith("[")) {
      i = section.indexOf("]", i) < 0 ? section.length : section.indexOf("]", i) + 1;
    } else if (/^[_*]/.test(rest)) {
      i += 2;
    } else {
      tokens.push({ kind: "literal", text: rest.charAt(0) });
      i += 1;
    }
  }
  return tokens;
}

function formatDate(serial: number, section: string): string {
  const p = dateParts(serial);
  const totalSeconds = Math.round(serial * 86400);
  const tokens = tokenize(section);
  const codes = tokens.filter((t): t is { kind: "code"; code: string } => t.kind === "code");
  const twelveHour = codes.some((t) => /^(am\/pm|a\/p)$/i.test(t.code));
  const hour = Math.floor(p.seconds / 3600);
  /** `m`/`mm` means minutes right after an hour code or right before a seconds code. */
  const isMinute = (i: number) =>
    /^\[?h/i.test(codes[i - 1]?.code ?? "") || /^\[?s/i.test(codes[i + 1]?.code ?? "");
  const two = (n: number) => String(n).padStart(2, "0");
  let ci = 0;
  return tokens
    .map((t) => {
      if (t.kind === "literal") return t.text;
      const i = ci++;
      const c = t.code.toLowerCase();
      if (c.startsWith("[h")) return String(Math.floor(totalSeconds / 3600)).padStart(c.length - 2, "0");
      if (c.startsWith("[m")) return String(Math.floor(totalSeconds / 60)).padStart(c.length - 2, "0");
      if (c.startsWith("[s")) return String(totalSeconds).padStart(c.length - 2, "0");
      if (c === "am/pm") return hour < 12 ? "AM" : "PM";
      if (c === "a/p") return hour < 12 ? "A" : "P";
      if (c[0] === "y") return c.length <= 2 ? two(p.y % 100) : String(p.y);
      if (c[0] === "d") {
        if (c.length === 1) return String(p.d);
        if (c.length === 2) return two(p.d);
        return c.length === 3 ? DAYS[p.weekday]!.slice(0, 3) : DAYS[p.weekday]!;
      }
      if (c[0] === "h") {
        const h = twelveHour ? hour % 12 || 12 : hour;
        return c.length === 1 ? String(h) : two(h);
      }
      if (c[0] === "s") return c.length === 1 ? String(p.seconds % 60) : two(p.seconds % 60);
      // m: minutes next to h/s, otherwise the month.
      if (c.length <= 2 && isMinute(i)) {
        const minutes = Math.floor((p.seconds % 3600) / 60);
        return c.length === 1 ? String(minutes) : two(minutes);
      }
      if (c.length === 1) return String(p.m);
      if (c.length === 2) return two(p.m);
      const name = MONTHS[p.m - 1]!;
      return c.length === 3 ? name.slice(0, 3) : c.length === 4 ? name : name[0]!;
    })
    .join("");
}
