// Running mean and variance of a per-round return (Welford), turned into the RTP and its
// normal-approximation 95% interval. Shared by the table games' simulations (blackjack,
// baccarat and roulette import it from here).
import type { BetStats } from '../types.ts';

export class Tally {
  n = 0;
  private mean = 0;
  private m2 = 0;

  /** One round's return per unit of the reference stake (1 = got the stake back). */
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }

  stats(): BetStats {
    const variance = this.n > 1 ? this.m2 / (this.n - 1) : 0;
    const half = this.n > 0 ? 1.96 * Math.sqrt(variance / this.n) : 0;
    return { rtp: this.mean, house_edge: 1 - this.mean, ci95: [this.mean - half, this.mean + half] };
  }
}
