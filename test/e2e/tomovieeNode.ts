/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * End-to-end proof of the Tomoviee node in a real n8n 2.x: the packed package installed as the Community Nodes panel
 * does, the Tomoviee node's example workflows imported and executed with `n8n execute` against the fake Tomoviee API (among
 * them one workflow chaining Text to Video, Text to Music and Reference to Image with Return As Binary File), then
 * `n8n start`: the REST API lists both node types, and the editor's node panel (headless Chromium) lists the new
 * node and its actions.
 *
 * Usage: tsx test/e2e/tomovieeNode.ts [--steps cli,rest,editor] [--skip-build] [--keep]
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startFakeTomoviee, type FakeTomoviee } from '../fake-tomoviee/server';
import { elapsed, type CheckScope } from './lib/checks';
import { ARTIFACTS_DIR, fakeAppKeyAndSecret, keepExecuteLog, n8n2Script } from './lib/e2eScript';
import { launchChromium, saveScreenshot, signedInPage } from './lib/editor';
import { credentialFor, FAKE_CREDENTIAL, NODE_TYPE, readExampleWorkflows, writeImportFiles } from './lib/fixtures';
import type { N8nInstall } from './lib/n8nInstall';
import {
	describeCli,
	installCommunityPackage,
	runN8nCli,
	startN8n,
	type CliResult,
	type N8nServer,
} from './lib/n8nServer';
import { N8nRestClient } from './lib/restClient';
import { type BinaryJson, findRunJson, type RunJson } from './lib/runOutput';

type Step = 'cli' | 'rest' | 'editor';

const TOMOVIEE_NODE_TYPE = 'n8n-nodes-tomoviee.tomoviee';
const PIPELINE_ID = 'tmvExNodeExPipel';
const FILE_BYTES = 150_001;
const ACTIONS = [
	'Generate video from text',
	'Generate video from image',
	'Generate video between first and last frame',
	'Generate music from text',
	'Generate sound effect from text',
	'Generate images from reference image',
	'Redraw part of image',
	'Get task status',
	'Run capability by ID',
];

interface Context {
	fake: FakeTomoviee;
	appKey: string;
	appSecret: string;
}

/** An output item of the Tomoviee node, the fields read here. */
interface NodeOutput {
	json: {
		taskId?: string;
		status?: string;
		outputKind?: string;
		files?: Array<{ fileSize?: number }>;
		[key: string]: unknown;
	};
	binary?: Record<string, BinaryJson>;
}

/** The node's output items of a run printed by `n8n execute --rawOutput`, binary metadata included. */
function outputsOf(run: RunJson | undefined, node: string): NodeOutput[] {
	const runs = run?.data.resultData.runData?.[node] ?? [];
	return (runs[runs.length - 1]?.data?.main?.[0] ?? []) as NodeOutput[];
}

async function cliStep(check: CheckScope, install: N8nInstall, userFolder: string, ctx: Context) {
	const nodeExamples = readExampleWorkflows().filter((workflow) => String(workflow.id).startsWith('tmvExNodeEx'));
	const files = writeImportFiles(
		path.join(userFolder, 'import'),
		[credentialFor(FAKE_CREDENTIAL, ctx.fake.url, ctx.appKey, ctx.appSecret)],
		nodeExamples,
	);
	const cli = (args: string[]) => runN8nCli(install, args, { userFolder, logLevel: 'info', timeoutMs: 240_000 });
	const basic = Buffer.from(`${ctx.appKey}:${ctx.appSecret}`).toString('base64');
	const noSecrets = (label: string, result: CliResult) => {
		const text = `${result.stdout}\n${result.stderr}`;
		check.ok(
			`${label}: no app secret or Authorization value in n8n's output`,
			!text.includes(ctx.appSecret) && !text.includes(basic),
		);
	};

	const credentials = await cli(['import:credentials', `--input=${files.credentialsFile}`]);
	if (!check.ok('import:credentials', credentials.code === 0, describeCli(credentials))) return;
	const workflows = await cli(['import:workflow', '--separate', `--input=${files.workflowsDir}`]);
	if (
		!check.ok(
			`import:workflow (${nodeExamples.length} Tomoviee node examples)`,
			workflows.code === 0,
			describeCli(workflows),
		)
	)
		return;

	const execute = async (id: string) => {
		const result = await cli(['execute', `--id=${id}`, '--rawOutput']);
		keepExecuteLog(`tomoviee-execute-${id}.log`, result);
		return { result, run: findRunJson(`${result.stdout}\n${result.stderr}`) };
	};

	// The pipeline: clip, soundtrack and thumbnail, each downloaded into its own binary field.
	{
		const { result, run } = await execute(PIPELINE_ID);
		check.ok(
			'pipeline: execution succeeds',
			result.code === 0 && !!run && !run.data.resultData.error,
			describeCli(result),
		);
		const expectations: Array<[string, string, string, string, string]> = [
			['Clip from text', 'clip', 'tm_text2video_b', 'video/mp4', 'mp4'],
			['Soundtrack from text', 'soundtrack', 'tm_text2music', 'audio/mpeg', 'mp3'],
			['Thumbnail from reference', 'thumbnail', 'tm_reference_img2img', 'image/png', 'png'],
		];
		for (const [node, field, capability, mimeType, extension] of expectations) {
			const [item] = outputsOf(run, node);
			const taskId = String(item?.json.taskId ?? '');
			const task = ctx.fake.task(taskId);
			check.ok(
				`pipeline: "${node}" created a ${capability} task on the fake`,
				task?.capability === capability,
				`taskId=${taskId}`,
			);
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
		check.ok(
			'pipeline: the three files were fetched without Tomoviee credentials',
			downloads.length === 3 && downloads.every((d) => !d.headers.authorization),
			`${downloads.length} downloads`,
		);
		noSecrets('pipeline', result);
	}

	// Every other Tomoviee node example: each Tomoviee node ends with a result of its kind.
	const kindFields: Record<string, string> = { video: 'videoUrl', audio: 'audioUrl', image: 'imageUrl' };
	for (const workflow of nodeExamples.filter((candidate) => candidate.id !== PIPELINE_ID)) {
		const { result, run } = await execute(String(workflow.id));
		const tomovieeNodes = workflow.nodes.filter((node) => node.type === TOMOVIEE_NODE_TYPE);
		const summary = tomovieeNodes.map((node) => {
			const [item] = outputsOf(run, node.name);
			const kind = String(item?.json.outputKind ?? '');
			const waits = node.parameters.mode !== 'create' && node.parameters.resource !== 'task';
			return {
				node: node.name,
				waits,
				taskId: item?.json.taskId,
				status: item?.json.status,
				url: item?.json[kindFields[kind] ?? 'x'],
			};
		});
		// Waiting nodes end with their file's URL; Create and Get Status (read at once) with a known task.
		const good = summary.every((entry) =>
			entry.waits
				? typeof entry.url === 'string' && entry.url.startsWith(`${ctx.fake.url}/storage/`)
				: typeof entry.taskId === 'string' && !!ctx.fake.task(entry.taskId) && typeof entry.status === 'string',
		);
		check.ok(
			`example "${workflow.name}": every node ends with its task (and its URL once waited for)`,
			result.code === 0 && good,
			`${describeCli(result)}\n${JSON.stringify(summary)}`,
		);
		noSecrets(`example ${String(workflow.id)}`, result);
	}
}

async function nodePanelStep(check: CheckScope, server: N8nServer, artifactsDir: string) {
	const shot = (page: Page, name: string) => saveScreenshot(page, artifactsDir, name);
	let browser: Browser | undefined;
	try {
		browser = await launchChromium();
		const page = await signedInPage(browser, server.baseUrl);
		const byTestId = (id: string) => page.locator(`[data-test-id="${id}"]`);

		await page.goto(`${server.baseUrl}/workflow/new`);
		await byTestId('canvas-plus-button').first().click({ timeout: 90_000 });
		await page
			.locator('input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input')
			.first()
			.fill('tomoviee');
		const items = byTestId('item-iterator-item');
		// The trigger list shows first: wait for the search results themselves.
		await items.filter({ hasText: 'Tomoviee Image to Video' }).first().waitFor({ state: 'visible' });
		const titles = (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
		await shot(page, 'tomoviee-node-panel-search.png');
		check.ok(
			'editor: node panel lists "Tomoviee" beside "Tomoviee Image to Video" for "tomoviee"',
			titles.includes('Tomoviee') && titles.includes('Tomoviee Image to Video'),
			JSON.stringify(titles),
		);

		const tomovieeIndex = titles.indexOf('Tomoviee');
		if (tomovieeIndex < 0) return;
		await items.nth(tomovieeIndex).click();
		// n8n lists a resource node's actions grouped by resource.
		await page.getByText(ACTIONS[0], { exact: false }).first().waitFor({ state: 'visible' });
		await page.waitForTimeout(800);
		const text = [...(await items.allInnerTexts()), await page.locator('body').innerText()].join('\n');
		await shot(page, 'tomoviee-node-panel-actions.png');
		const missing = ACTIONS.filter((action) => !text.toLowerCase().includes(action.toLowerCase()));
		check.ok(
			`editor: the node panel lists the node's ${ACTIONS.length} actions ("Actions (${ACTIONS.length})")`,
			missing.length === 0 && new RegExp(`Actions\\s*\\(${ACTIONS.length}\\)`).test(text),
			`missing: ${JSON.stringify(missing)}\npanel: ${text.slice(0, 800)}`,
		);

		// The canvas subtitle as n8n's editor evaluates the node's subtitle expression (the pipeline example, imported
		// by the cli step): the resource and operation in the words of the form, not their values.
		await page.goto(`${server.baseUrl}/workflow/${PIPELINE_ID}`);
		await byTestId('canvas-node').first().waitFor({ state: 'visible', timeout: 90_000 });
		await page.waitForTimeout(1500);
		const canvasText = (await byTestId('canvas-node').allInnerTexts()).join('\n');
		await shot(page, 'tomoviee-canvas-subtitles.png');
		const subtitles = ['Video: Text to Video', 'Audio: Text to Music', 'Image: Reference to Image'];
		check.ok(
			`editor: the canvas shows the subtitles ${subtitles.map((subtitle) => `"${subtitle}"`).join(', ')}`,
			subtitles.every((subtitle) => canvasText.includes(subtitle)) && !/video: textToVideo/.test(canvasText),
			`canvas: ${canvasText.slice(0, 800)}`,
		);
	} finally {
		await browser?.close();
	}
}

async function main() {
	const argv = process.argv.slice(2);
	const stepsArg =
		argv.find((arg) => arg.startsWith('--steps='))?.slice('--steps='.length) ??
		(argv.includes('--steps') ? argv[argv.indexOf('--steps') + 1] : undefined);
	const steps = new Set<Step>((stepsArg ?? 'cli,rest,editor').split(',') as Step[]);
	const { run, target, check, userFolder, pack } = n8n2Script('tomoviee', argv);
	try {
		const { install, tarball } = await pack();
		console.log(
			`Tomoviee node e2e: packed ${path.basename(tarball)}; n8n ${target.n8nVersion} at ${install.dir} (${elapsed()})`,
		);
		const { appKey, appSecret } = fakeAppKeyAndSecret();
		const fake = run.closeAtEnd(
			await startFakeTomoviee({
				host: '127.0.0.1',
				port: 0,
				appKey,
				appSecret,
				queueMs: 200,
				processingMs: 800,
				videoSizeBytes: FILE_BYTES,
			}),
		);
		const ctx: Context = { fake, appKey, appSecret };
		await installCommunityPackage(install, userFolder, tarball, path.join(userFolder, 'npm-install.log'));
		check.ok('package tarball installed into <user folder>/.n8n/nodes', true);
		if (steps.has('cli'))
			await cliStep(check, install, userFolder, ctx).catch((error) => check.broken('CLI workflows', error));
		if (steps.has('rest') || steps.has('editor')) {
			const server = await startN8n(install, { userFolder, logLevel: 'info' });
			const client = new N8nRestClient(server.baseUrl);
			await client.setupOwner();
			await client.login();
			const types = await client.nodeTypeNames();
			check.ok(
				`REST: n8n lists ${TOMOVIEE_NODE_TYPE} and ${NODE_TYPE}`,
				types.includes(TOMOVIEE_NODE_TYPE) && types.includes(NODE_TYPE),
				`${types.filter((type) => type.includes('tomoviee'))}`,
			);
			if (steps.has('editor')) {
				await nodePanelStep(check, server, ARTIFACTS_DIR).catch((error) =>
					check.broken('editor node panel', error, `n8n log tail:\n${server.logTail(30)}`),
				);
			}
		}
	} catch (error) {
		check.broken('Tomoviee node e2e', error);
	} finally {
		await run.end();
	}
}

void main();
