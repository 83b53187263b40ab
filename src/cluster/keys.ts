// Every Redis key and channel the cluster uses, in one place (docs/cluster.md lists them).
// One prefix per cluster (PITBOSS_REDIS_PREFIX), so several clusters — or test runs — can
// share a Redis server without seeing each other.

export interface ClusterKeys {
  /** A node's lease: value = its fencing token, PX = the lease time. */
  lease(nodeId: string): string;
  /** The prefix of lease keys (the membership scan script builds lease keys from it). */
  readonly leasePrefix: string;
  /** Hash nodeId → token of every node that joined and was not yet seen gone. */
  readonly members: string;
  /** INCR counter: the fencing tokens, increasing across the cluster's life. */
  readonly fence: string;
  /** The one PubSub channel every node publishes to and subscribes to (see redis_pubsub.ts). */
  readonly bus: string;
  /** Hash nodeId → token of nodes draining (handing their tables over before they stop): placement skips them. */
  readonly draining: string;
  /** Hash table id → its claim: JSON {node, token, config} (table_claims.ts). */
  readonly tableOwners: string;
  /** Hash table id → the table's listing row as its owner last showed it. */
  readonly tableRows: string;
  /** Sorted set (all scores 0) of listed table ids: pages are ZRANGE BYLEX from a cursor. */
  readonly tableIds: string;
  /** Hash nodeId → its connection counts, players and tables as it last wrote them (census.ts). */
  readonly census: string;
  /** Hash table id → the highest event number its owners may have given (table_seqs.ts). */
  readonly tableSeqs: string;
}

export function clusterKeys(prefix: string): ClusterKeys {
  return {
    lease: (nodeId) => `${prefix}lease:${nodeId}`,
    leasePrefix: `${prefix}lease:`,
    members: `${prefix}members`,
    draining: `${prefix}draining`,
    fence: `${prefix}fence`,
    bus: `${prefix}bus`,
    tableOwners: `${prefix}tables:owner`,
    tableRows: `${prefix}tables:row`,
    tableIds: `${prefix}tables:ids`,
    census: `${prefix}census`,
    tableSeqs: `${prefix}tables:seq`,
  };
}

/** A node id is embedded in keys and log lines: a short name of safe characters. */
export const NODE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
