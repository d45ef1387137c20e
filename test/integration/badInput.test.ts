/**
 * Bad input fails before any request: NodeOperationError, the item index and a message naming the field, and the
 * fake API receives nothing at all (not even the good items before the bad one).
 * Values come from expressions, as in real workflows: n8n's own form checks cannot catch them.
 */
import type { INodeParameters } from 'n8n-workflow';

import { errorOf, jsonOf, runNode, submitParameters, useFake } from './support';

const fake = useFake();

const GOOD_ITEM = {
	prompt: 'a fox turns its head',
	image: 'https://images.example.com/fox.jpg',
	resolution: '720p',
	ratio: 'original',
	move: 0,
	callback: '',
	params: '',
};

/** Every field read from the item, so that one item can carry the bad value while the other is good. */
const FROM_ITEM: INodeParameters = {
	prompt: '={{ $json.prompt }}',
	imageUrl: '={{ $json.image }}',
	resolution: '={{ $json.resolution }}',
	aspectRatio: '={{ $json.ratio }}',
	cameraMove: '={{ $json.move }}',
};

interface BadCase {
	label: string;
	bad: Partial<typeof GOOD_ITEM> | Record<string, unknown>;
	field: string;
	message: RegExp;
}

const BAD_CASES: BadCase[] = [
	{ label: 'empty prompt', bad: { prompt: '' }, field: 'Prompt', message: /^'Prompt' is empty/ },
	{ label: 'blank prompt', bad: { prompt: '   ' }, field: 'Prompt', message: /^'Prompt' is empty/ },
	{
		label: 'ftp image',
		bad: { image: 'ftp://images.example.com/fox.jpg' },
		field: 'Image URL',
		message: /http:\/\/ or https:\/\//,
	},
	{ label: 'image that is no URL', bad: { image: 'fox.jpg' }, field: 'Image URL', message: /is not a URL/ },
	{ label: 'empty image', bad: { image: '' }, field: 'Image URL', message: /^'Image URL' is empty/ },
	{ label: 'GIF image', bad: { image: 'https://images.example.com/fox.gif' }, field: 'Image URL', message: /"\.gif"/ },
	{ label: 'unknown resolution', bad: { resolution: '4k' }, field: 'Resolution', message: /"4k" is not supported/ },
	{ label: 'unknown aspect ratio', bad: { ratio: '21:9' }, field: 'Aspect Ratio', message: /"21:9" is not supported/ },
	{ label: 'camera move 47', bad: { move: 47 }, field: 'Camera Move', message: /"47" is not supported/ },
	{ label: 'camera move -1', bad: { move: -1 }, field: 'Camera Move', message: /"-1" is not supported/ },
	{
		label: 'camera move by name',
		bad: { move: 'push in' },
		field: 'Camera Move',
		message: /"push in" is not supported/,
	},
	{ label: 'fractional camera move', bad: { move: 2.5 }, field: 'Camera Move', message: /"2.5" is not supported/ },
];

function itemWith(bad: BadCase['bad']) {
	return { ...GOOD_ITEM, ...bad };
}

describe.each(['create', 'createAndWait'] as const)('%s refuses bad input before any request', (operation) => {
	it.each(BAD_CASES)('$label, in item 1 of 2', async ({ bad, field, message }) => {
		const result = await runNode(fake, {
			parameters: submitParameters(operation, FROM_ITEM),
			items: [GOOD_ITEM, itemWith(bad)],
		});

		const error = errorOf(result);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(message);
		expect(error.message).toContain(field);
		expect(error.context.itemIndex).toBe(1);
		expect(error.description).toContain(`'${field}'`);
		expect(error.description).toContain('Nothing was sent to Tomoviee');
		// Not even the good item 0 was sent.
		expect(fake.requests()).toEqual([]);
		expect(result.output).toEqual([]);
	});

	it('a callback URL that is not http(s)', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters(operation, {
				options: { callbackUrl: '={{ $json.hook }}', pollIntervalSeconds: 1 },
			}),
			items: [{ prompt: 'a fox', hook: 'ftp://hooks.example.com/x' }],
		});
		const error = errorOf(result);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(/^'Callback URL' must start with http/);
		expect(error.context.itemIndex).toBe(0);
		expect(fake.requests()).toEqual([]);
	});

	it('params that are an object rather than a string', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters(operation, { options: { params: '={{ $json.meta }}', pollIntervalSeconds: 1 } }),
			items: [{ prompt: 'a fox', meta: { row: 1 } }],
		});
		const error = errorOf(result);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain("'Custom Data'");
		expect(error.context.itemIndex).toBe(0);
		expect(fake.requests()).toEqual([]);
	});
});

describe('createAndWait refuses bad wait settings before any request', () => {
	it.each([
		['pollIntervalSeconds', 0, 'Poll Interval (Seconds)'],
		['maxWaitMinutes', -1, 'Max Wait (Minutes)'],
		['maxWaitMinutes', 'soon', 'Max Wait (Minutes)'],
	])('%s = %j', async (option, value, field) => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', {
				options: { pollIntervalSeconds: 1, [option]: '={{ $json.v }}' },
			}),
			items: [{ prompt: 'a fox', v: value }],
		});
		const error = errorOf(result);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain(field);
		expect(error.context.itemIndex).toBe(0);
		expect(fake.requests()).toEqual([]);
	});
});

describe('getStatus refuses an empty task id', () => {
	it.each([[''], ['   '], [null]])('task id %j', async (taskId) => {
		const result = await runNode(fake, {
			parameters: { operation: 'getStatus', taskId: '={{ $json.taskId }}' },
			items: [{ taskId }],
		});
		const error = errorOf(result);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(/^'Task ID' is empty/);
		expect(error.context.itemIndex).toBe(0);
		expect(fake.requests()).toEqual([]);
	});

	it('names the item index of the empty id', async () => {
		const result = await runNode(fake, {
			parameters: { operation: 'getStatus', taskId: '={{ $json.taskId }}' },
			items: [{ taskId: '' }, { taskId: 'tm_img2video_b-0-x' }],
		});
		expect(errorOf(result).context.itemIndex).toBe(0);
		expect(fake.requests()).toEqual([]);
	});
});

describe('a credential without a usable gateway', () => {
	it('fails before any request with a message about the gateway', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('create'),
			credentials: { baseUrl: 'not-a-url' },
		});
		const error = errorOf(result);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain('no valid gateway URL');
		expect(fake.requests()).toEqual([]);
		expect(jsonOf(result)).toEqual([]);
	});
});
