/** The shim's objects: a member it does not model throws when read, rather than reading as undefined. */

const WHERE = "test/emulator/preview/office-shim.ts";

/** Names JavaScript, bundlers and dev tools probe on any object; reading them must not throw. */
const PROBES = new Set(["then", "toJSON", "constructor", "toString", "valueOf", "$$typeof", "__esModule"]);

export function notModelled(name: string): never {
  throw new Error(`${name} is not modelled by the preview (${WHERE}).`);
}

/** An object whose unknown members throw instead of reading as undefined. */
export function strict<T extends object>(name: string, members: T): T {
  return new Proxy(members, {
    get(target, prop, receiver) {
      if (typeof prop === "string" && !(prop in target) && !PROBES.has(prop)) notModelled(`${name}.${prop}`);
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** `isSetSupported` against a table of the highest version per set. */
export function supportsSet(
  sets: Record<string, string>,
  name: string,
  minVersion?: string | number,
): boolean {
  const have = Object.entries(sets).find(([set]) => set.toLowerCase() === name.toLowerCase())?.[1];
  if (have === undefined) return false;
  const want = String(minVersion ?? "1.1")
    .split(".")
    .map(Number);
  const got = have.split(".").map(Number);
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const d = (got[i] ?? 0) - (want[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** office.js's enums as they are at run time (@types/office-js declares them as TypeScript enums). */
export const OFFICE_ENUMS = {
  VisibilityMode: { hidden: "Hidden", taskpane: "Taskpane" },
  HostType: {
    Word: "Word",
    Excel: "Excel",
    PowerPoint: "PowerPoint",
    Outlook: "Outlook",
    OneNote: "OneNote",
    Project: "Project",
    Access: "Access",
    Visio: "Visio",
  },
  PlatformType: {
    PC: "PC",
    OfficeOnline: "OfficeOnline",
    Mac: "Mac",
    iOS: "iOS",
    Android: "Android",
    Universal: "Universal",
  },
  AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
  EventType: { DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
};
