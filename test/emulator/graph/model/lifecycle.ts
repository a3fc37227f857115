/**
 * Who is in the tenant on a given day. A population (users, sites, groups, teams, communities) has a
 * fixed number of slots; each slot is held by a sequence of occupants. An occupant is created, lives
 * for the slot's cycle, is deleted, and stays in the reports as deleted for `listedDays` (Graph keeps
 * deleted users for less than 30 days); the next occupant is created the day after it leaves them.
 * So every day lists exactly one occupant per slot — `count` rows in a detail report — while people
 * join and leave over time. Occupants depend on the slot and the day only, never on the data seed or
 * version: those change values, not identities.
 */
import { dayOf } from "./calendar";
import { between, mix } from "./hash";

/** The model's first day: the tenant's history starts here. */
export const FIRST_DAY = dayOf("2000-01-01");

/** One slot's occupant on one day (filled in place: no allocation per row). */
export class Occupant {
  slot = 0;
  /** Unique number of the occupant among every occupant the population ever had. */
  uid = 0;
  created = 0;
  /** The day it is (or will be) deleted: its last active day is the day before. */
  deletedDay = 0;
  /** Deleted and still listed on the day asked. */
  deleted = false;
}

export class Lifecycle {
  private readonly cycle: Int32Array;
  private readonly phase: Int32Array;
  private readonly firstGeneration: Int32Array;
  private readonly shortestCycle: number;
  /** Per distinct cycle length: the slots ordered by phase, and where each phase starts. */
  private readonly byPhase: { length: number; slots: Int32Array; starts: Int32Array }[];

  constructor(
    readonly count: number,
    salt: number,
    cycles: readonly number[],
    readonly listedDays: number,
  ) {
    this.shortestCycle = Math.min(...cycles);
    this.cycle = new Int32Array(count);
    this.phase = new Int32Array(count);
    this.firstGeneration = new Int32Array(count);
    const which = new Uint8Array(count);
    for (let s = 0; s < count; s++) {
      which[s] = between(mix(s, salt), 0, cycles.length - 1);
      const length = cycles[which[s]!]!;
      this.cycle[s] = length;
      this.phase[s] = between(mix(s, salt + 1), 0, length - 1);
      this.firstGeneration[s] = Math.floor((FIRST_DAY + this.phase[s]!) / length);
    }
    // Counting sort of the slots by (cycle length, phase): the slots whose occupant changes on a day.
    this.byPhase = cycles.map((length, c) => {
      const starts = new Int32Array(length + 1);
      for (let s = 0; s < count; s++) {
        if (which[s] === c) starts[this.phase[s]! + 1] = starts[this.phase[s]! + 1]! + 1;
      }
      for (let i = 0; i < length; i++) starts[i + 1] = starts[i + 1]! + starts[i]!;
      const slots = new Int32Array(starts[length]!);
      const next = starts.slice(0, length);
      for (let s = 0; s < count; s++) {
        if (which[s] !== c) continue;
        const phase = this.phase[s]!;
        slots[next[phase]!] = s;
        next[phase] = next[phase]! + 1;
      }
      return { length, slots, starts };
    });
  }

  /** A number above the uid of every occupant up to `day` (rows beyond the tenant are numbered from it). */
  uidCeiling(day: number): number {
    return this.count * (Math.floor((day - FIRST_DAY) / this.shortestCycle) + 2);
  }

  /** Days between an occupant's creation and its successor's in this slot. */
  cycleOf(slot: number): number {
    return this.cycle[slot]!;
  }

  /** The occupant of `slot` on `day` (a day from FIRST_DAY on). */
  locate(slot: number, day: number, into: Occupant): Occupant {
    const length = this.cycle[slot]!;
    const position = day + this.phase[slot]!;
    const generation = Math.floor(position / length);
    const r = position - generation * length;
    into.slot = slot;
    into.uid = slot + this.count * (generation - this.firstGeneration[slot]!);
    into.created = day - r;
    into.deletedDay = into.created + length - this.listedDays;
    into.deleted = r >= length - this.listedDays;
    return into;
  }

  /** Calls `visit` for each slot whose occupant is created on `day`. */
  forEachCreated(day: number, visit: (slot: number) => void): void {
    for (const { length, slots, starts } of this.byPhase) {
      const phase = ((-day % length) + length) % length;
      for (let i = starts[phase]!; i < starts[phase + 1]!; i++) visit(slots[i]!);
    }
  }

  /** Calls `visit` for each slot whose occupant is deleted on `day` (and stays listed as deleted). */
  forEachDeleted(day: number, visit: (slot: number) => void): void {
    if (this.listedDays === 0) return;
    for (const { length, slots, starts } of this.byPhase) {
      const phase = (((length - this.listedDays - day) % length) + length) % length;
      for (let i = starts[phase]!; i < starts[phase + 1]!; i++) visit(slots[i]!);
    }
  }
}
