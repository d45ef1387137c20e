/**
 * n8n's "Simplify" for task items, one rule for both nodes and every operation: the task id, the status, the result
 * URLs (`<kind>Url` and `<kind>Urls`, domain/capabilityResult) and the error fields; the rest (status code, progress,
 * model version, translated prompt, params, the raw result, file descriptions) is left out. Fields an item does not
 * have stay absent (Create's item has no reason, a task without an error code has none).
 */

const LEADING_KEYS = ['taskId', 'status'] as const;
const ERROR_KEYS = ['reason', 'errorCode', 'error'] as const;

/** The simplified copy of an output item's JSON; `urlFields` names its result URL fields, in output order. */
export function simplifyTaskJson(json: Record<string, unknown>, urlFields: readonly string[]): Record<string, unknown> {
	const simplified: Record<string, unknown> = {};
	for (const key of [...LEADING_KEYS, ...urlFields, ...ERROR_KEYS]) {
		if (Object.prototype.hasOwnProperty.call(json, key)) simplified[key] = json[key];
	}
	return simplified;
}
