/** The checks every create and read shares: task options, task id, URLs. Capability fields: capabilityInput.ts. */

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

/** The trimmed text; refused when empty (or not text), with what to give instead. */
function requiredText(field: string, raw: unknown, whatToGive: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') throw new InvalidInputError(field, `'${field}' is empty: ${whatToGive}`);
	return text;
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
