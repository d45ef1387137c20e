import {
	CAPABILITIES,
	CAPABILITY_LIST,
	capabilityById,
	capabilityIdOfTask,
	createPathFor,
	type Capability,
} from '../../../nodes/Tomoviee/domain/capabilities';
import {
	buildCapabilityRequest,
	buildCustomCapabilityRequest,
	type RawCapabilityInput,
} from '../../../nodes/Tomoviee/domain/capabilityInput';
import { buildCreateTaskBody } from '../../../nodes/Tomoviee/domain/requestBody';
import { InvalidInputError, validateCreateInput } from '../../../nodes/Tomoviee/domain/validate';
import { IMAGE_URL, OPERATIONS, operationCase } from '../../fixtures/generationOperations';

/** An image that is not the one the operations start from, to tell the two apart. */
const OTHER_IMAGE_URL = 'https://images.example.com/photos/other.png';

/** The capability's request for its operation's least input (the shared operation cases) with these values added. */
function request(capability: Capability, values: Record<string, unknown> = {}, options: Record<string, unknown> = {}) {
	const raw: RawCapabilityInput = { values: { ...operationCase(capability.name).fields, ...values }, options };
	return buildCapabilityRequest(capability, raw);
}

function rejection(build: () => unknown): InvalidInputError {
	try {
		build();
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidInputError);
		return error as InvalidInputError;
	}
	throw new Error('the input was accepted');
}

describe('the capability table', () => {
	it('has the seven capabilities with their ids, kinds and result keys from the digest', () => {
		expect(CAPABILITY_LIST.map((c) => [c.name, c.id, c.outputKind, c.resultKeys.join('|')])).toEqual([
			['textToVideo', 'tm_text2video_b', 'video', 'video_path'],
			['imageToVideo', 'tm_img2video_b', 'video', 'video_path'],
			['firstLastFrameToVideo', 'tm_tail2video_b', 'video', 'video_path'],
			['textToMusic', 'tm_text2music', 'audio', 'audio_path'],
			['textToSoundEffect', 'tm_text2sfx', 'audio', 'audio_path'],
			['referenceToImage', 'tm_reference_img2img', 'image', 'images_path|image_path'],
			['redraw', 'tm_redrawing', 'image', 'images_path|image_path'],
		]);
	});

	it('finds a capability by its id or an alternate id, and the capability of a task id', () => {
		expect(capabilityById('tob_text2video_b')?.name).toBe('textToVideo');
		expect(capabilityById('tm_text2music')?.name).toBe('textToMusic');
		expect(capabilityById('tm_text2speech')).toBeUndefined();
		expect(capabilityIdOfTask('tm_img2video_b-0-2025080109295bd73652d4')).toBe('tm_img2video_b');
		expect(capabilityIdOfTask('no-prefix-here')).toBe('no');
		expect(capabilityIdOfTask('')).toBeUndefined();
	});

	it('names every field and gives every node parameter one meaning per capability', () => {
		for (const capability of CAPABILITY_LIST) {
			const parameters = capability.fields.flatMap((field) => (field.parameter ? [field.parameter] : []));
			expect(new Set(parameters).size).toBe(parameters.length);
			const keys = capability.fields.map((field) => field.key);
			expect(new Set(keys).size).toBe(keys.length);
			for (const field of capability.fields) expect(field.label).not.toBe('');
		}
	});
});

describe("buildCapabilityRequest: bodies as Wondershare's clients send them", () => {
	it('has an operation case for every capability of the table', () => {
		expect(OPERATIONS.map((operation) => operation.operation)).toEqual(
			CAPABILITY_LIST.map((capability) => capability.name),
		);
	});

	it.each(OPERATIONS)('$operation: defaults sent, optional fields left out', ({ operation, capability, body }) => {
		const built = request(CAPABILITIES[operation as keyof typeof CAPABILITIES]);
		expect(built.body).toStrictEqual(body);
		expect(JSON.stringify(Object.keys(built.body))).toBe(JSON.stringify(Object.keys(body)));
		expect(built.path).toBe(`/v1/open/capacity/application/${capability}`);
	});

	it('sends exactly the body the Tomoviee Image to Video node sends, for the same input', () => {
		for (const [cameraMove, aspectRatio, resolution] of [
			[0, 'original', '720p'],
			[7, '9:16', '1080p'],
		] as const) {
			const options = { callbackUrl: 'https://example.com/done', params: 'row-1' };
			const legacy = buildCreateTaskBody(
				validateCreateInput({
					prompt: ' a fox ',
					imageUrl: IMAGE_URL,
					resolution,
					aspectRatio,
					cameraMove,
					...options,
				}),
			);
			const table = request(
				CAPABILITIES.imageToVideo,
				{ prompt: ' a fox ', resolution, aspectRatio, cameraMove },
				options,
			);
			expect(JSON.stringify(table.body)).toBe(JSON.stringify(legacy));
		}
	});

	it('sends every optional field once set, under its API name', () => {
		expect(
			request(CAPABILITIES.textToVideo, { resolution: '1080p', aspectRatio: '9:16', cameraMove: 46 }).body,
		).toStrictEqual({
			prompt: 'a red fox runs through snow',
			resolution: '1080p',
			duration: 5,
			aspect_ratio: '9:16',
			camera_move_index: 46,
		});
		expect(
			request(CAPABILITIES.textToMusic, { durationSeconds: 95, trackCount: 4 }, { disableTranslation: true }).body,
		).toStrictEqual({
			prompt: 'calm lo-fi piano',
			duration: 95,
			qty: 4,
			disable_translate: true,
		});
		expect(request(CAPABILITIES.textToSoundEffect, { durationSeconds: '180' }, { soundCount: 3 }).body).toStrictEqual({
			prompt: 'a door creaks open',
			duration: 180,
			qty: 3,
		});
		expect(request(CAPABILITIES.redraw, { maskUrl: 'https://images.example.com/mask.png' }).body).toMatchObject({
			mask_url: 'https://images.example.com/mask.png',
		});
	});

	it('leaves init_image out for the other control types unless given, and takes a control type as a number', () => {
		const edge = request(CAPABILITIES.referenceToImage, { controlType: 0 });
		expect(edge.body.control_type).toBe('0');
		expect(edge.body).not.toHaveProperty('init_image');
		const depth = request(CAPABILITIES.referenceToImage, { controlType: '3' }, { initImageUrl: OTHER_IMAGE_URL });
		expect(depth.body.init_image).toBe(OTHER_IMAGE_URL);
		const subject = request(CAPABILITIES.referenceToImage, { controlType: '2' }, { initImageUrl: OTHER_IMAGE_URL });
		expect(subject.body.init_image).toBe(OTHER_IMAGE_URL);
	});

	it('leaves disable_translate out when off: the client sends it only when set', () => {
		expect(request(CAPABILITIES.textToMusic, {}, { disableTranslation: false }).body).not.toHaveProperty(
			'disable_translate',
		);
	});

	it('adds callback and params last, and reports them', () => {
		const built = request(
			CAPABILITIES.textToMusic,
			{},
			{ callbackUrl: 'https://example.com/hook', params: '{"row":1}' },
		);
		expect(Object.keys(built.body).slice(-2)).toEqual(['callback', 'params']);
		expect(built.callbackUrl).toBe('https://example.com/hook');
		expect(built.params).toBe('{"row":1}');
	});

	it('sends to the capability id of the Capability ID option', () => {
		const built = request(CAPABILITIES.textToVideo, {}, { capabilityId: ' tob_text2video_b ' });
		expect(built.capabilityId).toBe('tob_text2video_b');
		expect(built.path).toBe(createPathFor('tob_text2video_b'));
	});
});

describe('buildCapabilityRequest: bad input is refused with the field named', () => {
	it.each([
		['textToVideo', { prompt: '  ' }, 'Prompt', /^'Prompt' is empty: describe subject/],
		['textToVideo', { prompt: 42 }, 'Prompt', /'Prompt' must be text/],
		[
			'textToVideo',
			{ aspectRatio: 'original' },
			'Aspect Ratio',
			/'Aspect Ratio' value "original" is not supported: use one of 16:9, 9:16, 4:3, 3:4, 1:1$/,
		],
		['textToVideo', { resolution: '4k' }, 'Resolution', /use one of 720p, 1080p/],
		['textToVideo', { cameraMove: 47 }, 'Camera Move', /from 1 to 46/],
		['imageToVideo', { imageUrl: '' }, 'Image URL', /^'Image URL' is empty/],
		['imageToVideo', { imageUrl: 'ftp://example.com/a.jpg' }, 'Image URL', /http:\/\/ or https:\/\//],
		['imageToVideo', { imageUrl: 'https://example.com/a.gif' }, 'Image URL', /"\.gif" file/],
		['firstLastFrameToVideo', { lastFrameUrl: undefined }, 'Last Frame URL', /^'Last Frame URL' is empty/],
		['firstLastFrameToVideo', { firstFrameUrl: 'not a url' }, 'First Frame URL', /is not a URL/],
		['textToMusic', { durationSeconds: 96 }, 'Duration (Seconds)', /whole number from 1 to 95 \(got "96"\)/],
		['textToMusic', { durationSeconds: 0 }, 'Duration (Seconds)', /from 1 to 95/],
		['textToMusic', { durationSeconds: 12.5 }, 'Duration (Seconds)', /whole number/],
		['textToMusic', { trackCount: 5 }, 'Number of Tracks', /from 1 to 4/],
		['textToSoundEffect', { durationSeconds: 4 }, 'Duration (Seconds)', /from 5 to 180/],
		['textToSoundEffect', { durationSeconds: 'ten' }, 'Duration (Seconds)', /got "ten"/],
		['referenceToImage', { referenceImageUrl: '' }, 'Reference Image URL', /is empty/],
		['referenceToImage', { controlType: '4' }, 'Control Type', /use one of 0, 1, 2, 3/],
		['referenceToImage', { width: 511 }, 'Width', /from 512 to 2048/],
		['referenceToImage', { height: 4096 }, 'Height', /from 512 to 2048/],
		['referenceToImage', { imageCount: 0 }, 'Number of Images', /from 1 to 4/],
		['referenceToImage', { controlIntensity: 1.5 }, 'Control Intensity', /a number from 0 to 1/],
		['redraw', { imageUrl: undefined }, 'Image URL', /is empty/],
		['redraw', { maskUrl: 'https://example.com/mask.bmp' }, 'Mask URL', /"\.bmp" file/],
	])('%s %j -> %s', (name, values, field, message) => {
		const error = rejection(() => request(CAPABILITIES[name as keyof typeof CAPABILITIES], values));
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
	});

	it.each([
		[{ soundCount: 9 }, 'Number of Sounds'],
		[{ callbackUrl: 'mailto:someone@example.com' }, 'Callback URL'],
		[{ params: { row: 1 } }, 'Custom Data'],
		[{ capabilityId: 'tm_text2video_b/../x' }, 'Capability ID'],
		[{ capabilityId: 'tm text' }, 'Capability ID'],
	])('refuses the option %j, naming %s', (options, field) => {
		expect(rejection(() => request(CAPABILITIES.textToSoundEffect, {}, options)).field).toBe(field);
	});

	it('refuses a Disable Prompt Translation that is not a boolean and a Starting Image URL that is no image', () => {
		expect(rejection(() => request(CAPABILITIES.textToMusic, {}, { disableTranslation: 'yes' })).field).toBe(
			'Disable Prompt Translation',
		);
		expect(
			rejection(() => request(CAPABILITIES.referenceToImage, {}, { initImageUrl: 'https://x.example/a.txt' })).field,
		).toBe('Starting Image URL');
	});
});

describe('buildCustomCapabilityRequest', () => {
	it('sends the JSON body as it is to the given capability, with callback and params from the options', () => {
		const built = buildCustomCapabilityRequest({
			capabilityId: 'tm_text2speech',
			body: '{"text": "hello", "voice_id": "en-US-JennyNeural"}',
			options: { callbackUrl: 'https://example.com/hook', params: 'p' },
		});
		expect(built).toEqual({
			capabilityId: 'tm_text2speech',
			path: '/v1/open/capacity/application/tm_text2speech',
			body: { text: 'hello', voice_id: 'en-US-JennyNeural', callback: 'https://example.com/hook', params: 'p' },
			callbackUrl: 'https://example.com/hook',
			params: 'p',
		});
	});

	it('takes an object body and a callback written in the body', () => {
		const built = buildCustomCapabilityRequest({
			capabilityId: 'tm_video_scoring',
			body: { file_link: 'https://example.com/v.mp4', callback: 'https://example.com/cb' },
			options: {},
		});
		expect(built.body).toStrictEqual({ file_link: 'https://example.com/v.mp4', callback: 'https://example.com/cb' });
		expect(built.callbackUrl).toBe('https://example.com/cb');
	});

	it.each([
		[{ capabilityId: '', body: '{}' }, 'Capability ID', /'Capability ID' is empty/],
		[{ capabilityId: 'a/b', body: '{}' }, 'Capability ID', /not a capability ID/],
		[{ capabilityId: 'tm_x', body: '' }, 'Body (JSON)', /'Body \(JSON\)' is empty/],
		[{ capabilityId: 'tm_x', body: '{"text": ' }, 'Body (JSON)', /not valid JSON/],
		[{ capabilityId: 'tm_x', body: '[1, 2]' }, 'Body (JSON)', /must be a JSON object/],
		[{ capabilityId: 'tm_x', body: { callback: 5 } }, 'Body (JSON)', /"callback" in 'Body \(JSON\)' must be a URL/],
		[{ capabilityId: 'tm_x', body: { callback: 'nope' } }, 'Callback URL', /not a URL/],
		[{ capabilityId: 'tm_x', body: { params: 'a' }, options: { params: 'b' } }, 'Body (JSON)', /"params" is set both/],
	])('refuses %j', (raw, field, message) => {
		const error = rejection(() => buildCustomCapabilityRequest({ options: {}, ...raw }));
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
	});
});
