// Guests of the real server: sign-up over HTTP (POST /api/guests → token), then a
// Phoenix socket authenticated with that token. Used wherever the load process plays
// the real casino protocol (`--target tables`, mixed).
import { connectPhoenix, type PhoenixClient } from './phoenix-client.ts';
import type { ConnectOptions } from './client.ts';

export interface Guest {
  player_id: string;
  name: string;
  token: string;
  /** The wallet at sign-up (the server's guest balance). */
  balance?: number;
}

export async function signUp(port: number, name: string): Promise<Guest> {
  const res = await fetch(`http://127.0.0.1:${port}/api/guests`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`guest sign-up: ${res.status} ${await res.text()}`);
  return (await res.json()) as Guest;
}

/** Sign up a guest named bench<idx> and connect as that guest. */
export async function connectGuest(o: ConnectOptions): Promise<{ guest: Guest; client: PhoenixClient }> {
  const guest = await signUp(o.port, `bench${o.idx}`);
  return { guest, client: await connectPhoenix(o, { token: guest.token }) };
}
