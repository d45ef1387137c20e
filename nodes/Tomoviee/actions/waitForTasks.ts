/**
 * Waits for many Tomoviee tasks at once: each task is queried on its own schedule, and the node sleeps only until
 * the next task is due, so N videos take about as long as the slowest one.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { nextPollDelayMs } from '../domain/pollSchedule';
import { isFinalStatus, type TaskView } from '../domain/taskView';
import { taskFromOutcome, type TomovieeClient } from '../transport/tomovieeApi';
import type { WaitSettings } from './readItemParameters';
import { taskViewOrError, unsuccessfulTaskError } from './taskOutcome';

export interface WaitingTask {
	itemIndex: number;
	taskId: string;
	/** Date.now() when Tomoviee accepted the task: the maximum wait counts from here. */
	createdAt: number;
	settings: WaitSettings;
}

export type TaskSettlement =
	| { itemIndex: number; taskId: string; view: TaskView }
	| { itemIndex: number; taskId: string; error: Error };

interface OpenTask extends WaitingTask {
	nextPollAt: number;
	last?: TaskView;
}

/** Longest single sleep, so that a cancelled execution stops within about this long even if the abort is missed. */
const MAX_SLEEP_SLICE_MS = 1000;

export async function waitForTasks(
	ctx: IExecuteFunctions,
	client: TomovieeClient,
	tasks: WaitingTask[],
	{ stopOnFirstError }: { stopOnFirstError: boolean },
): Promise<TaskSettlement[]> {
	const settled: TaskSettlement[] = [];
	const open = new Map<number, OpenTask>(
		tasks.map((task) => [task.itemIndex, { ...task, nextPollAt: task.createdAt + firstDelay(task) }]),
	);
	const signal = cancelSignalOf(ctx);

	const settle = (task: OpenTask, outcome: { view: TaskView } | { error: Error }) => {
		open.delete(task.itemIndex);
		settled.push({ itemIndex: task.itemIndex, taskId: task.taskId, ...outcome });
	};

	while (open.size > 0) {
		if (signal?.aborted) throw cancelledWhileWaiting(ctx, [...open.values()]);
		const now = Date.now();
		const due = [...open.values()].filter((task) => task.nextPollAt <= now);
		if (due.length === 0) {
			const wakeAt = Math.min(...[...open.values()].map((task) => task.nextPollAt));
			await sleepUnlessCancelled(Math.min(wakeAt - now, MAX_SLEEP_SLICE_MS), signal);
			continue;
		}
		await Promise.all(
			due.map(async (task) => {
				const outcome = await client.sendQuery(task.taskId);
				if (signal?.aborted) return;
				try {
					const taskObject = taskFromOutcome(ctx.getNode(), outcome, task);
					const view = taskViewOrError(ctx.getNode(), taskObject, task);
					task.last = view;
					if (isFinalStatus(view.status)) {
						settle(
							task,
							view.status === 'succeeded' ? { view } : { error: unsuccessfulTaskError(ctx.getNode(), view, task.itemIndex) },
						);
						return;
					}
					const elapsedMs = Date.now() - task.createdAt;
					if (elapsedMs >= task.settings.maxWaitMs) {
						settle(task, { error: maxWaitReached(ctx, task) });
						return;
					}
					task.nextPollAt = Date.now() + nextPollDelayMs({ elapsedMs, ...task.settings });
				} catch (error) {
					settle(task, { error: error as Error });
				}
			}),
		);
		const firstError = settled.find((settlement) => 'error' in settlement);
		if (stopOnFirstError && firstError && 'error' in firstError) {
			throw withOtherTasks(firstError.error, [...open.values()]);
		}
	}
	if (signal?.aborted) throw cancelledWhileWaiting(ctx, tasks.map((task) => ({ ...task, nextPollAt: 0 })));
	return settled.sort((a, b) => a.itemIndex - b.itemIndex);
}

function firstDelay(task: WaitingTask): number {
	return nextPollDelayMs({ elapsedMs: 0, ...task.settings });
}

function cancelSignalOf(ctx: IExecuteFunctions): AbortSignal | undefined {
	// Older n8n versions do not offer the signal; waiting then ends at the maximum wait.
	return typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
}

/** n8n-workflow's sleep cannot be aborted, so a sleep races the cancel signal and is cut into short slices. */
async function sleepUnlessCancelled(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (ms <= 0) return;
	if (!signal) return await sleep(ms);
	if (signal.aborted) return;
	let onAbort: () => void = () => {};
	const aborted = new Promise<void>((resolve) => {
		onAbort = resolve;
		signal.addEventListener('abort', onAbort, { once: true });
	});
	await Promise.race([sleep(ms), aborted]);
	signal.removeEventListener('abort', onAbort);
}

function maxWaitReached(ctx: IExecuteFunctions, task: OpenTask): NodeOperationError {
	const minutes = Math.round((task.settings.maxWaitMs / 60_000) * 100) / 100;
	const state = task.last ? `last status: ${task.last.status}, ${task.last.progress}%` : 'no status read yet';
	const error = new NodeOperationError(
		ctx.getNode(),
		`Tomoviee task ${task.taskId} did not finish within the maximum wait of ${minutes} minutes (${state})`,
		{
			itemIndex: task.itemIndex,
			description: `The task goes on at Tomoviee. Pick it up later with the Get Status operation and task ID ${task.taskId}, or raise "Max Wait (Minutes)" under Options.`,
		},
	);
	error.context.taskId = task.taskId;
	return error;
}

function cancelledWhileWaiting(ctx: IExecuteFunctions, open: OpenTask[]): NodeOperationError {
	const ids = open.map((task) => task.taskId);
	const error = new NodeOperationError(
		ctx.getNode(),
		`The execution was canceled while waiting for Tomoviee task(s) ${ids.join(', ')}`,
		{
			itemIndex: open[0]?.itemIndex,
			description: 'The tasks go on at Tomoviee: pick them up with the Get Status operation and these task IDs.',
		},
	);
	if (ids.length > 0) error.context.taskId = ids[0];
	error.context.taskIds = ids;
	return error;
}

/** Stopping at the first failure must not lose the other tasks already created: name them in the error. */
export function withOtherTasks(error: Error, stillOpen: Array<{ itemIndex: number; taskId: string }>): Error {
	if (stillOpen.length === 0) return error;
	const others = stillOpen.map((task) => `item ${task.itemIndex}: ${task.taskId}`).join(', ');
	const withDescription = error as Error & { description?: string | null; context?: Record<string, unknown> };
	withDescription.description = `${withDescription.description ?? ''} Tasks still running at Tomoviee (use Get Status): ${others}.`.trim();
	if (withDescription.context) withDescription.context.otherTaskIds = stillOpen.map((task) => task.taskId);
	return error;
}
