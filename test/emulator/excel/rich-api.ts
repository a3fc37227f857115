/**
 * Excel's side of the RichApi wire: answers the `ProcessQuery` requests Microsoft's Office.js sends
 * (`HttpRequestExecutor.executeAsync` posts `{ Actions, ObjectPaths }`, built by
 * `ClientRequestBase.buildRequestMessageBodyAndRequestFlags`) against the simulated workbook.
 *
 * The message, as the library builds and reads it (function names from `excel-web-16.00.debug.js`):
 * - `ObjectPaths[id]` (`ObjectPathFactory.create*ObjectPath`): `ObjectPathType` 1 global object (the
 *   workbook), 3 method (`Name` + `ArgumentInfo.Arguments`, object arguments as ids listed in
 *   `ArgumentInfo.ReferencedObjectPathIds`), 4 property, 5 indexer (`collection.getItem(Arguments[0])`),
 *   6 reference id, 7 null object; each with its `ParentObjectPathId`.
 * - `Actions` in order (`ActionFactory.create*Action`): `ActionType` 1 instantiate (the answer is the object's
 *   identity, or null for a null object: `InstantiateActionResultHandler` → `_handleIdResult`), 2 query
 *   (`QueryInfo.Select`; the answer carries each property under its original, capitalised name and a
 *   collection's items under `_Items`: `LibraryBuilder.buildHandleResult`), 3 method, 4 set property.
 * - The answer (`ClientRequestContext.processRequestExecutorResponseMessage`): `{ Results: [{ ActionId, Value }] }`
 *   for the actions that ran and, when one failed, `Error: { Code, Message, Location, ActionIndex }`; Office.js
 *   turns that into `OfficeExtension.Error` with `debugInfo.errorLocation` and the failing statement. A request
 *   refused whole answers an HTTP error `{ error: { code, message } }` (`CoreUtility._parseErrorResponse`):
 *   400 `RequestPayloadSizeLimitExceeded`, as `RichApiMessageUtility.buildResponseOnError` maps Excel on the
 *   web's own refusal.
 * - An object with an identity (`_Id`) lets the library re-address it by `collection.getItem(id)` in later
 *   requests (`ObjectPath.updateUsingObjectData`); everything else is re-evaluated from its path each
 *   request (no `_ReferenceId` is handed out: ranges do not follow later inserts, as listed in the README).
 *
 * The objects behind the paths are the workbook model's object layer (`object-layer.ts`): a path becomes the member
 * it names, called on its parent. Anything else in a message fails loudly, naming it.
 */
import { SimRequestContext } from "./object-layer";
import { utf8Length, type SimCore } from "./core";
import { SimOfficeError } from "./errors";
import { MethodResult, type Op, type SimProxy } from "./proxy";

interface ObjectPathInfo {
  Id: number;
  ObjectPathType: number;
  Name: string;
  ParentObjectPathId?: number;
  ArgumentInfo?: { Arguments?: unknown[]; ReferencedObjectPathIds?: number[] };
}

interface ActionInfo {
  Id: number;
  ActionType: number;
  Name: string;
  ObjectPathId: number;
  ArgumentInfo?: { Arguments?: unknown[]; ReferencedObjectPathIds?: number[] };
  QueryInfo?: { Select?: string[] | null; Expand?: string[] | null; Top?: number; Skip?: number };
}

export interface RichApiMessage {
  Actions: ActionInfo[];
  ObjectPaths: Record<string, ObjectPathInfo>;
}

export interface ProcessQueryAnswer {
  statusCode: number;
  body: string;
}

const OBJECT_PATH = { global: 1, method: 3, property: 4, indexer: 5, referenceId: 6 } as const;
const ACTION = { instantiate: 1, query: 2, method: 3, setProperty: 4 } as const;

/** `Name` on the wire is the member's original name (`Worksheets`, `GetRange`); the model uses the JS name. */
const memberName = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const wireName = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

function unsupported(what: string): SimOfficeError {
  return new SimOfficeError("ApiNotFound", `The Excel simulator does not implement ${what}.`);
}

/**
 * What Excel keeps for a workbook between requests: the object layer, and the objects a client asked to
 * keep (`_KeepReference`, which `Excel.run` sends for every range it hands out: `AutoKeepReference`), by the
 * `_ReferenceId` the client addresses them by afterwards (object path type 6).
 */
interface Session {
  /** `core.session` it belongs to: reset() and saveAndReopen() end it, and every reference with it. */
  number: number;
  ctx: SimRequestContext;
  references: Map<string, SimProxy>;
  kept: WeakMap<SimProxy, string>;
  nextReference: number;
}

const sessions = new WeakMap<SimCore, Session>();

function sessionOf(core: SimCore): Session {
  let s = sessions.get(core);
  if (!s || s.number !== core.session) {
    s = {
      number: core.session,
      ctx: new SimRequestContext(core),
      references: new Map(),
      kept: new WeakMap(),
      nextReference: 1,
    };
    sessions.set(core, s);
  }
  return s;
}

/** One `ProcessQuery`: resolves paths and runs actions in order against the workbook's object layer. */
class QueryRun {
  private readonly ctx: SimRequestContext;
  private readonly session: Session;
  private readonly objects = new Map<number, SimProxy>();
  readonly results: { ActionId: number; Value: unknown }[] = [];

  constructor(
    core: SimCore,
    private readonly message: RichApiMessage,
  ) {
    this.session = sessionOf(core);
    this.ctx = this.session.ctx;
  }

  /** Runs every action; the first failure stops the rest (what ran stays applied, as in Excel). */
  run(): { index: number; error: SimOfficeError } | null {
    const actions = this.message.Actions;
    for (let index = 0; index < actions.length; index++) {
      const action = actions[index]!;
      try {
        const value = this.perform(action);
        if (value !== NO_RESULT) this.results.push({ ActionId: action.Id, Value: value });
      } catch (e) {
        const error =
          e instanceof SimOfficeError ? e : new SimOfficeError("GeneralException", String(e), action.Name);
        return { index, error };
      }
    }
    return null;
  }

  /** Runs the operations the object layer queued for one action, now, and returns what the last one answered. */
  private drain(): unknown {
    let answer: unknown = undefined;
    const ops: Op[] = this.ctx._ops;
    this.ctx._ops = [];
    for (const op of ops) {
      this.ctx._core.count(op.m);
      try {
        const out = op.run();
        if (out) answer = out.response;
      } catch (e) {
        if (e instanceof SimOfficeError) {
          e.debugInfo = { ...e.debugInfo, errorLocation: e.debugInfo.errorLocation ?? op.m };
          throw e;
        }
        throw new SimOfficeError("InvalidOperation", String(e), op.m);
      }
    }
    return answer;
  }

  private perform(action: ActionInfo): unknown {
    const target = this.object(action.ObjectPathId);
    switch (action.ActionType) {
      case ACTION.instantiate:
        this.drain();
        return this.identity(target);
      case ACTION.query:
        this.drain();
        return this.query(target, action.QueryInfo ?? {});
      case ACTION.method: {
        if (action.Name === "_KeepReference") return this.keep(target);
        if (action.Name === "_RemoveReference") return this.release(this.arguments(action.ArgumentInfo)[0]);
        const member = (target as unknown as Record<string, unknown>)[memberName(action.Name)];
        if (typeof member !== "function") throw unsupported(`the method ${kindOf(target)}.${action.Name}`);
        const out: unknown = member.apply(target, this.arguments(action.ArgumentInfo));
        this.drain();
        return isClientResult(out) ? out._value : null;
      }
      case ACTION.setProperty: {
        const args = this.arguments(action.ArgumentInfo);
        (target as unknown as Record<string, unknown>)[memberName(action.Name)] = args[0];
        this.drain();
        return NO_RESULT;
      }
      default:
        throw unsupported(`the action type ${action.ActionType} (${action.Name || "unnamed"})`);
    }
  }

  private arguments(info: ObjectPathInfo["ArgumentInfo"]): unknown[] {
    // Office.js sends an omitted optional argument as null (`getCount` → [null]); the model's defaults apply.
    const args = (info?.Arguments ?? []).map((a) => (a === null ? undefined : a));
    (info?.ReferencedObjectPathIds ?? []).forEach((id, i) => {
      if (id) args[i] = this.object(id);
    });
    return args;
  }

  /** The object a path names, made once per request by calling the member it names on its parent. */
  private object(id: number): SimProxy {
    const known = this.objects.get(id);
    if (known) return known;
    const path = this.message.ObjectPaths?.[String(id)];
    if (!path) throw new SimOfficeError("InvalidObjectPath", `Object path ${id} is not in the request.`);
    let made: unknown;
    if (path.ObjectPathType === OBJECT_PATH.global) {
      made = this.ctx.workbook;
    } else if (path.ObjectPathType === OBJECT_PATH.referenceId) {
      made = this.session.references.get(path.Name);
      if (!made) {
        throw new SimOfficeError("InvalidObjectPath", `No object is kept under the reference ${path.Name}.`);
      }
    } else {
      if (path.ParentObjectPathId === undefined) {
        throw new SimOfficeError("InvalidObjectPath", `Object path ${id} has no parent.`);
      }
      const parent = this.object(path.ParentObjectPathId) as unknown as Record<string, unknown>;
      if (path.ObjectPathType === OBJECT_PATH.property) {
        // The runtime hangs off the workbook on the wire (`_Runtime`) and off the context in the model.
        made = path.Name === "_Runtime" ? this.ctx.runtime : parent[memberName(path.Name)];
      } else if (path.ObjectPathType === OBJECT_PATH.method || path.ObjectPathType === OBJECT_PATH.indexer) {
        const name = path.ObjectPathType === OBJECT_PATH.indexer ? "getItem" : memberName(path.Name);
        const member = parent[name];
        if (typeof member !== "function") {
          throw unsupported(`the method ${kindOf(parent)}.${path.Name || "indexer"}`);
        }
        made = member.apply(parent, this.arguments(path.ArgumentInfo));
      } else {
        throw unsupported(`the object path type ${path.ObjectPathType} (${path.Name || "unnamed"})`);
      }
    }
    // A method whose object the model does not need (`TableRowCollection.add`): only its instantiation.
    if (made === undefined && path.ObjectPathType === OBJECT_PATH.method) made = new Placeholder(path.Name);
    if (!isProxy(made)) throw unsupported(`the object path ${path.Name}`);
    this.objects.set(id, made);
    return made;
  }

  /** The answer to an instantiate action: null for a null object, else the object's identity. */
  private identity(target: SimProxy): unknown {
    if (target._resolved === null) return null;
    const reference = this.session.kept.get(target);
    if (reference !== undefined) return { _ReferenceId: reference };
    const id = objectId(target);
    return id === undefined ? {} : { _Id: id };
  }

  /** `_KeepReference`: the object stays addressable by a reference id, answered at its next instantiate. */
  private keep(target: SimProxy): typeof NO_RESULT {
    if (target._resolved !== null && !this.session.kept.has(target)) {
      const reference = `{ref-${this.session.nextReference++}}`;
      this.session.kept.set(target, reference);
      this.session.references.set(reference, target);
    }
    return NO_RESULT;
  }

  /** `workbook._RemoveReference(id)` (a tracked object released): the id addresses nothing from now on. */
  private release(reference: unknown): typeof NO_RESULT {
    const target = this.session.references.get(String(reference));
    if (target) this.session.kept.delete(target);
    this.session.references.delete(String(reference));
    return NO_RESULT;
  }

  private query(target: SimProxy, query: NonNullable<ActionInfo["QueryInfo"]>): unknown {
    if (query.Top !== undefined || query.Skip !== undefined || query.Expand?.length) {
      throw unsupported(`query options other than Select (${JSON.stringify(query)})`);
    }
    if (target._resolved === null) return null;
    target._t(); // a deleted or stale object fails here, as Excel fails to find it
    // `load()` and `load("items")` ask for every scalar: Office.js sends no Select, or "*".
    const select = query.Select && !query.Select.includes("*") ? query.Select : null;
    if (!target._isCollection) return readProperties(target, select ?? [...target._scalars]);
    const collection = target as unknown as CollectionLike;
    const own = (select ?? []).filter((p) => target._scalars.includes(p));
    const itemProps = select === null ? null : select.filter((p) => !target._scalars.includes(p));
    const value = readProperties(target, own) as Record<string, unknown>;
    value._Items = collection._list().map((item) => {
      const proxy = collection._wrap(item);
      proxy._resolved = item;
      return readProperties(
        proxy,
        itemProps === null || itemProps.length === 0 ? [...proxy._scalars] : itemProps,
      );
    });
    return value;
  }
}

const NO_RESULT = Symbol("no result");

/** The object a modelled method returns without modelling it: it can be instantiated, nothing else. */
class Placeholder {
  readonly _pid = 0;
  readonly _scalars: readonly string[] = [];
  _resolved = {};
  readonly _isCollection = false;
  constructor(private readonly made: string) {}
  _t(): never {
    throw unsupported(`members of the object ${this.made} returns`);
  }
  _read(): never {
    return this._t();
  }
}

interface CollectionLike {
  _list(): unknown[];
  _wrap(item: unknown): SimProxy;
}

function readProperties(target: SimProxy, props: readonly string[]): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const p of props) {
    if (!target._scalars.includes(p)) throw unsupported(`the property ${kindOf(target)}.${p}`);
    value[wireName(p)] = target._read(p);
  }
  const id = objectId(target);
  if (id !== undefined) value._Id = id;
  return value;
}

/** The identity Office.js re-addresses an object by: worksheets, tables, columns, parts by id; settings by key. */
function objectId(target: SimProxy): unknown {
  if (!target._scalars.includes("id") && !target._scalars.includes("key")) return undefined;
  return target._read(target._scalars.includes("id") ? "id" : "key");
}

function kindOf(target: unknown): string {
  return (target as { constructor: { name: string } }).constructor.name.replace(/^Sim/, "");
}

function isProxy(value: unknown): value is SimProxy {
  return typeof value === "object" && value !== null && "_pid" in value && "_read" in value;
}

function isClientResult(value: unknown): value is MethodResult<unknown> {
  return value instanceof MethodResult;
}

/**
 * Answers one `ProcessQuery` body as Excel would: refused whole (payload over the limit, a refused sync),
 * or run action by action. Counts the sync, and the real request and response bytes, in `core.stats`.
 */
export async function processQuery(core: SimCore, body: string): Promise<ProcessQueryAnswer> {
  const requestBytes = utf8Length(body);
  const message = parseMessage(body);
  const release = message !== null && isReleaseOnly(message);
  if (release) {
    // Excel.run's own clean-up after the batch, sent without waiting for it: counted apart from syncs.
    core.stats.releases++;
  } else {
    core.stats.syncs++;
    core.stats.payloads.push(requestBytes);
  }
  if (core.latencyMs > 0) await new Promise((r) => setTimeout(r, core.latencyMs));
  const refuse = (status: number, error: SimOfficeError): ProcessQueryAnswer => {
    if (!release) core.stats.responses.push(0);
    return {
      statusCode: status,
      body: JSON.stringify({ error: { code: error.code, message: error.message } }),
    };
  };
  try {
    if (!release) core.checkRefusal(core.stats.syncs);
  } catch (e) {
    // Excel refusing the batch as a whole (cell-edit mode, a conflict): an error in the answer, no action run.
    const error = e as SimOfficeError;
    core.stats.responses.push(0);
    return {
      statusCode: 200,
      body: JSON.stringify({
        Results: [],
        Error: { Code: error.code, Message: error.message, HttpStatusCode: 409 },
      }),
    };
  }
  if (requestBytes > core.payloadLimitBytes) {
    return refuse(
      400,
      new SimOfficeError(
        "RequestPayloadSizeLimitExceeded",
        `The request payload size has exceeded the limit (${requestBytes} > ${core.payloadLimitBytes} bytes).`,
      ),
    );
  }
  if (message === null) {
    return refuse(
      400,
      new SimOfficeError(
        "InvalidArgument",
        "The request body is not a RichApi message ({ Actions, ObjectPaths }).",
      ),
    );
  }
  const started = performance.now();
  const run = new QueryRun(core, message);
  let failure: ReturnType<QueryRun["run"]>;
  try {
    failure = run.run();
  } finally {
    // What ran stays applied even when the request fails, so listeners hear of every request that may have
    // changed the workbook (a method or a property set), failed or not.
    if (!release && message.Actions.some(changes)) core.notify();
  }
  const answer: Record<string, unknown> = { Results: run.results };
  if (failure) {
    const { index, error } = failure;
    answer.Error = {
      Code: error.code,
      Message: error.message,
      Location: error.debugInfo.errorLocation ?? "",
      ActionIndex: index,
      HttpStatusCode: 400,
    };
  }
  const text = JSON.stringify(answer);
  core.stats.workbookMs += performance.now() - started;
  const responseBytes = utf8Length(text);
  if (!release) core.stats.responses.push(responseBytes);
  if (responseBytes > core.payloadLimitBytes) {
    return {
      statusCode: 400,
      body: JSON.stringify({
        error: {
          code: "ResponsePayloadSizeLimitExceeded",
          message: `The response payload size has exceeded the limit (${responseBytes} > ${core.payloadLimitBytes} bytes).`,
        },
      }),
    };
  }
  return { statusCode: 200, body: text };
}

function changes(action: ActionInfo): boolean {
  const reference = action.Name === "_KeepReference" || action.Name === "_RemoveReference";
  return (action.ActionType === ACTION.method || action.ActionType === ACTION.setProperty) && !reference;
}

/** A request that only releases kept references (`_RemoveReference` on the workbook, after `Excel.run`). */
function isReleaseOnly(message: RichApiMessage): boolean {
  const actions = message.Actions;
  return (
    actions.some((a) => a.Name === "_RemoveReference") &&
    actions.every((a) => a.ActionType === ACTION.instantiate || a.Name === "_RemoveReference")
  );
}

/** The request message, parsed once; null unless it has the shape Office.js sends (`{ Actions, ObjectPaths }`). */
function parseMessage(body: string): RichApiMessage | null {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    return null;
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(message) || !Array.isArray(message.Actions) || !isObject(message.ObjectPaths)) return null;
  return message.Actions.every(isObject) ? (message as unknown as RichApiMessage) : null;
}
