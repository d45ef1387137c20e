import { parseAdditionalBodyFields, withAdditionalBodyFields } from '../../../nodes/Tomoviee/domain/requestBody';
import { InvalidInputError } from '../../../nodes/Tomoviee/domain/validate';

const REQUEST = {
	itemIndex: 0,
	body: { prompt: 'p', image: 'https://example.com/a.png', duration: 5 },
	params: 'row-1',
};

function refusal(raw: unknown): InvalidInputError {
	try {
		withAdditionalBodyFields(REQUEST, raw);
	} catch (error) {
		return error as InvalidInputError;
	}
	throw new Error(`${JSON.stringify(raw)} was accepted`);
}

describe('withAdditionalBodyFields', () => {
	it('adds a field the node has no parameter for and replaces one it sets, last', () => {
		const merged = withAdditionalBodyFields(
			REQUEST,
			'{"reference_image": "https://example.com/r.png", "image": "https://example.com/b.png"}',
		);
		expect(merged.body).toStrictEqual({
			prompt: 'p',
			image: 'https://example.com/b.png',
			duration: 5,
			reference_image: 'https://example.com/r.png',
		});
		expect(REQUEST.body).toStrictEqual({ prompt: 'p', image: 'https://example.com/a.png', duration: 5 });
	});

	it('takes an object an expression resolved to as it is', () => {
		expect(withAdditionalBodyFields(REQUEST, { mask_url: 'https://example.com/m.png' }).body).toMatchObject({
			mask_url: 'https://example.com/m.png',
		});
	});

	it.each([undefined, '', '  ', '{}', {}])('leaves the request as it is for %p', (raw) => {
		expect(withAdditionalBodyFields(REQUEST, raw)).toStrictEqual(REQUEST);
	});

	it("reports a callback and params it sets as the task's own, checked like the options", () => {
		const merged = withAdditionalBodyFields(REQUEST, '{"callback": "https://n8n.example.com/hook", "params": "row-2"}');
		expect(merged).toMatchObject({ callbackUrl: 'https://n8n.example.com/hook', params: 'row-2' });
		expect(merged.body).toMatchObject({ callback: 'https://n8n.example.com/hook', params: 'row-2' });
		expect(refusal('{"callback": "not a url"}').message).toMatch(/not a URL/);
		expect(refusal('{"callback": 3}').message).toMatch(/"callback" that is not a URL string/);
		expect(refusal('{"params": {"a": 1}}').message).toMatch(/"params" that is not a string/);
	});

	it.each([
		['invalid JSON', '{"a": ', /is not valid JSON \(.+\): write a JSON object/],
		['an array', '[1, 2]', /must be a JSON object, not an array/],
		['a JSON string', '"text"', /must be a JSON object, not a string/],
		['a number', '42', /must be a JSON object, not a number/],
		['null', 'null', /must be a JSON object, not null/],
		['a null value', null, /must be a JSON object, not null/],
		['an array value', ['a'], /must be a JSON object, not an array/],
	])('refuses %s, naming the option in single quotes and the fix', (_, raw, message) => {
		const error = refusal(raw);
		expect(error).toBeInstanceOf(InvalidInputError);
		expect(error.field).toBe('Additional Body Fields (JSON)');
		expect(error.message).toMatch(/^'Additional Body Fields \(JSON\)' /);
		expect(error.message).toMatch(message);
		expect(error.message).toContain('e.g. {"reference_image"');
	});
});

describe('parseAdditionalBodyFields', () => {
	it('returns a copy, so that merging cannot change the parameter value', () => {
		const value = { a: 1 };
		const parsed = parseAdditionalBodyFields(value);
		parsed.b = 2;
		expect(value).toStrictEqual({ a: 1 });
	});
});
