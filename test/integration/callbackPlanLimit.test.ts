/**
 * Wait Mode "Callback" against the account's limit on tasks at once, in-process (harness + fake + callbackResume.ts):
 * more items than the plan runs at once must all be created once and all output, none failed; within the plan the
 * execution waits for Tomoviee's calls without querying.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { LoggedRequest } from '../fake-tomoviee';
import { nodeOutputOf, useWaitingWebhookServer } from './callbackResume';
import { credentialsFor, runNode, submitParameters, useFake } from './support';

jest.setTimeout(180_000);

const PLAN_LIMIT = 3;
const fake = useFake({ queueMs: 300, processingMs: 700 });
const waitingServer = useWaitingWebhookServer(() => credentialsFor(fake));

const parameters: INodeParameters = submitParameters('createAndWait', {
	waitMode: 'callback',
	options: { pollIntervalSeconds: 1, maxWaitMinutes: 5 },
});

/** Runs the items in Callback mode; resolves with the node's output once the execution has ended, and how it went. */
async function runInCallbackMode(prompts: string[]) {
	const startedAt = Date.now();
	const first = await runNode(fake, {
		parameters,
		items: prompts.map((prompt) => ({ prompt })),
		extra: { additionalData: { webhookWaitingBaseUrl: waitingServer.current.waitingBaseUrl } },
	});
	const queriesBeforeWait = fake.countRequests({ route: 'query' });
	const waited = first.executionStatus === 'waiting';
	const finished = waited ? await waitingServer.current.track(first, parameters) : undefined;
	return {
		first,
		waited,
		queriesBeforeWait,
		status: finished ? finished.status : first.executionStatus,
		output: finished ? nodeOutputOf(finished) : first.output,
		seconds: (Date.now() - startedAt) / 1000,
	};
}

const promptOf = (request: LoggedRequest) => String((request.body as IDataObject | undefined)?.prompt);

it(`50 items on a ${PLAN_LIMIT}-task plan: every item's task created once, 50 videos out, no item failed`, async () => {
	fake.configure({ maxConcurrentTasks: PLAN_LIMIT });
	// Tasks of 1-2 s, so that the plan's limit is met many times over.
	const prompts = Array.from(
		{ length: 50 },
		(_, index) => `video ${index} [fake:duration=${1000 + (index % 5) * 250}]`,
	);

	const run = await runInCallbackMode(prompts);

	expect(run.status).toBe('success');
	expect(run.output).toHaveLength(50);
	expect(run.output.map((item) => item.pairedItem)).toEqual(prompts.map((_, item) => ({ item })));
	expect(run.output.filter((item) => item.json.error !== undefined)).toEqual([]);
	expect(run.output.map((item) => item.json.status)).toEqual(Array(50).fill('succeeded'));
	for (const item of run.output) expect(item.json.videoUrl).toBe(fake.videoUrl(String(item.json.taskId)));

	expect(fake.tasks()).toHaveLength(50);
	const creates = fake.requests({ route: 'create' });
	const accepted = creates.filter((create) => create.taskId);
	// One accepted create per item; the refused ones were sent again, never creating a second task.
	expect(accepted.map(promptOf).sort()).toEqual([...prompts].sort());
	expect(creates.filter((create) => !create.taskId).every((create) => create.refused === 'taskLimit')).toBe(true);
	expect(new Set(run.output.map((item) => item.json.taskId)).size).toBe(50);
});

it(`3 items (within the plan): the execution waits for the callbacks and queries nothing before them`, async () => {
	fake.configure({ maxConcurrentTasks: PLAN_LIMIT });
	const run = await runInCallbackMode(['a [fake:duration=1500]', 'b [fake:duration=1500]', 'c [fake:duration=1500]']);

	expect(run.first.executionStatus).toBe('waiting');
	expect(run.waited).toBe(true);
	expect(run.queriesBeforeWait).toBe(0);
	expect(fake.requests({ route: 'create' }).every((create) => create.taskId)).toBe(true);
	expect(run.status).toBe('success');
	expect(run.output.map((item) => item.json.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
});
