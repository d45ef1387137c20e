/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
/**
 * What the queue-mode run proves and measures, one function per point of issue 13. Each records its figures in the
 * results object (printed as the table and the JSON line) and its pass/fail checks in the ledger.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createFakeVideoStream, type FakeTomoviee } from '../fake-tomoviee';
import type { CheckScope } from '../e2e/lib/checks';
import { runN8nCli } from '../e2e/lib/n8nServer';
import { until } from '../e2e/lib/polling';
import { FINAL_STATUSES, type QueueCluster } from './lib/cluster';
import { highWaterBytes, mib, MemoryWindow } from './lib/memory';
import { comparable, expectedTranslatedPrompt, jobSpans, peakConcurrent, round, slotSeconds } from './lib/metrics';
import type { N8nProcess } from './lib/n8nProcess';
import { queueWorkflow, referenceWorkflow, type ChainOptions, type Report, type ReportReceiver } from './lib/workflows';

export interface Scale {
	executions: number;
	itemsPerExecution: number;
	taskMs: number;
	videoBytes: number;
}

export const FULL_SCALE: Scale = { executions: 20, itemsPerExecution: 5, taskMs: 60_000, videoBytes: 200_000_000 };
/** For working on this script only: the same scenarios, smaller and shorter. */
export const QUICK_SCALE: Scale = { executions: 4, itemsPerExecution: 5, taskMs: 15_000, videoBytes: 20_000_000 };

export interface Context {
	cluster: QueueCluster;
	fake: FakeTomoviee;
	receiver: ReportReceiver;
	check: CheckScope;
	credentialId: string;
	scale: Scale;
	log: (line: string) => void;
	/** Filled by referenceRun: regular mode's output for each chain tag, in comparable form. */
	reference: Map<string, Record<string, unknown>>;
	/** Settles when referenceRun is over (it runs beside the first scenario). */
	referenceDone: Promise<unknown>;
}

const chainOptions = (
	ctx: Context,
	tag: string,
	waitMode: 'poll' | 'callback',
	returnAs: 'url' | 'binary',
): ChainOptions => ({
	tag,
	waitMode,
	returnAs,
	credentialId: ctx.credentialId,
	reportUrl: ctx.receiver.url,
});

const seconds = (ms: number) => round(ms / 1000, 1);

// ---------------------------------------------------------------------------------------------------------------
// Shared reading of what happened

/** The create requests the fake received for these prompts: prompt -> task ids created. */
function createsByPrompt(fake: FakeTomoviee, prompts: string[]): Map<string, string[]> {
	const wanted = new Set(prompts);
	const byPrompt = new Map<string, string[]>(prompts.map((prompt) => [prompt, []]));
	for (const request of fake.requests({ route: 'create' })) {
		const prompt = (request.body as { prompt?: string } | undefined)?.prompt;
		if (prompt !== undefined && wanted.has(prompt)) byPrompt.get(prompt)!.push(request.taskId ?? '(no task)');
	}
	return byPrompt;
}

function promptOfTask(fake: FakeTomoviee): Map<string, string> {
	const map = new Map<string, string>();
	for (const request of fake.requests({ route: 'create' })) {
		const prompt = (request.body as { prompt?: string } | undefined)?.prompt;
		if (request.taskId && prompt !== undefined) map.set(request.taskId, prompt);
	}
	return map;
}

/**
 * Every execution's reported items against its prompts: one item per prompt, in input order, each the succeeded task
 * created for that very prompt, with that task's video URL and prompt text. Returns the problems found.
 */
function outputProblems(ctx: Context, reports: Report[], promptGroups: string[][]): string[] {
	const problems: string[] = [];
	const taskPrompt = promptOfTask(ctx.fake);
	const byExecution = new Map<string, Report[]>();
	for (const report of reports)
		byExecution.set(report.executionId, [...(byExecution.get(report.executionId) ?? []), report]);
	if (byExecution.size !== promptGroups.length)
		problems.push(`${byExecution.size} executions reported, ${promptGroups.length} expected`);
	const groupsSeen = new Set<number>();
	for (const [executionId, items] of byExecution) {
		items.sort((a, b) => a.itemIndex - b.itemIndex);
		const firstPrompt = taskPrompt.get(String(items[0]?.json.taskId));
		const group = promptGroups.findIndex((prompts) => prompts[0] === firstPrompt);
		if (group < 0 || groupsSeen.has(group)) {
			problems.push(`execution ${executionId}: first item is not the first prompt of a new request (${firstPrompt})`);
			continue;
		}
		groupsSeen.add(group);
		const prompts = promptGroups[group];
		if (items.length !== prompts.length)
			problems.push(`execution ${executionId}: ${items.length} items for ${prompts.length} prompts`);
		items.forEach((item, index) => {
			const json = item.json;
			const taskId = String(json.taskId);
			const where = `execution ${executionId} item ${index}`;
			if (item.itemIndex !== index) problems.push(`${where}: reported as item ${item.itemIndex}`);
			if (taskPrompt.get(taskId) !== prompts[index])
				problems.push(`${where}: task ${taskId} was created for "${taskPrompt.get(taskId)}"`);
			if (json.status !== 'succeeded') problems.push(`${where}: status ${String(json.status)}`);
			if (json.videoUrl !== ctx.fake.videoUrl(taskId)) problems.push(`${where}: videoUrl ${String(json.videoUrl)}`);
			if (json.translatedPrompt !== expectedTranslatedPrompt(prompts[index]))
				problems.push(`${where}: translatedPrompt ${String(json.translatedPrompt)}`);
		});
	}
	return problems;
}

/** Items whose comparable form differs from regular mode's for the same chain. */
async function differencesFromRegular(ctx: Context, reports: Report[], referenceTag: string): Promise<string[]> {
	await ctx.referenceDone;
	const expected = ctx.reference.get(referenceTag);
	if (!expected) return [`no regular-mode output for ${referenceTag}`];
	if (reports.length === 0) return ['no queue-mode item to compare'];
	const wanted = JSON.stringify(expected);
	return reports
		.filter((report) => JSON.stringify(comparable(report.json)) !== wanted)
		.map(
			(report) =>
				`execution ${report.executionId} item ${report.itemIndex}: ${JSON.stringify(comparable(report.json))}`,
		);
}

interface WorkerFigures {
	/** Distinct executions that ran (at least one job) on each worker. */
	executionsPerWorker: Record<string, number>;
	jobsPerWorker: Record<string, number>;
	peakRunningPerWorker: Record<string, number>;
	slotSeconds: number;
	/** Jobs per execution (a resumed execution is a second job). */
	jobsPerExecution: Record<string, number>;
}

function workerFigures(ctx: Context, executionIds: string[]): WorkerFigures {
	const ids = new Set(executionIds);
	const figures: WorkerFigures = {
		executionsPerWorker: {},
		jobsPerWorker: {},
		peakRunningPerWorker: {},
		slotSeconds: 0,
		jobsPerExecution: {},
	};
	for (const worker of ctx.cluster.allWorkersEver) {
		const spans = jobSpans(worker.jobs, ids);
		if (spans.length === 0 && !ctx.cluster.workers.includes(worker)) continue;
		const key = workerKey(ctx, worker);
		figures.executionsPerWorker[key] = new Set(spans.map((span) => span.executionId)).size;
		figures.jobsPerWorker[key] = spans.length;
		figures.peakRunningPerWorker[key] = peakConcurrent(spans);
		figures.slotSeconds += slotSeconds(spans);
		for (const span of spans)
			figures.jobsPerExecution[span.executionId] = (figures.jobsPerExecution[span.executionId] ?? 0) + 1;
	}
	figures.slotSeconds = round(figures.slotSeconds, 0);
	return figures;
}

/** worker-1, worker-2; a replacement process on the same folder is worker-1' (its log is its own). */
function workerKey(ctx: Context, worker: N8nProcess): string {
	const earlier = ctx.cluster.allWorkersEver.filter((other) => other.name === worker.name);
	return worker.name + "'".repeat(earlier.indexOf(worker));
}

async function sha256OfFakeVideo(bytes: number): Promise<string> {
	const hash = createHash('sha256');
	await pipeline(createFakeVideoStream(bytes), hash);
	return hash.digest('hex');
}

/** Starts one execution per prompt group, all at once; returns when each webhook answered, with the earliest send. */
async function startAll(ctx: Context, webhookPath: string, groups: string[][]): Promise<number> {
	// The first call waits out the moment after activation in which the webhook is not registered yet.
	const first = await ctx.cluster.startExecution(webhookPath, groups[0]);
	await Promise.all(groups.slice(1).map((prompts) => ctx.cluster.startExecution(webhookPath, prompts)));
	return first;
}

// ---------------------------------------------------------------------------------------------------------------
// 5. The regular-mode reference

/**
 * The same chains in regular mode: `n8n execute` runs the workflow in its own process (n8n falls back to regular mode
 * for it), on the same database and credential. Its items, in comparable form, are what every queue-mode item must equal.
 */
export async function referenceRun(ctx: Context): Promise<{ seconds: number }> {
	const started = Date.now();
	const chains = [
		{
			options: chainOptions(ctx, 'regular-url', 'poll', 'url'),
			prompts: ['regular mode, first [fake:duration=3000]', 'regular mode, second [fake:duration=4000]'],
		},
		{
			options: chainOptions(ctx, 'regular-binary', 'poll', 'binary'),
			prompts: [`regular mode, as a file [fake:duration=3000] [fake:videosize=${ctx.scale.videoBytes}]`],
		},
	];
	const workflow = await ctx.cluster.client.createWorkflow(referenceWorkflow(chains));
	const result = await runN8nCli(ctx.cluster.install, ['execute', '--id', workflow.id, '--rawOutput'], {
		userFolder: ctx.cluster.folders.reference(),
		extraEnv: ctx.cluster.env({ EXECUTIONS_MODE: 'regular' }),
		timeoutMs: 600_000,
	});
	for (const { options, prompts } of chains) {
		const reports = ctx.receiver.of(options.tag);
		const ok = ctx.check.ok(
			`regular mode (n8n execute): ${options.tag} output ${prompts.length} succeeded item(s)`,
			result.code === 0 &&
				reports.length === prompts.length &&
				reports.every((report) => report.json.status === 'succeeded'),
			`exit ${result.code}; ${JSON.stringify(reports.map((report) => report.json))}\n${(result.stdout + result.stderr).slice(-1500)}`,
		);
		if (!ok) continue;
		const forms = new Set(reports.map((report) => JSON.stringify(comparable(report.json))));
		ctx.check.ok(
			`regular mode: ${options.tag} items agree with each other apart from the task`,
			forms.size === 1,
			[...forms].join('\n'),
		);
		ctx.reference.set(options.tag, comparable(reports[0].json));
	}
	const seconds = round((Date.now() - started) / 1000, 0);
	ctx.log(`regular-mode reference done in ${seconds} s`);
	return { seconds };
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Throughput, Poll vs Callback

export interface ThroughputFigures extends WorkerFigures {
	waitMode: 'poll' | 'callback';
	executions: number;
	tasks: number;
	taskSeconds: number;
	wallSeconds: number;
	idealSeconds: number;
	wallOverIdeal: number;
	succeededExecutions: number;
	statusRequestsPerTask: number;
	createRequestsPerTask: number;
	/** Callback mode: how the webhook process answered Tomoviee's calls (status code -> count) and how fast. */
	callbackAnswers?: Record<string, number>;
	callbackAnswerMsMedian?: number;
	callbackAnswerMsMax?: number;
}

export async function throughput(ctx: Context, waitMode: 'poll' | 'callback'): Promise<ThroughputFigures> {
	const { scale, cluster, fake, check } = ctx;
	const tag = `throughput-${waitMode}`;
	const { webhookPath, workflow } = queueWorkflow(chainOptions(ctx, tag, waitMode, 'url'));
	const workflowId = await cluster.client.deployWorkflow(workflow);
	const groups = Array.from({ length: scale.executions }, (_, e) =>
		Array.from(
			{ length: scale.itemsPerExecution },
			(_, i) => `${tag} e${e + 1} item ${i + 1} [fake:duration=${scale.taskMs}]`,
		),
	);
	const prompts = groups.flat();
	const slots = cluster.workers.length * 2;
	// Poll: each execution holds a slot for a whole task time, so executions go in rounds of `slots`. Callback: none
	// holds a slot while waiting, so every task runs side by side.
	const idealMs = waitMode === 'poll' ? Math.ceil(scale.executions / slots) * scale.taskMs : scale.taskMs;
	ctx.log(
		`${tag}: ${scale.executions} executions x ${scale.itemsPerExecution} items, tasks of ${seconds(scale.taskMs)} s (ideal ${seconds(idealMs)} s)`,
	);

	const since = await startAll(ctx, webhookPath, groups);
	const executions = await cluster.client.executionsIn(
		workflowId,
		scale.executions,
		FINAL_STATUSES,
		idealMs * 3 + 180_000,
	);
	await until(
		`${prompts.length} reports of ${tag}`,
		async () => (ctx.receiver.of(tag).length >= prompts.length ? true : undefined),
		30_000,
	);
	const reports = ctx.receiver.of(tag);
	const wallMs = Math.max(...reports.map((report) => report.at)) - since;

	const creates = createsByPrompt(fake, prompts);
	const taskIds = new Set([...creates.values()].flat());
	const statusRequests = fake
		.requests({ route: 'query' })
		.filter((request) => request.taskId && taskIds.has(request.taskId)).length;
	const succeeded = executions.filter((execution) => execution.status === 'success').length;
	const figures: ThroughputFigures = {
		waitMode,
		executions: scale.executions,
		tasks: prompts.length,
		taskSeconds: seconds(scale.taskMs),
		wallSeconds: seconds(wallMs),
		idealSeconds: seconds(idealMs),
		wallOverIdeal: round(wallMs / idealMs, 2),
		succeededExecutions: succeeded,
		statusRequestsPerTask: round(statusRequests / prompts.length, 2),
		createRequestsPerTask: round([...creates.values()].reduce((sum, ids) => sum + ids.length, 0) / prompts.length, 2),
		...workerFigures(
			ctx,
			executions.map((execution) => execution.id),
		),
	};

	check.ok(
		`${waitMode}: all ${scale.executions} executions succeeded`,
		succeeded === scale.executions,
		JSON.stringify(executions.map((e) => e.status)),
	);
	const problems = outputProblems(ctx, reports, groups);
	check.ok(
		`${waitMode}: ${prompts.length} items out, one per prompt, in input order, each its own succeeded task with its video URL`,
		problems.length === 0,
		problems.slice(0, 10).join('\n'),
	);
	const duplicates = [...creates].filter(([, ids]) => ids.length !== 1);
	check.ok(
		`${waitMode}: each of the ${prompts.length} tasks was created exactly once`,
		duplicates.length === 0,
		JSON.stringify(duplicates.slice(0, 5)),
	);
	const usedWorkers = Object.values(figures.executionsPerWorker).filter((count) => count > 0).length;
	check.ok(`${waitMode}: both workers ran executions`, usedWorkers >= 2, JSON.stringify(figures.executionsPerWorker));
	check.ok(
		`${waitMode}: no worker ran more jobs at once than its concurrency (2)`,
		Object.values(figures.peakRunningPerWorker).every((peak) => peak <= 2),
		JSON.stringify(figures.peakRunningPerWorker),
	);
	if (waitMode === 'callback') {
		const deliveries = fake.callbacks().filter((delivery) => taskIds.has(delivery.taskId));
		const answers: Record<string, number> = {};
		for (const delivery of deliveries) {
			const key = delivery.statusCode !== undefined ? String(delivery.statusCode) : (delivery.error ?? 'none');
			answers[key] = (answers[key] ?? 0) + 1;
		}
		const times = deliveries
			.flatMap((delivery) => (delivery.answeredMs === undefined ? [] : [delivery.answeredMs]))
			.sort((a, b) => a - b);
		figures.callbackAnswers = answers;
		figures.callbackAnswerMsMedian = times[Math.floor(times.length / 2)];
		figures.callbackAnswerMsMax = times[times.length - 1];
		const unanswered = deliveries.filter((delivery) => delivery.statusCode === undefined);
		check.ok(
			`callback: all ${prompts.length} calls went to the webhook process and were answered: 200, or n8n's 500 to a call that lost the race to resume`,
			deliveries.length === prompts.length &&
				unanswered.length === 0 &&
				deliveries.every(
					(delivery) =>
						[200, 500].includes(delivery.statusCode ?? 0) &&
						delivery.url.startsWith(`${cluster.webhook.baseUrl}/webhook-waiting/`),
				),
			JSON.stringify(answers),
		);
		const unresumed = executions.filter((execution) => (figures.jobsPerExecution[execution.id] ?? 0) !== 2);
		check.ok(
			'callback: every execution ran as exactly two worker jobs (submit; resumed once, after its last task ended)',
			unresumed.length === 0,
			JSON.stringify(figures.jobsPerExecution),
		);
	}
	const differences = await differencesFromRegular(ctx, reports, 'regular-url');
	check.ok(
		`${waitMode}: every item equals regular mode's output (apart from the task itself)`,
		differences.length === 0,
		differences.slice(0, 5).join('\n'),
	);
	return figures;
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Binary in queue mode

export interface BinaryFigures {
	waitMode: 'poll' | 'callback';
	bytes: number;
	seconds: number;
	/** Where the Tomoviee node stored the file, and where the next node read it. */
	storedBy: string;
	readBy: string;
	storedInDatabaseBytes: number | null;
	/** Highest sampled RSS (MiB) of each process during the run, and its kernel high-water mark (MiB) within the run. */
	peakRssMiB: Record<string, number | undefined>;
	highWaterMiB: Record<string, number | undefined>;
}

export async function binary(ctx: Context, waitMode: 'poll' | 'callback'): Promise<BinaryFigures> {
	const { cluster, check, scale } = ctx;
	const tag = `binary-${waitMode}`;
	const { webhookPath, workflow } = queueWorkflow(chainOptions(ctx, tag, waitMode, 'binary'));
	const workflowId = await cluster.client.deployWorkflow(workflow);
	const prompt = `${tag}: a fox, as a file [fake:duration=5000] [fake:videosize=${scale.videoBytes}]`;
	const expectedSha = sha256OfFakeVideo(scale.videoBytes);
	const processes = cluster.processes();
	const window = new MemoryWindow(processes);
	const since = await cluster.startExecution(webhookPath, [prompt]);
	const [execution] = await cluster.client.executionsIn(workflowId, 1, FINAL_STATUSES, 600_000);
	const elapsed = Date.now() - since;
	const peaks = window.close();
	const report = await until(`the report of ${tag}`, async () => ctx.receiver.of(tag)[0], 30_000).catch(
		() => undefined,
	);

	const jobs = cluster.allWorkersEver.flatMap((worker) =>
		worker.jobs
			.filter((job) => job.kind === 'started' && job.executionId === execution.id)
			.map((job) => ({ worker: workerKey(ctx, worker), at: job.at })),
	);
	jobs.sort((a, b) => a.at - b.at);
	// Poll: one job does both nodes. Callback: the webhook process runs the node's webhook() on the last callback, which
	// downloads the file; the resumed job on a worker runs the next node.
	const storedBy = waitMode === 'poll' ? (jobs[0]?.worker ?? '?') : 'webhook';
	const readBy = jobs[jobs.length - 1]?.worker ?? '?';
	const stored = await cluster.pg
		.psql(
			`SELECT COALESCE(SUM("fileSize"), 0) FROM binary_data WHERE "sourceType" = 'execution' AND "sourceId" = '${execution.id}'`,
		)
		.then(Number)
		.catch(() => null);
	const figures: BinaryFigures = {
		waitMode,
		bytes: scale.videoBytes,
		seconds: seconds(elapsed),
		storedBy,
		readBy,
		storedInDatabaseBytes: stored,
		peakRssMiB: Object.fromEntries(processes.map(({ name }) => [name, mib(peaks.get(name))])),
		highWaterMiB: Object.fromEntries(
			processes.map(({ name, pid }) => [name, window.resetOk.has(name) ? mib(highWaterBytes(pid)) : undefined]),
		),
	};

	const json = report?.json ?? {};
	check.ok(`binary ${waitMode}: the execution succeeded`, execution.status === 'success', JSON.stringify(execution));
	check.ok(
		`binary ${waitMode}: the Tomoviee node output the ${scale.videoBytes}-byte video as a binary file`,
		json.fileSize === scale.videoBytes &&
			json.mimeType === 'video/mp4' &&
			json.fileName === `${String(json.taskId)}.mp4`,
		JSON.stringify(json),
	);
	check.ok(
		`binary ${waitMode}: the next node (on ${readBy}) read every byte: its SHA-256 is the video's`,
		json.sha256 === (await expectedSha),
		`${String(json.sha256)} vs ${await expectedSha}`,
	);
	check.ok(
		`binary ${waitMode}: n8n kept the file in PostgreSQL (binary_data), as queue mode does by default`,
		stored === scale.videoBytes,
		String(stored),
	);
	const differences = await differencesFromRegular(ctx, report ? [report] : [], 'regular-binary');
	check.ok(
		`binary ${waitMode}: the item equals regular mode's output (apart from the task itself)`,
		differences.length === 0,
		differences.join('\n'),
	);
	return figures;
}

// ---------------------------------------------------------------------------------------------------------------
// 3. A worker dies during Poll

export interface WorkerKilledFigures {
	killedWorker: string;
	executionStatus: string;
	/** Seconds from the kill until n8n gave the execution a final status (the worker not restarted meanwhile). */
	secondsUntilFinal: number;
	/** n8n's error message for the execution. */
	message: string;
	/** Jobs any worker started for the execution after the kill (a re-run). */
	jobsAfterKill: number;
	tasks: number;
	createsAfterKill: number;
	statusRequestsAfterKill: number;
	tasksFinishedAtTomoviee: number;
	taskIdsInExecutionData: number;
	/** Task ids of the killed execution that the dead worker's log names. */
	taskIdsInWorkerLog: number;
	otherExecution: string;
	/** The killed worker, restarted on its own user folder afterwards: the execution's status after its start-up recovery. */
	statusAfterRestart: string;
	/** Second case: a worker killed during Poll and restarted at once on its own user folder (a container restart). */
	restartedAtOnce: {
		status: string;
		secondsUntilFinal: number;
		secondsUntilWorkerBack: number;
		jobsAfterKill: number;
		createsAfterKill: number;
	};
}

/** The error message n8n stored for an execution: resultData.error.message inside its flatted run data. */
function storedErrorMessage(raw: string): string {
	try {
		const table = JSON.parse((JSON.parse(raw) as { data: { data: string } }).data.data) as unknown[];
		let value: unknown = table[0];
		for (const key of ['resultData', 'error', 'message']) {
			const ref = (value as Record<string, unknown> | undefined)?.[key];
			// flatted keeps every string and object in one table and refers to it by its index, written as a string.
			value = typeof ref === 'string' ? table[Number(ref)] : ref;
		}
		return typeof value === 'string' ? value : '';
	} catch {
		return '';
	}
}

export async function workerDiesDuringPoll(ctx: Context): Promise<WorkerKilledFigures> {
	const { cluster, fake, check } = ctx;
	const tag = 'poll-worker-killed';
	const taskMs = Math.min(45_000, ctx.scale.taskMs);
	const { webhookPath, workflow } = queueWorkflow(chainOptions(ctx, tag, 'poll', 'url'));
	const workflowId = await cluster.client.deployWorkflow(workflow);
	const [targetPrompts, otherPrompts] = [1, 2].map((e) =>
		[1, 2, 3].map((i) => `${tag} e${e} item ${i} [fake:duration=${taskMs}]`),
	);
	// One after the other, so that each execution's tasks are known: a killed execution reports nothing.
	const runningWithTasks = async (prompts: string[], known: string[]) =>
		await until(
			'the execution running on a worker with its tasks created',
			async () => {
				const created = [...createsByPrompt(fake, prompts).values()].every((ids) => ids.length === 1);
				const execution = (await cluster.client.executions(workflowId)).find(
					(e) => !known.includes(e.id) && e.status === 'running' && cluster.workerOf(e.id) !== undefined,
				);
				return created && execution ? execution : undefined;
			},
			120_000,
		);
	await cluster.startExecution(webhookPath, targetPrompts);
	const target = await runningWithTasks(targetPrompts, []);
	await cluster.startExecution(webhookPath, otherPrompts);
	const other = await runningWithTasks(otherPrompts, [target.id]);
	const targetTaskIds = [...createsByPrompt(fake, targetPrompts).values()].flat();
	const victim = cluster.workerOf(target.id)!;
	const otherOnVictim = cluster.workerOf(other.id) === victim;

	const killAt = Date.now();
	ctx.log(
		`${tag}: SIGKILL ${victim.name} (pid ${victim.pid}) while it polls execution ${target.id}; it stays down until n8n has dealt with the execution`,
	);
	await victim.kill();
	const ended = await until(
		`execution ${target.id} to end after its worker died`,
		async () => {
			const execution = (await cluster.client.executions(workflowId)).find((e) => e.id === target.id);
			return execution && FINAL_STATUSES.includes(execution.status) ? execution : undefined;
		},
		240_000,
		2000,
	);
	const finalAt = Date.now();
	const text = await cluster.client.executionText(target.id);
	// Then it comes back on its own user folder (a container restarted with its volume), as the next scenarios need two workers.
	const replacement = await cluster.replaceWorker(victim);
	const afterRestart = await until(
		"the restarted worker's start-up recovery",
		async () =>
			/Found unfinished executions|Worker is now ready|n8n worker is now ready/.test(replacement.logText())
				? true
				: undefined,
		60_000,
	).then(async () => (await cluster.client.executions(workflowId)).find((e) => e.id === target.id)?.status ?? '?');
	const otherEnd = (await cluster.client.executionsIn(workflowId, 2, FINAL_STATUSES, 180_000)).find(
		(e) => e.id === other.id,
	);

	// B: a worker killed during Poll that comes straight back on its own user folder (a container restart with its volume).
	const againPrompts = [`${tag} e3 item 1 [fake:duration=${taskMs}]`];
	await cluster.startExecution(webhookPath, againPrompts);
	const again = await runningWithTasks(againPrompts, [target.id, other.id]);
	const victimB = cluster.workerOf(again.id)!;
	const killB = Date.now();
	ctx.log(
		`${tag}: SIGKILL ${victimB.name} while it polls execution ${again.id}, and start it again at once on its own folder`,
	);
	await victimB.kill();
	await cluster.replaceWorker(victimB);
	const backB = Date.now();
	const endedB = await until(
		`execution ${again.id} to end after its worker was killed and restarted`,
		async () => {
			const execution = (await cluster.client.executions(workflowId)).find((e) => e.id === again.id);
			return execution && FINAL_STATUSES.includes(execution.status) ? execution : undefined;
		},
		240_000,
		1000,
	);
	const restartedAtOnce = {
		status: endedB.status,
		secondsUntilFinal: seconds(Date.now() - killB),
		secondsUntilWorkerBack: seconds(backB - killB),
		jobsAfterKill: cluster.allWorkersEver.reduce(
			(count, worker) =>
				count +
				worker.jobs.filter((job) => job.kind === 'started' && job.executionId === again.id && job.at > killB).length,
			0,
		),
		createsAfterKill: fake
			.requests({ route: 'create' })
			.filter(
				(request) =>
					request.timeMs > killB &&
					againPrompts.includes((request.body as { prompt?: string } | undefined)?.prompt ?? ''),
			).length,
	};

	const jobsAfterKill = cluster.allWorkersEver.reduce(
		(count, worker) =>
			count +
			worker.jobs.filter((job) => job.kind === 'started' && job.executionId === target.id && job.at > killAt).length,
		0,
	);
	const createsAfterKill = fake
		.requests({ route: 'create' })
		.filter(
			(request) =>
				request.timeMs > killAt &&
				targetPrompts.includes((request.body as { prompt?: string } | undefined)?.prompt ?? ''),
		).length;
	const statusRequestsAfterKill = fake
		.requests({ route: 'query' })
		.filter(
			(request) => request.timeMs > killAt && request.taskId !== undefined && targetTaskIds.includes(request.taskId),
		).length;
	const finishedAtTomoviee = targetTaskIds.filter((taskId) => {
		const task = fake.task(taskId);
		return task !== undefined && task.createdAtMs + task.queueMs + task.processingMs <= Date.now();
	}).length;
	const victimLog = victim.logText();
	const figures: WorkerKilledFigures = {
		killedWorker: victim.name,
		executionStatus: ended.status,
		secondsUntilFinal: seconds(finalAt - killAt),
		message: storedErrorMessage(text),
		jobsAfterKill,
		tasks: targetTaskIds.length,
		createsAfterKill,
		statusRequestsAfterKill,
		tasksFinishedAtTomoviee: finishedAtTomoviee,
		taskIdsInExecutionData: targetTaskIds.filter((taskId) => text.includes(taskId)).length,
		taskIdsInWorkerLog: targetTaskIds.filter((taskId) => victimLog.includes(taskId)).length,
		otherExecution: `${otherOnVictim ? `also on ${victim.name}` : 'on the other worker'}: ${otherEnd?.status}`,
		statusAfterRestart: afterRestart,
		restartedAtOnce,
	};

	check.ok(
		`worker killed during Poll: n8n ended the execution instead of leaving it running (${ended.status} after ${figures.secondsUntilFinal} s)`,
		ended.status === 'error' || ended.status === 'crashed',
		JSON.stringify(ended),
	);
	check.ok(
		'worker killed during Poll: n8n did not run the execution again (no job for it after the kill)',
		jobsAfterKill === 0,
		String(jobsAfterKill),
	);
	check.ok(
		'worker killed during Poll: no task was created twice (no create after the kill)',
		createsAfterKill === 0 && targetTaskIds.length === 3,
		JSON.stringify({ createsAfterKill, targetTaskIds }),
	);
	check.ok(
		"worker killed during Poll: the dead worker's log names every task it had created (to pick them up with Get Status)",
		figures.taskIdsInWorkerLog === targetTaskIds.length,
		`${figures.taskIdsInWorkerLog} of ${targetTaskIds.length}`,
	);
	check.ok(
		`worker killed during Poll and restarted at once: the execution ended (${endedB.status} after ${restartedAtOnce.secondsUntilFinal} s), not run again, no task created twice`,
		(endedB.status === 'error' || endedB.status === 'crashed') &&
			restartedAtOnce.jobsAfterKill === 0 &&
			restartedAtOnce.createsAfterKill === 0,
		JSON.stringify(restartedAtOnce),
	);
	if (!otherOnVictim) {
		check.ok(
			'worker killed during Poll: the execution on the other worker succeeded',
			otherEnd?.status === 'success',
			JSON.stringify(otherEnd),
		);
	}
	return figures;
}

// ---------------------------------------------------------------------------------------------------------------
// Callback bursts: n8n's defaults against lazy expression isolates on the process that receives the calls

export interface BurstFigures {
	process: string;
	calls: number;
	answers: Record<string, number>;
	answerMsMedian: number;
	answerMsMax: number;
	/** CPU seconds the receiving process used while answering. */
	cpuSeconds: number;
	succeeded: number;
	executions: number;
}

function cpuSecondsOf(pid: number): number {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return Number.NaN;
	}
}

/**
 * Executions whose tasks have all ended wait for their callbacks; then every callback arrives at the same moment, as
 * when a batch of equal tasks finishes together. The calls are the fake's (a flat task object naming the task), sent
 * here so that they can go to either webhook process; the answer times are what Tomoviee would see.
 */
export async function callbackBurst(ctx: Context, target: N8nProcess, label: string): Promise<BurstFigures> {
	const { cluster, fake, check, receiver } = ctx;
	const tag = `burst-${label}`;
	const { webhookPath, workflow } = queueWorkflow(chainOptions(ctx, tag, 'callback', 'url'));
	const workflowId = await cluster.client.deployWorkflow(workflow);
	const groups = [1, 2, 3, 4].map((e) =>
		[1, 2, 3, 4, 5].map((i) => `${tag} e${e} item ${i} [fake:duration=5000] [fake:callback=never]`),
	);
	await startAll(ctx, webhookPath, groups);
	await cluster.client.executionsIn(workflowId, groups.length, ['waiting'], 120_000);
	const creates = createsByPrompt(fake, groups.flat());
	const taskIds = [...creates.values()].flat();
	await until(
		'every task of the burst ended',
		async () =>
			taskIds.every((taskId) => {
				const task = fake.task(taskId)!;
				return task.createdAtMs + task.queueMs + task.processingMs < Date.now();
			})
				? true
				: undefined,
		60_000,
		250,
	);
	const calls = fake
		.requests({ route: 'create' })
		.filter((request) => request.taskId && taskIds.includes(request.taskId));
	const cpuBefore = cpuSecondsOf(target.pid);
	const sent = Date.now();
	const results = await Promise.all(
		calls.map(async (create) => {
			const resumeUrl = new URL((create.body as { callback: string }).callback);
			try {
				const response = await fetch(`${target.baseUrl}${resumeUrl.pathname}${resumeUrl.search}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ task_id: create.taskId, status: 3 }),
					signal: AbortSignal.timeout(120_000),
				});
				await response.text();
				return { status: String(response.status), ms: Date.now() - sent };
			} catch (error) {
				return { status: error instanceof Error ? error.name : 'error', ms: Date.now() - sent };
			}
		}),
	);
	const cpuSeconds = round(cpuSecondsOf(target.pid) - cpuBefore, 1);
	const done = await cluster.client.executionsIn(workflowId, groups.length, FINAL_STATUSES, 120_000);
	const times = results.map((result) => result.ms).sort((a, b) => a - b);
	const answers: Record<string, number> = {};
	for (const result of results) answers[result.status] = (answers[result.status] ?? 0) + 1;
	const figures: BurstFigures = {
		process: target.name,
		calls: results.length,
		answers,
		answerMsMedian: times[Math.floor(times.length / 2)],
		answerMsMax: times[times.length - 1],
		cpuSeconds,
		succeeded: done.filter((execution) => execution.status === 'success').length,
		executions: groups.length,
	};
	check.ok(
		`callback burst on ${target.name}: every execution succeeded, resumed once, its items out once`,
		figures.succeeded === groups.length && receiver.of(tag).length === groups.flat().length,
		JSON.stringify({ figures, reports: receiver.of(tag).length }),
	);
	return figures;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Resume anywhere

export interface ResumeFigures {
	executions: number;
	killedWorker: string;
	executionsStartedOnKilled: number;
	resumedOn: Record<string, number>;
	succeeded: number;
	createRequestsPerTask: number;
	secondsFromKillToLastSuccess: number;
}

export async function resumeAnywhere(ctx: Context): Promise<ResumeFigures> {
	const { cluster, fake, check } = ctx;
	const tag = 'resume-anywhere';
	const taskMs = Math.min(30_000, ctx.scale.taskMs);
	const { webhookPath, workflow } = queueWorkflow(chainOptions(ctx, tag, 'callback', 'url'));
	const workflowId = await cluster.client.deployWorkflow(workflow);
	const groups = [1, 2, 3, 4].map((e) => [1, 2].map((i) => `${tag} e${e} item ${i} [fake:duration=${taskMs}]`));
	await startAll(ctx, webhookPath, groups);
	const waiting = await cluster.client.executionsIn(workflowId, groups.length, ['waiting'], 120_000);
	// Worker A: the one that created the most of them.
	const startedOn = new Map(waiting.map((execution) => [execution.id, cluster.workerOf(execution.id)!]));
	const counts = new Map<N8nProcess, number>();
	for (const worker of startedOn.values()) counts.set(worker, (counts.get(worker) ?? 0) + 1);
	const [victim] = [...counts].sort((a, b) => b[1] - a[1])[0];
	const onVictim = waiting
		.filter((execution) => startedOn.get(execution.id) === victim)
		.map((execution) => execution.id);
	const killAt = Date.now();
	ctx.log(
		`${tag}: ${groups.length} executions wait for their callbacks; SIGKILL ${victim.name}, which created ${onVictim.length} of them`,
	);
	await victim.kill();

	const done = await cluster.client.executionsIn(workflowId, groups.length, FINAL_STATUSES, taskMs + 180_000);
	const lastSuccess = Math.max(...ctx.receiver.of(tag).map((report) => report.at));
	const resumedOn: Record<string, number> = {};
	for (const id of onVictim) {
		const worker = cluster.workerOf(id);
		const key = worker ? workerKey(ctx, worker) : 'nowhere';
		resumedOn[key] = (resumedOn[key] ?? 0) + 1;
	}
	const prompts = groups.flat();
	const creates = createsByPrompt(fake, prompts);
	const succeeded = done.filter((execution) => execution.status === 'success').length;
	const figures: ResumeFigures = {
		executions: groups.length,
		killedWorker: victim.name,
		executionsStartedOnKilled: onVictim.length,
		resumedOn,
		succeeded,
		createRequestsPerTask: round([...creates.values()].reduce((sum, ids) => sum + ids.length, 0) / prompts.length, 2),
		secondsFromKillToLastSuccess: seconds(lastSuccess - killAt),
	};

	check.ok(
		`resume anywhere: all ${groups.length} waiting executions succeeded after ${victim.name} was killed`,
		succeeded === groups.length,
		JSON.stringify(done),
	);
	check.ok(
		`resume anywhere: the ${onVictim.length} created on ${victim.name} were resumed by another worker`,
		onVictim.length > 0 &&
			onVictim.every((id) => cluster.workerOf(id) !== victim && cluster.workers.includes(cluster.workerOf(id)!)),
		JSON.stringify(resumedOn),
	);
	const duplicates = [...creates].filter(([, ids]) => ids.length !== 1);
	check.ok('resume anywhere: no task was created twice', duplicates.length === 0, JSON.stringify(duplicates));
	const problems = outputProblems(ctx, ctx.receiver.of(tag), groups);
	check.ok(
		'resume anywhere: every item is its own succeeded task, in input order',
		problems.length === 0,
		problems.slice(0, 5).join('\n'),
	);
	const differences = await differencesFromRegular(ctx, ctx.receiver.of(tag), 'regular-url');
	check.ok(
		"resume anywhere: every item equals regular mode's output (apart from the task itself)",
		differences.length === 0,
		differences.slice(0, 5).join('\n'),
	);
	return figures;
}
