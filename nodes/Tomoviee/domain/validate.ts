import {
	ASPECT_RATIOS,
	AUTO_CAMERA_MOVE,
	IMAGE_EXTENSIONS,
	MAX_CAMERA_MOVE,
	RESOLUTIONS,
	type AspectRatio,
	type Resolution,
} from './vocabulary';

/** Bad input found before any request is sent; the node turns it into a NodeOperationError for the item. */
export class InvalidInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'InvalidInputError';
	}
}

/** Parameter values as n8n resolves them: expressions can turn any of them into anything. */
export interface RawCreateInput {
	prompt: unknown;
	imageUrl: unknown;
	resolution: unknown;
	aspectRatio: unknown;
	cameraMove: unknown;
	callbackUrl?: unknown;
	params?: unknown;
}

export interface ImageToVideoInput {
	prompt: string;
	imageUrl: string;
	resolution: Resolution;
	aspectRatio: AspectRatio;
	/** 0 = automatic camera motion (no index sent), 1-46 = a Tomoviee camera move. */
	cameraMove: number;
	callbackUrl?: string;
	params?: string;
}

export function validateCreateInput(raw: RawCreateInput): ImageToVideoInput {
	const input: ImageToVideoInput = {
		prompt: validatePrompt(raw.prompt),
		imageUrl: validateImageUrl(raw.imageUrl),
		resolution: validateChoice('Resolution', raw.resolution, RESOLUTIONS),
		aspectRatio: validateChoice('Aspect Ratio', raw.aspectRatio, ASPECT_RATIOS),
		cameraMove: validateCameraMove(raw.cameraMove),
	};
	return Object.assign(input, validateTaskOptions(raw));
}

/** The display name of the `params` option: text Tomoviee hands back unchanged with the task and its callback. */
export const PARAMS_LABEL = 'Custom Data';

/** The Callback URL and Custom Data options every create accepts; each is left out when not set. */
export function validateTaskOptions(raw: { callbackUrl?: unknown; params?: unknown }): {
	callbackUrl?: string;
	params?: string;
} {
	const options: { callbackUrl?: string; params?: string } = {};
	const callbackUrl = optionalString(raw.callbackUrl);
	if (callbackUrl !== undefined) options.callbackUrl = validateHttpUrl('Callback URL', callbackUrl);
	const params = raw.params;
	if (params !== undefined && params !== null && params !== '') {
		if (typeof params !== 'string') {
			throw new InvalidInputError(
				PARAMS_LABEL,
				`'${PARAMS_LABEL}' must be text: to pass an object, use an expression with JSON.stringify()`,
			);
		}
		options.params = params;
	}
	return options;
}

export function validateTaskId(raw: unknown): string {
	return requiredText(
		'Task ID',
		typeof raw === 'number' ? String(raw) : raw,
		"map the 'taskId' field of the output that created the task, e.g. {{ $json.taskId }}",
	);
}

function validatePrompt(raw: unknown): string {
	return requiredText(
		'Prompt',
		raw,
		'describe the subject and its motion, e.g. "a cat turns its head, leaves drift behind it"',
	);
}

/** The trimmed text; refused when empty (or not text), with what to give instead. */
function requiredText(field: string, raw: unknown, whatToGive: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') throw new InvalidInputError(field, `'${field}' is empty: ${whatToGive}`);
	return text;
}

function validateImageUrl(raw: unknown): string {
	const text = requiredText('Image URL', raw, 'give a public http(s) URL of a JPG, PNG or WEBP image');
	const url = validateHttpUrl('Image URL', text);
	const extension = pathExtension(new URL(url).pathname);
	// Signed or CDN URLs often have no extension at all; only a wrong one is refused here.
	if (extension !== undefined && !(IMAGE_EXTENSIONS as readonly string[]).includes(extension)) {
		throw new InvalidInputError(
			'Image URL',
			`'Image URL' points to a ".${extension}" file: Tomoviee accepts only ${IMAGE_EXTENSIONS.join(', ')} images`,
		);
	}
	return url;
}

export function validateHttpUrl(field: string, text: string): string {
	const url = parseUrl(text);
	if (url === undefined) {
		throw new InvalidInputError(field, `'${field}' is not a URL ("${text}"): use a full http(s) address`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new InvalidInputError(field, `'${field}' must start with http:// or https:// (got "${url.protocol}")`);
	}
	return text;
}

function validateChoice<T extends string>(field: string, raw: unknown, allowed: readonly T[]): T {
	if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
	throw new InvalidInputError(
		field,
		`'${field}' value "${String(raw)}" is not supported: use one of ${allowed.join(', ')}`,
	);
}

function validateCameraMove(raw: unknown): number {
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value === 'number' && Number.isInteger(value) && value >= AUTO_CAMERA_MOVE && value <= MAX_CAMERA_MOVE) {
		return value;
	}
	throw new InvalidInputError(
		'Camera Move',
		`'Camera Move' value "${String(raw)}" is not supported: use 0 for Auto or a move number from 1 to ${MAX_CAMERA_MOVE}`,
	);
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

function optionalString(raw: unknown): string | undefined {
	if (typeof raw !== 'string') return undefined;
	const text = raw.trim();
	return text === '' ? undefined : text;
}

export function pathExtension(pathname: string): string | undefined {
	const lastSegment = pathname.split('/').pop() ?? '';
	const dot = lastSegment.lastIndexOf('.');
	return dot > 0 ? lastSegment.slice(dot + 1).toLowerCase() : undefined;
}
