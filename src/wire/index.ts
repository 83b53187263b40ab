// The public surface of the wire layer: what the app (casino, main, cluster) may import.
export { Endpoint, type EndpointOptions, type EndpointStats, type EndpointState } from './endpoint.ts';
export { Channel, type ChannelSocket, type ChannelClass } from './channel.ts';
export { type PubSub, type Subscriber, LocalPubSub } from './pubsub.ts';
export { type PresenceTracker, LocalPresence, PRESENCE_DIFF, PRESENCE_STATE } from './presence.ts';
export { PresenceState, makeRefGenerator, type Meta, type PresenceMap, type PresenceDiff } from './presence_state.ts';
export { type Limits, defaultLimits, type Logger } from './context.ts';
export { type ChannelSupervisor, channelSupervisor } from './supervision.ts';
export { type ConnectInfo, type Params } from './handshake.ts';
export { type ConnectFn, ConnectRefusal, type Refused } from './transport.ts';
export { type JsonObject, type BinaryPayload, type BroadcastMessage, CloseCodes, EncodedJson } from './message.ts';
export { ChannelTest, TestChannel, type Frame, type Reply } from './testing.ts';
