/**
 * The contenders of the CSV benchmark. Each turns the same report text into typed rows with the same
 * typing rules (header mapped by name, numbers, dates → serials, Yes/No/True/False, ISO durations,
 * formula-like text flagged), so the figures compare parse + typing end to end.
 */
import Papa from "papaparse";
import { inferSchema, initParser } from "udsv";
import { parseReport } from "../../src/reports";
import {
  isFormulaLead,
  parseBooleanRange,
  parseDateRange,
  parseDurationRange,
  parseNumberRange,
} from "../../src/reports/convert";
import { mapHeader } from "../../src/reports/header-mapping";
import type { CellValue } from "../../src/reports/typed-table";
import type { ColumnType, ReportDefinition } from "../../src/reports/types";

export interface ContenderResult {
  rows: number;
  /** Keeps the parsed data reachable until the caller has measured memory. */
  data: unknown;
}

type Converter = (text: string) => CellValue;

function converterFor(type: ColumnType, formulaLike: { count: number }): Converter {
  const numeric =
    (parse: (s: string, a: number, b: number) => number): Converter =>
    (s) => {
      if (s === "") return "";
      const v = parse(s, 0, s.length);
      return v === v ? v : s;
    };
  switch (type) {
    case "integer":
    case "bytes":
      return numeric(parseNumberRange);
    case "date":
      return numeric(parseDateRange);
    case "duration":
      return numeric(parseDurationRange);
    case "boolean":
      return (s) => {
        if (s === "") return "";
        const f = parseBooleanRange(s, 0, s.length);
        return f < 0 ? s : f === 1;
      };
    default:
      return (s) => {
        if (s !== "" && isFormulaLead(s.charCodeAt(0))) formulaLike.count++;
        return s;
      };
  }
}

/** Types string rows in place (the cheapest way to get typed rows from a string-array parser). */
function typeRows(header: string[], rows: string[][], report: ReportDefinition): CellValue[][] {
  const formulaLike = { count: 0 };
  const converters = mapHeader(header, report).columns.map((c) => converterFor(c.type, formulaLike));
  const width = converters.length;
  const typed = rows as unknown as CellValue[][];
  for (const row of rows) {
    if (row.length !== width) throw new Error(`ragged row (${row.length} of ${width})`);
    for (let i = 0; i < width; i++) (row as CellValue[])[i] = converters[i]!(row[i]!);
  }
  return typed;
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

export const CONTENDERS = {
  /** This project: `parseReport` on the whole text. */
  ours: async (text: string, report: ReportDefinition): Promise<ContenderResult> => {
    const parsed = await parseReport(text, report);
    return { rows: parsed.rowCount, data: parsed };
  },
  papaparse: async (text: string, report: ReportDefinition): Promise<ContenderResult> => {
    const result = Papa.parse<string[]>(stripBom(text), { header: false, skipEmptyLines: true });
    if (result.errors.length > 0) throw new Error(result.errors[0]!.message);
    const [header, ...rows] = result.data;
    const typed = typeRows(header!, rows, report);
    return { rows: typed.length, data: typed };
  },
  udsv: async (text: string, report: ReportDefinition): Promise<ContenderResult> => {
    const body = stripBom(text);
    const schema = inferSchema(body, { col: ",", row: "\r\n", encl: '"' });
    const rows = initParser(schema).stringArrs(body);
    const typed = typeRows(
      schema.cols.map((c) => c.name),
      rows,
      report,
    );
    return { rows: typed.length, data: typed };
  },
} as const;

export type ContenderName = keyof typeof CONTENDERS;
