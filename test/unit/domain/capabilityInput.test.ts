import {
	CAPABILITIES,
	CAPABILITY_LIST,
	createPathFor,
	type Capability,
} from '../../../nodes/Tomoviee/domain/capabilities';
import {
	buildCapabilityRequest,
	buildCustomCapabilityRequest,
	type RawCapabilityInput,
} from '../../../nodes/Tomoviee/domain/capabilityInput';
import { InvalidInputError } from '../../../nodes/Tomoviee/domain/validate';
import { OPERATIONS, operationCase } from '../../fixtures/generationOperations';

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

/**
 * The table's imageToVideo entry is what the Tomoviee Image to Video node (and the Tomoviee node's Video > Image to
 * Video) sends: every rule of that node's own validation and body, before it ran through the table.
 */
describe('the imageToVideo entry: validation and body', () => {
	const GOOD = {
		prompt: 'a fox turns its head',
		imageUrl: 'https://example.com/photos/fox.jpg',
		resolution: '720p',
		aspectRatio: 'original',
		cameraMove: 0,
	};

	function imageToVideo(values: Record<string, unknown> = {}, options: Record<string, unknown> = {}) {
		return buildCapabilityRequest(CAPABILITIES.imageToVideo, { values: { ...GOOD, ...values }, options });
	}

	const refused = (values: Record<string, unknown>, options: Record<string, unknown> = {}) =>
		rejection(() => imageToVideo(values, options));

	it("trims the prompt and sends the fields in the order of Wondershare's client, nothing optional unset", () => {
		const built = imageToVideo({ prompt: '  a fox turns  ' });
		expect(JSON.stringify(built.body)).toBe(
			JSON.stringify({
				prompt: 'a fox turns',
				image: 'https://example.com/photos/fox.jpg',
				resolution: '720p',
				duration: 5,
				aspect_ratio: 'original',
			}),
		);
		expect(built).not.toHaveProperty('callbackUrl');
		expect(built).not.toHaveProperty('params');
		expect(built.path).toBe('/v1/open/capacity/application/tm_img2video_b');
	});

	it('maps every set field to its API name, callback and params last', () => {
		const built = imageToVideo(
			{ resolution: '1080p', aspectRatio: '9:16', cameraMove: 7 },
			{ callbackUrl: 'https://n8n.example.com/webhook/done', params: '{"row":12}' },
		);
		expect(JSON.stringify(built.body)).toBe(
			JSON.stringify({
				prompt: 'a fox turns its head',
				image: 'https://example.com/photos/fox.jpg',
				resolution: '1080p',
				duration: 5,
				aspect_ratio: '9:16',
				camera_move_index: 7,
				callback: 'https://n8n.example.com/webhook/done',
				params: '{"row":12}',
			}),
		);
	});

	it('never sends a key whose value is undefined or null (the API refuses nulls)', () => {
		for (const built of [
			imageToVideo(),
			imageToVideo({ cameraMove: 46 }, { callbackUrl: 'https://h/x', params: 'p' }),
		]) {
			for (const [key, value] of Object.entries(built.body)) {
				expect([key, value]).not.toEqual([key, undefined]);
				expect([key, value]).not.toEqual([key, null]);
			}
		}
	});

	describe('prompt', () => {
		it.each([
			['empty', ''],
			['only spaces', '   \n\t'],
			['undefined', undefined],
		])('refuses a prompt that is %s, naming the field and what to write', (_label, prompt) => {
			const error = refused({ prompt });
			expect(error.field).toBe('Prompt');
			expect(error.message).toMatch(/^'Prompt' is empty: describe the subject and its motion/);
		});

		it('refuses a prompt that is not text', () => {
			const error = refused({ prompt: 42 });
			expect(error.field).toBe('Prompt');
			expect(error.message).toBe("'Prompt' must be text (got number)");
		});
	});

	describe('image URL', () => {
		it.each([
			['https://cdn.example.com/a.jpg'],
			['http://cdn.example.com/a.JPEG'],
			['https://cdn.example.com/a.png?x=1'],
			['https://cdn.example.com/dir.v2/a.webp#frag'],
			// Signed and CDN URLs often have no extension: only a wrong one is refused.
			['https://cdn.example.com/render/4711?sig=abc.gif'],
			// A dot-file-like last segment has no extension.
			['https://cdn.example.com/.hidden'],
		])('sends %s as the image', (imageUrl) => {
			expect(imageToVideo({ imageUrl }).body.image).toBe(imageUrl);
		});

		it.each([
			['ftp://example.com/a.jpg', /^'Image URL' must start with http:\/\/ or https:\/\//],
			['file:///tmp/a.png', /^'Image URL' must start with http:\/\/ or https:\/\//],
			['data:image/png;base64,AAAA', /^'Image URL' must start with http:\/\/ or https:\/\//],
			['example.com/a.jpg', /^'Image URL' is not a URL/],
			['', /^'Image URL' is empty: give a public http\(s\) URL of a JPG, PNG or WEBP image/],
			['   ', /^'Image URL' is empty/],
			[undefined, /^'Image URL' is empty/],
			[{ url: 'https://example.com/a.jpg' }, /^'Image URL' must be a URL string/],
		])('refuses %j', (imageUrl, message) => {
			const error = refused({ imageUrl });
			expect(error.field).toBe('Image URL');
			expect(error.message).toMatch(message);
		});

		it.each([['gif'], ['bmp'], ['mp4'], ['svg']])('refuses a .%s file and says which extensions work', (ext) => {
			const error = refused({ imageUrl: `https://example.com/a.${ext}` });
			expect(error.field).toBe('Image URL');
			expect(error.message).toContain(`".${ext}"`);
			expect(error.message).toContain('jpg, jpeg, png, webp');
		});
	});

	describe('choice lists', () => {
		it.each(['720p', '1080p'])('sends resolution %s', (resolution) => {
			expect(imageToVideo({ resolution }).body.resolution).toBe(resolution);
		});

		it.each(['480p', '4k', '720P', 720])('refuses resolution %j', (resolution) => {
			const error = refused({ resolution });
			expect(error.field).toBe('Resolution');
			expect(error.message).toContain('use one of 720p, 1080p');
		});

		it.each(['16:9', '9:16', '4:3', '3:4', '1:1', 'original'])('sends aspect ratio %s', (aspectRatio) => {
			expect(imageToVideo({ aspectRatio }).body.aspect_ratio).toBe(aspectRatio);
		});

		it.each(['21:9', 'Original', 1])('refuses aspect ratio %j', (aspectRatio) => {
			const error = refused({ aspectRatio });
			expect(error.field).toBe('Aspect Ratio');
			expect(error.message).toContain('use one of 16:9, 9:16, 4:3, 3:4, 1:1, original');
		});

		// The table's rule for every capability; the node's own validation refused these before it ran through the table.
		it.each(['', '  ', null, undefined])('sends the default for an empty resolution or aspect ratio (%j)', (empty) => {
			expect(imageToVideo({ resolution: empty, aspectRatio: empty }).body).toMatchObject({
				resolution: '720p',
				aspect_ratio: 'original',
			});
		});
	});

	describe('camera move', () => {
		it('omits camera_move_index for Auto (0) rather than sending 0', () => {
			expect(JSON.stringify(imageToVideo({ cameraMove: 0 }).body)).not.toContain('camera_move_index');
		});

		it.each([1, 7, 46])('sends camera_move_index %d as a number', (cameraMove) => {
			expect(imageToVideo({ cameraMove }).body.camera_move_index).toBe(cameraMove);
		});

		it('takes a numeric string (an expression result) as its number', () => {
			expect(imageToVideo({ cameraMove: '12' }).body.camera_move_index).toBe(12);
			expect(imageToVideo({ cameraMove: ' 3 ' }).body.camera_move_index).toBe(3);
			expect(imageToVideo({ cameraMove: '0' }).body).not.toHaveProperty('camera_move_index');
		});

		it.each([-1, 47, 100, 2.5, Number.NaN, 'push in', true])(
			'refuses %j, naming the field and the range',
			(cameraMove) => {
				const error = refused({ cameraMove });
				expect(error.field).toBe('Camera Move');
				expect(error.message).toContain('0 for Auto');
				expect(error.message).toContain('1 to 46');
			},
		);

		// The table's rule for an optional field; the node's own validation refused these before it ran through the table.
		it.each(['', '  ', null, undefined])('reads an empty camera move (%j) as Auto', (cameraMove) => {
			expect(imageToVideo({ cameraMove }).body).not.toHaveProperty('camera_move_index');
		});
	});

	describe('Callback URL option', () => {
		it.each([[''], ['  '], [undefined]])('is left out when %j', (callbackUrl) => {
			const built = imageToVideo({}, { callbackUrl });
			expect(built.body).not.toHaveProperty('callback');
			expect(built).not.toHaveProperty('callbackUrl');
		});

		it('sends an http(s) URL, trimmed, without params unless set', () => {
			const built = imageToVideo({}, { callbackUrl: ' https://n8n.example.com/webhook/x ' });
			expect(built.body.callback).toBe('https://n8n.example.com/webhook/x');
			expect(built.callbackUrl).toBe('https://n8n.example.com/webhook/x');
			expect(built.body).not.toHaveProperty('params');
		});

		it.each([
			['not a url', /^'Callback URL' is not a URL/],
			['ftp://example.com/hook', /^'Callback URL' must start with http/],
		])('refuses %j', (callbackUrl, message) => {
			const error = refused({}, { callbackUrl });
			expect(error.field).toBe('Callback URL');
			expect(error.message).toMatch(message);
		});
	});

	describe('Custom Data option (params)', () => {
		it('sends a string unchanged (no trimming: it is opaque), without a callback unless set', () => {
			const built = imageToVideo({}, { params: ' {"id":1} ' });
			expect(built.body.params).toBe(' {"id":1} ');
			expect(built.params).toBe(' {"id":1} ');
			expect(built.body).not.toHaveProperty('callback');
		});

		it.each([undefined, null, ''])('is left out when %j', (params) => {
			const built = imageToVideo({}, { params });
			expect(built.body).not.toHaveProperty('params');
			expect(built).not.toHaveProperty('params');
		});

		it.each([[{ id: 1 }], [42], [['a']], [true]])(
			'refuses a non-string %j and says how to pass an object',
			(params) => {
				const error = refused({}, { params });
				expect(error.field).toBe('Custom Data');
				expect(error.message).toContain('JSON.stringify');
			},
		);
	});

	it('reports the first bad field when several are bad', () => {
		expect(refused({ prompt: '', imageUrl: 'ftp://x/a.gif' }).field).toBe('Prompt');
	});
});
