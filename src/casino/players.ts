// What the edges need to know about players; the implementation keeps players in the
// store and their money in the ledger.
export interface PlayerInfo {
  playerId: string;
  name: string;
  /** play-money balance in minor units */
  balance: number;
}

export interface PlayerDirectory {
  createGuest(name: string): Promise<PlayerInfo>;
  get(playerId: string): Promise<PlayerInfo | null>;
}
