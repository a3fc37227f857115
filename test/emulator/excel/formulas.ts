/**
 * Calculates the formulas the overview writes (the subset parsed by formula-parser.ts; functions MAX, MIN,
 * SUM, SUMIFS, COUNTIFS, COUNTA, IF, IFERROR, AND, ROUND, INDEX, MATCH), as views: the simulator still
 * stores and answers "#FORMULA" for a formula's value (index.ts), and `SheetView.evaluated` / chart series
 * read these results. Excel's rules followed (Microsoft Support's function pages):
 *
 * - A reference argument of SUM/MAX/MIN/AND counts only its numbers (AND: numbers and booleans); a typed
 *   argument is converted (TRUE → 1, "3" → 3, other text → #VALUE!). MAX/MIN of no numbers is 0; AND with no
 *   logical value is #VALUE!. COUNTA counts every non-empty cell, errors and "" results included.
 * - Errors propagate through operators (the left operand's first) and functions; IFERROR catches them;
 *   IF evaluates only the branch it takes.
 * - Comparisons: text compares case-insensitively; across types numbers < text < booleans; an empty cell
 *   is 0, "" or FALSE, whichever the other side is.
 * - SUMIFS/COUNTIFS criteria: a number, boolean or text equals; a string may lead with `= <> < <= > >=`;
 *   `*`, `?` and `~` are wildcards in `=`/`<>` text; "" matches empty cells, "<>" non-empty ones; numeric
 *   comparisons match numbers only. The ranges must have the same shape (#VALUE!).
 * - INDEX gives a reference (#REF! out of range); MATCH 0 is exact (wildcards for text), 1 / -1 need
 *   sorted data (unsorted: not modelled, since Excel's binary search then gives an arbitrary answer).
 * - ROUND rounds half away from zero at 15 significant digits (ROUND(2.675, 2) = 2.68, as Excel).
 * - Dates are serial numbers; text that might be a date or time ("2025-01-01") in arithmetic or criteria is
 *   not modelled.
 *
 * Not modelled, shown as "#FORMULA" (never a number Excel would not show): any other function, a multi-cell
 * range where one value is expected (a spill or implicit intersection), array arithmetic, and what
 * formula-parser.ts refuses. A name (the simulator has no defined names) is #NAME?; a table or column that
 * no longer exists is #REF!. A circular reference is #REF! (Excel warns and shows 0); a chain of references
 * deeper than MAX_DEPTH is "#FORMULA".
 */
import { rectCols, rectRows, type Rect } from "./address";
import { parseFormula, UnsupportedFormula, type ErrorCode, type FormulaNode } from "./formula-parser";
import {
  FORMULA_VALUE,
  getCell,
  tableHeaders,
  unkey,
  type CellValue,
  type SheetState,
  type WorkbookState,
} from "./model";

/** An Excel error value (a string of the same text in a cell would be text, not an error). */
export class ExcelError {
  constructor(readonly code: ErrorCode) {}
}

/** A value: `null` is an empty cell. */
type Scalar = number | string | boolean | ExcelError | null;
interface Ref {
  sheet: SheetState;
  rect: Rect;
}
type Value = Scalar | Ref;

/** Formula cells being calculated at once (a chain of references); deeper is "#FORMULA". */
const MAX_DEPTH = 200;
class DepthExceeded extends Error {}

const isRef = (v: Value): v is Ref => v !== null && typeof v === "object" && !(v instanceof ExcelError);
const err = (code: ErrorCode) => new ExcelError(code);

/** Thrown to stop at an error value (caught where the function or formula ends). */
class Raised {
  constructor(readonly error: ExcelError) {}
}
const check = <T>(v: T): Exclude<T, ExcelError> => {
  if (v instanceof ExcelError) throw new Raised(v);
  return v as Exclude<T, ExcelError>;
};

export interface Evaluator {
  /** The cell's value: a formula's result (errors as their text, "#FORMULA" outside the subset). */
  cell(sheet: SheetState, row: number, column: number): CellValue;
}

/**
 * An evaluator over the workbook as it is now, remembering each formula cell it calculates: use one per
 * read (a view of a range, a chart's series), not across changes.
 */
export function createEvaluator(state: WorkbookState): Evaluator {
  const memo = new Map<string, Scalar | typeof FORMULA_VALUE>();
  const inProgress = new Set<string>();
  /** Last row and column holding anything, per sheet: ranges are read up to there (A1:A1048576 is cheap). */
  const extents = new Map<SheetState, { r: number; c: number }>();
  const extent = (s: SheetState) => {
    let e = extents.get(s);
    if (!e) {
      e = { r: -1, c: -1 };
      for (const k of s.cells.keys()) {
        const [r, c] = unkey(k);
        e.r = Math.max(e.r, r);
        e.c = Math.max(e.c, c);
      }
      extents.set(s, e);
    }
    return e;
  };

  /** A cell's value for a formula: evaluated if it holds one; "#FORMULA" raises as not modelled. */
  const cellValue = (s: SheetState, r: number, c: number): Scalar => {
    const cell = getCell(s, r, c);
    if (cell.formula === undefined) return cell.value === "" ? null : cell.value;
    const v = formulaCell(s, r, c, cell.formula);
    if (v === FORMULA_VALUE) throw new UnsupportedFormula(`A referenced cell is not modelled.`);
    return v;
  };

  const formulaCell = (
    s: SheetState,
    r: number,
    c: number,
    formula: string,
  ): Scalar | typeof FORMULA_VALUE => {
    const id = `${s.id}\u0000${r}\u0000${c}`;
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (inProgress.has(id)) return err("#REF!");
    if (inProgress.size >= MAX_DEPTH) throw new DepthExceeded();
    inProgress.add(id);
    let result: Scalar | typeof FORMULA_VALUE;
    try {
      result = finalValue(evaluate(parseFormula(formula), s));
    } catch (e) {
      if (e instanceof Raised) result = e.error;
      else if (e instanceof UnsupportedFormula) result = FORMULA_VALUE;
      else throw e;
    } finally {
      inProgress.delete(id);
    }
    memo.set(id, result);
    return result;
  };

  /** What a formula's cell shows: one value (a multi-cell result would spill: not modelled). */
  const finalValue = (v: Value): Scalar => {
    const s = scalar(v);
    if (s === null) return 0;
    if (typeof s === "number" && !Number.isFinite(s)) return err("#NUM!");
    return s === 0 ? 0 : s; // no -0
  };

  /** One value: a single cell's, or not modelled for a larger range. */
  const scalar = (v: Value): Scalar => {
    if (!isRef(v)) return v;
    if (rectRows(v.rect) !== 1 || rectCols(v.rect) !== 1) {
      throw new UnsupportedFormula("A range where one value is expected (spill / implicit intersection).");
    }
    return cellValue(v.sheet, v.rect.r0, v.rect.c0);
  };

  /** Each cell of a range, row by row, up to the sheet's last used cell (the rest is empty). */
  function* cellsOf(ref: Ref): Generator<Scalar> {
    const e = extent(ref.sheet);
    for (let r = ref.rect.r0; r <= Math.min(ref.rect.r1, e.r); r++) {
      for (let c = ref.rect.c0; c <= Math.min(ref.rect.c1, e.c); c++) yield cellValue(ref.sheet, r, c);
    }
  }

  const tableRef = (node: Extract<FormulaNode, { kind: "table" }>): Ref => {
    const t = state.tables.find((x) => x.name.toLowerCase() === node.table.toLowerCase());
    if (!t) throw new Raised(err("#REF!"));
    const sheet = state.sheets.find((x) => x.id === t.sheetId)!;
    const headers = tableHeaders(sheet, t).map((h) => h.toLowerCase());
    const body = { ...t.rect, r0: t.rect.r0 + 1 };
    if (node.first === undefined) return { sheet, rect: body };
    const first = headers.indexOf(node.first.toLowerCase());
    const last = node.last === undefined ? first : headers.indexOf(node.last.toLowerCase());
    if (first < 0 || last < 0) throw new Raised(err("#REF!"));
    return {
      sheet,
      rect: { ...body, c0: t.rect.c0 + Math.min(first, last), c1: t.rect.c0 + Math.max(first, last) },
    };
  };

  /** A node's value; an error raised inside it (a converted operand, an argument) becomes its value. */
  const evaluate = (node: FormulaNode, s: SheetState): Value => {
    try {
      return evaluateNode(node, s);
    } catch (e) {
      if (e instanceof Raised) return e.error;
      throw e;
    }
  };

  const evaluateNode = (node: FormulaNode, s: SheetState): Value => {
    switch (node.kind) {
      case "number":
      case "string":
      case "boolean":
        return node.value;
      case "error":
        return err(node.code);
      case "missing":
        return null;
      case "range":
        return { sheet: s, rect: node.rect };
      case "table":
        return tableRef(node);
      case "name":
        return err("#NAME?");
      case "negate":
        return -number(scalar(evaluate(node.operand, s)));
      case "percent":
        return number(scalar(evaluate(node.operand, s))) / 100;
      case "binary":
        return binary(node.op, scalar(evaluate(node.left, s)), scalar(evaluate(node.right, s)));
      case "call":
        return call(node.name, node.args, s);
    }
  };

  const binary = (op: string, l: Scalar, r: Scalar): Scalar => {
    if (l instanceof ExcelError) return l;
    if (r instanceof ExcelError) return r;
    switch (op) {
      case "&":
        return text(l) + text(r);
      case "=":
      case "<>":
      case "<":
      case "<=":
      case ">":
      case ">=": {
        const d = compare(l, r);
        return { "=": d === 0, "<>": d !== 0, "<": d < 0, "<=": d <= 0, ">": d > 0, ">=": d >= 0 }[op];
      }
    }
    const a = number(l);
    const b = number(r);
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "/":
        return b === 0 ? err("#DIV/0!") : a / b;
      default: // "^"
        if (a === 0 && b === 0) return err("#NUM!");
        if (a === 0 && b < 0) return err("#DIV/0!");
        return a ** b;
    }
  };

  const call = (name: string, args: FormulaNode[], s: SheetState): Value => {
    const fn = FUNCTIONS[name];
    if (!fn) throw new UnsupportedFormula(`Function not modelled: ${name}`);
    if (args.length < fn.min || args.length > fn.max)
      throw new UnsupportedFormula(`${name}: argument count.`);
    return fn.run(args, (node) => evaluate(node, s));
  };

  type Arg = (node: FormulaNode) => Value;
  const ref = (v: Value): Ref => {
    if (v instanceof ExcelError) throw new Raised(v);
    if (!isRef(v)) throw new UnsupportedFormula("A range argument that is not a reference.");
    return v;
  };

  /** The numbers of SUM/MAX/MIN's arguments: a reference's numbers, a typed argument converted. */
  const numbersOf = (args: FormulaNode[], arg: Arg): number[] => {
    const out: number[] = [];
    for (const node of args) {
      const v = arg(node);
      if (isRef(v)) {
        for (const x of cellsOf(v)) if (typeof check(x) === "number") out.push(x as number);
      } else out.push(number(check(v)));
    }
    return out;
  };

  const FUNCTIONS: Record<
    string,
    { min: number; max: number; run: (args: FormulaNode[], arg: Arg) => Value }
  > = {
    SUM: { min: 1, max: 255, run: (args, arg) => numbersOf(args, arg).reduce((a, b) => a + b, 0) },
    MAX: { min: 1, max: 255, run: (args, arg) => extreme(numbersOf(args, arg), (a, b) => a > b) },
    MIN: { min: 1, max: 255, run: (args, arg) => extreme(numbersOf(args, arg), (a, b) => a < b) },
    COUNTA: {
      min: 1,
      max: 255,
      run(args, arg) {
        let n = 0;
        for (const node of args) {
          if (node.kind === "missing") continue;
          const v = arg(node);
          if (!isRef(v)) n++;
          else for (const x of cellsOf(v)) if (x !== null) n++;
        }
        return n;
      },
    },
    AND: {
      min: 1,
      max: 255,
      run(args, arg) {
        // A reference's text and empty cells are skipped; a typed argument must be logical.
        let seen = false;
        let all = true;
        for (const node of args) {
          const v = arg(node);
          const values = isRef(v) ? [...cellsOf(v)].filter((x) => x === null || typeof x !== "string") : [v];
          for (const x of values) {
            if (x === null) continue;
            seen = true;
            if (!logical(x)) all = false;
          }
        }
        return seen ? all : err("#VALUE!");
      },
    },
    IF: {
      min: 2,
      max: 3,
      run(args, arg) {
        const taken = logical(scalar(arg(args[0]!))) ? args[1] : args[2];
        if (taken === undefined) return false; // IF(test, then) with a false test
        return taken.kind === "missing" ? 0 : arg(taken);
      },
    },
    IFERROR: {
      min: 2,
      max: 2,
      run(args, arg) {
        const v = arg(args[0]!);
        const value = isRef(v) ? scalar(v) : v;
        return value instanceof ExcelError ? arg(args[1]!) : v;
      },
    },
    ROUND: {
      min: 2,
      max: 2,
      run: (args, arg) => round(number(check(scalar(arg(args[0]!)))), number(check(scalar(arg(args[1]!))))),
    },
    INDEX: {
      min: 2,
      max: 3,
      run(args, arg) {
        const r = ref(arg(args[0]!));
        const rows = rectRows(r.rect);
        const cols = rectCols(r.rect);
        let row = Math.trunc(number(check(scalar(arg(args[1]!)))));
        let col = args[2] ? Math.trunc(number(check(scalar(arg(args[2]))))) : 0;
        if (!args[2] && rows === 1 && cols > 1) [row, col] = [1, row];
        else if (!args[2] && cols === 1) col = 1;
        if (row < 0 || col < 0) return err("#VALUE!");
        if (row > rows || col > cols) return err("#REF!");
        return {
          sheet: r.sheet,
          rect: {
            r0: row === 0 ? r.rect.r0 : r.rect.r0 + row - 1,
            r1: row === 0 ? r.rect.r1 : r.rect.r0 + row - 1,
            c0: col === 0 ? r.rect.c0 : r.rect.c0 + col - 1,
            c1: col === 0 ? r.rect.c1 : r.rect.c0 + col - 1,
          },
        };
      },
    },
    MATCH: {
      min: 2,
      max: 3,
      run(args, arg) {
        const lookup = check(scalar(arg(args[0]!)));
        const r = ref(arg(args[1]!));
        const type = args[2] ? Math.sign(number(check(scalar(arg(args[2]))))) : 1;
        if (lookup === null || (rectRows(r.rect) > 1 && rectCols(r.rect) > 1)) return err("#N/A");
        return match(lookup, [...cellsOf(r)], type);
      },
    },
    SUMIFS: {
      min: 3,
      max: 255,
      run(args, arg) {
        if (args.length % 2 === 0) throw new UnsupportedFormula("SUMIFS: argument count.");
        const sum = ref(arg(args[0]!));
        return ifs(sum, pairs(args.slice(1), arg), (total, v) =>
          typeof check(v) === "number" ? total + (v as number) : total,
        );
      },
    },
    COUNTIFS: {
      min: 2,
      max: 254,
      run(args, arg) {
        if (args.length % 2 === 1) throw new UnsupportedFormula("COUNTIFS: argument count.");
        const criteria = pairs(args, arg);
        return ifs(criteria[0]!.range, criteria, (n) => n + 1, true);
      },
    },
  };

  /** MAX/MIN: 0 when no argument holds a number; no spread (a column may hold 100,000 numbers). */
  const extreme = (numbers: number[], better: (a: number, b: number) => boolean): number =>
    numbers.length === 0 ? 0 : numbers.reduce((best, x) => (better(x, best) ? x : best));

  const pairs = (args: FormulaNode[], arg: Arg) => {
    const out: { range: Ref; test: (v: Scalar) => boolean }[] = [];
    for (let i = 0; i < args.length; i += 2) {
      out.push({ range: ref(arg(args[i]!)), test: criterion(check(scalar(arg(args[i + 1]!)))) });
    }
    return out;
  };

  /**
   * Folds `add` over the cells of `target` whose row and column match every criterion. The ranges must have
   * `target`'s shape. Cells past the sheets' used extent are empty: one test decides them all (COUNTIFS
   * counts them when "" or "<>x" matches empty cells).
   */
  const ifs = (
    target: Ref,
    criteria: { range: Ref; test: (v: Scalar) => boolean }[],
    add: (acc: number, v: Scalar) => number,
    countEmpty = false,
  ): number => {
    const rows = rectRows(target.rect);
    const cols = rectCols(target.rect);
    if (criteria.some((c) => rectRows(c.range.rect) !== rows || rectCols(c.range.rect) !== cols)) {
      throw new Raised(err("#VALUE!"));
    }
    const all = [target, ...criteria.map((c) => c.range)];
    const used = Math.max(...all.map((x) => extent(x.sheet).r - x.rect.r0 + 1));
    const usedRows = Math.max(0, Math.min(rows, used));
    let acc = 0;
    for (let i = 0; i < usedRows; i++) {
      for (let j = 0; j < cols; j++) {
        const at = (x: Ref) => cellValue(x.sheet, x.rect.r0 + i, x.rect.c0 + j);
        if (criteria.every((c) => c.test(at(c.range)))) acc = add(acc, at(target));
      }
    }
    if (countEmpty && usedRows < rows && criteria.every((c) => c.test(null))) acc += (rows - usedRows) * cols;
    return acc;
  };

  return {
    cell(sheet, row, column) {
      const cell = getCell(sheet, row, column);
      if (cell.formula === undefined) return cell.value;
      try {
        const v = formulaCell(sheet, row, column, cell.formula);
        return v instanceof ExcelError ? v.code : (v ?? "");
      } catch (e) {
        if (e instanceof DepthExceeded || e instanceof UnsupportedFormula) return FORMULA_VALUE;
        throw e;
      }
    },
  };
}

/** The value of one cell now (a fresh evaluator: see createEvaluator to read many). */
export function evaluateCell(state: WorkbookState, sheet: SheetState, row: number, col: number): CellValue {
  return createEvaluator(state).cell(sheet, row, col);
}

/** Excel's conversion to a number: TRUE → 1, empty → 0, numeric text → its number, other text #VALUE!. */
function number(v: Scalar): number {
  if (v instanceof ExcelError) throw new Raised(v);
  if (v === null) return 0;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  const t = v.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/\d/.test(t) && /[-/:]/.test(t)) throw new UnsupportedFormula(`Text that may be a date or time: ${v}`);
  throw new Raised(err("#VALUE!"));
}

/** Excel's conversion to text for `&`: numbers as General shows them at 15 significant digits. */
function text(v: Scalar): string {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "string") return v;
  if (v instanceof ExcelError) throw new Raised(v);
  const s = String(Number(v.toPrecision(15)));
  if (/e/.test(s)) throw new UnsupportedFormula("Concatenating a number in scientific form.");
  return s;
}

/** IF/AND's reading of a condition: numbers ≠ 0, booleans, "TRUE"/"FALSE"; other text #VALUE!. */
function logical(v: Scalar): boolean {
  if (v instanceof ExcelError) throw new Raised(v);
  if (v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw new Raised(err("#VALUE!"));
}

const typeRank = (v: number | string | boolean) =>
  typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2;

/** Excel's comparison: numbers < text < booleans; text case-insensitive; empty as the other side's zero. */
function compare(l: Scalar, r: Scalar): number {
  const blank = (other: Scalar) => (typeof other === "string" ? "" : typeof other === "boolean" ? false : 0);
  const a = (l ?? blank(r)) as number | string | boolean;
  const b = (r ?? blank(l)) as number | string | boolean;
  if (typeRank(a) !== typeRank(b)) return typeRank(a) - typeRank(b);
  if (typeof a === "string") {
    const [x, y] = [a.toLowerCase(), (b as string).toLowerCase()];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const [x, y] = [Number(a), Number(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** ROUND: half away from zero, on the value at 15 significant digits (2.675 → 2.68). */
function round(n: number, digits: number): number {
  const d = Math.trunc(digits);
  const f = 10 ** Math.abs(d);
  const scaled = Number((d >= 0 ? n * f : n / f).toPrecision(15));
  const r = Math.sign(scaled) * Math.round(Math.abs(scaled));
  return d >= 0 ? r / f : r * f;
}

/** `*`, `?` and `~` (escape) as a case-insensitive whole-text pattern. */
function wildcard(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "~" && i + 1 < pattern.length) re += escapeRegExp(pattern[++i]!);
    else if (ch === "*") re += "[\\s\\S]*";
    else if (ch === "?") re += "[\\s\\S]";
    else re += escapeRegExp(ch);
  }
  return new RegExp(`^${re}$`, "i");
}
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A SUMIFS/COUNTIFS criterion as a test of a cell's value. */
export function criterion(c: Exclude<Scalar, ExcelError>): (v: Scalar) => boolean {
  if (c === null) throw new UnsupportedFormula("An empty criterion cell.");
  if (typeof c !== "string") return (v) => v === c;
  const [, op = "=", operand = ""] = /^(<=|>=|<>|<|>|=)?([\s\S]*)$/.exec(c)!;
  const negate = op === "<>";
  if (operand === "") {
    if (op === "=") return (v) => v === null || v === "";
    if (op === "<>") return (v) => v !== null && v !== "";
    throw new UnsupportedFormula(`Criterion ${c}`);
  }
  let equals: (v: Scalar) => boolean;
  let order: ((v: Scalar) => number | undefined) | undefined;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(operand.trim())) {
    const n = Number(operand.trim());
    equals = (v) => v === n;
    order = (v) => (typeof v === "number" ? v - n : undefined);
  } else if (/^(true|false)$/i.test(operand)) {
    const b = /^true$/i.test(operand);
    equals = (v) => v === b;
  } else if (/\d/.test(operand) && /[-/:]/.test(operand)) {
    throw new UnsupportedFormula(`Criterion that may be a date or time: ${c}`);
  } else {
    const pattern = wildcard(operand);
    const lower = operand.toLowerCase();
    equals = (v) => typeof v === "string" && pattern.test(v);
    order = (v) => (typeof v === "string" ? compare(v.toLowerCase(), lower) : undefined);
  }
  if (op === "=") return equals;
  if (negate) return (v) => !equals(v);
  if (!order) throw new UnsupportedFormula(`Criterion ${c}`);
  const test = {
    "<": (d: number) => d < 0,
    "<=": (d: number) => d <= 0,
    ">": (d: number) => d > 0,
    ">=": (d: number) => d >= 0,
  }[op as "<" | "<=" | ">" | ">="];
  const by = order;
  return (v) => {
    const d = v instanceof ExcelError ? undefined : by(v);
    return d !== undefined && test(d);
  };
}

/** MATCH over one row or column: 0 exact (wildcards for text); 1 / -1 on sorted data only. */
function match(lookup: Exclude<Scalar, ExcelError | null>, cells: Scalar[], type: number): Scalar {
  if (type === 0) {
    const test =
      typeof lookup === "string"
        ? (v: Scalar) => typeof v === "string" && wildcard(lookup).test(v)
        : (v: Scalar) => v === lookup;
    const i = cells.findIndex(test);
    return i < 0 ? err("#N/A") : i + 1;
  }
  // Only values of the lookup's type take part; they must be sorted (ascending for 1, descending for -1).
  const same = cells
    .map((v, i) => ({ v, i }))
    .filter(
      (x): x is { v: number | string | boolean; i: number } =>
        x.v !== null && !(x.v instanceof ExcelError) && typeRank(x.v) === typeRank(lookup),
    );
  for (let k = 1; k < same.length; k++) {
    if (compare(same[k - 1]!.v, same[k]!.v) * type > 0)
      throw new UnsupportedFormula("MATCH on unsorted data.");
  }
  let found = -1;
  for (const x of same) if (compare(x.v, lookup) * type <= 0) found = x.i;
  return found < 0 ? err("#N/A") : found + 1;
}
