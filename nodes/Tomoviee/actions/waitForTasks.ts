/**
 * Submits and waits for many Tomoviee tasks at once. Each task has its own watcher that sleeps until its next query
 * is due (adaptive schedule, domain/pollSchedule) and survives transient faults (domain/retryPolicy), so one slow or
 * failing answer never holds up the others, and N videos take about as long as the slowest one. At most
 * "Max Parallel Tasks" tasks are in flight (submitted and not final): a finished one makes room for the next item.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { CAPABILITIES } from '../domain/capabilities';
import {
	isBatchMate,
	nextPollDelayMs,
	replannedDelayMs,
	type FinishedSpan,
	type PendingQuery,
	type PollScheduleInput,
	type TaskObservation,
} from '../domain/pollSchedule';
import { decideRetry } from '../domain/retryPolicy';
import { isFinalStatus, readTaskTiming, type TaskStatusView } from '../domain/taskView';
import { cancelSignalOf, sleepUnlessStopped } from '../transport/cancellation';
import type { Outcome } from '../transport/envelope';
import { createMayHaveSucceeded } from '../transport/failures';
import { createFailureToNodeApiError, failureToNodeApiError } from '../transport/nodeApiError';
import { POLL_QUERY_TIMEOUT_MS, taskFromOutcome, type TomovieeClient } from '../transport/tomovieeClient';
import { asNodeError, withTasksStillRunning } from './itemErrors';
import { outputProfileFor } from './outputItems';
import type { WaitSettings } from './readItemParameters';
import { logCreatedTask } from './taskLog';
import { taskViewOrError, unsuccessfulTaskError, type TaskReader } from './taskOutcome';
import type { WaitingRequest } from './taskRequest';
import { cancelledWhileWaiting, maxWaitError } from './waitErrors';

interface WaitingTask {
	itemIndex: number;
	taskId: string;
	/** Date.now() when Tomoviee accepted the task: the maximum wait counts from here. */
	createdAt: number;
	settings: WaitSettings;
}

/** How an item ended: its finished task, or its error (with the task id once the task exists). */
export type TaskSettlement =
	{ itemIndex: number; taskId?: string; view: TaskStatusView } | { itemIndex: number; taskId?: string; error: Error };

interface ActiveTask extends WaitingTask {
	/** Reads this task's answers (the item's output profile). */
	read: TaskReader;
	/** The capability that runs the task: only its batch-mates of the same capability re-plan it. */
	capabilityId: string;
	observations: TaskObservation[];
	/** Set while the task sleeps until its scheduled query: a batch-mate found done may bring that query sooner. */
	pending?: ScheduledSleep;
}

/** A scheduled sleep that a re-plan can shorten: it moves dueAtMs sooner and calls cut. */
interface ScheduledSleep extends PendingQuery {
	replanned: boolean;
	cut: () => void;
}

/** While a refused connection holds a create back, how often to look whether one of the batch's tasks has ended. */
const ACTIVE_CHECK_INTERVAL_MS = 1000;

/**
 * While tasks of the batch run, a refused create is sent again this often before the batch waits for one of them to
 * end: a short burst limit clears within a retry, while the account's limit on tasks at once only frees up when a
 * task ends, and more attempts would only be refused too.
 */
const CREATE_RETRIES_WHILE_RUNNING = 1;

/** Submits the items' tasks (at most maxParallel in flight) and waits for every one; settlements in item order. */
export async function submitAndWait(
	ctx: IExecuteFunctions,
	client: TomovieeClient,
	requests: WaitingRequest[],
	options: { maxParallel: number; stopOnFirstError: boolean },
): Promise<TaskSettlement[]> {
	const batch = new TaskBatch(ctx, client, options.stopOnFirstError);
	return await batch.run(async () => {
		const queue = [...requests];
		const worker = async () => {
			for (let request = queue.shift(); request && !batch.halted; request = queue.shift()) {
				const task = await batch.submit(request);
				if (task) await batch.watch(task);
			}
		};
		await Promise.all(Array.from({ length: Math.min(Math.max(1, options.maxParallel), queue.length) }, worker));
	});
}

class TaskBatch {
	halted = false;
	private readonly settled: TaskSettlement[] = [];
	private readonly active = new Map<number, ActiveTask>();
	/** Items whose create was cut off by a stop: their tasks may exist. */
	private readonly uncertainCreates: number[] = [];
	/** Succeeded tasks of this batch: how long they ran tells the schedule how long the others will. */
	private readonly finished: FinishedSpan[] = [];
	private firstError?: Error;
	/** Set when a create is refused as rate limited while tasks of the batch run: the account's limit is reached. */
	private atAccountLimit = false;
	/** At the account's limit, each task of the batch that ends lets one waiting create go. */
	private freedSlots = 0;
	private creating = 0;
	private changeWaiters: Array<() => void> = [];
	private readonly node: INode;
	private readonly signal: AbortSignal | undefined;
	private wake: () => void = () => {};
	private readonly halt: Promise<void>;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly client: TomovieeClient,
		private readonly stopOnFirstError: boolean,
	) {
		this.node = ctx.getNode();
		this.signal = cancelSignalOf(ctx);
		this.halt = new Promise<void>((resolve) => (this.wake = resolve));
	}

	private readonly stop = () => {
		this.halted = true;
		this.wake();
	};

	async run(work: () => Promise<void>): Promise<TaskSettlement[]> {
		if (this.signal?.aborted) this.stop();
		this.signal?.addEventListener('abort', this.stop, { once: true });
		try {
			await work();
		} finally {
			this.signal?.removeEventListener('abort', this.stop);
		}
		if (this.signal?.aborted) throw cancelledWhileWaiting(this.node, [...this.active.values()], this.uncertainCreates);
		if (this.stopOnFirstError && this.firstError)
			throw withTasksStillRunning(this.firstError, [...this.active.values()]);
		return this.settled.sort((a, b) => a.itemIndex - b.itemIndex);
	}

	private track(task: WaitingTask, read: TaskReader, capabilityId: string): ActiveTask {
		const active: ActiveTask = { ...task, read, capabilityId, observations: [] };
		this.active.set(task.itemIndex, active);
		return active;
	}

	/** Creates the item's task; never resends a create that Tomoviee may already have taken. */
	async submit(request: WaitingRequest): Promise<ActiveTask | undefined> {
		const { itemIndex } = request;
		while (!this.halted) {
			await this.untilSlotFreed();
			if (this.halted) return undefined;
			let retries = 0;
			let cutShort = false;
			const pause = async (ms: number) => {
				if (this.active.size > 0 && retries >= CREATE_RETRIES_WHILE_RUNNING) {
					cutShort = true;
					return false;
				}
				retries += 1;
				return await this.pause(ms);
			};
			this.creating += 1;
			const created = await this.client.tryCreateTask(request.body, request.path, pause).finally(() => {
				this.creating -= 1;
				this.changed();
			});
			if (created.ok) {
				logCreatedTask(this.ctx, created.taskId, itemIndex);
				// Tracked even when the execution was stopped meanwhile: the task exists and its id must be reported.
				const task = { itemIndex, taskId: created.taskId, createdAt: Date.now(), settings: request.settings };
				// No result spec: the Tomoviee Image to Video node, whose tasks are image-to-video's.
				const capabilityId = request.result?.capabilityId ?? CAPABILITIES.imageToVideo.id;
				return this.track(task, outputProfileFor(request.result).read, capabilityId);
			}
			const { failure } = created;
			if (this.halted) {
				// Stopped while this create was on its way: Tomoviee may have made the task all the same.
				if (createMayHaveSucceeded(failure)) this.uncertainCreates.push(itemIndex);
				return undefined;
			}
			if (failure.kind === 'rateLimited' && this.active.size > 0) {
				// Refused while our own tasks run: the account's limit on tasks at once is reached. From now on a
				// create goes out only when one of ours has ended, so that it is not refused again.
				this.atAccountLimit = true;
				continue;
			}
			if (cutShort) {
				// A refused connection while our tasks run: try again once one of them has ended.
				await this.untilFewerActiveThan(this.active.size);
				continue;
			}
			this.settle(itemIndex, undefined, { error: createFailureToNodeApiError(this.node, failure, itemIndex) });
			return undefined;
		}
		return undefined;
	}

	/** Queries the task on its schedule until it is final, the maximum wait passes, or a fault persists. */
	async watch(task: ActiveTask): Promise<void> {
		const place = { itemIndex: task.itemIndex, taskId: task.taskId };
		let delayMs = this.pollDelay(task, Date.now() - task.createdAt);
		// False while the delay is a retry's (a Retry-After, a backoff): only the schedule's delays are re-planned.
		let onSchedule = true;
		for (let failures = 0, failingSince = 0; ;) {
			if (!(await (onSchedule ? this.sleepOnSchedule(task, delayMs) : this.pause(delayMs)))) return;
			const outcome = await this.client.sendQuery(task.taskId, POLL_QUERY_TIMEOUT_MS);
			if (this.halted) return;
			const elapsedMs = Date.now() - task.createdAt;
			if (!outcome.ok) {
				failures += 1;
				if (failures === 1) failingSince = Date.now();
				const decision = decideRetry({
					purpose: 'query',
					failure: outcome.failure,
					attempt: failures,
					failingForMs: Date.now() - failingSince,
					remainingMs: task.settings.maxWaitMs - elapsedMs,
					random: Math.random,
				});
				if (!decision.retry) {
					this.settle(task.itemIndex, task.taskId, { error: failureToNodeApiError(this.node, outcome.failure, place) });
					return;
				}
				delayMs = decision.delayMs;
				onSchedule = false;
				continue;
			}
			failures = 0;
			const answer = this.readAnswer(task, outcome);
			if ('error' in answer) {
				this.settle(task.itemIndex, task.taskId, answer);
				return;
			}
			const { view, taskObject } = answer;
			if (isFinalStatus(view.status)) {
				if (view.status === 'succeeded') {
					this.finished.push({
						ranAtLeastMs: task.observations[task.observations.length - 1]?.atMs ?? 0,
						endedByMs: elapsedMs,
					});
				}
				this.settle(
					task.itemIndex,
					task.taskId,
					view.status === 'succeeded' ? { view } : { error: unsuccessfulTaskError(this.node, view, task.itemIndex) },
				);
				if (view.status === 'succeeded') this.replanBatchMates(task);
				return;
			}
			if (elapsedMs >= task.settings.maxWaitMs) {
				const lastSeen = `last status: ${view.status}, ${view.progress}%`;
				this.settle(task.itemIndex, task.taskId, {
					error: maxWaitError(this.node, [task], task.settings.maxWaitMs / 60_000, lastSeen),
				});
				return;
			}
			task.observations.push({
				atMs: elapsedMs,
				status: view.status,
				progress: view.progress,
				...readTaskTiming(taskObject),
			});
			delayMs = this.pollDelay(task, Date.now() - task.createdAt);
			onSchedule = true;
		}
	}

	/** Sleeps until the task's scheduled query, which a batch-mate found done may bring sooner (replanBatchMates). */
	private async sleepOnSchedule(task: ActiveTask, delayMs: number): Promise<boolean> {
		const plannedAtMs = Date.now() - task.createdAt;
		const pending: ScheduledSleep = { plannedAtMs, dueAtMs: plannedAtMs + delayMs, replanned: false, cut: () => {} };
		task.pending = pending;
		try {
			for (let leftMs = delayMs; leftMs > 0; leftMs = pending.dueAtMs - (Date.now() - task.createdAt)) {
				pending.replanned = false;
				const cut = new Promise<void>((resolve) => (pending.cut = resolve));
				await sleepUnlessStopped(leftMs, () => this.halted || pending.replanned, Promise.race([this.halt, cut]));
				if (this.halted) return false;
				if (!pending.replanned) break;
			}
			return true;
		} finally {
			task.pending = undefined;
		}
	}

	/**
	 * A task of the batch was found done: what it took tells its sleeping batch-mates when they will likely end, so
	 * their next queries are planned again now, rather than when they wake from a plan made without it.
	 */
	private replanBatchMates(done: ActiveTask): void {
		for (const mate of this.active.values()) {
			const pending = mate.pending;
			if (mate === done || !pending || !isBatchMate(done, mate)) continue;
			const elapsedMs = Date.now() - mate.createdAt;
			const delayMs = replannedDelayMs(this.scheduleInput(mate, elapsedMs), pending);
			if (delayMs === undefined) continue;
			pending.dueAtMs = elapsedMs + delayMs;
			pending.replanned = true;
			pending.cut();
		}
	}

	private readAnswer(
		task: ActiveTask,
		outcome: Outcome,
	): { view: TaskStatusView; taskObject: Record<string, unknown> } | { error: Error } {
		const place = { itemIndex: task.itemIndex, taskId: task.taskId };
		try {
			const taskObject = taskFromOutcome(this.node, outcome, place);
			return { view: taskViewOrError(this.node, taskObject, place, task.read), taskObject };
		} catch (error) {
			return { error: asNodeError(this.node, error, task.itemIndex) };
		}
	}

	private pollDelay(task: ActiveTask, elapsedMs: number): number {
		return nextPollDelayMs(this.scheduleInput(task, elapsedMs));
	}

	private scheduleInput(task: ActiveTask, elapsedMs: number): PollScheduleInput {
		return {
			elapsedMs,
			pollIntervalMs: task.settings.pollIntervalMs,
			maxWaitMs: task.settings.maxWaitMs,
			observations: task.observations,
			finished: this.finished,
			// The batch's other tasks still running: how long each has been seen running so far.
			running: [...this.active.values()]
				.filter((other) => other !== task)
				.map((other) => other.observations[other.observations.length - 1]?.atMs ?? 0),
			random: Math.random,
		};
	}

	private settle(itemIndex: number, taskId: string | undefined, outcome: { view: TaskStatusView } | { error: Error }) {
		if (this.active.delete(itemIndex) && this.atAccountLimit) this.freedSlots += 1;
		this.changed();
		this.settled.push({ itemIndex, taskId, ...outcome });
		if ('error' in outcome && this.stopOnFirstError && !this.firstError) {
			this.firstError = outcome.error;
			this.stop();
		}
	}

	/** Sleeps, waking early when the batch stops (first error without continueOnFail, or the execution is cancelled). */
	private async pause(ms: number): Promise<boolean> {
		return await sleepUnlessStopped(ms, () => this.halted, this.halt);
	}

	private async untilFewerActiveThan(count: number): Promise<void> {
		while (!this.halted && this.active.size >= count) await this.pause(ACTIVE_CHECK_INTERVAL_MS);
	}

	/** At the account's limit: waits until a task of the batch has ended, and takes the slot it freed. */
	private async untilSlotFreed(): Promise<void> {
		while (!this.halted && this.atAccountLimit && this.freedSlots === 0) {
			if (this.active.size + this.creating === 0) {
				// None of ours runs or is being created: the limit is no longer ours to keep track of.
				this.atAccountLimit = false;
				return;
			}
			await Promise.race([new Promise<void>((resolve) => this.changeWaiters.push(resolve)), this.halt]);
		}
		if (this.atAccountLimit && this.freedSlots > 0) this.freedSlots -= 1;
	}

	/** Wakes whoever waits for a task to end or a create to come back. */
	private changed(): void {
		const waiters = this.changeWaiters;
		this.changeWaiters = [];
		for (const wake of waiters) wake();
	}
}
