import { LocalPubSub } from '../../src/wire/pubsub.ts';
import { runPubSubConformance } from './pubsub_conformance.ts';

runPubSubConformance('LocalPubSub', async () => new LocalPubSub());
