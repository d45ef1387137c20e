/**
 * What a call to the callback URL says, read as a hint only. Tomoviee documents neither the callback's body nor its
 * content type: a flat task object, the `{code, msg, data}` envelope (data an object or a JSON string), form fields,
 * or nothing at all are all possible. The task's state is always read again with a status query; the hint only says
 * which task the call is about and whether it claims success, so that the fewest queries are made. Nor is the method
 * documented: a GET carries no body, and Tomoviee may append the task to the resume URL's query (`&task_id=...`).
 */

export interface CallbackSignal {
	/** The task the call names, when it names one. */
	taskId?: string;
	/** The status code the call claims for that task (3 success, 4-6 other ends), when it gives one. */
	status?: number;
}

const MAX_DEPTH = 3;

/** The body names the task if it can; otherwise the query of the resume URL may (n8n's own `signature` is ignored). */
export function readCallbackSignal(body: unknown, query?: unknown): CallbackSignal {
	const fromBody = readFrom(parseText(body), 0);
	return fromBody.taskId !== undefined ? fromBody : readFrom(firstOfEach(query), 0);
}

/** A parameter repeated in a query string arrives as an array: its first value counts. */
function firstOfEach(query: unknown): Record<string, unknown> | undefined {
	const object = asObject(query);
	if (object === undefined) return undefined;
	return Object.fromEntries(
		Object.entries(object).map(([key, value]) => [key, Array.isArray(value) ? (value[0] as unknown) : value]),
	);
}

function readFrom(value: unknown, depth: number): CallbackSignal {
	const object = asObject(parseText(value));
	if (object === undefined || depth > MAX_DEPTH) return {};
	const taskId = readTaskId(object.task_id ?? object.taskId);
	if (taskId !== undefined) return { taskId, status: readStatus(object.status) };
	// Tomoviee's envelope, or any wrapper: the task sits in `data`.
	return object.data === undefined ? {} : readFrom(object.data, depth + 1);
}

/** A JSON text or a form-encoded text becomes an object; anything else is returned as it is. */
function parseText(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (text === '') return undefined;
	if (text.startsWith('{')) {
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return undefined;
		}
	}
	if (!text.includes('=')) return undefined;
	const fields: Record<string, string> = {};
	for (const pair of text.split('&')) {
		const [key, ...rest] = pair.split('=');
		fields[decodeFormText(key)] = decodeFormText(rest.join('='));
	}
	return fields;
}

function decodeFormText(text: string): string {
	try {
		return decodeURIComponent(text.replace(/\+/g, ' '));
	} catch {
		return text;
	}
}

function asObject(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

function readTaskId(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const taskId = value.trim();
	return taskId === '' ? undefined : taskId;
}

function readStatus(value: unknown): number | undefined {
	const status = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
}
