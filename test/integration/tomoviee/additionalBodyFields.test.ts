/**
 * Additional Body Fields (JSON) of the Tomoviee node through n8n-core against the fake: the same rule as the Image to
 * Video node, for every generation and Custom Capability.
 */
import { createPathOf } from '../../fake-tomoviee';
import { IMAGE_URL, OPERATIONS, operationCase } from '../../fixtures/generationOperations';
import { errorOf, useFake } from '../support';
import { generation, runTomoviee } from './support';

const fake = useFake();

const MASK = 'https://images.example.com/photos/mask.png';

describe.each(OPERATIONS)('$resource > $operation', (operation) => {
	it("sends the client's body with a field added and the prompt replaced, last", async () => {
		const result = await runTomoviee(fake, {
			parameters: generation(operation, {
				mode: 'create',
				options: { additionalBodyFields: '{"prompt": "replaced", "extra_field": 7}' },
			}),
		});

		expect(result.executionStatus).toBe('success');
		const [create] = fake.requests({ route: 'create' });
		expect(create.path).toBe(createPathOf(operation.capability));
		expect(create.body).toStrictEqual({ ...operation.body, prompt: 'replaced', extra_field: 7 });
	});
});

describe('Additional Body Fields (JSON)', () => {
	it('gives Redraw the field names the real API may use (mask_url), in Create and Wait', async () => {
		const redraw = operationCase('redraw');
		const result = await runTomoviee(fake, {
			parameters: generation(redraw, { options: { pollIntervalSeconds: 1, additionalBodyFields: { mask_url: MASK } } }),
		});

		expect(result.executionStatus).toBe('success');
		expect(fake.requests({ route: 'create' })[0].body).toStrictEqual({ ...redraw.body, mask_url: MASK });
	});

	it('is merged after the Custom Capability body', async () => {
		const result = await runTomoviee(fake, {
			parameters: {
				resource: 'custom',
				operation: 'run',
				mode: 'create',
				capabilityId: 'tm_redrawing',
				body: `{"prompt": "a starry sky", "init_image": "${IMAGE_URL}"}`,
				options: { additionalBodyFields: `{"init_image": "${MASK}"}` },
			},
		});

		expect(result.executionStatus).toBe('success');
		expect(fake.requests({ route: 'create' })[0].body).toStrictEqual({ prompt: 'a starry sky', init_image: MASK });
	});

	it.each([
		['invalid JSON', '{'],
		['a number', '42'],
	])('%s fails the item before any request', async (_, value) => {
		const result = await runTomoviee(fake, {
			parameters: generation(operationCase('textToVideo'), { options: { additionalBodyFields: value } }),
		});

		const error = errorOf(result);
		expect(error.message).toMatch(/^'Additional Body Fields \(JSON\)' /);
		expect(fake.countRequests({ route: 'create' })).toBe(0);
	});
});
