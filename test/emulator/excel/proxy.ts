import type { SimCore } from "./core";
import { SimOfficeError } from "./errors";

/** One queued operation: what is serialised to measure the request payload, and what runs at sync. */
export interface Op {
  m: string;
  o: number;
  a: unknown[];
  /** Runs in order at sync; may return a response (counted in the response payload) to commit at the end. */
  run: () => void | { response: unknown; commit: () => void };
}

/** Names that JavaScript itself, Jest or Node probe on any object; never an Excel API. */
const PROBES = new Set([
  "then",
  "toJSON",
  "asymmetricMatch",
  "nodeType",
  "tagName",
  "constructor",
  "inspect",
  "length",
  "$$typeof",
  "@@__IMMUTABLE_ITERABLE__@@",
  "@@__IMMUTABLE_RECORD__@@",
  "_isMockFunction",
  "toString",
  "valueOf",
]);

const strict: ProxyHandler<object> = {
  get(target, prop, receiver) {
    if (typeof prop === "string" && !(prop in target) && !PROBES.has(prop) && !prop.startsWith("_")) {
      throw new SimOfficeError(
        "ApiNotFound",
        `${target.constructor.name.replace(/^Sim/, "")}.${prop} is not part of the simulated Excel API.`,
      );
    }
    return Reflect.get(target, prop, receiver);
  },
  set(target, prop, value, receiver) {
    if (typeof prop === "string" && !(prop in target) && !prop.startsWith("_")) {
      throw new SimOfficeError(
        "ApiNotFound",
        `${target.constructor.name.replace(/^Sim/, "")}.${prop} is not part of the simulated Excel API.`,
      );
    }
    return Reflect.set(target, prop, value, receiver);
  },
};

export class SimContextBase {
  _ops: Op[] = [];
  _closed = false;
  _nextProxy = 1;
  constructor(public _core: SimCore) {
    return new Proxy(this, strict) as this;
  }
  _enqueue(op: Op): void {
    if (this._closed) {
      throw new SimOfficeError(
        "InvalidRequestContext",
        "This request context is no longer valid (Excel.run has finished).",
      );
    }
    this._ops.push(op);
  }
}

/** Parsed `load()` argument: own properties and, for collections, item properties (null = all scalars). */
export interface LoadSpec {
  own: string[];
  items: string[] | null;
}

export function parseLoad(arg: unknown): LoadSpec {
  let list: string[] | null = null;
  if (typeof arg === "string") list = arg.split(",").map((s) => s.trim());
  else if (Array.isArray(arg)) list = arg.map(String);
  else if (arg && typeof arg === "object" && "select" in arg) {
    const sel = (arg as { select?: unknown }).select;
    list =
      typeof sel === "string"
        ? sel.split(",").map((s) => s.trim())
        : Array.isArray(sel)
          ? sel.map(String)
          : null;
  }
  if (list === null) return { own: [], items: null };
  const own: string[] = [];
  const items: string[] = [];
  let all = false;
  for (const p of list.filter(Boolean)) {
    if (p === "items") all = true;
    else if (p.startsWith("items/")) items.push(p.slice("items/".length));
    else own.push(p);
  }
  return { own, items: all || (items.length === 0 && own.length === 0) ? null : items };
}

/**
 * Base of every proxy: properties must be loaded and synced before they are read (`PropertyNotLoaded`),
 * unknown members throw `ApiNotFound`, and work is queued until `context.sync()`.
 */
export abstract class SimProxy<T = unknown> {
  _pid: number;
  _session: number;
  _loaded = new Map<string, unknown>();
  /** The workbook object behind the proxy, set when its creating operation runs; null = null object. */
  _resolved: T | null | undefined = undefined;
  /** Scalar properties `load()` without arguments loads. */
  abstract _scalars: readonly string[];

  constructor(public _ctx: SimContextBase) {
    this._pid = _ctx._nextProxy++;
    this._session = _ctx._core.session;
    return new Proxy(this, strict) as this;
  }

  _nav = new Map<string, unknown>();

  /** Navigation properties (`table.rows`, `range.format`, ...) return the same proxy each time, as in Office. */
  _cached<V>(name: string, make: () => V): V {
    if (!this._nav.has(name)) this._nav.set(name, make());
    return this._nav.get(name) as V;
  }

  get _core(): SimCore {
    return this._ctx._core;
  }

  get _kind(): string {
    return this.constructor.name.replace(/^Sim/, "");
  }

  /** Queues an operation (counted in the payload) that runs at sync. */
  _q(m: string, a: unknown[], run: Op["run"]): void {
    this._ctx._enqueue({ m: `${this._kind}.${m}`, o: this._pid, a, run });
  }

  /** Queues the operation that creates a child proxy and resolves its target at that point of the batch. */
  _child<P extends SimProxy<U>, U>(
    m: string,
    a: unknown[],
    child: P,
    resolve: () => U | null,
    orNull = false,
  ): P {
    this._ctx._enqueue({
      m: `${this._kind}.${m}`,
      o: this._pid,
      a: [...a, `#${child._pid}`],
      run: () => {
        this._t();
        const target = resolve();
        if (target === null && !orNull) {
          throw new SimOfficeError(
            "ItemNotFound",
            `${child._kind} not found: ${a.map(String).join(", ")}`,
            m,
          );
        }
        child._resolved = target;
        if (orNull) child._loaded.set("isNullObject", target === null);
      },
    });
    return child;
  }

  /** The live target, at execution time. */
  _t(): T {
    if (this._session !== this._core.session) {
      throw new SimOfficeError(
        "InvalidObjectPath",
        `This ${this._kind} belongs to a workbook session that ended.`,
      );
    }
    if (this._resolved === undefined) {
      throw new SimOfficeError(
        "InvalidObjectPath",
        `This ${this._kind} was never resolved (its batch failed).`,
      );
    }
    if (this._resolved === null || !this._alive(this._resolved)) {
      throw new SimOfficeError("ItemNotFound", `The ${this._kind} does not exist (null object or deleted).`);
    }
    return this._resolved;
  }

  _alive(_t: T): boolean {
    return true;
  }

  _get<V>(prop: string): V {
    if (!this._loaded.has(prop)) {
      throw new SimOfficeError(
        "PropertyNotLoaded",
        `The property '${prop}' is not available. Before reading the property's value, call the load method on ` +
          `the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this._loaded.get(prop) as V;
  }

  get isNullObject(): boolean {
    return this._get("isNullObject");
  }

  /** Reads one loadable property from the target at execution time. */
  abstract _read(prop: string): unknown;

  load(props?: unknown): this {
    const spec = parseLoad(props);
    const own =
      spec.own.length > 0 ? spec.own : spec.items === null || !this._isCollection ? [...this._scalars] : [];
    this._q("load", [props ?? null], () => {
      // The documented pattern getItemOrNullObject + load + sync + isNullObject: loading a null object is
      // allowed and loads nothing (its properties stay unreadable).
      if (this._resolved === null && this._loaded.get("isNullObject") === true) return;
      const values = new Map<string, unknown>();
      for (const p of own) {
        if (!this._scalars.includes(p)) {
          throw new SimOfficeError("InvalidArgument", `Cannot load '${p}' on ${this._kind} (not simulated).`);
        }
        values.set(p, this._read(p));
      }
      const extra = this._loadItems(spec.items);
      return {
        response: { ...Object.fromEntries(values), ...(extra ? { items: extra.response } : {}) },
        commit: () => {
          for (const [k, v] of values) this._loaded.set(k, v);
          extra?.commit();
        },
      };
    });
    return this;
  }

  get _isCollection(): boolean {
    return false;
  }

  _loadItems(_props: string[] | null): { response: unknown; commit: () => void } | undefined {
    return undefined;
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._loaded);
  }
}

/** A collection proxy: `load()` fills `items` with proxies whose requested properties are loaded. */
export abstract class SimCollection<T, P extends SimProxy<T>, Owner = unknown> extends SimProxy<Owner> {
  constructor(
    ctx: SimContextBase,
    public _owner: () => Owner,
  ) {
    super(ctx);
  }
  override _t(): Owner {
    return this._owner();
  }
  override get _isCollection(): boolean {
    return true;
  }
  abstract _list(): T[];
  abstract _wrap(t: T): P;

  get items(): P[] {
    return this._get("items");
  }

  override _loadItems(props: string[] | null): { response: unknown; commit: () => void } {
    const list = this._list();
    const proxies = list.map((t) => {
      const p = this._wrap(t);
      p._resolved = t;
      return p;
    });
    const rows = proxies.map((p) => {
      const names = props ?? [...p._scalars];
      const unknown = names.find((n) => !p._scalars.includes(n));
      if (unknown !== undefined) {
        throw new SimOfficeError(
          "InvalidArgument",
          `Cannot load 'items/${unknown}' on ${this._kind} (not simulated).`,
        );
      }
      return new Map(names.map((n) => [n, p._read(n)] as const));
    });
    return {
      response: rows.map((r) => Object.fromEntries(r)),
      commit: () => {
        proxies.forEach((p, i) => rows[i]!.forEach((v, k) => p._loaded.set(k, v)));
        this._loaded.set("items", proxies);
      },
    };
  }
}

/** `OfficeExtension.ClientResult`: `value` is readable after the sync that computed it. */
export class SimClientResult<T> implements OfficeExtension.ClientResult<T> {
  _set = false;
  _value: T | undefined;
  get value(): T {
    if (!this._set) {
      throw new SimOfficeError("ValueNotLoaded", "The value of the result object has not been loaded yet.");
    }
    return this._value as T;
  }
  set value(_v: T) {
    throw new SimOfficeError("InvalidOperation", "ClientResult.value is read-only.");
  }
}

export function result<T>(owner: SimProxy, m: string, a: unknown[], compute: () => T): SimClientResult<T> {
  const r = new SimClientResult<T>();
  owner._q(m, a, () => {
    const v = compute();
    return {
      response: v,
      commit: () => {
        r._value = v;
        r._set = true;
      },
    };
  });
  return r;
}
