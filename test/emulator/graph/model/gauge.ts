/**
 * Quantities that grow with an occupant's age (storage, items, files): `base + rate × (day − created)`
 * per profile, in whole units. The total over a day's living population is then exact in closed form:
 * Σ over profiles of alive × base + rate × (alive × day − Σ created). A few profiles may follow their
 * own curve instead (`special`), the same for all their occupants.
 */
import type { PopulationState } from "./population";

export interface Special {
  /** 1 for profiles that follow `at` instead of base + rate × age. */
  readonly is: Uint8Array;
  at(profile: number, day: number): number;
}

export class Gauge {
  constructor(
    readonly base: Float64Array,
    readonly rate: Float64Array,
    readonly special?: Special,
  ) {}

  /** The value for an occupant of `profile` created on `created`, on `day`. */
  value(profile: number, created: number, day: number): number {
    if (this.special?.is[profile]) return this.special.at(profile, day);
    return this.base[profile]! + this.rate[profile]! * (day - created);
  }

  /** The sum over the living population of `day`. */
  total(state: PopulationState, day: number): number {
    let sum = 0;
    for (let i = 0; i < state.occupiedCount; i++) {
      const p = state.occupied[i]!;
      const alive = state.alive[p]!;
      if (this.special?.is[p]) sum += alive * this.special.at(p, day);
      else sum += alive * this.base[p]! + this.rate[p]! * (alive * day - state.createdSum[p]!);
    }
    return sum;
  }
}
