/**
 * From node parameter values to a create request for any capability of the table: every field validated (bad input
 * refused before any request, the field named), then the body in the order Wondershare's client sends it, optional
 * fields only when set. The Custom Capability operation's id and JSON body are checked here too.
 */
import { CAPABILITY_ID_PATTERN, createPathFor, type Capability, type CapabilityField } from './capabilities';
import { readJsonObject } from './requestBody';
import { InvalidInputError, PARAMS_LABEL, pathExtension, validateHttpUrl, validateTaskOptions } from './validate';
import { AUTO_CAMERA_MOVE, MAX_CAMERA_MOVE } from './vocabulary';

/** Parameter values as n8n resolved them (expressions can make them anything), by node parameter name. */
export interface RawCapabilityInput {
	values: Record<string, unknown>;
	/** The Options collection: Capability ID, Callback URL, Params and fields marked `inOptions`. */
	options: Record<string, unknown>;
}

/** One create, ready to send. */
export interface CapabilityRequest {
	capabilityId: string;
	path: string;
	/** The create body, with `callback` and `params` when set. */
	body: Record<string, unknown>;
	/** The body's callback URL, if any (Wait Mode "Callback" sets its own and refuses another). */
	callbackUrl?: string;
	params?: string;
}

/** Validates every field of the capability and builds the request; throws InvalidInputError naming the field. */
export function buildCapabilityRequest(capability: Capability, raw: RawCapabilityInput): CapabilityRequest {
	const capabilityId = readCapabilityId(raw.options.capabilityId, capability.id);
	const body: Record<string, unknown> = {};
	for (const field of capability.fields) {
		const given =
			field.parameter === undefined
				? undefined
				: field.inOptions
					? raw.options[field.parameter]
					: raw.values[field.parameter];
		const value = validateField(field, given);
		if (value !== undefined) body[field.key] = value;
	}
	capability.complete?.(body);
	return withTaskOptions(capabilityId, body, validateTaskOptions(raw.options));
}

/** Custom Capability: any capability id and a JSON object body, sent as they are (plus Callback URL and Params). */
export function buildCustomCapabilityRequest(raw: {
	capabilityId: unknown;
	body: unknown;
	options: Record<string, unknown>;
}): CapabilityRequest {
	if (typeof raw.capabilityId !== 'string' || raw.capabilityId.trim() === '') {
		throw new InvalidInputError(
			'Capability ID',
			'\'Capability ID\' is empty: give the id from the Tomoviee API page, e.g. "tm_text2speech" or "tm_video_continuation_b"',
		);
	}
	const capabilityId = readCapabilityId(raw.capabilityId, '');
	const body = parseJsonObject(raw.body);
	const options = validateTaskOptions(raw.options);
	for (const [key, value, option] of [
		['callback', options.callbackUrl, 'Callback URL'],
		['params', options.params, PARAMS_LABEL],
	] as const) {
		if (value !== undefined && key in body) {
			throw new InvalidInputError(
				'Body (JSON)',
				`"${key}" is set both in 'Body (JSON)' and as the '${option}' option: keep one of them`,
			);
		}
	}
	if ('callback' in body && options.callbackUrl === undefined) {
		if (typeof body.callback !== 'string')
			throw new InvalidInputError('Body (JSON)', `"callback" in 'Body (JSON)' must be a URL string`);
		options.callbackUrl = validateHttpUrl('Callback URL', body.callback);
		delete body.callback;
	}
	return withTaskOptions(capabilityId, body, options);
}

function withTaskOptions(
	capabilityId: string,
	body: Record<string, unknown>,
	options: { callbackUrl?: string; params?: string },
): CapabilityRequest {
	const request: CapabilityRequest = { capabilityId, path: createPathFor(capabilityId), body };
	if (options.callbackUrl !== undefined) {
		body.callback = options.callbackUrl;
		request.callbackUrl = options.callbackUrl;
	}
	if (options.params !== undefined) {
		body.params = options.params;
		request.params = options.params;
	}
	return request;
}

/** The Capability ID option: empty keeps the table's id; anything else must be a plain path segment. */
export function readCapabilityId(raw: unknown, fallback: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') return fallback;
	if (!CAPABILITY_ID_PATTERN.test(text)) {
		throw new InvalidInputError(
			'Capability ID',
			`'Capability ID' value "${text}" is not a capability ID: use letters, digits, "_", "-" and "." only, e.g. "tob_text2video_b"`,
		);
	}
	return text;
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The value to send for one field, or undefined to leave the field out. */
export function validateField(field: CapabilityField, raw: unknown): unknown {
	const { rule, label } = field;
	if (rule.type === 'fixed') return rule.value;
	if (isEmpty(raw)) {
		if (field.default !== undefined) return field.default;
		if (field.required) throw new InvalidInputError(label, `'${label}' is empty: ${field.emptyHint ?? 'give a value'}`);
		return undefined;
	}
	switch (rule.type) {
		case 'text':
			if (typeof raw !== 'string') throw new InvalidInputError(label, `'${label}' must be text (got ${typeof raw})`);
			return raw.trim();
		case 'url':
			return validateUrl(label, raw, rule.extensions);
		case 'choice': {
			const text = typeof raw === 'number' ? String(raw) : raw;
			if (typeof text === 'string' && rule.values.includes(text)) return text;
			throw new InvalidInputError(
				label,
				`'${label}' value "${String(raw)}" is not supported: use one of ${rule.values.join(', ')}`,
			);
		}
		case 'integer':
		case 'number': {
			const value = typeof raw === 'string' ? Number(raw.trim()) : raw;
			const whole = rule.type === 'integer';
			if (
				typeof value === 'number' &&
				Number.isFinite(value) &&
				(!whole || Number.isInteger(value)) &&
				value >= rule.min &&
				value <= rule.max
			) {
				return value;
			}
			throw new InvalidInputError(
				label,
				`'${label}' must be ${whole ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max} (got "${String(raw)}")`,
			);
		}
		case 'boolean':
			if (typeof raw !== 'boolean')
				throw new InvalidInputError(label, `'${label}' must be true or false (got "${String(raw)}")`);
			// Sent only when set: false is what Tomoviee assumes without it.
			return raw ? true : undefined;
		case 'cameraMove': {
			const value = typeof raw === 'string' ? Number(raw.trim()) : raw;
			if (
				typeof value === 'number' &&
				Number.isInteger(value) &&
				value >= AUTO_CAMERA_MOVE &&
				value <= MAX_CAMERA_MOVE
			) {
				return value === AUTO_CAMERA_MOVE ? undefined : value;
			}
			throw new InvalidInputError(
				label,
				`'${label}' value "${String(raw)}" is not supported: use 0 for Auto or a move number from 1 to ${MAX_CAMERA_MOVE}`,
			);
		}
	}
}

function validateUrl(label: string, raw: unknown, extensions: readonly string[] | undefined): string {
	if (typeof raw !== 'string')
		throw new InvalidInputError(label, `'${label}' must be a URL string (got ${typeof raw})`);
	const url = validateHttpUrl(label, raw.trim());
	const extension = pathExtension(new URL(url).pathname);
	// Signed or CDN URLs often have no extension at all; only a wrong one is refused.
	if (extensions !== undefined && extension !== undefined && !extensions.includes(extension)) {
		throw new InvalidInputError(
			label,
			`'${label}' points to a ".${extension}" file: Tomoviee accepts only ${extensions.join(', ')} images`,
		);
	}
	return url;
}

function parseJsonObject(raw: unknown): Record<string, unknown> {
	if (typeof raw === 'string' && raw.trim() === '')
		throw new InvalidInputError(
			'Body (JSON)',
			`'Body (JSON)' is empty: give the capability's fields as a JSON object, e.g. {"prompt": "..."}`,
		);
	const read = readJsonObject(raw);
	if ('invalidJson' in read)
		throw new InvalidInputError('Body (JSON)', `'Body (JSON)' is not valid JSON: ${read.invalidJson}`);
	if ('notObject' in read) {
		throw new InvalidInputError(
			'Body (JSON)',
			`'Body (JSON)' must be a JSON object of the capability's fields, e.g. {"prompt": "..."}`,
		);
	}
	return read.object;
}
