/**
 * The PivotTable objects of the object layer (`workbook.pivotTables`, `worksheet.pivotTables` and below), by the
 * member names Office.js puts on the wire (`PivotTables`, `Add`, `RefreshAll`, `Hierarchies`, `RowHierarchies`,
 * `DataHierarchies`, `SummarizeBy`…: excel-web-16.00.debug.js, `PivotTableCollection`, `PivotTable`,
 * `DataPivotHierarchy`). Only what the overview uses is modelled; any other member fails loudly (proxy.ts).
 * Requirement sets: the collection and refreshAll 1.3, getItemOrNullObject/getCount 1.4, the rest 1.8.
 */
import { parseAddress, type Rect } from "./address";
import { invalidArgument, SimOfficeError } from "./errors";
import {
  activeSheet,
  clearRect,
  type PivotDataState,
  type PivotState,
  type SheetState,
  type SourceRef,
  type WorkbookState,
} from "./model";
import {
  automaticSummary,
  checkPivotName,
  checkPivotPlace,
  checkSummarizeBy,
  defaultDataName,
  layoutPivot,
  refreshPivot,
} from "./pivots";
import { result, SimCollection, SimProxy, type MethodResult } from "./proxy";
import { referenceTo } from "./references";
import type { SimRange, SimTable } from "./object-layer";

/** The workbook's collection (every sheet) or a worksheet's (`sheet`). */
export interface PivotScope {
  sheets: SheetState[];
  sheet?: SheetState;
}

const sheetNamed = (w: WorkbookState, name: string): SheetState => {
  const s = w.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!s) throw new SimOfficeError("ItemNotFound", `No sheet ${name}.`);
  return s;
};

export class SimPivotTableCollection extends SimCollection<PivotState, SimPivotTable, PivotScope> {
  _scalars = ["count"] as const;
  _list(): PivotState[] {
    const ids = new Set(this._t().sheets.map((s) => s.id));
    return this._core.state.pivots.filter((p) => ids.has(p.sheetId));
  }
  _wrap(): SimPivotTable {
    return new SimPivotTable(this._ctx);
  }
  /** Counted test PivotTables (`SheetView.addPivotTable`) and modelled ones. */
  _count(): number {
    return this._t().sheets.reduce((n, s) => n + s.pivotTables, 0) + this._list().length;
  }
  _read(prop: string): unknown {
    return prop === "count" ? this._count() : undefined;
  }
  getCount(): MethodResult<number> {
    this._core.need("1.4", "PivotTableCollection.getCount");
    return result(this, "getCount", () => this._count());
  }
  /** PivotTables don't update by themselves: the add-in refreshes them (counted in stats.pivotRefreshAll). */
  refreshAll(): void {
    this._q("refreshAll", () => {
      this._core.stats.pivotRefreshAll++;
      for (const p of this._list()) refreshPivot(this._core.state, p, this._core.evaluateFormula);
    });
  }
  _find(key: string): PivotState | null {
    const list = this._list();
    return list.find((p) => p.id === key || p.name.toLowerCase() === String(key).toLowerCase()) ?? null;
  }
  getItem(name: string): SimPivotTable {
    return this._child("getItem", [name], new SimPivotTable(this._ctx), () => this._find(name));
  }
  getItemOrNullObject(name: string): SimPivotTable {
    this._core.need("1.4", "PivotTableCollection.getItemOrNullObject");
    return this._child(
      "getItemOrNullObject",
      [name],
      new SimPivotTable(this._ctx),
      () => this._find(name),
      true,
    );
  }
  /**
   * A PivotTable named `name` (unique in the workbook) over a table, a range or an address (a table's name, or
   * an address with its sheet), its output from the destination cell (on this sheet, for a worksheet's
   * collection). It reads its source now; its output may not overlap a table or another PivotTable.
   */
  add(name: string, source: SimTable | SimRange | string, destination: SimRange | string): SimPivotTable {
    this._core.need("1.8", "PivotTableCollection.add");
    return this._child("add", [name], new SimPivotTable(this._ctx), () => {
      const w = this._core.state;
      const scope = this._t().sheet;
      const sheetOf = (named?: string) => {
        const s = named === undefined ? (scope ?? activeSheet(w)) : sheetNamed(w, named);
        if (scope && s !== scope) throw invalidArgument("The destination must be on this worksheet.");
        return s;
      };
      let dest: { sheet: SheetState; rect: Rect };
      if (typeof destination === "string") {
        const p = parseAddress(destination);
        dest = { sheet: sheetOf(p.sheet), rect: p.rect };
      } else {
        const r = (destination as SimRange)._t();
        dest = { sheet: sheetOf(r.sheet.name), rect: r.rect };
      }
      const pivot: PivotState = {
        id: this._core.newId("pivot"),
        name: checkPivotName(w, name),
        sheetId: dest.sheet.id,
        source: this._source(w, source),
        fields: [],
        records: [],
        rows: [],
        data: [],
        output: { r0: dest.rect.r0, c0: dest.rect.c0, r1: dest.rect.r0, c1: dest.rect.c0 },
      };
      checkPivotPlace(w, pivot, pivot.output);
      refreshPivot(w, pivot, this._core.evaluateFormula);
      w.pivots.push(pivot);
      return pivot;
    });
  }
  _source(w: WorkbookState, source: SimTable | SimRange | string): SourceRef {
    if (typeof source === "string") {
      const table = w.tables.find((t) => t.name.toLowerCase() === source.toLowerCase());
      if (table) return referenceTo(w, table.sheetId, table.rect, true);
      const p = parseAddress(source);
      const sheet = p.sheet === undefined ? (this._t().sheet ?? activeSheet(w)) : sheetNamed(w, p.sheet);
      return { sheetId: sheet.id, rect: p.rect };
    }
    if (source._kind === "Table") {
      const table = (source as SimTable)._t();
      return referenceTo(w, table.sheetId, table.rect, true);
    }
    if (source._kind !== "Range")
      throw invalidArgument("A PivotTable's source is a Range, a Table or an address.");
    const { sheet, rect } = (source as SimRange)._t();
    return { sheetId: sheet.id, rect: { ...rect } };
  }
}

export class SimPivotTable extends SimProxy<PivotState> {
  /** `id` (ExcelApi 1.5) is the identity Office.js re-addresses a PivotTable by after `add`. */
  _scalars = ["name", "id"] as const;
  override _alive(p: PivotState): boolean {
    return this._core.state.pivots.includes(p);
  }
  _read(prop: string): unknown {
    const p = this._t();
    return prop === "name" ? p.name : prop === "id" ? p.id : undefined;
  }
  set name(v: string) {
    this._q("name=", () => {
      const p = this._t();
      p.name = checkPivotName(this._core.state, v, p);
    });
  }
  get hierarchies(): SimPivotHierarchyCollection {
    this._core.need("1.8", "PivotTable.hierarchies");
    return this._cached("hierarchies", () => new SimPivotHierarchyCollection(this._ctx, () => this._t()));
  }
  get rowHierarchies(): SimRowColumnPivotHierarchyCollection {
    this._core.need("1.8", "PivotTable.rowHierarchies");
    return this._cached(
      "rowHierarchies",
      () => new SimRowColumnPivotHierarchyCollection(this._ctx, () => this._t()),
    );
  }
  get dataHierarchies(): SimDataPivotHierarchyCollection {
    this._core.need("1.8", "PivotTable.dataHierarchies");
    return this._cached(
      "dataHierarchies",
      () => new SimDataPivotHierarchyCollection(this._ctx, () => this._t()),
    );
  }
  /** The PivotTable and its output cells go. */
  delete(): void {
    this._core.need("1.8", "PivotTable.delete");
    this._q("delete", () => {
      const w = this._core.state;
      const p = this._t();
      w.pivots.splice(w.pivots.indexOf(p), 1);
      clearRect(
        w.sheets.find((s) => s.id === p.sheetId)!,
        p.output,
        "All",
      );
    });
  }
}

/** A field of a PivotTable: a hierarchy (its id is the field's name), or one of its row hierarchies. */
interface FieldTarget {
  pivot: PivotState;
  field: string;
}

abstract class SimFieldCollection<P extends SimProxy<FieldTarget>> extends SimCollection<
  FieldTarget,
  P,
  PivotState
> {
  _scalars = [] as const;
  abstract _fields(): string[];
  _list(): FieldTarget[] {
    const pivot = this._t();
    return this._fields().map((field) => ({ pivot, field }));
  }
  _read(): unknown {
    return undefined;
  }
  _find(key: string): FieldTarget | null {
    return this._list().find((f) => f.field.toLowerCase() === String(key).toLowerCase()) ?? null;
  }
}

export class SimPivotHierarchyCollection extends SimFieldCollection<SimPivotHierarchy> {
  _fields(): string[] {
    return this._t().fields;
  }
  _wrap(): SimPivotHierarchy {
    return new SimPivotHierarchy(this._ctx);
  }
  getItem(name: string): SimPivotHierarchy {
    return this._child("getItem", [name], new SimPivotHierarchy(this._ctx), () => this._find(name));
  }
}

abstract class SimField extends SimProxy<FieldTarget> {
  _scalars = ["id", "name"] as const;
  _read(prop: string): unknown {
    const f = this._t();
    return prop === "id" || prop === "name" ? f.field : undefined;
  }
}

export class SimPivotHierarchy extends SimField {
  override _alive(f: FieldTarget): boolean {
    return f.pivot.fields.includes(f.field);
  }
}

/** A hierarchy argument: one of this PivotTable's (Office.js sends it by reference). */
function fieldOf(pivot: PivotState, arg: unknown, what: string): string {
  const h = arg as SimPivotHierarchy | undefined;
  if (!h || typeof h !== "object" || h._kind !== "PivotHierarchy")
    throw invalidArgument(`${what}: a PivotHierarchy is required.`);
  const f = h._t();
  if (f.pivot !== pivot) throw invalidArgument(`${what}: the hierarchy belongs to another PivotTable.`);
  return f.field;
}

export class SimRowColumnPivotHierarchyCollection extends SimFieldCollection<SimRowColumnPivotHierarchy> {
  _fields(): string[] {
    return this._t().rows;
  }
  _wrap(): SimRowColumnPivotHierarchy {
    return new SimRowColumnPivotHierarchy(this._ctx);
  }
  getItem(name: string): SimRowColumnPivotHierarchy {
    return this._child("getItem", [name], new SimRowColumnPivotHierarchy(this._ctx), () => this._find(name));
  }
  /** Adds a row hierarchy (one already there stays where it is) and lays the output out again. */
  add(hierarchy: SimPivotHierarchy): SimRowColumnPivotHierarchy {
    return this._child("add", [], new SimRowColumnPivotHierarchy(this._ctx), () => {
      const pivot = this._t();
      const field = fieldOf(pivot, hierarchy, "RowColumnPivotHierarchyCollection.add");
      if (!pivot.rows.includes(field)) {
        pivot.rows.push(field);
        try {
          layoutPivot(this._core.state, pivot);
        } catch (e) {
          pivot.rows.pop();
          throw e;
        }
      }
      return { pivot, field };
    });
  }
}

export class SimRowColumnPivotHierarchy extends SimField {
  override _alive(f: FieldTarget): boolean {
    return f.pivot.rows.includes(f.field);
  }
}

interface DataTarget {
  pivot: PivotState;
  data: PivotDataState;
}

export class SimDataPivotHierarchyCollection extends SimCollection<
  DataTarget,
  SimDataPivotHierarchy,
  PivotState
> {
  _scalars = [] as const;
  _list(): DataTarget[] {
    const pivot = this._t();
    return pivot.data.map((data) => ({ pivot, data }));
  }
  _wrap(): SimDataPivotHierarchy {
    return new SimDataPivotHierarchy(this._ctx);
  }
  _read(): unknown {
    return undefined;
  }
  _find(key: string): DataTarget | null {
    const k = String(key).toLowerCase();
    return this._list().find((d) => d.data.id === key || d.data.name.toLowerCase() === k) ?? null;
  }
  getItem(name: string): SimDataPivotHierarchy {
    return this._child("getItem", [name], new SimDataPivotHierarchy(this._ctx), () => this._find(name));
  }
  /**
   * Adds a data hierarchy: summarized by Sum for a field of numbers, else Count (Excel's automatic choice),
   * named "Sum of Field" ("Sum of Field2" when that name is taken); the output is laid out again.
   */
  add(hierarchy: SimPivotHierarchy): SimDataPivotHierarchy {
    return this._child("add", [], new SimDataPivotHierarchy(this._ctx), () => {
      const pivot = this._t();
      const field = fieldOf(pivot, hierarchy, "DataPivotHierarchyCollection.add");
      const data: PivotDataState = {
        id: this._core.newId("data"),
        field,
        name: "",
        named: false,
        summarizeBy: automaticSummary(pivot, field),
        numberFormat: "General",
      };
      data.name = uniqueDataName(pivot, defaultDataName(data), data);
      pivot.data.push(data);
      try {
        layoutPivot(this._core.state, pivot);
      } catch (e) {
        pivot.data.pop();
        throw e;
      }
      return { pivot, data };
    });
  }
}

/** Data hierarchy names are unique in the PivotTable and no field's name; a default name takes a number. */
function uniqueDataName(pivot: PivotState, name: string, self: PivotDataState): string {
  const taken = (n: string) =>
    pivot.fields.some((f) => f.toLowerCase() === n.toLowerCase()) ||
    pivot.data.some((d) => d !== self && d.name.toLowerCase() === n.toLowerCase());
  let unique = name;
  for (let i = 2; taken(unique); i++) unique = `${name}${i}`;
  return unique;
}

export class SimDataPivotHierarchy extends SimProxy<DataTarget> {
  _scalars = ["id", "name", "numberFormat", "summarizeBy"] as const;
  override _alive(t: DataTarget): boolean {
    return this._core.state.pivots.includes(t.pivot) && t.pivot.data.includes(t.data);
  }
  _read(prop: string): unknown {
    const { data } = this._t();
    if (prop === "id" || prop === "name" || prop === "numberFormat" || prop === "summarizeBy")
      return data[prop];
    return undefined;
  }
  /** Changes the data hierarchy and lays the output out again; refused changes leave it as it was. */
  _change(m: string, change: (d: PivotDataState) => void): void {
    this._q(m, () => {
      const { pivot, data } = this._t();
      const before = { ...data };
      change(data);
      try {
        layoutPivot(this._core.state, pivot);
      } catch (e) {
        Object.assign(data, before);
        throw e;
      }
    });
  }
  set name(v: string) {
    this._change("name=", (d) => {
      if (typeof v !== "string" || v.trim() === "") throw invalidArgument(`Invalid name: ${String(v)}`);
      const pivot = this._t().pivot;
      if (uniqueDataName(pivot, v, d) !== v)
        throw invalidArgument(`The PivotTable field name ${v} already exists.`);
      d.name = v;
      d.named = true;
    });
  }
  set numberFormat(v: string) {
    this._change("numberFormat=", (d) => {
      if (typeof v !== "string") throw invalidArgument("DataPivotHierarchy.numberFormat must be a string.");
      d.numberFormat = v;
    });
  }
  /** A name left as Excel gave it follows the summary ("Sum of X" → "Count of X"). */
  set summarizeBy(v: string) {
    this._change("summarizeBy=", (d) => {
      const pivot = this._t().pivot;
      d.summarizeBy = v === "Automatic" ? automaticSummary(pivot, d.field) : checkSummarizeBy(v);
      if (!d.named) d.name = uniqueDataName(pivot, defaultDataName(d), d);
    });
  }
}
