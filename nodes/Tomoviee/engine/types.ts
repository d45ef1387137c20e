/** What the engine is given to run: read and validated by parameters/ before any request, plain data. */
import type { ResultSpec } from '../domain/capabilityResult';

/** How long and how often to wait for a task (Create and Wait). */
export interface WaitSettings {
	/** The longest gap between two status queries; the schedule queries sooner when a task is due. */
	pollIntervalMs: number;
	/** Counted from the task's creation. */
	maxWaitMs: number;
}

/** How a task's result leaves the node: its URLs, or its files downloaded into binary fields. */
export interface ReturnSettings {
	/** Simplify Output; absent in a callback wait saved before the option existed, which then outputs in full. */
	simplify?: boolean;
	returnAs: 'url' | 'binary';
	binaryPropertyName: string;
	/** Largest file the download accepts, in bytes; checked while streaming. */
	maxBytes: number;
}

/** One item's task: what to create, how its answers are read and output, and (Create and Wait) how long to wait. */
export interface TaskRequest {
	itemIndex: number;
	/** The create body; it carries `callback` only when the Callback URL option is set. */
	body: Record<string, unknown>;
	/** The capability's create path. */
	path: string;
	/** The Callback URL option's value, if set (Wait Mode "Callback" sets its own). */
	callbackUrl?: string;
	/** The Custom Data option (`params`), echoed in Create's output. */
	params?: string;
	/** How the task's answers are read and output: the task's output profile, as plain data. */
	result: ResultSpec;
	returnSettings: ReturnSettings;
	/** Create and Wait only. */
	waitSettings?: WaitSettings;
}

/** A task to read once (Get Status). */
export interface StatusRequest {
	itemIndex: number;
	taskId: string;
	result: ResultSpec;
	returnSettings: ReturnSettings;
}

/**
 * How tasks are run. Create: each item's task is created and its id output at once. Poll and Callback are the two wait
 * modes of Create and Wait: the node queries its tasks until they end, or the execution waits for Tomoviee's calls.
 */
export type RunMode =
	{ kind: 'create' } | { kind: 'poll'; maxParallel: number } | { kind: 'callback'; resumeUrl: string };

/** A task created and not known to have ended: what is reported whenever an error stops the run. */
export interface OpenTask {
	itemIndex: number;
	taskId: string;
}
