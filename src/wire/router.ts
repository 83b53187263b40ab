// Topic routing: `['lobby', Lobby]` matches one topic, `['table:*', Table]` every topic
// with that prefix (Phoenix's `channel "table:*"`). Exact routes win over wildcards and
// longer prefixes over shorter ones, so a route list's order never changes the answer.
export interface Route<C> {
  pattern: string;
  channel: C;
  /** The prefix before `*`, used for stats (`table:*` → `table`). */
  label: string;
}

export class Router<C> {
  readonly #exact = new Map<string, Route<C>>();
  readonly #prefixes: Array<{ prefix: string; route: Route<C> }> = [];

  constructor(routes: ReadonlyArray<readonly [string, C]>) {
    for (const [pattern, channel] of routes) {
      const star = pattern.indexOf('*');
      if (star !== -1 && star !== pattern.length - 1) throw new Error(`route "${pattern}": '*' may only end a pattern`);
      const label = star === -1 ? pattern : pattern.slice(0, star).replace(/:$/, '');
      const route = { pattern, channel, label };
      if (star === -1) this.#exact.set(pattern, route);
      else this.#prefixes.push({ prefix: pattern.slice(0, -1), route });
    }
    this.#prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  match(topic: string): Route<C> | undefined {
    const exact = this.#exact.get(topic);
    if (exact !== undefined) return exact;
    for (const p of this.#prefixes) if (topic.startsWith(p.prefix)) return p.route;
    return undefined;
  }

  get routes(): Route<C>[] {
    return [...this.#exact.values(), ...this.#prefixes.map((p) => p.route)];
  }
}
