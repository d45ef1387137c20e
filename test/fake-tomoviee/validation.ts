import { FakeErrorCode, type FakeErrorCodeValue } from './errorCodes';

/** A create body that passed validation (optional fields absent when not sent). */
export interface CreateTaskBody {
	prompt: string;
	image: string;
	resolution?: string;
	duration?: number;
	aspect_ratio?: string;
	camera_move_index?: number;
	callback?: string;
	params?: string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; code: FakeErrorCodeValue };

export const RESOLUTIONS = ['720p', '1080p'];
/** Text-to-video's aspect ratios; the capabilities that start from an image also take 'original'. */
export const ASPECT_RATIOS = ['16:9', '9:16', '4:3', '3:4', '1:1'];
export const ASPECT_RATIOS_WITH_ORIGINAL = [...ASPECT_RATIOS, 'original'];
const IMAGE_EXTENSION = /\.(jpe?g|png|webp)$/i;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a URL when it is an http(s) URL string. */
export function parseHttpUrl(value: unknown): URL | undefined {
	if (typeof value !== 'string') return undefined;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
	} catch {
		return undefined;
	}
}

export function isImageUrl(value: unknown): boolean {
	const url = parseHttpUrl(value);
	return url !== undefined && IMAGE_EXTENSION.test(url.pathname);
}

/**
 * Optional fields must be absent or valid: the contract says they are sent only when set,
 * so an explicit null or empty value is a client bug worth surfacing.
 */
const OPTIONAL_FIELD_RULES: Array<{
	field: keyof CreateTaskBody;
	code: FakeErrorCodeValue;
	isValid: (v: unknown) => boolean;
}> = [
	{ field: 'resolution', code: FakeErrorCode.ResolutionInvalid, isValid: (v) => RESOLUTIONS.includes(v as string) },
	{ field: 'duration', code: FakeErrorCode.DurationInvalid, isValid: (v) => v === 5 },
	{
		field: 'aspect_ratio',
		code: FakeErrorCode.AspectRatioInvalid,
		isValid: (v) => ASPECT_RATIOS_WITH_ORIGINAL.includes(v as string),
	},
	{
		field: 'camera_move_index',
		code: FakeErrorCode.CameraMoveInvalid,
		isValid: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 46,
	},
	{ field: 'callback', code: FakeErrorCode.CallbackInvalid, isValid: (v) => parseHttpUrl(v) !== undefined },
	{ field: 'params', code: FakeErrorCode.ParamsInvalid, isValid: (v) => typeof v === 'string' },
];

export function validateCreateBody(body: unknown): Validation<CreateTaskBody> {
	if (!isPlainObject(body)) return { ok: false, code: FakeErrorCode.BodyInvalid };
	if (typeof body.prompt !== 'string' || body.prompt.trim() === '') {
		return { ok: false, code: FakeErrorCode.PromptInvalid };
	}
	if (!isImageUrl(body.image)) return { ok: false, code: FakeErrorCode.ImageInvalid };
	for (const rule of OPTIONAL_FIELD_RULES) {
		if (rule.field in body && !rule.isValid(body[rule.field])) return { ok: false, code: rule.code };
	}
	return { ok: true, value: body as unknown as CreateTaskBody };
}

export function validateQueryBody(body: unknown): Validation<string> {
	if (!isPlainObject(body) || typeof body.task_id !== 'string' || body.task_id === '') {
		return { ok: false, code: FakeErrorCode.TaskIdInvalid };
	}
	return { ok: true, value: body.task_id };
}
