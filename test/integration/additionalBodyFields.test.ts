/**
 * Additional Body Fields (JSON) of the Tomoviee Image to Video node through n8n-core against the fake: merged into
 * the create body last (a field added, one of the node's replaced) as the fake received it; anything but a JSON
 * object fails the item before any request.
 */
import { errorOf, IMAGE_URL, jsonOf, runNode, submitParameters, useFake } from './support';

const fake = useFake();

const OTHER_IMAGE = 'https://images.example.com/photos/fox-2.png';

describe('Additional Body Fields (JSON)', () => {
	it.each(['create', 'createAndWait'] as const)(
		"%s: adds a field and replaces one of the node's",
		async (operation) => {
			const parameters = submitParameters(operation);
			const result = await runNode(fake, {
				parameters: {
					...parameters,
					options: {
						...(parameters.options as object),
						params: 'row-1',
						additionalBodyFields: `{"reference_image": "${IMAGE_URL}", "image": "${OTHER_IMAGE}", "params": "row-2"}`,
					},
				},
			});

			expect(result.executionStatus).toBe('success');
			const creates = fake.requests({ route: 'create' });
			expect(creates).toHaveLength(1);
			expect(creates[0].body).toStrictEqual({
				prompt: 'a red fox turns its head, snow falls behind it',
				image: OTHER_IMAGE,
				resolution: '720p',
				duration: 5,
				aspect_ratio: 'original',
				params: 'row-2',
				reference_image: IMAGE_URL,
			});
			// The params the task carries are the ones sent.
			expect(jsonOf(result)[0]).toMatchObject({ params: 'row-2' });
		},
	);

	it('takes an object from an expression, per item', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('create', { options: { additionalBodyFields: '={{ $json.extra }}' } }),
			items: [
				{ prompt: 'one', extra: { mask_url: IMAGE_URL } },
				{ prompt: 'two', extra: {} },
			],
		});

		expect(result.executionStatus).toBe('success');
		const bodies = fake.requests({ route: 'create' }).map((request) => request.body as Record<string, unknown>);
		expect(bodies.map((body) => body.mask_url)).toEqual([IMAGE_URL, undefined]);
	});

	it.each([
		['invalid JSON', '{"image": '],
		['an array', '[{"image": "x"}]'],
		['a string', '"reference_image"'],
		['null', 'null'],
	])('%s fails the item before any request, naming the option and the fix', async (_, value) => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { options: { additionalBodyFields: value } }),
		});

		const error = errorOf(result);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(/^'Additional Body Fields \(JSON\)' .*e\.g\. \{"reference_image"/);
		expect(error.description).toMatch(/Nothing was sent to Tomoviee/);
		expect(fake.countRequests({ route: 'create' })).toBe(0);
	});

	it('a bad value in the second item costs the first item no task', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('create', { options: { additionalBodyFields: '={{ $json.extra }}' } }),
			items: [
				{ prompt: 'one', extra: {} },
				{ prompt: 'two', extra: [1] },
			],
		});

		expect(errorOf(result).message).toMatch(/not an array/);
		expect(fake.countRequests({ route: 'create' })).toBe(0);
	});
});
