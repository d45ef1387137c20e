/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * End-to-end proof of the storage recipes (issue 19) in a real n8n 2.x, with n8n's own S3 node writing to a real
 * S3-compatible server (s3rver on 127.0.0.1) and the fake Tomoviee API downloading every input URL (fetchInputs):
 *
 * 1. examples/recipe-image-file-to-stored-video.json with `n8n execute`: an image downloaded by the HTTP Request node
 *    from a loopback URL, stored by the S3 node, its object URL given to Tomoviee (which fetches it), the video
 *    returned as a file and stored by the S3 node; both objects read back and compared by SHA-256.
 * 2. examples/recipe-scheduled-prompt-queue.json activated in `n8n start` on a Data Table of prompts, ticking faster
 *    than tasks end, so executions overlap: every row done or failed once, no task created twice, no row left in
 *    progress, every stored video equal to the bytes the fake served.
 * 3. examples/recipe-publish-to-youtube.json (cannot run offline): imported, and every node type and parameter
 *    resolves against the node descriptions n8n serves.
 *
 * Usage: tsx test/e2e/pipeline.ts [--skip-build] [--keep]
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fakeVideoBytes } from '../fake-tomoviee';
import { startFakeTomoviee, type FakeTomoviee } from '../fake-tomoviee/server';
import { elapsed, type CheckScope } from './lib/checks';
import { fakeAppKeyAndSecret, keepExecuteLog, n8n2Script } from './lib/e2eScript';
import type { IDataObject, INode } from 'n8n-workflow';
import {
	credentialFor,
	exampleWorkflow,
	FAKE_CREDENTIAL,
	NODE_TYPE,
	writeImportFiles,
	type ExampleWorkflow,
} from './lib/fixtures';
import type { N8nInstall } from './lib/n8nInstall';
import { describeCli, installCommunityPackage, runN8nCli, startN8n, type N8nServer } from './lib/n8nServer';
import { startImageServer, type ImageServer } from './lib/imageSource';
import { until } from './lib/polling';
import { createQueueTable, QUEUE_TABLE_NAME, type NewQueueRow, type QueueRow } from './lib/promptQueue';
import { N8nRestClient, type ExecutionSummary } from './lib/restClient';
import { findRunJson } from './lib/runOutput';
import { sha256, startS3Storage, type S3Storage } from './lib/s3Storage';
import { TARGETS } from './lib/versions';

const RECIPE_FILE = 'tmvRecipeImgFile';
const RECIPE_QUEUE = 'tmvRecipePrmQueue';
const RECIPE_YOUTUBE = 'tmvRecipeYouTube';
const BUCKET = 'tomoviee-e2e';
const S3_CREDENTIAL = { id: 'tomovieeS3Local1', name: 'S3 (local s3rver)' };
/** Schedule interval of the queue run, shorter than a task (queueMs + processingMs below): ticks overlap. */
const TICK_SECONDS = 2;
const TASK_QUEUE_MS = 1000;
const TASK_PROCESSING_MS = 4000;
const BATCH_SIZE = 2;

interface Context {
	fake: FakeTomoviee;
	storage: S3Storage;
	images: ImageServer;
	appKey: string;
	appSecret: string;
}

/** Final counts for the closing line. */
const counts = { rows: 0, ticks: 0, overlapping: 0, tasksCreated: 0, objectsStored: 0, mismatches: 0 };

// ---------------------------------------------------------------------------------------------------------------
// Templates made runnable here: credentials picked, settings filled in. Nothing else of the template changes.

type Assignments = { assignments: Array<{ name: string; value: unknown }> };

function nodeNamed(workflow: ExampleWorkflow, test: (node: INode) => boolean, what: string): INode {
	const node = workflow.nodes.find(test);
	if (!node) throw new Error(`${workflow.name} has no ${what}`);
	return node;
}

function setAssignment(workflow: ExampleWorkflow, nodeName: string, name: string, value: unknown) {
	const node = nodeNamed(workflow, (candidate) => candidate.name === nodeName, `node ${nodeName}`);
	const assignment = (node.parameters.assignments as Assignments).assignments.find((entry) => entry.name === name);
	if (!assignment) throw new Error(`${nodeName} has no field ${name}`);
	assignment.value = value;
}

function pickCredentials(workflow: ExampleWorkflow): ExampleWorkflow {
	for (const node of workflow.nodes) {
		if (node.type === NODE_TYPE) node.credentials = { tomovieeApi: { ...FAKE_CREDENTIAL } };
		if (node.type === 'n8n-nodes-base.s3') node.credentials = { s3: { ...S3_CREDENTIAL } };
		// Polling every second instead of the template's 5 s keeps the run short.
		if (node.type === NODE_TYPE) (node.parameters.options as IDataObject).pollIntervalSeconds = 1;
	}
	return workflow;
}

function fileRecipe(ctx: Context): ExampleWorkflow {
	const workflow = pickCredentials(structuredClone(exampleWorkflow(RECIPE_FILE)));
	setAssignment(workflow, 'Settings', 'imageSourceUrl', `${ctx.images.url}/images/product-shot.png`);
	setAssignment(workflow, 'Settings', 'prompt', 'The product turns slowly on a white table [fake:videosize=210001]');
	setAssignment(workflow, 'Settings', 'bucket', BUCKET);
	setAssignment(workflow, 'Settings', 'publicBaseUrl', `${ctx.storage.endpoint}/${BUCKET}`);
	return workflow;
}

function queueRecipe(): ExampleWorkflow {
	const workflow = pickCredentials(structuredClone(exampleWorkflow(RECIPE_QUEUE)));
	const trigger = nodeNamed(workflow, (node) => node.type === 'n8n-nodes-base.scheduleTrigger', 'Schedule Trigger');
	(trigger.parameters.rule as IDataObject).interval = [{ field: 'seconds', secondsInterval: TICK_SECONDS }];
	setAssignment(workflow, 'Settings', 'bucket', BUCKET);
	setAssignment(workflow, 'Settings', 'batchSize', BATCH_SIZE);
	return workflow;
}

function s3Credential(storage: S3Storage) {
	return { ...S3_CREDENTIAL, type: 's3', data: storage.credentialData() };
}

// ---------------------------------------------------------------------------------------------------------------
// Recipe 1: `n8n execute`.

async function fileRecipeStep(check: CheckScope, install: N8nInstall, userFolder: string, ctx: Context) {
	const files = writeImportFiles(
		path.join(userFolder, 'import'),
		[credentialFor(FAKE_CREDENTIAL, ctx.fake.url, ctx.appKey, ctx.appSecret), s3Credential(ctx.storage)],
		[fileRecipe(ctx), exampleWorkflow(RECIPE_YOUTUBE)],
	);
	const cli = (args: string[]) => runN8nCli(install, args, { userFolder, logLevel: 'info', timeoutMs: 240_000 });
	const credentials = await cli(['import:credentials', `--input=${files.credentialsFile}`]);
	if (!check.ok('import:credentials (Tomoviee fake, S3 on s3rver)', credentials.code === 0, describeCli(credentials)))
		return;
	const workflows = await cli(['import:workflow', '--separate', `--input=${files.workflowsDir}`]);
	if (!check.ok('import:workflow (image-file recipe, YouTube recipe)', workflows.code === 0, describeCli(workflows)))
		return;

	const result = await cli(['execute', `--id=${RECIPE_FILE}`, '--rawOutput']);
	keepExecuteLog(`pipeline-execute-${RECIPE_FILE}.log`, result);
	const run = findRunJson(`${result.stdout}\n${result.stderr}`);
	const runData = run?.data?.resultData?.runData ?? {};
	const lastItem = (node: string) => {
		const runs = runData[node] ?? [];
		return runs[runs.length - 1]?.data?.main?.[0]?.[0] as { json: IDataObject } | undefined;
	};
	check.ok(
		'recipe 1: execution succeeds through Download image, Store image, Make video, Store video',
		result.code === 0 && !!run && !run.data.resultData.error && lastItem('Store video')?.json.success === true,
		describeCli(result),
	);
	const taskId = String(lastItem('Make video')?.json.taskId ?? '');
	const task = ctx.fake.task(taskId);
	const imageKey = (await ctx.storage.listKeys()).find((key) => key.startsWith('inputs/')) ?? '';
	const imageUrl = ctx.storage.objectUrl(imageKey);
	check.ok(
		"recipe 1: the task was created with the stored image's object URL",
		task?.request.image === imageUrl && imageKey.endsWith('-product-shot.png'),
		`image=${task?.request.image} key=${imageKey}`,
	);
	const servedImage = ctx.images.bytesOf('product-shot');
	const fetched = ctx.fake.inputFetches().find((fetch) => fetch.taskId === taskId);
	check.ok(
		'recipe 1: the fake fetched that URL and got the image the source served (SHA-256)',
		fetched?.url === imageUrl && fetched.statusCode === 200 && fetched.sha256 === sha256(servedImage),
		JSON.stringify(fetched),
	);
	const storedImage = await ctx.storage.readObject(imageKey);
	const storedVideo = await ctx.storage.readObject(`videos/${taskId}.mp4`);
	const servedVideo = task ? fakeVideoBytes(task.videoSizeBytes) : Buffer.alloc(0);
	const imageMatches = !!storedImage && sha256(storedImage) === sha256(servedImage);
	const videoMatches = !!storedVideo && servedVideo.length === 210_001 && sha256(storedVideo) === sha256(servedVideo);
	check.ok('recipe 1: the stored image equals the bytes served (SHA-256)', imageMatches);
	check.ok(
		`recipe 1: videos/${taskId}.mp4 in the bucket equals the ${servedVideo.length} bytes the fake served (SHA-256)`,
		videoMatches,
		`stored ${storedVideo?.length ?? 'nothing'}`,
	);
	counts.objectsStored += [storedImage, storedVideo].filter(Boolean).length;
	counts.mismatches += [imageMatches, videoMatches].filter((matches) => !matches).length;
}

// ---------------------------------------------------------------------------------------------------------------
// Recipe 2: `n8n start`, a Data Table, the workflow active for several ticks.

/** The queue: distinct video sizes (so a video stored under the wrong row shows), two rows that must fail. */
function queueRows(ctx: Context): NewQueueRow[] {
	const rows = Array.from({ length: 8 }, (_, index) => ({
		prompt: `Scene ${index + 1}: waves roll in slowly [fake:videosize=${100_001 + index * 7_919}]`,
		imageUrl: `${ctx.images.url}/images/scene-${index + 1}.png`,
		status: 'queued',
	}));
	rows[2].imageUrl = `${ctx.images.url}/images/missing.png`;
	rows[5].prompt = `Scene 6: a city at night [fake:fail=content moderation rejected the image]`;
	return rows;
}

async function queueRecipeStep(check: CheckScope, server: N8nServer, ctx: Context) {
	const client = new N8nRestClient(server.baseUrl);
	await client.signInWhenReady();
	await client.untilNodeTypeListed(NODE_TYPE, 120_000);
	const rows = queueRows(ctx);
	const table = await createQueueTable(client, rows).catch((error: unknown) =>
		error instanceof Error ? error : new Error(String(error)),
	);
	const created = `REST: data table "${QUEUE_TABLE_NAME}" created with ${rows.length} queued rows`;
	const failed = table instanceof Error ? table : undefined;
	if (!check.ok(created, !failed, failed?.message) || table instanceof Error) return;
	counts.rows = rows.length;
	const readRows = table.readRows;

	// Recipe 1's create is in the log too: the queue's creates are counted from here.
	ctx.fake.clearRequests();
	const workflowId = await client.deployWorkflow(queueRecipe());
	console.log(`pipeline: queue recipe active as ${workflowId}, a tick every ${TICK_SECONDS} s (${elapsed()})`);
	const ended = await until(
		'every row done or failed',
		async () => {
			const current = await readRows();
			return current.every((row) => row.status === 'done' || row.status === 'failed') ? current : undefined;
		},
		180_000,
		1000,
	).catch((error) => {
		check.broken('queue: rows settle', error, `n8n log tail:\n${server.logTail(40)}`);
		return undefined;
	});
	// Two more ticks find nothing queued and must leave everything as it is.
	await sleep(2 * TICK_SECONDS * 1000 + 500);
	await client.request('POST', `/rest/workflows/${workflowId}/deactivate`);
	const executions = await until(
		'no execution of the queue recipe still running',
		async () => {
			const list = await client.executions(workflowId);
			return list.every((execution) => execution.status !== 'running' && execution.status !== 'new') ? list : undefined;
		},
		120_000,
	);
	if (!ended) return;
	const finalRows = await readRows();
	checkQueue(check, ctx, finalRows, executions);
	await checkStoredVideos(check, ctx, finalRows);
}

function overlappingCount(executions: ExecutionSummary[]): number {
	const spans = executions.map((execution) => ({
		start: Date.parse(execution.startedAt ?? ''),
		stop: Date.parse(execution.stoppedAt ?? '') || Number.POSITIVE_INFINITY,
	}));
	return spans.filter((span, index) =>
		spans.some((other, otherIndex) => otherIndex !== index && other.start < span.stop && span.start < other.stop),
	).length;
}

function checkQueue(check: CheckScope, ctx: Context, rows: QueueRow[], executions: ExecutionSummary[]) {
	counts.ticks = executions.length;
	counts.overlapping = overlappingCount(executions);
	check.ok(
		`queue: ${executions.length} ticks, all ended without error`,
		executions.length >= 4 && executions.every((execution) => execution.status === 'success'),
		JSON.stringify(executions.map((execution) => [execution.id, execution.status])),
	);
	check.ok(
		`queue: executions overlap (tasks last ${(TASK_QUEUE_MS + TASK_PROCESSING_MS) / 1000} s, a tick every ${TICK_SECONDS} s): ${counts.overlapping}`,
		counts.overlapping >= 2,
	);
	const creates = ctx.fake.requests({ route: 'create' }).filter((request) => request.taskId);
	const prompts = creates.map((request) => String((request.body as { prompt?: string }).prompt));
	counts.tasksCreated = ctx.fake.tasks().length;
	check.ok(
		`queue: one task per row, none created twice (${creates.length} creates for ${rows.length} rows)`,
		creates.length === rows.length && new Set(prompts).size === rows.length,
		JSON.stringify(prompts),
	);
	check.ok(
		'queue: no row left queued or in progress',
		rows.every((row) => row.status === 'done' || row.status === 'failed'),
		JSON.stringify(rows.map((row) => [row.id, row.status])),
	);
	const taskOf = (row: QueueRow) =>
		creates.find((request) => (request.body as { prompt?: string }).prompt === row.prompt);
	const wrong = rows.filter((row) => {
		const create = taskOf(row);
		const shouldFail = row.imageUrl.endsWith('/missing.png') || row.prompt.includes('[fake:fail');
		const expected = shouldFail ? 'failed' : 'done';
		return !create || row.status !== expected || row.taskId !== create.taskId || !row.claimedBy;
	});
	check.ok(
		'queue: each row carries its own task id and the outcome its task had (6 done, 2 failed)',
		wrong.length === 0 && rows.filter((row) => row.status === 'done').length === 6,
		JSON.stringify(wrong),
	);
	const missing = rows.find((row) => row.imageUrl.endsWith('/missing.png'));
	const moderated = rows.find((row) => row.prompt.includes('[fake:fail'));
	check.ok(
		'queue: the unreachable image failed its row with the reason and the task id (the fake fetched the URL)',
		!!missing?.error?.includes(`could not fetch 'image' (${missing.imageUrl}): HTTP 404`) &&
			!!missing.taskId &&
			missing.error.includes(missing.taskId) &&
			ctx.images.requested.includes('/images/missing.png'),
		JSON.stringify(missing),
	);
	check.ok(
		'queue: the rejected task failed its row with the reason and the task id',
		!!moderated?.error?.includes('content moderation rejected the image') && !!moderated.taskId,
		JSON.stringify(moderated),
	);
	const claimers = new Set(rows.map((row) => row.claimedBy));
	check.ok(
		`queue: rows were claimed by ${claimers.size} different executions`,
		claimers.size >= 2 && [...claimers].every((id) => executions.some((execution) => execution.id === id)),
		JSON.stringify([...claimers]),
	);
}

async function checkStoredVideos(check: CheckScope, ctx: Context, rows: QueueRow[]) {
	const done = rows.filter((row) => row.status === 'done');
	const results = await Promise.all(
		done.map(async (row) => {
			const task = ctx.fake.task(row.taskId ?? '');
			const stored = await ctx.storage.readObject(row.videoKey ?? '');
			const served = task ? fakeVideoBytes(task.videoSizeBytes) : undefined;
			return { row: row.id, key: row.videoKey, matches: !!stored && !!served && sha256(stored) === sha256(served) };
		}),
	);
	const videoKeys = (await ctx.storage.listKeys()).filter((key) => key.startsWith('videos/'));
	// Recipe 1 stored one video before this run.
	counts.objectsStored += results.filter((result) => result.key && videoKeys.includes(result.key)).length;
	counts.mismatches += results.filter((result) => !result.matches).length;
	check.ok(
		`queue: ${done.length} videos stored under videos/<task id>.mp4, each equal to the bytes the fake served (SHA-256)`,
		results.every(
			(result) => result.matches && result.key === `videos/${rows.find((r) => r.id === result.row)?.taskId}.mp4`,
		) && videoKeys.length === done.length + 1,
		JSON.stringify({ results, videoKeys }),
	);
}

// ---------------------------------------------------------------------------------------------------------------
// Recipe 3: imported, and every node type and parameter resolves.

interface NodeTypeDescription {
	name: string;
	version: number | number[];
	properties: unknown[];
}

async function youtubeRecipeStep(check: CheckScope, install: N8nInstall, server: N8nServer) {
	const client = new N8nRestClient(server.baseUrl);
	await client.login();
	const imported = await client.request<{ nodes?: Array<{ name: string }> }>(
		'GET',
		`/rest/workflows/${RECIPE_YOUTUBE}`,
	);
	const template = exampleWorkflow(RECIPE_YOUTUBE);
	check.ok(
		'recipe 3 (YouTube): imported into n8n with all its nodes',
		imported.status === 200 && imported.data?.nodes?.length === template.nodes.length,
		imported.raw.slice(0, 300),
	);
	const descriptions = (await client.request<NodeTypeDescription[]>('GET', '/types/nodes.json')).data;
	// n8n's own parameter resolution, from the n8n-workflow of the n8n under test.
	const n8nRequire = createRequire(path.join(install.dir, 'node_modules', 'n8n', 'package.json'));
	const { NodeHelpers } = n8nRequire('n8n-workflow') as typeof import('n8n-workflow');
	for (const id of [RECIPE_FILE, RECIPE_QUEUE, RECIPE_YOUTUBE]) {
		const workflow = exampleWorkflow(id);
		const problems: string[] = [];
		for (const node of workflow.nodes) {
			const description = descriptions.find(
				(candidate) =>
					candidate.name === node.type &&
					(Array.isArray(candidate.version) ? candidate.version : [candidate.version]).includes(node.typeVersion),
			);
			if (!description) {
				problems.push(`${node.name}: no node type ${node.type} v${node.typeVersion}`);
				continue;
			}
			const properties = description.properties as Parameters<typeof NodeHelpers.getNodeParameters>[0];
			const resolved =
				NodeHelpers.getNodeParameters(properties, node.parameters, true, false, node as never, description as never) ??
				{};
			const dropped = Object.keys(node.parameters).filter((name) => !(name in resolved));
			if (dropped.length) problems.push(`${node.name}: parameters not shown for these settings: ${dropped.join(', ')}`);
			const issues = NodeHelpers.getNodeParametersIssues(
				properties,
				{ ...node, parameters: resolved } as never,
				description as never,
			);
			if (issues) problems.push(`${node.name}: ${JSON.stringify(issues.parameters)}`);
		}
		check.ok(
			`${id}: every node type (with its version) and every parameter resolves in n8n ${TARGETS.n8n2.n8nVersion}`,
			problems.length === 0,
			problems.join('\n'),
		);
	}
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
	const argv = process.argv.slice(2);
	const { run, target, check, workDir, userFolder, pack } = n8n2Script('pipeline', argv);
	try {
		const { install, tarball } = await pack();
		console.log(`pipeline e2e: packed ${path.basename(tarball)}; n8n ${target.n8nVersion} (${elapsed()})`);
		const { appKey, appSecret } = fakeAppKeyAndSecret();
		const fake = run.closeAtEnd(
			await startFakeTomoviee({
				host: '127.0.0.1',
				port: 0,
				appKey,
				appSecret,
				queueMs: TASK_QUEUE_MS,
				processingMs: TASK_PROCESSING_MS,
				fetchInputs: 'loopback',
			}),
		);
		const storage = run.closeAtEnd(await startS3Storage(path.join(workDir, 's3'), BUCKET));
		const images = run.closeAtEnd(await startImageServer());
		const ctx: Context = { fake, storage, images, appKey, appSecret };
		console.log(`pipeline e2e: s3rver at ${storage.endpoint} (bucket ${BUCKET}), images at ${images.url}`);
		await installCommunityPackage(install, userFolder, tarball, path.join(userFolder, 'npm-install.log'));
		check.ok('package tarball installed into <user folder>/.n8n/nodes', true);
		await fileRecipeStep(check, install, userFolder, ctx).catch((error) => check.broken('recipe 1', error));
		const server = await startN8n(install, { userFolder, logLevel: 'info' });
		await queueRecipeStep(check, server, ctx).catch((error) =>
			check.broken('recipe 2', error, `n8n log tail:\n${server.logTail(40)}`),
		);
		await youtubeRecipeStep(check, install, server).catch((error) => check.broken('recipe 3', error));
	} catch (error) {
		check.broken('pipeline e2e', error);
	} finally {
		console.log(
			`pipeline: rows ${counts.rows}, ticks ${counts.ticks}, overlapping executions ${counts.overlapping}, ` +
				`tasks created ${counts.tasksCreated}, objects stored ${counts.objectsStored}, mismatches ${counts.mismatches}`,
		);
		await run.end();
	}
}

void main();
