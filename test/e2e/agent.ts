/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * The Tomoviee node as an AI agent's tool in a real n8n 2.x: n8n's AI Agent, its OpenAI chat model pointed at a small
 * local OpenAI-compatible fake (lib/fakeOpenAi.ts) that answers with a call of the offered tool, and the Tomoviee
 * tool (Video > Text to Video, Create and Wait) against the fake Tomoviee API. Proves that the agent calls the tool,
 * the tool creates and waits for the video, and the video URL reaches the agent's answer.
 *
 * Usage: tsx test/e2e/agent.ts [--skip-build] [--keep]
 */
import path from 'node:path';
import { startFakeTomoviee } from '../fake-tomoviee/server';
import { elapsed } from './lib/checks';
import { fakeAppKeyAndSecret, keepExecuteLog, n8n2Script } from './lib/e2eScript';
import { startFakeOpenAi } from './lib/fakeOpenAi';
import { credentialFor, FAKE_CREDENTIAL, writeImportFiles } from './lib/fixtures';
import { describeCli, installCommunityPackage, runN8nCli } from './lib/n8nServer';
import { findRunJson } from './lib/runOutput';

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
			{
				id: 'a9e2e000-0000-4000-8000-000000000001',
				name: TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
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
	const { run, check, userFolder, pack } = n8n2Script('agent', argv);
	try {
		const { install, tarball } = await pack();
		const { appKey, appSecret } = fakeAppKeyAndSecret();
		const fake = run.closeAtEnd(
			await startFakeTomoviee({ host: '127.0.0.1', port: 0, appKey, appSecret, queueMs: 200, processingMs: 800 }),
		);
		const openAi = run.closeAtEnd(await startFakeOpenAi());
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
		const imported =
			(await cli(['import:credentials', `--input=${files.credentialsFile}`])).code === 0 &&
			(await cli(['import:workflow', '--separate', `--input=${files.workflowsDir}`])).code === 0;
		if (!check.ok('credentials and the agent workflow imported', imported)) return;

		const result = await cli(['execute', `--id=${WORKFLOW_ID}`, '--rawOutput']);
		keepExecuteLog('agent-execute.log', result);
		const output = findRunJson(`${result.stdout}\n${result.stderr}`);
		check.ok(
			'the agent workflow runs to success',
			result.code === 0 && !!output && !output.data.resultData.error,
			describeCli(result),
		);

		const offered = openAi.requests[0]?.tools ?? [];
		console.log(
			`    tools offered to the model: ${JSON.stringify(offered.map((tool) => ({ name: tool.function.name, description: tool.function.description })))}`,
		);
		check.ok(
			'the model is offered the Tomoviee tool, described for an agent',
			offered.length === 1 &&
				/video/i.test(offered[0].function.description ?? '') &&
				'prompt' in (offered[0].function.parameters?.properties ?? {}),
			JSON.stringify(offered),
		);
		const creates = fake.requests({ route: 'create' });
		const taskId = String(creates[0]?.taskId ?? '');
		check.ok(
			"the tool call created one Text to Video task with the agent's prompt",
			creates.length === 1 &&
				creates[0].path === '/v1/open/capacity/application/tm_text2video_b' &&
				(creates[0].body as { prompt?: string }).prompt === USER_REQUEST,
			JSON.stringify(creates.map((create) => ({ path: create.path, body: create.body }))),
		);
		const toolMessage = openAi.requests
			.flatMap((request) => request.messages)
			.find((message) => message.role === 'tool');
		check.ok(
			'the tool answered the model with the finished video URL',
			!!taskId && JSON.stringify(toolMessage?.content ?? '').includes('storage'),
			JSON.stringify(toolMessage)?.slice(0, 500),
		);
		const answer = output?.data.resultData.runData?.['AI Agent']?.[0]?.data?.main?.[0]?.[0]?.json?.output;
		check.ok(
			"the video URL reaches the agent's answer",
			typeof answer === 'string' && !!taskId && answer.includes(fake.videoUrl(taskId)),
			`answer=${JSON.stringify(answer)}`,
		);
	} catch (error) {
		check.broken('agent e2e', error);
	} finally {
		await run.end();
	}
}

void main();
