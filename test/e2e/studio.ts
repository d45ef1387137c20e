/**
 * End-to-end proof of the Tomoviee node in a real n8n 2.x: the packed package installed as the Community Nodes panel
 * does, the studio example workflows imported and executed with `n8n execute` against the fake Tomoviee API (among
 * them one workflow chaining Text to Video, Text to Music and Reference to Image with Return As Binary File), then
 * `n8n start`: the REST API lists both node types, and the editor's node panel (headless Chromium) lists the new
 * node and its actions.
 *
 * Usage: tsx test/e2e/studio.ts [--steps cli,rest,editor] [--skip-build] [--keep]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startFakeTomoviee, type FakeTomoviee } from '../fake-tomoviee/server';
import { Checks, elapsed, type CheckScope } from './lib/checks';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './lib/editor';
import { credentialFor, FAKE_CREDENTIAL, NODE_TYPE, readExampleWorkflows, writeImportFiles } from './lib/fixtures';
import { ensureN8n, type N8nInstall } from './lib/n8nInstall';
import { installCommunityPackage, makeTempDir, removeDir, runN8nCli, startN8n, stopAllServers, type CliResult, type N8nServer } from './lib/n8nServer';
import { buildAndPack, REPO_ROOT } from './lib/packageTarball';
import { LOCAL_OWNER, N8nRestClient } from './lib/restClient';
import { findRunJson } from './lib/runOutput';
import { TARGETS } from './lib/versions';

type Step = 'cli' | 'rest' | 'editor';

const STUDIO_NODE_TYPE = 'n8n-nodes-tomoviee.tomoviee';
const PIPELINE_ID = 'tmvExStudioPipel';
const FILE_BYTES = 150_001;
const ACTIONS = [
	'Generate a video from text',
	'Generate a video from an image',
	'Generate a video between a first and a last frame',
	'Generate music from text',
	'Generate a sound effect from text',
	'Generate images from a reference image',
	'Redraw part of an image',
	'Get the status of a task',
	'Run a capability by ID',
];

interface Context {
	fake: FakeTomoviee;
	appKey: string;
	appSecret: string;
	artifactsDir: string;
}

interface NodeOutput {
	json: Record<string, any>;
	binary?: Record<string, { mimeType?: string; fileName?: string; fileExtension?: string; fileSize?: string | number }>;
}

function describeCli(result: CliResult): string {
	const text = `${result.stdout}\n${result.stderr}`.trim().split('\n');
	return `exit ${result.code}; output tail:\n${text.slice(-25).join('\n')}`;
}

/** The node's output items of a run printed by `n8n execute --rawOutput`, binary metadata included. */
function outputsOf(run: Record<string, any> | undefined, node: string): NodeOutput[] {
	const runs = run?.data?.resultData?.runData?.[node] ?? [];
	return (runs[runs.length - 1]?.data?.main?.[0] ?? []) as NodeOutput[];
}

async function cliStep(check: CheckScope, install: N8nInstall, userFolder: string, ctx: Context) {
	const studioExamples = readExampleWorkflows().filter((workflow) => String(workflow.id).startsWith('tmvExStudio'));
	const files = writeImportFiles(
		path.join(userFolder, 'import'),
		[credentialFor(FAKE_CREDENTIAL, ctx.fake.url, ctx.appKey, ctx.appSecret)],
		studioExamples,
	);
	const cli = (args: string[]) => runN8nCli(install, args, { userFolder, logLevel: 'info', timeoutMs: 240_000 });
	const basic = Buffer.from(`${ctx.appKey}:${ctx.appSecret}`).toString('base64');
	const noSecrets = (label: string, result: CliResult) => {
		const text = `${result.stdout}\n${result.stderr}`;
		check.ok(`${label}: no app secret or Authorization value in n8n's output`, !text.includes(ctx.appSecret) && !text.includes(basic));
	};

	const credentials = await cli(['import:credentials', `--input=${files.credentialsFile}`]);
	if (!check.ok('import:credentials', credentials.code === 0, describeCli(credentials))) return;
	const workflows = await cli(['import:workflow', '--separate', `--input=${files.workflowsDir}`]);
	if (!check.ok(`import:workflow (${studioExamples.length} studio examples)`, workflows.code === 0, describeCli(workflows))) return;

	const execute = async (id: string) => {
		const result = await cli(['execute', `--id=${id}`, '--rawOutput']);
		mkdirSync(ctx.artifactsDir, { recursive: true });
		writeFileSync(path.join(ctx.artifactsDir, `studio-execute-${id}.log`), `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
		return { result, run: findRunJson(`${result.stdout}\n${result.stderr}`) };
	};

	// The pipeline: clip, soundtrack and thumbnail, each downloaded into its own binary field.
	{
		const { result, run } = await execute(PIPELINE_ID);
		check.ok('pipeline: execution succeeds', result.code === 0 && !!run && !run.data.resultData.error, describeCli(result));
		const expectations: Array<[string, string, string, string, string]> = [
			['Clip from text', 'clip', 'tm_text2video_b', 'video/mp4', 'mp4'],
			['Soundtrack from text', 'soundtrack', 'tm_text2music', 'audio/mpeg', 'mp3'],
			['Thumbnail from reference', 'thumbnail', 'tm_reference_img2img', 'image/png', 'png'],
		];
		for (const [node, field, capability, mimeType, extension] of expectations) {
			const [item] = outputsOf(run, node);
			const taskId = String(item?.json.taskId ?? '');
			const task = ctx.fake.task(taskId);
			check.ok(`pipeline: "${node}" created a ${capability} task on the fake`, task?.capability === capability, `taskId=${taskId}`);
			const binary = item?.binary?.[field];
			check.ok(
				`pipeline: "${node}" outputs the file in binary field "${field}" as ${mimeType} .${extension}`,
				item?.json.status === 'succeeded' &&
					binary?.mimeType === mimeType &&
					binary?.fileName === `${taskId}.${extension}` &&
					item?.json.files?.[0]?.fileSize === FILE_BYTES,
				`json=${JSON.stringify(item?.json)?.slice(0, 400)} binary=${JSON.stringify(binary)}`,
			);
		}
		const downloads = ctx.fake.requests({ route: 'video' });
		check.ok('pipeline: the three files were fetched without Tomoviee credentials', downloads.length === 3 && downloads.every((d) => !d.headers.authorization), `${downloads.length} downloads`);
		noSecrets('pipeline', result);
	}

	// Every other studio example: each Tomoviee node ends with a result of its kind.
	const kindFields: Record<string, string> = { video: 'videoUrl', audio: 'audioUrl', image: 'imageUrl' };
	for (const workflow of studioExamples.filter((candidate) => candidate.id !== PIPELINE_ID)) {
		const { result, run } = await execute(String(workflow.id));
		const tomovieeNodes = (workflow.nodes as Array<Record<string, any>>).filter((node) => node.type === STUDIO_NODE_TYPE);
		const summary = tomovieeNodes.map((node) => {
			const [item] = outputsOf(run, node.name);
			const kind = String(item?.json.outputKind ?? '');
			const waits = node.parameters.mode !== 'create' && node.parameters.resource !== 'task';
			return { node: node.name, waits, taskId: item?.json.taskId, status: item?.json.status, url: item?.json[kindFields[kind] ?? 'x'] };
		});
		// Waiting nodes end with their file's URL; Create and Get Status (read at once) with a known task.
		const good = summary.every((entry) =>
			entry.waits
				? typeof entry.url === 'string' && entry.url.startsWith(`${ctx.fake.url}/storage/`)
				: typeof entry.taskId === 'string' && !!ctx.fake.task(entry.taskId) && typeof entry.status === 'string',
		);
		check.ok(`example "${workflow.name}": every node ends with its task (and its URL once waited for)`, result.code === 0 && good, `${describeCli(result)}\n${JSON.stringify(summary)}`);
		noSecrets(`example ${String(workflow.id)}`, result);
	}
}

async function nodePanelStep(check: CheckScope, server: N8nServer, artifactsDir: string) {
	const { chromium } = await import('playwright-core');
	mkdirSync(artifactsDir, { recursive: true });
	const shot = async (page: Page, name: string) => {
		const file = path.join(artifactsDir, name);
		await page.screenshot({ path: file });
		console.log(`    screenshot: ${file}`);
	};
	let browser: Browser | undefined;
	try {
		browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await context.route('**/*', (route) => {
			const url = new URL(route.request().url());
			return url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:' ? route.continue() : route.abort();
		});
		const page = await context.newPage();
		page.setDefaultTimeout(30_000);
		const byTestId = (id: string) => page.locator(`[data-test-id="${id}"]`);

		await page.goto(`${server.baseUrl}/signin`);
		await page.locator('input[name="emailOrLdapLoginId"], input[type="email"]').first().fill(LOCAL_OWNER.email);
		await page.locator('input[name="password"], input[type="password"]').first().fill(LOCAL_OWNER.password);
		await byTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));

		await page.goto(`${server.baseUrl}/workflow/new`);
		await byTestId('canvas-plus-button').first().click({ timeout: 90_000 });
		await page.locator('input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input').first().fill('tomoviee');
		const items = byTestId('item-iterator-item');
		// The trigger list shows first: wait for the search results themselves.
		await items.filter({ hasText: 'Tomoviee Image to Video' }).first().waitFor({ state: 'visible' });
		const titles = (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
		await shot(page, 'studio-node-panel-search.png');
		check.ok(
			'editor: node panel lists "Tomoviee" beside "Tomoviee Image to Video" for "tomoviee"',
			titles.includes('Tomoviee') && titles.includes('Tomoviee Image to Video'),
			JSON.stringify(titles),
		);

		const studioIndex = titles.indexOf('Tomoviee');
		if (studioIndex < 0) return;
		await items.nth(studioIndex).click();
		// n8n lists a resource node's actions grouped by resource.
		await page.getByText(ACTIONS[0], { exact: false }).first().waitFor({ state: 'visible' });
		await page.waitForTimeout(800);
		const text = [...(await items.allInnerTexts()), await page.locator('body').innerText()].join('\n');
		await shot(page, 'studio-node-panel-actions.png');
		const missing = ACTIONS.filter((action) => !text.toLowerCase().includes(action.toLowerCase()));
		check.ok(
			`editor: the node panel lists the node's ${ACTIONS.length} actions ("Actions (${ACTIONS.length})")`,
			missing.length === 0 && new RegExp(`Actions\\s*\\(${ACTIONS.length}\\)`).test(text), `missing: ${JSON.stringify(missing)}\npanel: ${text.slice(0, 800)}`);
	} finally {
		await browser?.close();
	}
}

async function main() {
	const argv = process.argv.slice(2);
	const stepsArg = argv.find((arg) => arg.startsWith('--steps='))?.slice('--steps='.length) ?? (argv.includes('--steps') ? argv[argv.indexOf('--steps') + 1] : undefined);
	const steps = new Set<Step>((stepsArg ?? 'cli,rest,editor').split(',') as Step[]);
	const keep = argv.includes('--keep');
	const started = Date.now();
	const checks = new Checks();
	const target = TARGETS.n8n2;
	const check = checks.scope(`[studio n8n ${target.n8nVersion}] `);
	const workDir = makeTempDir('tomoviee-studio-e2e-');
	const userFolder = makeTempDir('tomoviee-studio-e2e-n8n-');
	let fake: FakeTomoviee | undefined;
	let server: N8nServer | undefined;
	const cleanup = async () => {
		await server?.stop();
		await stopAllServers();
		await fake?.close();
		if (!keep) {
			removeDir(workDir);
			removeDir(userFolder);
		}
	};
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().finally(() => process.exit(130)));
	try {
		const pendingInstall = ensureN8n(target);
		pendingInstall.catch(() => undefined);
		const tarball = await buildAndPack(path.join(workDir, 'pack'), { skipBuild: argv.includes('--skip-build') });
		const install = await pendingInstall;
		console.log(`studio e2e: packed ${path.basename(tarball)}; n8n ${target.n8nVersion} at ${install.dir} (${elapsed()})`);
		const appKey = 'e2e-app-key';
		const appSecret = `e2e-secret-${randomBytes(12).toString('hex')}`;
		fake = await startFakeTomoviee({ host: '127.0.0.1', port: 0, appKey, appSecret, queueMs: 200, processingMs: 800, videoSizeBytes: FILE_BYTES });
		const ctx: Context = { fake, appKey, appSecret, artifactsDir: path.resolve(REPO_ROOT, process.env.E2E_ARTIFACTS || path.join('.artifacts', 'e2e')) };
		await installCommunityPackage(install, userFolder, tarball, path.join(userFolder, 'npm-install.log'));
		check.ok('package tarball installed into <user folder>/.n8n/nodes', true);
		if (steps.has('cli')) await cliStep(check, install, userFolder, ctx).catch((error) => check.broken('CLI workflows', error));
		if (steps.has('rest') || steps.has('editor')) {
			server = await startN8n(install, { userFolder, logLevel: 'info' });
			const client = new N8nRestClient(server.baseUrl);
			await client.setupOwner();
			await client.login();
			const types = await client.nodeTypeNames();
			check.ok(`REST: n8n lists ${STUDIO_NODE_TYPE} and ${NODE_TYPE}`, types.includes(STUDIO_NODE_TYPE) && types.includes(NODE_TYPE), `${types.filter((type) => type.includes('tomoviee'))}`);
			if (steps.has('editor')) {
				await nodePanelStep(check, server, ctx.artifactsDir).catch((error) => check.broken('editor node panel', error, `n8n log tail:\n${server?.logTail(30)}`));
			}
		}
	} catch (error) {
		check.broken('studio e2e', error);
	} finally {
		await cleanup();
	}
	console.log(`\nstudio e2e finished in ${Math.round((Date.now() - started) / 1000)} s`);
	if (checks.failed.length) console.log(`failed checks:\n  ${checks.failed.join('\n  ')}`);
	console.log(`studio e2e: ${checks.summary()}`);
	process.exit(checks.failed.length ? 1 : 0);
}

void main();
