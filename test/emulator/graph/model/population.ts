/**
 * The living population of a day, per profile: how many occupants of each profile are alive (created,
 * not yet deleted) and the sum of their creation days. Daily totals are sums over profiles of these
 * counts times what a profile does that day, so a day costs the number of distinct profiles, not the
 * number of users. Walking from day to day applies only the occupants created and deleted that day.
 */
import { Lifecycle, Occupant } from "./lifecycle";

export class PopulationState {
  readonly alive: Int32Array;
  readonly createdSum: Float64Array;
  /** The profiles with at least one living occupant, in `occupied[0 .. occupiedCount)`. */
  readonly occupied: Int32Array;
  occupiedCount = 0;
  private readonly position: Int32Array;

  constructor(profiles: number) {
    this.alive = new Int32Array(profiles);
    this.createdSum = new Float64Array(profiles);
    this.occupied = new Int32Array(profiles);
    this.position = new Int32Array(profiles).fill(-1);
  }

  add(profile: number, created: number): void {
    const alive = this.alive[profile]!;
    this.alive[profile] = alive + 1;
    if (alive === 0) {
      this.position[profile] = this.occupiedCount;
      this.occupied[this.occupiedCount++] = profile;
    }
    this.createdSum[profile] = this.createdSum[profile]! + created;
  }

  remove(profile: number, created: number): void {
    this.createdSum[profile] = this.createdSum[profile]! - created;
    this.alive[profile] = this.alive[profile]! - 1;
    if (this.alive[profile] === 0) {
      const at = this.position[profile]!;
      const last = this.occupied[--this.occupiedCount]!;
      this.occupied[at] = last;
      this.position[last] = at;
      this.position[profile] = -1;
    }
  }
}

/**
 * Calls `onDay` for each day from `from` to `to` with that day's living population: one pass over the
 * slots for the first day, then only the day's creations and deletions.
 */
export function walkPopulation(
  lifecycle: Lifecycle,
  profiles: number,
  profileOf: (uid: number) => number,
  from: number,
  to: number,
  onDay: (day: number, state: PopulationState) => void,
): void {
  const state = new PopulationState(profiles);
  const at = new Occupant();
  for (let s = 0; s < lifecycle.count; s++) {
    lifecycle.locate(s, from, at);
    if (!at.deleted) state.add(profileOf(at.uid), at.created);
  }
  onDay(from, state);
  for (let day = from + 1; day <= to; day++) {
    lifecycle.forEachDeleted(day, (slot) => {
      lifecycle.locate(slot, day, at);
      state.remove(profileOf(at.uid), at.created);
    });
    lifecycle.forEachCreated(day, (slot) => {
      lifecycle.locate(slot, day, at);
      state.add(profileOf(at.uid), at.created);
      // Without a listing after deletion, the predecessor leaves the day its successor arrives.
      if (lifecycle.listedDays === 0) {
        state.remove(profileOf(at.uid - lifecycle.count), at.created - lifecycle.cycleOf(slot));
      }
    });
    onDay(day, state);
  }
}
