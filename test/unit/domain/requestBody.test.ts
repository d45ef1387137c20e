import { buildCreateTaskBody } from '../../../nodes/Tomoviee/domain/requestBody';
import type { ImageToVideoInput } from '../../../nodes/Tomoviee/domain/validate';

const MINIMAL: ImageToVideoInput = {
	prompt: 'a fox turns its head',
	imageUrl: 'https://example.com/fox.jpg',
	resolution: '720p',
	aspectRatio: 'original',
	cameraMove: 0,
};

describe('buildCreateTaskBody', () => {
	it('sends the required fields, duration 5 and nothing optional when nothing optional is set', () => {
		expect(buildCreateTaskBody(MINIMAL)).toStrictEqual({
			prompt: 'a fox turns its head',
			image: 'https://example.com/fox.jpg',
			resolution: '720p',
			duration: 5,
			aspect_ratio: 'original',
		});
	});

	it('omits camera_move_index for Auto (0) rather than sending 0', () => {
		const body = buildCreateTaskBody({ ...MINIMAL, cameraMove: 0 });
		expect(Object.keys(body)).not.toContain('camera_move_index');
		expect(JSON.stringify(body)).not.toContain('camera_move_index');
	});

	it.each([1, 7, 46])('sends camera_move_index %d as a number', (cameraMove) => {
		expect(buildCreateTaskBody({ ...MINIMAL, cameraMove }).camera_move_index).toBe(cameraMove);
	});

	it('maps every set field to its API name', () => {
		expect(
			buildCreateTaskBody({
				...MINIMAL,
				resolution: '1080p',
				aspectRatio: '9:16',
				cameraMove: 7,
				callbackUrl: 'https://n8n.example.com/webhook/done',
				params: '{"row":12}',
			}),
		).toStrictEqual({
			prompt: 'a fox turns its head',
			image: 'https://example.com/fox.jpg',
			resolution: '1080p',
			duration: 5,
			aspect_ratio: '9:16',
			camera_move_index: 7,
			callback: 'https://n8n.example.com/webhook/done',
			params: '{"row":12}',
		});
	});

	it('sends callback and params independently of each other', () => {
		expect(buildCreateTaskBody({ ...MINIMAL, params: 'p' })).not.toHaveProperty('callback');
		expect(buildCreateTaskBody({ ...MINIMAL, callbackUrl: 'https://h/x' })).not.toHaveProperty('params');
	});

	it('never sends a key whose value is undefined or null (the API refuses nulls)', () => {
		const body = buildCreateTaskBody(MINIMAL) as unknown as Record<string, unknown>;
		for (const [key, value] of Object.entries(body)) {
			expect([key, value]).not.toEqual([key, undefined]);
			expect([key, value]).not.toEqual([key, null]);
		}
	});
});
