import { InvalidInputError, validateHttpUrl } from './validate';

/** The option's label, as error messages name it. */
export const ADDITIONAL_BODY_FIELDS = 'Additional Body Fields (JSON)';

const EXAMPLE = '{"reference_image": "https://example.com/a.png"}';

/** A create of either node, before it is sent: its body, and the callback and params the body carries. */
interface CreateBody {
	body: object;
	callbackUrl?: string;
	params?: string;
}

/**
 * The Additional Body Fields option of every create, both nodes: a JSON object merged into the body last, so that it
 * can add a field the node has no parameter for or replace one of the node's (the API's real field names may differ
 * from the documented ones). `callback` and `params` in it are what the task carries, so they are checked like the
 * options of those names and reported with the request. Not set or empty: the request unchanged.
 */
export function withAdditionalBodyFields<T extends CreateBody>(request: T, raw: unknown): T {
	const fields = parseAdditionalBodyFields(raw);
	if (Object.keys(fields).length === 0) return request;
	const merged: T = { ...request, body: { ...request.body, ...fields } };
	if ('callback' in fields) {
		if (typeof fields.callback !== 'string') {
			throw new InvalidInputError(
				ADDITIONAL_BODY_FIELDS,
				`'${ADDITIONAL_BODY_FIELDS}' has a "callback" that is not a URL string: give a full http(s) URL, or set the 'Callback URL' option instead`,
			);
		}
		merged.callbackUrl = validateHttpUrl(ADDITIONAL_BODY_FIELDS, fields.callback);
	}
	if ('params' in fields) {
		if (typeof fields.params !== 'string') {
			throw new InvalidInputError(
				ADDITIONAL_BODY_FIELDS,
				`'${ADDITIONAL_BODY_FIELDS}' has a "params" that is not a string: use JSON.stringify() in an expression to pass an object`,
			);
		}
		merged.params = fields.params;
	}
	return merged;
}

/** The option's value as an object of fields; anything but a JSON object (or nothing) is refused, naming the option. */
export function parseAdditionalBodyFields(raw: unknown): Record<string, unknown> {
	if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return {};
	const read = readJsonObject(raw);
	if ('invalidJson' in read) {
		throw new InvalidInputError(
			ADDITIONAL_BODY_FIELDS,
			`'${ADDITIONAL_BODY_FIELDS}' is not valid JSON (${read.invalidJson}): write a JSON object, e.g. ${EXAMPLE}`,
		);
	}
	if ('notObject' in read) {
		throw new InvalidInputError(
			ADDITIONAL_BODY_FIELDS,
			`'${ADDITIONAL_BODY_FIELDS}' must be a JSON object, not ${read.notObject}: write the fields in braces, e.g. ${EXAMPLE}`,
		);
	}
	return read.object;
}

/**
 * A JSON object given as text or already as an object (an expression may resolve to either): a copy of it, or what is
 * wrong with it (the parser's message, or what was given instead), for an error that names the field.
 */
export function readJsonObject(
	raw: unknown,
): { object: Record<string, unknown> } | { invalidJson: string } | { notObject: string } {
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw) as unknown;
		} catch (error) {
			return { invalidJson: (error as Error).message };
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return { notObject: value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}` };
	}
	return { object: { ...(value as Record<string, unknown>) } };
}
