// The public surface of the cluster layer (REDIS_URL set): what main.ts wires in.
export { Membership, type MembershipOptions, type MembershipEvents, type LeaseState } from './membership.ts';
export { RedisPubSub, type RedisPubSubOptions } from './redis_pubsub.ts';
export { ClusterPresence, PRESENCE_TOPIC, type ClusterBus, type ClusterPresenceOptions } from './cluster_presence.ts';
export { clusterKeys, NODE_ID_PATTERN, type ClusterKeys } from './keys.ts';
export { connectionName, redisClient, type RedisTls } from './redis_client.ts';
export { Rpc, rpcMethod, rpcTopic, type RpcMethod, type RpcMembers, type RpcOptions } from './rpc.ts';
export { ownerOf, preference } from './placement.ts';
export { ClusterCensus, type CensusView, type NodeCensus } from './census.ts';
export { TableClaims, type TableClaim, type ClaimsMembers, type TableClaimsOptions } from './table_claims.ts';
export { TableSeqs } from './table_seqs.ts';
