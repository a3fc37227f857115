/**
 * The base of the workbook's object layer, which the RichApi server (rich-api.ts) drives: an object per
 * object path, whose members queue operations that run in request order. Unknown members throw
 * `ApiNotFound`, so a request naming something the simulator does not model fails loudly.
 */
import type { SimCore } from "./core";
import { SimOfficeError } from "./errors";

/** One queued operation: its name (counted in `stats.calls`) and what it does, in request order. */
export interface Op {
  m: string;
  /** Runs in order; returns the value a method answers with, if any. */
  run: () => void | { response: unknown };
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

/** The queue one workbook session's objects share (rich-api.ts drains it after each action). */
export class SimContextBase {
  _ops: Op[] = [];
  _nextProxy = 1;
  constructor(public _core: SimCore) {
    return new Proxy(this, strict) as this;
  }
  _enqueue(op: Op): void {
    this._ops.push(op);
  }
}

/** An object of the workbook's object layer: what an object path resolves to. */
export abstract class SimProxy<T = unknown> {
  _pid: number;
  _session: number;
  /** The workbook object behind it, set when its creating operation runs; null = null object. */
  _resolved: T | null | undefined = undefined;
  /** Scalar properties a query without a selection answers with. */
  abstract _scalars: readonly string[];

  constructor(public _ctx: SimContextBase) {
    this._pid = _ctx._nextProxy++;
    this._session = _ctx._core.session;
    return new Proxy(this, strict) as this;
  }

  _nav = new Map<string, unknown>();

  /** Navigation properties (`table.rows`, `range.format`, ...) are the same object each time, as in Office. */
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

  /** Queues an operation that runs in request order. */
  _q(m: string, run: Op["run"]): void {
    this._ctx._enqueue({ m: `${this._kind}.${m}`, run });
  }

  /** Queues the operation that resolves a child object at that point of the request. */
  _child<P extends SimProxy<U>, U>(
    m: string,
    a: unknown[],
    child: P,
    resolve: () => U | null,
    orNull = false,
  ): P {
    this._ctx._enqueue({
      m: `${this._kind}.${m}`,
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

  /** Reads one scalar property from the target at execution time. */
  abstract _read(prop: string): unknown;

  get _isCollection(): boolean {
    return false;
  }
}

/** A collection: its items are the objects `_list()` returns, each answered through `_wrap`. */
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
}

/** What a method answering a value (`getCount`, `getXml`) returns: the value once its operation ran. */
export class MethodResult<T> {
  _value: T | undefined;
}

export function result<T>(owner: SimProxy, m: string, compute: () => T): MethodResult<T> {
  const r = new MethodResult<T>();
  owner._q(m, () => {
    r._value = compute();
    return { response: r._value };
  });
  return r;
}
