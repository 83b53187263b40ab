// The casino's own figures for Prometheus: rounds settled, bets and handle (money staked),
// payouts — gross gaming revenue is handle minus payouts, per minute in PromQL —, how long
// the ledger took to settle a round, table crashes and refused connections. Counters only
// grow; rates and per-minute figures are the dashboard's (docs/grafana/pitboss.json).
// Amounts are minor units, as everywhere.
import { Counter, Histogram, Registry } from 'prom-client';

export interface SettledRound {
  game: string;
  results: ReadonlyArray<{ stake: number; payout: number }>;
  /** The ledger's settlement call, start to commit (ms). */
  settleMs: number;
}

export class BusinessMetrics {
  readonly registry = new Registry();
  readonly #rounds: Counter<'game'>;
  readonly #bets: Counter<'game'>;
  readonly #handle: Counter<'game'>;
  readonly #payouts: Counter<'game'>;
  readonly #settle: Histogram<'game'>;
  readonly #refused: Counter<'via' | 'reason'>;
  #betsSettled = 0;

  constructor(sources: { tableCrashes?: () => number } = {}) {
    const registers = [this.registry];
    this.#rounds = new Counter({ name: 'pitboss_rounds_settled_total', help: 'Rounds settled, by game', labelNames: ['game'], registers });
    this.#bets = new Counter({ name: 'pitboss_bets_total', help: 'Stakes placed in settled rounds (one per player and round), by game', labelNames: ['game'], registers });
    this.#handle = new Counter({ name: 'pitboss_handle_total', help: 'Money staked in settled rounds (minor units), by game', labelNames: ['game'], registers });
    this.#payouts = new Counter({ name: 'pitboss_payouts_total', help: 'Money paid out by settled rounds (minor units), by game', labelNames: ['game'], registers });
    this.#settle = new Histogram({
      name: 'pitboss_round_settlement_seconds', help: "The ledger's settlement of a round, call to commit", labelNames: ['game'], registers,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    this.#refused = new Counter({ name: 'pitboss_connections_refused_total', help: 'Connections and requests refused at the edge, by where and why', labelNames: ['via', 'reason'], registers });
    const crashes = sources.tableCrashes;
    if (crashes) {
      let seen = 0;
      new Counter({
        name: 'pitboss_table_crashes_total', help: 'Table processes that ended abnormally', registers,
        collect() {
          const now = crashes();
          if (now > seen) this.inc(now - seen);
          seen = now;
        },
      });
    }
  }

  settled(r: SettledRound): void {
    const game = r.game;
    let staked = 0;
    let paid = 0;
    for (const x of r.results) {
      staked += x.stake;
      paid += x.payout;
    }
    this.#rounds.inc({ game });
    if (r.results.length > 0) this.#bets.inc({ game }, r.results.length);
    this.#betsSettled += r.results.length;
    if (staked > 0) this.#handle.inc({ game }, staked);
    if (paid > 0) this.#payouts.inc({ game }, paid);
    this.#settle.observe({ game }, r.settleMs / 1000);
  }

  /** Stakes placed in settled rounds since start, every game: the dashboard's bets per second (read synchronously). */
  get betsSettled(): number {
    return this.#betsSettled;
  }

  refused(via: string, reason: string): void {
    this.#refused.inc({ via, reason });
  }
}
