/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { startFakeTomoviee, tomovieeCredentialFor, type FakeTomoviee } from '../../fake-tomoviee';
import { REPO_ROOT, loadPackageNodeTypes, runNodeWorkflow } from '../../harness';

const BUILT_NODE = path.join(REPO_ROOT, 'dist/nodes/Tomoviee/TomovieeImageToVideo.node.js');

// The harness loads the built package, as n8n does; CI builds before it tests.
if (!existsSync(BUILT_NODE)) {
	throw new Error(`${BUILT_NODE} is missing: run "npm run build" before these tests`);
}

describe('test harness with the built n8n-nodes-tomoviee package', () => {
	let fake: FakeTomoviee;

	beforeAll(async () => {
		fake = await startFakeTomoviee();
	});

	afterAll(async () => {
		await fake.close();
	});

	it('loads the node and the credential from the repository root under their published names', async () => {
		const types = await loadPackageNodeTypes();
		expect(types.fullNodeType('tomovieeImageToVideo')).toBe('n8n-nodes-tomoviee.tomovieeImageToVideo');
		expect(types.credentialTypeNames()).toContain('tomovieeApi');
	});

	it('runs a create through n8n-core with the credential applied as n8n applies it', async () => {
		const result = await runNodeWorkflow({
			node: {
				parameters: { operation: 'create', prompt: '={{ $json.prompt }}', imageUrl: 'https://example.com/cat.png' },
			},
			items: [{ prompt: 'a cat turns its head' }],
			credentials: { tomovieeApi: tomovieeCredentialFor(fake) },
		});

		expect(result.executionStatus).toBe('success');
		const [createRequest] = fake.requests({ route: 'create' });
		expect(createRequest.authorized).toBe(true);
		expect(createRequest.headers.authorization).toBe(
			`Basic ${Buffer.from(`${fake.switches.appKey}:${fake.switches.appSecret}`).toString('base64')}`,
		);
		expect(createRequest.headers['x-app-key']).toBe(fake.switches.appKey);
		expect(result.output).toEqual([
			{ json: expect.objectContaining({ taskId: createRequest.taskId, status: 'queued' }), pairedItem: { item: 0 } },
		]);
	});
});
