/**
 * oidc-provider storage in memory, one store per provider (the package's own memory adapter shares one
 * global store between every provider in the process and warns on start), that can forget everything at
 * once: sessions, grants, codes and refresh tokens.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from "oidc-provider";

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms, or Infinity. */
  expiresAt: number;
}

/** Models whose records belong to a grant, so that revoking the grant removes them. */
const GRANTABLE = new Set([
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
  "PreAuthorizedCode",
]);

export class MemoryStore {
  private readonly entries = new Map<string, Entry>();
  /** Session uid → session id. */
  private readonly sessionUids = new Map<string, string>();
  /** User code → device code id. */
  private readonly userCodes = new Map<string, string>();
  /** Grant id → keys of the records issued under it. */
  private readonly grants = new Map<string, Set<string>>();
  private writes = 0;

  /** Forget everything: every session, grant, code and token the provider stored. */
  clear(): void {
    this.entries.clear();
    this.sessionUids.clear();
    this.userCodes.clear();
    this.grants.clear();
  }

  /** Drop expired records, so that a long-running provider (the demo) does not grow without bound. */
  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  adapterFactory(): AdapterFactory {
    return (model) => this.adapter(model);
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  private adapter(model: string): Adapter {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        if (++this.writes % 500 === 0) this.sweep();
        const key = keyOf(id);
        const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : Infinity;
        this.entries.set(key, { payload, expiresAt });
        if (model === "Session" && payload.uid) this.sessionUids.set(payload.uid, id);
        if (payload.userCode) this.userCodes.set(payload.userCode, id);
        if (GRANTABLE.has(model) && payload.grantId) {
          const members = this.grants.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          this.grants.set(payload.grantId, members);
        }
      },
      find: async (id) => this.get(keyOf(id)),
      findByUid: async (uid) => {
        const id = this.sessionUids.get(uid);
        return id === undefined ? undefined : this.get(keyOf(id));
      },
      findByUserCode: async (userCode) => {
        const id = this.userCodes.get(userCode);
        return id === undefined ? undefined : this.get(keyOf(id));
      },
      consume: async (id) => {
        const payload = this.get(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.entries.delete(keyOf(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const key of this.grants.get(grantId) ?? []) this.entries.delete(key);
        this.grants.delete(grantId);
      },
    };
  }
}
