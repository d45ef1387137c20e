/**
 * The Tomoviee node as an AI agent's tool in a real n8n 2.x: n8n's AI Agent, its OpenAI chat model pointed at a small
 * local OpenAI-compatible fake (lib/fakeOpenAi.ts) that answers with a call of the offered tool, and the Tomoviee
 * tool (Video > Text to Video, Create and Wait) against the fake Tomoviee API. Proves that the agent calls the tool,
 * the tool creates and waits for the video, and the video URL reaches the agent's answer.
 *
 * Usage: tsx test/e2e/agent.ts [--skip-build] [--keep]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeTomoviee, type FakeTomoviee } from '../fake-tomoviee/server';
import { Checks, elapsed } from './lib/checks';
import { startFakeOpenAi, type FakeOpenAi } from './lib/fakeOpenAi';
import { credentialFor, FAKE_CREDENTIAL, writeImportFiles } from './lib/fixtures';
import { ensureN8n } from './lib/n8nInstall';
import { installCommunityPackage, makeTempDir, removeDir, runN8nCli, stopAllServers } from './lib/n8nServer';
import { buildAndPack, REPO_ROOT } from './lib/packageTarball';
import { findRunJson } from './lib/runOutput';
import { TARGETS } from './lib/versions';

const WORKFLOW_ID = 'tmvE2EAgentTool1';
const OPENAI_CREDENTIAL = { id: 'openAiFakeApi001', name: 'OpenAI (local fake)' };
const USER_REQUEST = 'Make a 5-second video of a red fox running through fresh snow at dawn and give me its URL.';
const TRIGGER = 'When clicking ‘Execute workflow’';

function agentWorkflow(): Record<string, unknown> {
	const tomoviee = { tomovieeApi: { ...FAKE_CREDENTIAL } };
	return {
		id: WORKFLOW_ID,
		name: 'e2e: an AI Agent makes a video with the Tomoviee tool',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'a9e2e000-0000-4000-8000-000000000001', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'a9e2e000-0000-4000-8000-000000000002',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [220, 0],
				parameters: { promptType: 'define', text: USER_REQUEST, options: {} },
			},
			{
				id: 'a9e2e000-0000-4000-8000-000000000003',
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [160, 220],
				parameters: { model: { __rl: true, value: 'gpt-4o-mini', mode: 'id' }, options: {} },
				credentials: { openAiApi: { ...OPENAI_CREDENTIAL } },
			},
			{
				id: 'a9e2e000-0000-4000-8000-000000000004',
				name: 'Tomoviee',
				type: 'n8n-nodes-tomoviee.tomovieeTool',
				typeVersion: 1,
				position: [360, 220],
				parameters: {
					descriptionType: 'auto',
					resource: 'video',
					operation: 'textToVideo',
					prompt: "={{ $fromAI('prompt', 'What the video shows: subject, action and scene', 'string') }}",
					options: { pollIntervalSeconds: 1, maxWaitMinutes: 2 },
				},
				credentials: tomoviee,
			},
		],
		connections: {
			[TRIGGER]: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			Tomoviee: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}

async function main() {
	const argv = process.argv.slice(2);
	const keep = argv.includes('--keep');
	const started = Date.now();
	const checks = new Checks();
	const target = TARGETS.n8n2;
	const check = checks.scope(`[agent n8n ${target.n8nVersion}] `);
	const workDir = makeTempDir('tomoviee-agent-e2e-');
	const userFolder = makeTempDir('tomoviee-agent-e2e-n8n-');
	const artifactsDir = path.resolve(REPO_ROOT, process.env.E2E_ARTIFACTS || path.join('.artifacts', 'e2e'));
	let fake: FakeTomoviee | undefined;
	let openAi: FakeOpenAi | undefined;
	const cleanup = async () => {
		await stopAllServers();
		await fake?.close();
		await openAi?.close();
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
		const appKey = 'e2e-app-key';
		const appSecret = `e2e-secret-${randomBytes(12).toString('hex')}`;
		fake = await startFakeTomoviee({ host: '127.0.0.1', port: 0, appKey, appSecret, queueMs: 200, processingMs: 800 });
		openAi = await startFakeOpenAi();
		console.log(`agent e2e: fake Tomoviee ${fake.url}, fake OpenAI ${openAi.url} (${elapsed()})`);
		await installCommunityPackage(install, userFolder, tarball, path.join(userFolder, 'npm-install.log'));
		check.ok('package tarball installed into <user folder>/.n8n/nodes', true);

		const files = writeImportFiles(
			path.join(userFolder, 'import'),
			[
				credentialFor(FAKE_CREDENTIAL, fake.url, appKey, appSecret),
				{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-fake-e2e', url: openAi.url } },
			],
			[agentWorkflow()],
		);
		const cli = (args: string[]) => runN8nCli(install, args, { userFolder, logLevel: 'info', timeoutMs: 240_000 });
		const imported = (await cli(['import:credentials', `--input=${files.credentialsFile}`])).code === 0 && (await cli(['import:workflow', '--separate', `--input=${files.workflowsDir}`])).code === 0;
		if (!check.ok('credentials and the agent workflow imported', imported)) return;

		const result = await cli(['execute', `--id=${WORKFLOW_ID}`, '--rawOutput']);
		mkdirSync(artifactsDir, { recursive: true });
		writeFileSync(path.join(artifactsDir, 'agent-execute.log'), `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
		const run = findRunJson(`${result.stdout}\n${result.stderr}`);
		const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
		check.ok('the agent workflow runs to success', result.code === 0 && !!run && !run.data.resultData.error, `exit ${result.code}\n${tail}`);

		const offered = openAi.requests[0]?.tools ?? [];
		console.log(`    tools offered to the model: ${JSON.stringify(offered.map((tool) => ({ name: tool.function.name, description: tool.function.description })))}`);
		check.ok(
			'the model is offered the Tomoviee tool, described for an agent',
			offered.length === 1 && /video/i.test(offered[0].function.description ?? '') && 'prompt' in (offered[0].function.parameters?.properties ?? {}),
			JSON.stringify(offered),
		);
		const creates = fake.requests({ route: 'create' });
		const taskId = String(creates[0]?.taskId ?? '');
		check.ok(
			"the tool call created one Text to Video task with the agent's prompt",
			creates.length === 1 && creates[0].path === '/v1/open/capacity/application/tm_text2video_b' && (creates[0].body as { prompt?: string }).prompt === USER_REQUEST,
			JSON.stringify(creates.map((create) => ({ path: create.path, body: create.body }))),
		);
		const toolMessage = openAi.requests.flatMap((request) => request.messages).find((message) => message.role === 'tool');
		check.ok('the tool answered the model with the finished video URL', !!taskId && JSON.stringify(toolMessage?.content ?? '').includes('storage'), JSON.stringify(toolMessage)?.slice(0, 500));
		const answer = run?.data.resultData.runData['AI Agent']?.[0]?.data?.main?.[0]?.[0]?.json?.output;
		check.ok("the video URL reaches the agent's answer", typeof answer === 'string' && !!taskId && answer.includes(fake.videoUrl(taskId)), `answer=${JSON.stringify(answer)}`);
	} catch (error) {
		check.broken('agent e2e', error);
	} finally {
		await cleanup();
	}
	console.log(`\nagent e2e finished in ${Math.round((Date.now() - started) / 1000)} s`);
	if (checks.failed.length) console.log(`failed checks:\n  ${checks.failed.join('\n  ')}`);
	console.log(`agent e2e: ${checks.summary()}`);
	process.exit(checks.failed.length ? 1 : 0);
}

void main();
