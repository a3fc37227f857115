/**
 * Parses the formulas the add-in writes (the subset of issue 18's contract, /work/notes/i18-contract.md)
 * into a tree for formulas.ts: numbers, strings, TRUE/FALSE, error literals, cell references and ranges on
 * the formula's sheet (`B5`, `$B$5`, `A1:C3`), structured references (`Table[[Column]]`, `Table[Column]`,
 * `Table[[First]:[Last]]`, `Table[]`; `'` escapes `[ ] # '` in a column name), names, function calls, and
 * Excel's operators with its precedence (highest first): `:` · unary `-`/`+` · `%` · `^` · `*` `/` ·
 * `+` `-` · `&` · `= <> < <= > >=`. Binary operators are left-associative, as in Excel (`2^3^2` = 64).
 *
 * Anything else — other sheets (`Sheet2!A1`), whole rows or columns, `[@Column]` / `#This Row` / `#Data`
 * and the other special items, the space (intersection) operator, array constants `{1,2}` — throws
 * `UnsupportedFormula`: the evaluator shows "#FORMULA" for it rather than a value Excel might not give.
 */
import { colIndex, MAX_COLS, MAX_ROWS, type Rect } from "./address";

export type ErrorCode = "#NULL!" | "#DIV/0!" | "#VALUE!" | "#REF!" | "#NAME?" | "#NUM!" | "#N/A";
export const ERROR_CODES: readonly ErrorCode[] = [
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
];

export type BinaryOp = "+" | "-" | "*" | "/" | "^" | "&" | "=" | "<>" | "<" | "<=" | ">" | ">=";

export type FormulaNode =
  | { kind: "number"; value: number }
  | { kind: "string"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "error"; code: ErrorCode }
  /** A cell or range on the formula's own sheet. */
  | { kind: "range"; rect: Rect }
  /** A table's data body, all columns (`Table[]`) or the columns `first`..`last`. */
  | { kind: "table"; table: string; first?: string; last?: string }
  | { kind: "name"; name: string }
  /** A function call; an omitted argument (`IF(A1,,2)`) is `missing`. */
  | { kind: "call"; name: string; args: FormulaNode[] }
  | { kind: "missing" }
  | { kind: "negate"; operand: FormulaNode }
  | { kind: "percent"; operand: FormulaNode }
  | { kind: "binary"; op: BinaryOp; left: FormulaNode; right: FormulaNode };

/** A formula outside the modelled subset (or one Excel would not accept): shown as "#FORMULA". */
export class UnsupportedFormula extends Error {
  override name = "UnsupportedFormula";
}

type Token =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "err"; v: ErrorCode }
  | { t: "op"; v: string }
  | { t: "cell"; v: { r: number; c: number } }
  | { t: "func"; v: string }
  | { t: "table"; v: { table: string; first?: string; last?: string } }
  | { t: "ident"; v: string };

const NUMBER = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)(?![\p{L}\p{N}_.\\?([!])/u;
const IDENT = /^[\p{L}_\\][\p{L}\p{N}_.\\?]*/u;
const OPERATORS = ["<>", "<=", ">=", "+", "-", "*", "/", "^", "&", "=", "<", ">", "%", "(", ")", ",", ":"];

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      let value = "";
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new UnsupportedFormula("Unterminated string.");
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          break;
        }
        value += text[j++];
      }
      out.push({ t: "str", v: value });
      i = j + 1;
      continue;
    }
    if (ch === "#") {
      const code = ERROR_CODES.find((e) => rest.toUpperCase().startsWith(e));
      if (!code) throw new UnsupportedFormula(`Unknown error literal at ${rest}`);
      out.push({ t: "err", v: code });
      i += code.length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      out.push({ t: "num", v: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const cell = CELL.exec(rest);
    if (cell) {
      const r = Number(cell[2]) - 1;
      const c = colIndex(cell[1]!);
      if (r >= 0 && r < MAX_ROWS && c < MAX_COLS) {
        out.push({ t: "cell", v: { r, c } });
        i += cell[0].length;
        continue;
      }
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      const name = ident[0];
      i += name.length;
      const next = text[i];
      if (next === "(") out.push({ t: "func", v: name.toUpperCase().replace(/^_XLFN\./, "") });
      else if (next === "[") {
        const [ref, end] = structuredReference(text, i);
        out.push({ t: "table", v: { table: name, ...ref } });
        i = end;
      } else if (next === "!") throw new UnsupportedFormula("References to other sheets are not modelled.");
      else out.push({ t: "ident", v: name });
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op) throw new UnsupportedFormula(`Not modelled: ${rest}`);
    out.push({ t: "op", v: op });
    i += op.length;
  }
  return out;
}

/** One bracketed item from `[` at `i`: its text with `'` escapes undone, and the index after its `]`. */
function bracketItem(text: string, i: number): [string, number] {
  let value = "";
  let j = i + 1;
  while (j < text.length && text[j] !== "]") {
    if (text[j] === "[") throw new UnsupportedFormula("An unescaped [ in a column name.");
    if (text[j] === "'") j++;
    value += text[j++] ?? "";
  }
  if (j >= text.length) throw new UnsupportedFormula("Unterminated structured reference.");
  return [value, j + 1];
}

/** Column name of a specifier: special items (`#Data`, `#This Row`) and `@` are not modelled. */
function column(name: string, raw: string): string {
  if (raw.startsWith("#") || raw.startsWith("@") || name === "") {
    throw new UnsupportedFormula(`Structured reference item not modelled: [${raw}]`);
  }
  return name;
}

/**
 * The specifier after a table's name, from its `[` at `i`: `[]`, `[Column]`, `[[Column]]`,
 * `[[First]:[Last]]`. Returns the columns and the index after the closing `]`.
 */
function structuredReference(text: string, i: number): [{ first?: string; last?: string }, number] {
  if (text[i + 1] === "]") return [{}, i + 2];
  if (text[i + 1] !== "[") {
    const [name, end] = bracketItem(text, i);
    return [{ first: column(name, text.slice(i + 1, end - 1)) }, end];
  }
  let j = i + 1;
  const items: string[] = [];
  const raw: string[] = [];
  let range = false;
  for (;;) {
    const [name, end] = bracketItem(text, j);
    items.push(name);
    raw.push(text.slice(j + 1, end - 1));
    j = end;
    while (text[j] === " ") j++;
    if (text[j] === ":" && items.length === 1) {
      range = true;
      j++;
      while (text[j] === " ") j++;
      continue;
    }
    break;
  }
  if (text[j] !== "]") throw new UnsupportedFormula("Structured reference with several items not modelled.");
  const first = column(items[0]!, raw[0]!);
  if (!range) return [{ first }, j + 1];
  return [{ first, last: column(items[1]!, raw[1]!) }, j + 1];
}

const COMPARISONS = ["=", "<>", "<", "<=", ">", ">="];

/** Parses a formula (with or without its leading `=`). Throws UnsupportedFormula outside the subset. */
export function parseFormula(formula: string): FormulaNode {
  const tokens = tokenize(formula.startsWith("=") ? formula.slice(1) : formula);
  let p = 0;
  const peekOp = (...ops: string[]) => {
    const t = tokens[p];
    return t?.t === "op" && ops.includes(t.v) ? t.v : undefined;
  };
  const expectOp = (op: string) => {
    if (!peekOp(op)) throw new UnsupportedFormula(`Expected ${op}.`);
    p++;
  };

  const binaryLevel = (ops: string[], next: () => FormulaNode) => (): FormulaNode => {
    let left = next();
    for (let op = peekOp(...ops); op; op = peekOp(...ops)) {
      p++;
      left = { kind: "binary", op: op as BinaryOp, left, right: next() };
    }
    return left;
  };

  const primary = (): FormulaNode => {
    const t = tokens[p++];
    if (!t) throw new UnsupportedFormula("Unexpected end of formula.");
    switch (t.t) {
      case "num":
        return { kind: "number", value: t.v };
      case "str":
        return { kind: "string", value: t.v };
      case "err":
        return { kind: "error", code: t.v };
      case "table":
        return { kind: "table", ...t.v };
      case "cell": {
        if (!peekOp(":")) return { kind: "range", rect: { r0: t.v.r, c0: t.v.c, r1: t.v.r, c1: t.v.c } };
        p++;
        const end = tokens[p++];
        if (end?.t !== "cell") throw new UnsupportedFormula("Only cell:cell ranges are modelled.");
        const [a, b] = [t.v, end.v];
        return {
          kind: "range",
          rect: {
            r0: Math.min(a.r, b.r),
            c0: Math.min(a.c, b.c),
            r1: Math.max(a.r, b.r),
            c1: Math.max(a.c, b.c),
          },
        };
      }
      case "ident": {
        const upper = t.v.toUpperCase();
        if (upper === "TRUE" || upper === "FALSE") return { kind: "boolean", value: upper === "TRUE" };
        return { kind: "name", name: t.v };
      }
      case "func": {
        expectOp("(");
        const args: FormulaNode[] = [];
        if (peekOp(")")) {
          p++;
          return { kind: "call", name: t.v, args };
        }
        for (;;) {
          args.push(peekOp(",", ")") ? { kind: "missing" } : comparison());
          if (peekOp(",")) {
            p++;
            continue;
          }
          expectOp(")");
          return { kind: "call", name: t.v, args };
        }
      }
      case "op":
        if (t.v === "(") {
          const inner = comparison();
          expectOp(")");
          return inner;
        }
        throw new UnsupportedFormula(`Unexpected ${t.v}.`);
    }
  };

  const unary = (): FormulaNode => {
    const op = peekOp("-", "+");
    if (op) {
      p++;
      const operand = unary();
      return op === "-" ? { kind: "negate", operand } : operand;
    }
    return primary();
  };
  const percent = (): FormulaNode => {
    let operand = unary();
    while (peekOp("%")) {
      p++;
      operand = { kind: "percent", operand };
    }
    return operand;
  };
  const power = binaryLevel(["^"], percent);
  const product = binaryLevel(["*", "/"], power);
  const sum = binaryLevel(["+", "-"], product);
  const concat = binaryLevel(["&"], sum);
  const comparison = binaryLevel(COMPARISONS, concat);

  const tree = comparison();
  if (p !== tokens.length) throw new UnsupportedFormula("Unexpected text after the formula (intersection?).");
  return tree;
}
