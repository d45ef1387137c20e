/**
 * Reads what `n8n execute --rawOutput` prints. n8n logs the run as pretty-printed JSON through its logger
 * (on success) or inside its "Execution was NOT successful" log block (on failure), between other log
 * lines, so the run object is located by its braces rather than by line positions.
 */

export interface NodeRun {
	items: Array<Record<string, unknown>>;
	error?: Record<string, unknown>;
}

/** One run of one node, as n8n prints it (n8n-workflow's ITaskData, the fields read here). */
export interface TaskDataJson {
	data?: { main?: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, BinaryJson> }> | null> };
	error?: Record<string, unknown>;
}

export interface BinaryJson {
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string | number;
}

/** The run object `n8n execute --rawOutput` prints (n8n-workflow's IRun, the fields read here). */
export interface RunJson {
	data: {
		resultData: {
			runData?: Record<string, TaskDataJson[]>;
			error?: ExecutionRun['error'];
			lastNodeExecuted?: string;
		};
	};
}

export interface ExecutionRun {
	/** Whether the run carries a workflow-level error. */
	error?: { message?: string; description?: string; [key: string]: unknown };
	lastNodeExecuted?: string;
	nodes: Record<string, NodeRun>;
}

/** End index (exclusive) of the JSON value that starts with `{` at `start`, honouring strings; -1 if unbalanced. */
function matchingBrace(text: string, start: number): number {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '{') depth++;
		else if (c === '}') {
			depth--;
			if (depth === 0) return i + 1;
		}
	}
	return -1;
}

/** The first pretty-printed JSON object in `text` that is an n8n run (has data.resultData). */
export function findRunJson(text: string): RunJson | undefined {
	const candidate = /\{\r?\n/g;
	for (let match = candidate.exec(text); match; match = candidate.exec(text)) {
		const end = matchingBrace(text, match.index);
		if (end < 0) continue;
		try {
			const value = JSON.parse(text.slice(match.index, end));
			if (value && typeof value === 'object' && value.data?.resultData) return value;
		} catch {
			continue;
		}
		// A parseable object that is not the run: skip past it (the run is never nested in another log object).
		candidate.lastIndex = end;
	}
	return undefined;
}

export function parseExecutionRun(text: string): ExecutionRun | undefined {
	const run = findRunJson(text);
	if (!run) return undefined;
	const resultData = run.data.resultData;
	const nodes: Record<string, NodeRun> = {};
	for (const [name, runs] of Object.entries(resultData.runData ?? {})) {
		const last: TaskDataJson = runs[runs.length - 1] ?? {};
		const items = (last.data?.main?.[0] ?? []).map((i) => i.json);
		nodes[name] = { items, error: last.error };
	}
	return { error: resultData.error, lastNodeExecuted: resultData.lastNodeExecuted, nodes };
}
