// Seated players with no channel at the table. Pure bookkeeping, like seating.ts: the room
// arms the grace timers and decides what a change means for the game.
//
// An absent player is `away` — sitting out (not dealt in, not waited for) while the grace
// timer with the given id runs; a newer disconnect supersedes an older timer — or
// `leaving`: the grace ran out mid-round, and they leave the seat when the round settles
// (a player is never pulled out of a running round; the clock plays it out). A player
// with no entry is here.
type Absence = { type: 'away'; grace: number } | { type: 'leaving' };

export class Presence {
  readonly #absent = new Map<string, Absence>();
  #graces = 0;
  #away: ReadonlySet<string> | null = null;

  /** Absent players, away or leaving (GameContext.away: the games do not wait for them). */
  get away(): ReadonlySet<string> {
    return (this.#away ??= new Set(this.#absent.keys()));
  }

  /** No seated player is away or leaving (no grace timer runs). */
  get empty(): boolean {
    return this.#absent.size === 0;
  }

  get hasLeavers(): boolean {
    for (const a of this.#absent.values()) if (a.type === 'leaving') return true;
    return false;
  }

  leavers(): string[] {
    return [...this.#absent].filter(([, a]) => a.type === 'leaving').map(([p]) => p);
  }

  /** A seated player lost their last channel: away from now. Returns the id of the grace timer to arm. */
  wentAway(playerId: string): number {
    const grace = ++this.#graces;
    this.#set(playerId, { type: 'away', grace });
    return grace;
  }

  /** Grace timer `id` of this player is the one running (not superseded, not answered by a return). */
  isGrace(playerId: string, id: unknown): boolean {
    const a = this.#absent.get(playerId);
    return a?.type === 'away' && a.grace === id;
  }

  /** The grace ran out mid-round: the player leaves when the round settles. */
  leaveAfterRound(playerId: string): void {
    this.#set(playerId, { type: 'leaving' });
  }

  /** The player is back, or gave up the seat: no longer absent. */
  clear(playerId: string): void {
    if (this.#absent.delete(playerId)) this.#away = null;
  }

  #set(playerId: string, a: Absence): void {
    this.#absent.set(playerId, a);
    this.#away = null;
  }
}
