/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
/**
 * The two runnable storage recipes (docs/recipes.md) as a person meets them in the editor of `npm start`'s n8n,
 * driven in headless Chromium: each template imported with Workflows > ⋯ > Import > From file, the credentials
 * checked in each node, the Settings node filled in, "Execute workflow" clicked, the finished run read on the canvas
 * and in the output panel, then confirmed against the storage, the fake's task log and the Data Table.
 *
 * Usage: npm start -- --no-run [--home DIR] ... then, while it runs:
 *        npm run recipes:editor -- [--home DIR] [--screenshots DIR]
 *
 * Around the editor, what a person would set up elsewhere (done here over HTTP):
 *   - s3rver on 127.0.0.1 (bucket tomoviee-editor) and a loopback image source, both stopped at the end;
 *   - the n8n credential "S3 (local s3rver)" (created, or updated to this run's port) over n8n's REST API;
 *   - the fake's fetchInputs switch on (it downloads the image URLs it is given), restored at the end;
 *   - the Data Table tomoviee_prompt_queue, recreated with two queued rows (one whose task fails) over REST.
 * The workflows imported stay in n8n (one pair per run); the screenshots go to --screenshots (default a temp dir).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Locator, Page } from 'playwright-core';
import { fakeVideoBytes } from '../fake-tomoviee';
import { launchChromium, saveScreenshot, signedInPage } from '../e2e/lib/editor';
import { EXAMPLES_DIR } from '../e2e/lib/fixtures';
import { startImageServer, type ImageServer } from '../e2e/lib/imageSource';
import { until } from '../e2e/lib/polling';
import { createQueueTable, QUEUE_TABLE_COLUMNS, QUEUE_TABLE_NAME, type QueueRow } from '../e2e/lib/promptQueue';
import { LOCAL_OWNER, N8nRestClient, type ExecutionSummary } from '../e2e/lib/restClient';
import { sha256, startS3Storage, type S3Storage } from '../e2e/lib/s3Storage';
import { defaultHome, paths, type ReadyInfo } from './devStack';

const BUCKET = 'tomoviee-editor';
const S3_CREDENTIAL_NAME = 'S3 (local s3rver)';
const TOMOVIEE_CREDENTIAL_NAME = 'Tomoviee (local fake API)';
const RUN_TIMEOUT_MS = 180_000;

const byTestId = (scope: Page | Locator, id: string) => scope.locator(`[data-test-id="${id}"]`);
const log = (line: string) => console.log(`[recipes:editor] ${line}`);
const problems: string[] = [];
function check(what: string, ok: boolean, detail = ''): boolean {
	log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? `\n       ${detail}` : ''}`);
	if (!ok) problems.push(what);
	return ok;
}

interface Recipe {
	file: string;
	/** Settings node values to type in (by field name). */
	settings: Record<string, string>;
	/** Nodes whose credential is checked (and picked if n8n did not pick it on import), and the credential's name. */
	credentials: Record<string, string>;
	/** The node whose output panel is shown in the second screenshot. */
	lastNode: string;
}

interface Context {
	base: string;
	fakeUrl: string;
	client: N8nRestClient;
	storage: S3Storage;
	images: ImageServer;
	screenshots: string;
}

interface FakeTask {
	taskId: string;
	videoSizeBytes: number;
	request: { prompt?: string; image?: string };
}

async function fakeAdmin<T>(ctx: Context, method: string, route: string, body?: unknown): Promise<T> {
	const response = await fetch(`${ctx.fakeUrl}/__fake/${route}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`fake ${method} ${route}: HTTP ${response.status}`);
	return (await response.json()) as T;
}

// ---------------------------------------------------------------------------------------------------------------
// Set-up over HTTP.

async function upsertS3Credential(ctx: Context): Promise<void> {
	const list = await ctx.client.request<Array<{ id: string; name: string; type: string }>>('GET', '/rest/credentials');
	const existing = list.data.find((credential) => credential.type === 's3' && credential.name === S3_CREDENTIAL_NAME);
	const body = { name: S3_CREDENTIAL_NAME, type: 's3', data: ctx.storage.credentialData() };
	const answer = existing
		? await ctx.client.request('PATCH', `/rest/credentials/${existing.id}`, body)
		: await ctx.client.request('POST', '/rest/credentials', body);
	if (answer.status !== 200) throw new Error(`S3 credential: HTTP ${answer.status} ${answer.raw.slice(0, 200)}`);
	log(`REST: credential "${S3_CREDENTIAL_NAME}" ${existing ? 'updated' : 'created'} for ${ctx.storage.endpoint}`);
}

/** The queue, recreated: one row that becomes a video, one whose task the fake fails. */
async function createQueue(ctx: Context): Promise<() => Promise<QueueRow[]>> {
	const rows = [
		{
			prompt: 'Waves roll in slowly at dawn [fake:videosize=150001]',
			imageUrl: `${ctx.images.url}/images/beach.png`,
			status: 'queued',
		},
		{
			prompt: 'A city at night [fake:fail=content moderation rejected the image]',
			imageUrl: `${ctx.images.url}/images/city.png`,
			status: 'queued',
		},
	];
	const table = await createQueueTable(ctx.client, rows);
	log(`REST: data table "${QUEUE_TABLE_NAME}" (re)created with ${rows.length} queued rows`);
	return table.readRows;
}

// ---------------------------------------------------------------------------------------------------------------
// The editor.

const canvasNode = (page: Page, name: string) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

/** Workflows > new workflow > ⋯ > Import > From file, as a person does it; returns the workflow id n8n saved it as. */
async function importFromFile(page: Page, ctx: Context, file: string): Promise<string> {
	await page.goto(`${ctx.base}/workflow/new`);
	await byTestId(page, 'canvas-plus-button').first().waitFor({ timeout: 90_000 });
	await byTestId(page, 'workflow-menu').click();
	await byTestId(page, 'workflow-menu-item-import').hover();
	const chooser = page.waitForEvent('filechooser');
	await byTestId(page, 'workflow-menu-item-import-from-file').click();
	await (await chooser).setFiles(path.join(EXAMPLES_DIR, file));
	await byTestId(page, 'canvas-node').first().waitFor();
	// n8n saves the imported workflow on its own and moves to its URL.
	await page.waitForURL(/\/workflow\/(?!new)[A-Za-z0-9]+/, { timeout: 30_000 });
	return /\/workflow\/([A-Za-z0-9]+)/.exec(page.url())![1];
}

async function openNode(page: Page, name: string): Promise<Locator> {
	await canvasNode(page, name).dblclick();
	const ndv = byTestId(page, 'ndv');
	await byTestId(ndv, 'node-parameters').waitFor();
	return ndv;
}

async function closeNode(page: Page): Promise<void> {
	await byTestId(page, 'ndv-close-button').click();
	await byTestId(page, 'ndv').waitFor({ state: 'hidden' });
}

/** Checks the node's credential select shows `name`; picks it from the list if not. Returns what it shows. */
async function pickCredential(page: Page, nodeName: string, name: string): Promise<string> {
	const ndv = await openNode(page, nodeName);
	const select = byTestId(ndv, 'node-credentials-select');
	await select.waitFor();
	const shown = async () =>
		(
			await select
				.locator('input')
				.first()
				.inputValue()
				.catch(() => '')
		).trim();
	if ((await shown()) !== name) {
		await select.click();
		await page
			.locator('.el-select-dropdown:visible .el-select-dropdown__item')
			.filter({ hasText: name })
			.first()
			.click();
	}
	const value = await shown();
	await closeNode(page);
	return value;
}

/** Types the values into the Settings node's fields (Edit Fields, manual mapping), found by field name. */
async function fillSettings(page: Page, values: Record<string, string>): Promise<void> {
	const ndv = await openNode(page, 'Settings');
	const assignments = byTestId(ndv, 'assignment');
	const count = await assignments.count();
	const names: string[] = [];
	for (let index = 0; index < count; index++) {
		names.push(await byTestId(assignments.nth(index), 'assignment-name').locator('input').first().inputValue());
	}
	for (const [field, value] of Object.entries(values)) {
		const index = names.indexOf(field);
		if (index < 0) throw new Error(`Settings has no field ${field} (fields: ${names.join(', ')})`);
		const input = byTestId(assignments.nth(index), 'assignment-value').locator('input, textarea').first();
		await input.fill(value);
		await input.blur();
	}
	await closeNode(page);
}

async function executeAndWait(page: Page, ctx: Context, workflowId: string): Promise<ExecutionSummary> {
	const before = new Set((await ctx.client.executions(workflowId)).map((execution) => execution.id));
	await byTestId(page, 'execute-workflow-button').click();
	return await until(
		`the run of workflow ${workflowId} to end`,
		async () =>
			(await ctx.client.executions(workflowId)).find(
				(execution) => !before.has(execution.id) && !['new', 'running', 'waiting'].includes(execution.status),
			),
		RUN_TIMEOUT_MS,
	);
}

/** The canvas as it ends: which nodes show the success mark, and a picture of the whole workflow. */
async function readCanvas(page: Page, ctx: Context, recipe: Recipe, names: string[]) {
	await byTestId(page, 'zoom-to-fit').click();
	// The picture without the "executed successfully" toast over the last node or a hover toolbar.
	for (const close of await page.locator('.el-notification__closeBtn:visible').all()) await close.click();
	await page.mouse.move(700, 140);
	await page.waitForTimeout(800);
	const green: string[] = [];
	for (const name of names) {
		if (await byTestId(canvasNode(page, name), 'canvas-node-status-success').count()) green.push(name);
	}
	const canvasShot = await saveScreenshot(page, ctx.screenshots, recipe.file.replace('.json', '-canvas.png'));
	// The last node's output, as the output panel shows it.
	const ndv = await openNode(page, recipe.lastNode);
	const output = byTestId(ndv, 'output-panel');
	await byTestId(output, 'radio-button-json')
		.click()
		.catch(() => undefined);
	await page.waitForTimeout(500);
	const outputText = await output.innerText();
	const outputShot = await saveScreenshot(page, ctx.screenshots, recipe.file.replace('.json', '-output.png'));
	await closeNode(page);
	return { green, outputText, screenshots: [canvasShot, outputShot] };
}

async function runRecipe(page: Page, ctx: Context, recipe: Recipe) {
	const workflowId = await importFromFile(page, ctx, recipe.file);
	const template = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, recipe.file), 'utf8')) as {
		nodes: Array<{ name: string; type: string }>;
	};
	const names = template.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote').map((node) => node.name);
	check(
		`UI: ${recipe.file} imported from file as workflow ${workflowId} with its ${names.length} nodes`,
		(await byTestId(page, 'canvas-node').count()) === names.length,
	);
	for (const [nodeName, credential] of Object.entries(recipe.credentials)) {
		const shown = await pickCredential(page, nodeName, credential);
		check(`UI: "${nodeName}" uses the credential "${credential}"`, shown === credential, `shows "${shown}"`);
	}
	await fillSettings(page, recipe.settings);
	log(`UI: Settings filled in (${Object.keys(recipe.settings).join(', ')})`);
	const execution = await executeAndWait(page, ctx, workflowId);
	// The editor gets the end of the run pushed to it: wait for the last node's mark.
	await byTestId(canvasNode(page, recipe.lastNode), 'canvas-node-status-success')
		.waitFor({ timeout: 30_000 })
		.catch(() => undefined);
	const canvas = await readCanvas(page, ctx, recipe, names);
	return { workflowId, execution, names, ...canvas };
}

// ---------------------------------------------------------------------------------------------------------------

async function fileRecipe(page: Page, ctx: Context): Promise<void> {
	const tasksBefore = new Set((await fakeAdmin<{ tasks: FakeTask[] }>(ctx, 'GET', 'tasks')).tasks.map((t) => t.taskId));
	const run = await runRecipe(page, ctx, {
		file: 'recipe-image-file-to-stored-video.json',
		settings: {
			imageSourceUrl: `${ctx.images.url}/images/product-shot.png`,
			prompt: 'The product turns slowly on a white table [fake:videosize=210001]',
			bucket: BUCKET,
			publicBaseUrl: `${ctx.storage.endpoint}/${BUCKET}`,
		},
		credentials: {
			'Store image': S3_CREDENTIAL_NAME,
			'Make video': TOMOVIEE_CREDENTIAL_NAME,
			'Store video': S3_CREDENTIAL_NAME,
		},
		lastNode: 'Store video',
	});
	check(`recipe 1: execution ${run.execution.id} ended ${run.execution.status}`, run.execution.status === 'success');
	check(
		`UI: recipe 1: ${run.green.length} of ${run.names.length} nodes green on the canvas`,
		run.green.length === run.names.length,
		`green: ${run.green.join(', ')}`,
	);
	check(
		'UI: recipe 1: the output panel of "Store video" shows success: true',
		/"success":\s*true/.test(run.outputText),
		run.outputText.slice(0, 300),
	);
	const task = (await fakeAdmin<{ tasks: FakeTask[] }>(ctx, 'GET', 'tasks')).tasks.find(
		(t) => !tasksBefore.has(t.taskId),
	);
	const keys = await ctx.storage.listKeys();
	const imageKey = keys.find((key) => key.startsWith('inputs/') && key.endsWith('-product-shot.png')) ?? '';
	const storedImage = await ctx.storage.readObject(imageKey);
	const storedVideo = task ? await ctx.storage.readObject(`videos/${task.taskId}.mp4`) : undefined;
	const servedVideo = task ? fakeVideoBytes(task.videoSizeBytes) : Buffer.alloc(0);
	check(
		`recipe 1: task ${task?.taskId} was created with the stored image's object URL`,
		!!task && task.request.image === ctx.storage.objectUrl(imageKey),
		`image=${task?.request.image}`,
	);
	check(
		`recipe 1: ${imageKey} equals the image the source served (SHA-256)`,
		!!storedImage && sha256(storedImage) === sha256(ctx.images.bytesOf('product-shot')),
	);
	check(
		`recipe 1: videos/${task?.taskId}.mp4 (${storedVideo?.length ?? 0} bytes) equals the ${servedVideo.length} bytes the fake served (SHA-256 ${sha256(servedVideo).slice(0, 12)}…)`,
		!!storedVideo && servedVideo.length === 210_001 && sha256(storedVideo) === sha256(servedVideo),
	);
	log(`recipe 1: bucket holds ${keys.length} object(s): ${keys.join(', ')}`);
}

async function queueRecipe(page: Page, ctx: Context, readRows: () => Promise<QueueRow[]>): Promise<void> {
	const run = await runRecipe(page, ctx, {
		file: 'recipe-scheduled-prompt-queue.json',
		settings: { bucket: BUCKET },
		credentials: {
			'Make video': TOMOVIEE_CREDENTIAL_NAME,
			'Store video': S3_CREDENTIAL_NAME,
		},
		lastNode: 'Mark done',
	});
	check(`recipe 2: execution ${run.execution.id} ended ${run.execution.status}`, run.execution.status === 'success');
	check(
		`UI: recipe 2: ${run.green.length} of ${run.names.length} nodes green on the canvas (both branches ran)`,
		run.green.length === run.names.length,
		`green: ${run.green.join(', ')}`,
	);
	check('UI: recipe 2: the output panel of "Mark done" shows the row done', /"status":\s*"done"/.test(run.outputText));
	await checkMappingKept(ctx, run.workflowId, 'Mark done');
	const rows = await readRows();
	const done = rows.filter((row) => row.status === 'done');
	const failed = rows.filter((row) => row.status === 'failed');
	check(
		`recipe 2: rows ${rows.map((row) => `${row.id}=${row.status}`).join(', ')} (1 done, 1 failed, each claimed by execution ${run.execution.id})`,
		done.length === 1 && failed.length === 1 && rows.every((row) => row.claimedBy === run.execution.id),
		JSON.stringify(rows),
	);
	check(
		'recipe 2: the failed row carries the reason and its task id',
		!!failed[0]?.taskId && !!failed[0].error?.includes('content moderation rejected the image'),
		JSON.stringify(failed[0]),
	);
	const row = done[0];
	const task = row?.taskId ? await fakeAdmin<FakeTask>(ctx, 'GET', `tasks/${row.taskId}`) : undefined;
	const stored = row?.videoKey ? await ctx.storage.readObject(row.videoKey) : undefined;
	const served = task ? fakeVideoBytes(task.videoSizeBytes) : Buffer.alloc(0);
	check(
		`recipe 2: ${row?.videoKey} (${stored?.length ?? 0} bytes) equals the ${served.length} bytes the fake served (SHA-256 ${sha256(served).slice(0, 12)}…)`,
		!!stored && served.length === 150_001 && sha256(stored) === sha256(served),
	);
}

/**
 * Opening a Data Table node makes the editor load the table's columns into its mapping and save the workflow; the
 * values the template sets must survive that (an empty string did not: the editor dropped `error: ""`).
 */
async function checkMappingKept(ctx: Context, workflowId: string, nodeName: string): Promise<void> {
	type Columns = { value: Record<string, unknown>; schema: unknown[] };
	type Workflow = { nodes: Array<{ name: string; parameters: { columns?: Columns } }> };
	const columnsOf = (workflow: Workflow) => workflow.nodes.find((node) => node.name === nodeName)?.parameters.columns;
	const template = columnsOf(
		JSON.parse(readFileSync(path.join(EXAMPLES_DIR, 'recipe-scheduled-prompt-queue.json'), 'utf8')) as Workflow,
	);
	const saved = await until(
		`the editor to save "${nodeName}" with the table's columns`,
		async () => {
			const columns = columnsOf((await ctx.client.request<Workflow>('GET', `/rest/workflows/${workflowId}`)).data);
			return columns && columns.schema.length === QUEUE_TABLE_COLUMNS.length ? columns : undefined;
		},
		15_000,
	).catch(() => undefined);
	const expected = Object.keys(template?.value ?? {}).sort();
	const kept = Object.keys(saved?.value ?? {}).sort();
	check(
		`UI: after "${nodeName}" was opened, the saved workflow still sets ${expected.join(', ')}`,
		!!saved && JSON.stringify(kept) === JSON.stringify(expected),
		saved ? `saved sets ${kept.join(', ')}` : 'the editor did not save the loaded columns',
	);
}

async function main() {
	const { values } = parseArgs({
		args: process.argv.slice(2),
		options: { home: { type: 'string' }, screenshots: { type: 'string' } },
	});
	const home = values.home === undefined ? defaultHome() : path.resolve(values.home);
	let ready: ReadyInfo;
	try {
		ready = JSON.parse(readFileSync(paths(home).readyFile, 'utf8')) as ReadyInfo;
	} catch {
		throw new Error(`no ${paths(home).readyFile}: start n8n first with npm start -- --home ${home}`);
	}
	const s3Dir = mkdtempSync(path.join(os.tmpdir(), 'tomoviee-editor-s3-'));
	const screenshots = values.screenshots
		? path.resolve(values.screenshots)
		: mkdtempSync(path.join(os.tmpdir(), 'tomoviee-editor-shots-'));
	const client = new N8nRestClient(ready.editorUrl.replace(/\/$/, ''));
	await client.login({ ...LOCAL_OWNER, ...ready.login });
	const ctx: Context = {
		base: client.baseUrl,
		fakeUrl: ready.fakeApiUrl,
		client,
		storage: await startS3Storage(s3Dir, BUCKET),
		images: await startImageServer(),
		screenshots,
	};
	const { fetchInputs } = await fakeAdmin<{ fetchInputs: string }>(ctx, 'GET', 'config');
	let browser: Browser | undefined;
	try {
		log(`n8n ${ready.n8nVersion} at ${ctx.base}, fake API ${ctx.fakeUrl}, s3rver ${ctx.storage.endpoint}`);
		await upsertS3Credential(ctx);
		await fakeAdmin(ctx, 'POST', 'config', { fetchInputs: 'loopback' });
		const readRows = await createQueue(ctx);
		browser = await launchChromium();
		const page = await signedInPage(browser, ctx.base, { owner: ready.login });
		await fileRecipe(page, ctx);
		await queueRecipe(page, ctx, readRows);
	} catch (error) {
		for (const open of browser?.contexts().flatMap((context) => context.pages()) ?? []) {
			await saveScreenshot(open, screenshots, 'failure.png').catch(() => undefined);
		}
		check('the run went through', false, (error as Error).stack ?? String(error));
	} finally {
		await browser?.close();
		await fakeAdmin(ctx, 'POST', 'config', { fetchInputs }).catch(() => undefined);
		await ctx.images.close();
		await ctx.storage.close();
		rmSync(s3Dir, { recursive: true, force: true });
	}
	log(`screenshots in ${screenshots}`);
	log(problems.length ? `FAILED: ${problems.length} check(s)` : 'both recipes ran in the editor');
	process.exit(problems.length ? 1 : 0);
}

main().catch((error: unknown) => {
	console.error(`[recipes:editor] failed: ${(error as Error).message}`);
	process.exit(1);
});
