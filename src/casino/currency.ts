// The play-money currency every table uses (the ledger supports others per account).
export const CURRENCY = 'PLAY';
