import type { FakeTomoviee } from './server';

/** The node's `tomovieeApi` credential data. A type alias, not an interface, so it fits n8n's index-signature credential types. */
export type FakeTomovieeCredential = { appKey: string; appSecret: string; gateway: 'custom'; baseUrl: string };

/** The credential that points the node at this fake through the custom gateway, with the fake's current keys. */
export function tomovieeCredentialFor(fake: Pick<FakeTomoviee, 'url' | 'switches'>): FakeTomovieeCredential {
	return { appKey: fake.switches.appKey, appSecret: fake.switches.appSecret, gateway: 'custom', baseUrl: fake.url };
}
