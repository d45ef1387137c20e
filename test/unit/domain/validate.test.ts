import {
	InvalidInputError,
	validateCreateInput,
	validateTaskId,
	type RawCreateInput,
} from '../../../nodes/Tomoviee/domain/validate';

const GOOD: RawCreateInput = {
	prompt: 'a fox turns its head',
	imageUrl: 'https://example.com/photos/fox.jpg',
	resolution: '720p',
	aspectRatio: 'original',
	cameraMove: 0,
};

/** Runs the validator and returns the InvalidInputError it throws (failing the test when it does not). */
function rejection(overrides: Partial<RawCreateInput>): InvalidInputError {
	try {
		validateCreateInput({ ...GOOD, ...overrides });
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidInputError);
		return error as InvalidInputError;
	}
	throw new Error(`validateCreateInput accepted ${JSON.stringify(overrides)}`);
}

describe('validateCreateInput', () => {
	it('accepts good input and returns it typed, trimming the prompt', () => {
		expect(validateCreateInput({ ...GOOD, prompt: '  a fox turns  ' })).toEqual({
			prompt: 'a fox turns',
			imageUrl: 'https://example.com/photos/fox.jpg',
			resolution: '720p',
			aspectRatio: 'original',
			cameraMove: 0,
		});
	});

	describe('prompt', () => {
		it.each([
			['empty', ''],
			['only spaces', '   \n\t'],
			['undefined', undefined],
			['a number', 42],
		])('refuses a prompt that is %s, naming the field', (_label, prompt) => {
			const error = rejection({ prompt });
			expect(error.field).toBe('Prompt');
			expect(error.message).toMatch(/^'Prompt' is empty/);
		});
	});

	describe('image URL', () => {
		it.each([
			['https://cdn.example.com/a.jpg'],
			['http://cdn.example.com/a.JPEG'],
			['https://cdn.example.com/a.png?x=1'],
			['https://cdn.example.com/dir.v2/a.webp#frag'],
		])('accepts %s', (imageUrl) => {
			expect(validateCreateInput({ ...GOOD, imageUrl }).imageUrl).toBe(imageUrl);
		});

		it('accepts a URL without an extension (signed and CDN URLs often have none)', () => {
			const imageUrl = 'https://cdn.example.com/render/4711?sig=abc.gif';
			expect(validateCreateInput({ ...GOOD, imageUrl }).imageUrl).toBe(imageUrl);
		});

		it('accepts a dot-file-like last segment as having no extension', () => {
			expect(validateCreateInput({ ...GOOD, imageUrl: 'https://cdn.example.com/.hidden' }).imageUrl).toBe(
				'https://cdn.example.com/.hidden',
			);
		});

		it.each([
			['ftp://example.com/a.jpg', /must start with http:\/\/ or https:\/\//],
			['file:///tmp/a.png', /must start with http:\/\/ or https:\/\//],
			['data:image/png;base64,AAAA', /must start with http:\/\/ or https:\/\//],
			['example.com/a.jpg', /is not a URL/],
			['', /^'Image URL' is empty/],
			['   ', /^'Image URL' is empty/],
		])('refuses %j', (imageUrl, message) => {
			const error = rejection({ imageUrl });
			expect(error.field).toBe('Image URL');
			expect(error.message).toMatch(message);
		});

		it.each([['gif'], ['bmp'], ['mp4'], ['svg']])('refuses a .%s file and says which extensions work', (ext) => {
			const error = rejection({ imageUrl: `https://example.com/a.${ext}` });
			expect(error.field).toBe('Image URL');
			expect(error.message).toContain(`".${ext}"`);
			expect(error.message).toContain('jpg, jpeg, png, webp');
		});

		it('refuses a non-string image URL', () => {
			expect(rejection({ imageUrl: { url: 'https://example.com/a.jpg' } }).field).toBe('Image URL');
		});
	});

	describe('choice lists', () => {
		it.each(['720p', '1080p'])('accepts resolution %s', (resolution) => {
			expect(validateCreateInput({ ...GOOD, resolution }).resolution).toBe(resolution);
		});

		it.each(['480p', '4k', '', '720P', 720, undefined])('refuses resolution %j', (resolution) => {
			const error = rejection({ resolution });
			expect(error.field).toBe('Resolution');
			expect(error.message).toContain('720p, 1080p');
		});

		it.each(['16:9', '9:16', '4:3', '3:4', '1:1', 'original'])('accepts aspect ratio %s', (aspectRatio) => {
			expect(validateCreateInput({ ...GOOD, aspectRatio }).aspectRatio).toBe(aspectRatio);
		});

		it.each(['21:9', 'Original', '', 1, null])('refuses aspect ratio %j', (aspectRatio) => {
			const error = rejection({ aspectRatio });
			expect(error.field).toBe('Aspect Ratio');
			expect(error.message).toContain('16:9, 9:16, 4:3, 3:4, 1:1, original');
		});
	});

	describe('camera move', () => {
		it.each([0, 1, 7, 46])('accepts %d', (cameraMove) => {
			expect(validateCreateInput({ ...GOOD, cameraMove }).cameraMove).toBe(cameraMove);
		});

		it('accepts a numeric string (an expression result) as its number', () => {
			expect(validateCreateInput({ ...GOOD, cameraMove: '12' }).cameraMove).toBe(12);
			expect(validateCreateInput({ ...GOOD, cameraMove: ' 3 ' }).cameraMove).toBe(3);
		});

		it.each([-1, 47, 100, 2.5, Number.NaN, 'push in', '', '  ', null, undefined, true])(
			'refuses %j, naming the field and the range',
			(cameraMove) => {
				const error = rejection({ cameraMove });
				expect(error.field).toBe('Camera Move');
				expect(error.message).toContain('0 for Auto');
				expect(error.message).toContain('1 to 46');
			},
		);
	});

	describe('callback URL', () => {
		it('is left out when empty or blank', () => {
			expect(validateCreateInput({ ...GOOD, callbackUrl: '' })).not.toHaveProperty('callbackUrl');
			expect(validateCreateInput({ ...GOOD, callbackUrl: '  ' })).not.toHaveProperty('callbackUrl');
			expect(validateCreateInput({ ...GOOD })).not.toHaveProperty('callbackUrl');
		});

		it('accepts an http(s) URL, trimmed', () => {
			expect(validateCreateInput({ ...GOOD, callbackUrl: ' https://n8n.example.com/webhook/x ' }).callbackUrl).toBe(
				'https://n8n.example.com/webhook/x',
			);
		});

		it.each([
			['not a url', /is not a URL/],
			['ftp://example.com/hook', /must start with http/],
		])('refuses %j', (callbackUrl, message) => {
			const error = rejection({ callbackUrl });
			expect(error.field).toBe('Callback URL');
			expect(error.message).toMatch(message);
		});
	});

	describe('params', () => {
		it('passes a string through unchanged (no trimming: it is opaque)', () => {
			expect(validateCreateInput({ ...GOOD, params: ' {"id":1} ' }).params).toBe(' {"id":1} ');
		});

		it.each([undefined, null, ''])('is left out when %j', (params) => {
			expect(validateCreateInput({ ...GOOD, params })).not.toHaveProperty('params');
		});

		it.each([[{ id: 1 }], [42], [['a']], [true]])(
			'refuses a non-string %j and says how to pass an object',
			(params) => {
				const error = rejection({ params });
				expect(error.field).toBe('Custom Data');
				expect(error.message).toContain('JSON.stringify');
			},
		);
	});

	it('reports the first bad field when several are bad', () => {
		expect(rejection({ prompt: '', imageUrl: 'ftp://x/a.gif' }).field).toBe('Prompt');
	});
});

describe('validateTaskId', () => {
	it('returns the trimmed id', () => {
		expect(validateTaskId('  tm_img2video_b-0-abc ')).toBe('tm_img2video_b-0-abc');
	});

	it('accepts a number as its string', () => {
		expect(validateTaskId(123)).toBe('123');
	});

	it.each(['', '   ', undefined, null, {}])('refuses %j, naming the field and how to map it', (raw) => {
		let error: unknown;
		try {
			validateTaskId(raw);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(InvalidInputError);
		expect((error as InvalidInputError).field).toBe('Task ID');
		expect((error as InvalidInputError).message).toContain('$json.taskId');
	});
});
