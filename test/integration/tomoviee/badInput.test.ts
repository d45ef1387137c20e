/**
 * Bad input per capability through n8n-core: refused before any request (the fake receives nothing), as a
 * NodeOperationError that names the field and says how to fix it; under Continue On Fail an error item, while the
 * good items are still created.
 */
import type { INodeParameters } from 'n8n-workflow';

import { errorOf, jsonOf, useFake } from '../support';
import { OPERATIONS, operationCase } from '../../fixtures/generationOperations';
import { generation, runTomoviee } from './support';

const fake = useFake();

const BAD_INPUT: Array<[string, INodeParameters, string, RegExp]> = [
	['textToVideo', { prompt: '   ' }, 'Prompt', /^'Prompt' is empty: describe subject, action and scene/],
	[
		'textToVideo',
		{ aspectRatio: 'original' },
		'Aspect Ratio',
		/'Aspect Ratio' value "original" is not supported: use one of 16:9, 9:16, 4:3, 3:4, 1:1$/,
	],
	['textToVideo', { cameraMove: '={{ 50 }}' }, 'Camera Move', /from 1 to 46/],
	['imageToVideo', { imageUrl: 'https://images.example.com/fox.gif' }, 'Image URL', /"\.gif" file/],
	['imageToVideo', { resolution: '={{ "4k" }}' }, 'Resolution', /'Resolution' value "4k" is not supported/],
	// A literally empty required field is refused by n8n itself; an expression can still yield nothing.
	['firstLastFrameToVideo', { lastFrameUrl: '={{ "" }}' }, 'Last Frame URL', /^'Last Frame URL' is empty/],
	[
		'firstLastFrameToVideo',
		{ firstFrameUrl: 'ftp://images.example.com/a.png' },
		'First Frame URL',
		/http:\/\/ or https:\/\//,
	],
	['textToMusic', { durationSeconds: 120 }, 'Duration (Seconds)', /whole number from 1 to 95 \(got "120"\)/],
	['textToMusic', { trackCount: 5 }, 'Number of Tracks', /from 1 to 4/],
	['textToSoundEffect', { durationSeconds: 3 }, 'Duration (Seconds)', /from 5 to 180/],
	['textToSoundEffect', { options: { soundCount: 9 } }, 'Number of Sounds', /from 1 to 4/],
	['referenceToImage', { referenceImageUrl: 'not a url' }, 'Reference Image URL', /is not a URL/],
	['referenceToImage', { width: 4000 }, 'Width', /from 512 to 2048/],
	['referenceToImage', { controlIntensity: 1.5 }, 'Control Intensity', /a number from 0 to 1/],
	['referenceToImage', { controlType: '={{ "7" }}' }, 'Control Type', /use one of 0, 1, 2, 3/],
	['redraw', { imageUrl: '={{ $json.missing }}' }, 'Image URL', /^'Image URL' is empty/],
	['redraw', { maskUrl: 'https://images.example.com/mask.tiff' }, 'Mask URL', /"\.tiff" file/],
];

describe.each(['createAndWait', 'create'])('Mode %s', (mode) => {
	it.each(BAD_INPUT)('%s %j is refused before any request, naming %s', async (operation, overrides, field, message) => {
		const result = await runTomoviee(fake, {
			parameters: generation(operationCase(operation), { mode, ...overrides }),
		});

		const error = errorOf(result);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(message);
		expect(error.description).toBe(
			`Fix the '${field}' field of the node, then run again. Nothing was sent to Tomoviee.`,
		);
		expect(fake.countRequests()).toBe(0);
	});
});

it.each(OPERATIONS)('$operation: the Capability ID option must be a capability id', async (operation) => {
	const result = await runTomoviee(fake, {
		parameters: generation(operation, { options: { capabilityId: '../pub/task' } }),
	});
	expect(errorOf(result).description).toMatch(/Fix the 'Capability ID' field/);
	expect(fake.countRequests()).toBe(0);
});

describe('Custom Capability', () => {
	it.each([
		['={{ " " }}', '{"text": "hi"}', 'Capability ID', /'Capability ID' is empty/],
		['tm text', '{"text": "hi"}', 'Capability ID', /not a capability ID/],
		['tm_text2speech', '{"text": "hi",', 'Body (JSON)', /'Body \(JSON\)' is not valid JSON/],
		['tm_text2speech', '["hi"]', 'Body (JSON)', /must be a JSON object/],
	])('id %j with body %j is refused, naming %s', async (capabilityId, body, field, message) => {
		const result = await runTomoviee(fake, {
			parameters: { resource: 'custom', operation: 'run', capabilityId, body },
		});
		const error = errorOf(result);
		expect(error.message).toMatch(message);
		expect(error.description).toContain(`'${field}'`);
		expect(fake.countRequests()).toBe(0);
	});
});

it('a bad later item stops the node before any task is created', async () => {
	const result = await runTomoviee(fake, {
		parameters: generation(operationCase('textToMusic'), { durationSeconds: '={{ $json.seconds }}' }),
		items: [{ seconds: 30 }, { seconds: 300 }],
	});
	expect(errorOf(result).message).toMatch(/'Duration \(Seconds\)' must be a whole number from 1 to 95 \(got "300"\)/);
	expect(fake.countRequests()).toBe(0);
});

it('under Continue On Fail the bad item becomes an error item and the good ones are created', async () => {
	const result = await runTomoviee(fake, {
		parameters: generation(operationCase('textToSoundEffect'), { prompt: '={{ $json.prompt }}' }),
		items: [{ prompt: 'a door creaks' }, { prompt: '' }, { prompt: 'rain on a tin roof' }],
		continueOnFail: true,
	});

	expect(result.executionStatus).toBe('success');
	const [first, bad, third] = jsonOf(result);
	expect(first).toMatchObject({ status: 'succeeded', audioUrls: [expect.stringContaining('.mp3?')] });
	expect(bad).toEqual({
		error: expect.stringMatching(/^'Prompt' is empty/),
		errorDescription: expect.stringContaining("'Prompt'"),
	});
	expect(third).toMatchObject({ status: 'succeeded' });
	expect(fake.requests({ route: 'create' }).map((request) => (request.body as { prompt: string }).prompt)).toEqual([
		'a door creaks',
		'rain on a tin roof',
	]);
	expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
});
