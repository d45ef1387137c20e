import { InvalidInputError, validateTaskId } from '../../../nodes/Tomoviee/domain/validate';

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
