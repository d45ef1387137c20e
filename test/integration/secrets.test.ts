/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- made-up test credentials, not real secrets */
/**
 * The app secret and the Authorization value never leave the credential: across successes and every kind of failure,
 * no output item, error (message, description, serialized object), run data or captured log line contains the
 * secret, `Basic <base64>`, or the base64 token alone.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { FakeTomoviee } from '../fake-tomoviee';
import { startNodeWorkflow, type NodeRunResult, type TestItem } from '../harness';
import { basicAuthValue, credentialsFor, runNode, sleepMs, submitParameters, useFake } from './support';

const APP_KEY = 'secrets-test-app-key';
const APP_SECRET = 'Sx9-app-secret-q7ZpW2';
const WRONG_SECRET = 'Wr0ng-secret-v5LmK8';

function needlesFor(secret: string): string[] {
	const basic = basicAuthValue(APP_KEY, secret);
	return [secret, basic, basic.slice('Basic '.length)];
}

const NEEDLES = [...needlesFor(APP_SECRET), ...needlesFor(WRONG_SECRET)];

/** Serializes anything, cycles included, so that nothing a run produced escapes the search. */
function serialize(value: unknown): string {
	const seen = new WeakSet<object>();
	const text = JSON.stringify(value, (_key, inner: unknown) => {
		if (inner instanceof Error) return { ...inner, name: inner.name, message: inner.message, stack: inner.stack };
		if (typeof inner === 'object' && inner !== null) {
			if (seen.has(inner)) return '[cycle]';
			seen.add(inner);
		}
		if (typeof inner === 'bigint') return inner.toString();
		return inner;
	});
	return text ?? '';
}

function everythingOf(result: NodeRunResult): string[] {
	const error = result.error as { message?: unknown; description?: unknown; messages?: unknown } | undefined;
	return [
		serialize(result.output),
		serialize(result.outputs),
		serialize(result.error),
		serialize(result.nodeError),
		String(error?.message ?? ''),
		String(error?.description ?? ''),
		serialize(error?.messages),
		serialize(result.runData),
		serialize(result.run),
		...result.logs.map((line) => line.text),
		...result.logs.map((line) => serialize(line.metadata)),
	];
}

/** Which needles occur anywhere in the texts. */
function leaksIn(haystack: string[]): string[] {
	return NEEDLES.filter((needle) => haystack.some((text) => text.includes(needle)));
}

function expectNoSecret(result: NodeRunResult) {
	const haystack = everythingOf(result);
	// The search covers the real run: its node, and every task id the fake handed out.
	const all = haystack.join('\n');
	expect(all).toContain('Node Under Test');
	for (const task of fake.tasks()) expect(all).toContain(task.taskId);
	expect(leaksIn(haystack)).toEqual([]);
}

const fake = useFake({ appKey: APP_KEY, appSecret: APP_SECRET });

interface Scenario {
	label: string;
	parameters: INodeParameters;
	items?: TestItem[];
	continueOnFail?: boolean;
	wrongSecret?: boolean;
	configure?: (fake: FakeTomoviee) => void;
	expectStatus: 'success' | 'error';
}

const SHORT_WAIT_OPTIONS = { options: { pollIntervalSeconds: 1, maxWaitMinutes: 0.05 } };

const SCENARIOS: Scenario[] = [
	{ label: 'create succeeds', parameters: submitParameters('create'), expectStatus: 'success' },
	{ label: 'create and wait succeeds', parameters: submitParameters('createAndWait'), expectStatus: 'success' },
	{
		label: 'auth failure on HTTP 200',
		parameters: submitParameters('create'),
		wrongSecret: true,
		configure: (server) => server.configure({ authFailureStatus: 200 }),
		expectStatus: 'error',
	},
	{
		label: 'auth failure on HTTP 401',
		parameters: submitParameters('createAndWait'),
		wrongSecret: true,
		configure: (server) => server.configure({ authFailureStatus: 401 }),
		expectStatus: 'error',
	},
	{
		label: 'auth failure on HTTP 403 during Get Status',
		parameters: { operation: 'getStatus', taskId: 'tm_img2video_b-0-any' },
		wrongSecret: true,
		configure: (server) => server.configure({ authFailureStatus: 403 }),
		expectStatus: 'error',
	},
	{
		label: 'insufficient balance',
		parameters: submitParameters('create'),
		configure: (server) => server.configure({ createRejection: 'insufficientBalance' }),
		expectStatus: 'error',
	},
	{
		label: 'task fails',
		parameters: submitParameters('createAndWait'),
		items: [{ prompt: 'a fox [fake:fail]' }],
		expectStatus: 'error',
	},
	{
		label: 'unparsable result',
		parameters: submitParameters('createAndWait'),
		items: [{ prompt: 'a fox [fake:badresult]' }],
		expectStatus: 'error',
	},
	{
		label: 'connection reset on create',
		parameters: submitParameters('create'),
		configure: (server) => server.configure({ faults: [{ target: 'create', kind: 'reset' }] }),
		expectStatus: 'error',
	},
	{
		label: 'connection reset while waiting',
		parameters: submitParameters('createAndWait', SHORT_WAIT_OPTIONS),
		configure: (server) => server.configure({ faults: [{ target: 'query', kind: 'reset' }] }),
		expectStatus: 'error',
	},
	{
		label: '502 HTML page',
		parameters: submitParameters('create'),
		configure: (server) => server.configure({ faults: [{ target: 'create', kind: 'http502' }] }),
		expectStatus: 'error',
	},
	{
		label: '429',
		parameters: submitParameters('create'),
		configure: (server) => server.configure({ faults: [{ target: 'create', kind: 'http429', retryAfterSeconds: 0 }] }),
		expectStatus: 'error',
	},
	{
		label: 'bad input',
		parameters: submitParameters('create', { imageUrl: 'ftp://images.example.com/a.jpg' }),
		expectStatus: 'error',
	},
	{
		label: 'continueOnFail with a good item, bad input, a failed task and a balance rejection',
		parameters: submitParameters('createAndWait', SHORT_WAIT_OPTIONS),
		items: [{ prompt: 'good' }, { prompt: '' }, { prompt: 'x [fake:fail]' }, { prompt: 'y [fake:balance]' }],
		continueOnFail: true,
		expectStatus: 'success',
	},
	{
		label: 'continueOnFail with a wrong secret',
		parameters: submitParameters('createAndWait'),
		items: [{ prompt: 'one' }, { prompt: 'two' }],
		continueOnFail: true,
		wrongSecret: true,
		expectStatus: 'success',
	},
];

describe('no secret or Authorization value in anything a run produces', () => {
	it.each(SCENARIOS)(
		'$label',
		async (scenario) => {
			scenario.configure?.(fake);
			const result = await runNode(fake, {
				parameters: scenario.parameters,
				items: scenario.items,
				continueOnFail: scenario.continueOnFail,
				credentials: scenario.wrongSecret ? { appSecret: WRONG_SECRET } : {},
			});

			expect(result.executionStatus).toBe(scenario.expectStatus);
			// The fake really received the Authorization header: the secret was in play.
			const sent = fake.requests().map((request) => request.headers.authorization);
			if (sent.length > 0) {
				expect(sent).toContain(basicAuthValue(APP_KEY, scenario.wrongSecret ? WRONG_SECRET : APP_SECRET));
			}
			expectNoSecret(result);
			// A refused create is retried with backoff (up to about 15 s) before the run fails.
		},
		30_000,
	);

	it('a cancelled run', async () => {
		const running = startNodeWorkflow({
			node: { parameters: submitParameters('createAndWait') },
			items: [{ prompt: 'a fox [fake:duration=60000]' }],
			credentials: credentialsFor(fake),
		});
		for (let attempt = 0; attempt < 200 && fake.countRequests({ route: 'query' }) === 0; attempt++) await sleepMs(25);
		running.cancel();
		const result = await running.result;
		expect(result.executionStatus).toBe('canceled');
		expectNoSecret(result);
	}, 15_000);

	it('the search finds a planted secret (the check itself can fail)', () => {
		const planted = { json: { leaked: `${APP_SECRET} Authorization: ${basicAuthValue(APP_KEY, APP_SECRET)}` } };
		expect(leaksIn([serialize([planted])])).toEqual(needlesFor(APP_SECRET));
		expect(leaksIn([serialize([{ json: { token: needlesFor(WRONG_SECRET)[2] } }])])).toEqual([
			needlesFor(WRONG_SECRET)[2],
		]);
	});
});
