/**
 * The one create loop, and the polling of tasks, for both nodes and every run mode. Creates are sent at most "Max
 * Parallel Tasks" at a time in Poll mode, one after another otherwise; a create is never resent once Tomoviee may have
 * taken it, and every created task is logged and reported with any error that stops the run.
 *
 * Poll: each task has its own watcher that sleeps until its next query is due (adaptive schedule, domain/pollSchedule)
 * and survives transient faults (one retry rule for queries: transport/retries), so one slow or failing answer never
 * holds up the others, and N tasks take about as long as the slowest one. A finished task makes room for the next.
 *
 * Create and Callback leave their tasks open. When Tomoviee refuses a create for the account's limit on tasks at once
 * while tasks of this run are open, Callback mode cannot wait for a callback (n8n resumes an execution only once, when
 * every task has ended), so it polls its tasks from then on, as Poll mode does, and creates the next task each time one
 * ends: no item fails that Poll mode would have run.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';
import {
	isBatchMate,
	nextPollDelayMs,
	replannedDelayMs,
	type FinishedSpan,
	type PendingQuery,
	type PollScheduleInput,
	type TaskObservation,
} from '../domain/pollSchedule';
import { isFinalStatus, readTaskTiming } from '../domain/taskView';
import type { CapabilityTaskView } from '../domain/capabilityResult';
import { cancelSignalOf, sleepUnlessStopped } from '../transport/cancellation';
import type { Reply } from '../transport/envelope';
import { createMayHaveSucceeded } from '../transport/failures';
import { createFailureToNodeApiError, failureToNodeApiError } from '../transport/nodeApiError';
import { taskFromReply, type TomovieeClient } from '../transport/tomovieeClient';
import { asNodeError, withTasksStillRunning } from './itemErrors';
import type { OutputProfile } from './outputItems';
import { logCreatedTask } from './taskLog';
import { taskViewOrError, unsuccessfulTaskError } from './taskOutcome';
import type { OpenTask, RunMode, TaskRequest, WaitSettings } from './types';
import { cancelledWhileWaiting, maxWaitError } from './waitErrors';

/** A task request with its output profile, resolved once for the task. */
export interface PlannedTask extends TaskRequest {
	profile: OutputProfile;
}

/**
 * How an item's run ended: its task created and left open (Create, Callback), its task ended with a result, or an
 * error (with the task id once the task exists).
 */
export type ItemOutcome =
	| { kind: 'created'; itemIndex: number; taskId: string }
	| { kind: 'succeeded'; itemIndex: number; taskId: string; view: CapabilityTaskView }
	| { kind: 'failed'; itemIndex: number; taskId?: string; error: Error };

interface ActiveTask extends OpenTask {
	/** Date.now() when Tomoviee accepted the task: the maximum wait counts from here. */
	createdAt: number;
	settings: WaitSettings;
	profile: OutputProfile;
	/** The capability that runs the task: only its batch-mates of the same capability re-plan it. */
	capabilityId: string;
	/** Its place in the batch's creation order: spreads its blind checks among its batch-mates'. */
	rank: number;
	observations: TaskObservation[];
	/** Whether a watcher queries it (Poll mode, or Callback mode at the account's limit). */
	watched: boolean;
	/** Set while the task sleeps until its scheduled query: a batch-mate found done may bring that query sooner. */
	pending?: ScheduledSleep;
}

/** A scheduled sleep that a re-plan can shorten: it moves dueAtMs sooner and calls cut. */
interface ScheduledSleep extends PendingQuery {
	replanned: boolean;
	cut: () => void;
}

/** Create leaves tasks open with no wait; its settings are never read. */
const NO_WAIT: WaitSettings = { pollIntervalMs: 0, maxWaitMs: 0 };

/** While a refused connection holds a create back, how often to look whether one of the batch's tasks has ended. */
const ACTIVE_CHECK_INTERVAL_MS = 1000;

/**
 * While tasks of the batch run, a refused create is sent again this often before the batch waits for one of them to
 * end: a short burst limit clears within a retry, while the account's limit on tasks at once only frees up when a
 * task ends, and more attempts would only be refused too.
 */
const CREATE_RETRIES_WHILE_RUNNING = 1;

/** Creates the items' tasks and, in Poll mode, waits for every one; outcomes in item order. */
export async function runTaskBatch(
	ctx: IExecuteFunctions,
	client: TomovieeClient,
	requests: PlannedTask[],
	options: { mode: RunMode; stopOnFirstError: boolean },
): Promise<ItemOutcome[]> {
	const batch = new TaskBatch(ctx, client, options.mode, options.stopOnFirstError);
	return await batch.run(requests);
}

class TaskBatch {
	private stopped = false;
	private readonly outcomes: ItemOutcome[] = [];
	/** Tasks created so far; and when the batch began, the clock its tasks share. */
	private created = 0;
	private readonly startedAt = Date.now();
	/** Created and not known to have ended, by item. */
	private readonly active = new Map<number, ActiveTask>();
	/** Items whose create was cut off by a stop: their tasks may exist. */
	private readonly uncertainCreates: number[] = [];
	/** Succeeded tasks of this batch: how long they ran tells the schedule how long the others will. */
	private readonly finished: FinishedSpan[] = [];
	private firstError?: Error;
	/** Whether open tasks are queried: always in Poll mode, in Callback mode from the account's limit on. */
	private polling: boolean;
	/** Watchers started outside the create lanes (Callback mode at the account's limit). */
	private readonly watchers: Array<Promise<void>> = [];
	/** Set when a create is refused as rate limited while tasks of the batch run: the account's limit is reached. */
	private atAccountLimit = false;
	/** At the account's limit, each task of the batch that ends lets one waiting create go. */
	private freedSlots = 0;
	private creating = 0;
	private changeWaiters: Array<() => void> = [];
	private readonly node: INode;
	private readonly signal: AbortSignal | undefined;
	/** Resolves when the batch stops (first error without continueOnFail, or the execution is cancelled). */
	private readonly whenStopped: Promise<void>;
	private resolveWhenStopped: () => void = () => {};

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly client: TomovieeClient,
		private readonly mode: RunMode,
		private readonly stopOnFirstError: boolean,
	) {
		this.node = ctx.getNode();
		this.signal = cancelSignalOf(ctx);
		this.polling = mode.kind === 'poll';
		this.whenStopped = new Promise<void>((resolve) => (this.resolveWhenStopped = resolve));
	}

	private readonly stop = () => {
		this.stopped = true;
		this.resolveWhenStopped();
	};

	async run(requests: PlannedTask[]): Promise<ItemOutcome[]> {
		if (this.signal?.aborted) this.stop();
		this.signal?.addEventListener('abort', this.stop, { once: true });
		const queue = [...requests];
		const lane = async () => {
			for (let request = queue.shift(); request && !this.stopped; request = queue.shift()) {
				const task = await this.create(request);
				if (task && this.mode.kind === 'poll') await this.watch(task);
			}
		};
		// Poll mode creates up to Max Parallel Tasks at once; Create and Callback create one after another.
		const lanes = this.mode.kind === 'poll' ? Math.min(Math.max(1, this.mode.maxParallel), queue.length) : 1;
		try {
			await Promise.all(Array.from({ length: lanes }, lane));
			await Promise.all(this.watchers);
		} finally {
			this.signal?.removeEventListener('abort', this.stop);
		}
		const open = [...this.active.values()];
		if (this.signal?.aborted) throw cancelledWhileWaiting(this.node, open, this.uncertainCreates);
		if (this.stopOnFirstError && this.firstError) throw withTasksStillRunning(this.firstError, open);
		for (const { itemIndex, taskId } of open) this.outcomes.push({ kind: 'created', itemIndex, taskId });
		return this.outcomes.sort((a, b) => a.itemIndex - b.itemIndex);
	}

	private track(request: PlannedTask, taskId: string): ActiveTask {
		const task: ActiveTask = {
			itemIndex: request.itemIndex,
			taskId,
			createdAt: Date.now(),
			settings: request.waitSettings ?? NO_WAIT,
			profile: request.profile,
			capabilityId: request.result.capabilityId,
			rank: this.created++,
			observations: [],
			watched: false,
		};
		this.active.set(task.itemIndex, task);
		return task;
	}

	/**
	 * Creates the item's task (with the execution's resume URL as callback in Callback mode); never resends a create
	 * that Tomoviee may already have taken.
	 */
	private async create(request: PlannedTask): Promise<ActiveTask | undefined> {
		const { itemIndex } = request;
		const body = this.mode.kind === 'callback' ? { ...request.body, callback: this.mode.resumeUrl } : request.body;
		while (!this.stopped) {
			await this.untilSlotFreed();
			if (this.stopped) return undefined;
			let retries = 0;
			let cutShort = false;
			const pause = async (ms: number) => {
				if (this.mode.kind !== 'create' && this.active.size > 0 && retries >= CREATE_RETRIES_WHILE_RUNNING) {
					cutShort = true;
					return false;
				}
				retries += 1;
				return await this.pause(ms);
			};
			this.creating += 1;
			const created = await this.client.tryCreateTask(body, request.path, pause).finally(() => {
				this.creating -= 1;
				this.changed();
			});
			if (created.ok) {
				logCreatedTask(this.ctx, created.taskId, itemIndex);
				// Tracked even when the execution was stopped meanwhile: the task exists and its id must be reported.
				const task = this.track(request, created.taskId);
				if (this.polling && this.mode.kind === 'callback') this.watchAside(task);
				return task;
			}
			const { failure } = created;
			if (this.stopped) {
				// Stopped while this create was on its way: Tomoviee may have made the task all the same.
				if (createMayHaveSucceeded(failure)) this.uncertainCreates.push(itemIndex);
				return undefined;
			}
			if (failure.kind === 'rateLimited' && this.active.size > 0 && this.mode.kind !== 'create') {
				// Refused while our own tasks run: the account's limit on tasks at once is reached. From now on a
				// create goes out only when one of ours has ended, so that it is not refused again.
				this.atAccountLimit = true;
				this.startPolling();
				continue;
			}
			if (cutShort) {
				// A refused connection while our tasks run: try again once one of them has ended.
				this.startPolling();
				await this.untilFewerActiveThan(this.active.size);
				continue;
			}
			this.settle(itemIndex, undefined, { error: createFailureToNodeApiError(this.node, failure, itemIndex) });
			return undefined;
		}
		return undefined;
	}

	/**
	 * Callback mode held back by its own open tasks (the account's limit, or a refused connection): they are queried
	 * from now on, to learn when one ends.
	 */
	private startPolling(): void {
		if (this.polling) return;
		this.polling = true;
		for (const task of this.active.values()) this.watchAside(task);
	}

	private watchAside(task: ActiveTask): void {
		if (!task.watched) this.watchers.push(this.watch(task));
	}

	/** Queries the task on its schedule until it is final, the maximum wait passes, or a fault persists. */
	private async watch(task: ActiveTask): Promise<void> {
		task.watched = true;
		const place = { itemIndex: task.itemIndex, taskId: task.taskId };
		const deadline = task.createdAt + task.settings.maxWaitMs;
		for (;;) {
			if (!(await this.sleepOnSchedule(task, this.pollDelay(task, Date.now() - task.createdAt)))) return;
			const reply = await this.client.tryQueryTask(task.taskId, async (ms) => await this.pause(ms), deadline);
			if (reply === undefined || this.stopped) return;
			if (!reply.ok) {
				this.settle(task.itemIndex, task.taskId, { error: failureToNodeApiError(this.node, reply.failure, place) });
				return;
			}
			const elapsedMs = Date.now() - task.createdAt;
			const answer = this.readAnswer(task, reply);
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
		}
	}

	private readAnswer(
		task: ActiveTask,
		reply: Reply,
	): { view: CapabilityTaskView; taskObject: Record<string, unknown> } | { error: Error } {
		const place = { itemIndex: task.itemIndex, taskId: task.taskId };
		try {
			const taskObject = taskFromReply(this.node, reply, place);
			return { view: taskViewOrError(this.node, taskObject, place, task.profile.read), taskObject };
		} catch (error) {
			return { error: asNodeError(this.node, error, task.itemIndex) };
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
				await sleepUnlessStopped(
					leftMs,
					() => this.stopped || pending.replanned,
					Promise.race([this.whenStopped, cut]),
				);
				if (this.stopped) return false;
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
			// Blind checks spread out among the batch-mates still running; a task alone keeps its schedule.
			batchPlace: [...this.active.values()].some((other) => other !== task && isBatchMate(task, other))
				? { rank: task.rank, batchClockMs: Date.now() - this.startedAt }
				: undefined,
		};
	}

	/** The item's outcome is known: its task ended (or failed to be made, or to be read). */
	private settle(
		itemIndex: number,
		taskId: string | undefined,
		outcome: { view: CapabilityTaskView } | { error: Error },
	) {
		if (this.active.delete(itemIndex) && this.atAccountLimit) this.freedSlots += 1;
		this.changed();
		this.outcomes.push(
			'view' in outcome
				? { kind: 'succeeded', itemIndex, taskId: taskId as string, view: outcome.view }
				: { kind: 'failed', itemIndex, taskId, error: outcome.error },
		);
		if ('error' in outcome && this.stopOnFirstError && !this.firstError) {
			this.firstError = outcome.error;
			this.stop();
		}
	}

	/** Sleeps, waking early when the batch stops (first error without continueOnFail, or the execution is cancelled). */
	private async pause(ms: number): Promise<boolean> {
		return await sleepUnlessStopped(ms, () => this.stopped, this.whenStopped);
	}

	private async untilFewerActiveThan(count: number): Promise<void> {
		while (!this.stopped && this.active.size >= count) await this.pause(ACTIVE_CHECK_INTERVAL_MS);
	}

	/** At the account's limit: waits until a task of the batch has ended, and takes the slot it freed. */
	private async untilSlotFreed(): Promise<void> {
		while (!this.stopped && this.atAccountLimit && this.freedSlots === 0) {
			if (this.active.size + this.creating === 0) {
				// None of ours runs or is being created: the limit is no longer ours to keep track of.
				this.atAccountLimit = false;
				return;
			}
			await Promise.race([new Promise<void>((resolve) => this.changeWaiters.push(resolve)), this.whenStopped]);
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
