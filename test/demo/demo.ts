/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * The README's first command: makes one video through the real node, run by n8n-core's own workflow engine.
 * Against the bundled fake Tomoviee API by default; against the real gateway when TOMOVIEE_APP_KEY and
 * TOMOVIEE_APP_SECRET are set (optionally TOMOVIEE_IMAGE_URL, TOMOVIEE_PROMPT, TOMOVIEE_GATEWAY).
 */
import { startFakeTomoviee, tomovieeCredentialFor, type FakeTomoviee } from '../fake-tomoviee';
import { runNodeWorkflow } from '../harness';

const SAMPLE_IMAGE_URL = 'https://upload.wikimedia.org/wikipedia/commons/3/3a/Cat03.jpg';
const SAMPLE_PROMPT = 'The cat slowly turns its head toward the camera and blinks, soft sunlight moves across the wall';

async function main(): Promise<number> {
	const appKey = process.env.TOMOVIEE_APP_KEY;
	const appSecret = process.env.TOMOVIEE_APP_SECRET;
	const useRealGateway = Boolean(appKey && appSecret);
	let fake: FakeTomoviee | undefined;
	let credential: Record<string, string>;
	if (useRealGateway) {
		credential = {
			appKey: appKey as string,
			appSecret: appSecret as string,
			gateway: process.env.TOMOVIEE_GATEWAY ?? 'https://openapi.wondershare.cc',
		};
		console.log(`Using the real Tomoviee gateway ${credential.gateway} (app key ${mask(credential.appKey)})`);
	} else {
		// Short but realistic-looking task life: queued, then processing with rising progress, then a video.
		fake = await startFakeTomoviee({ queueMs: 1000, processingMs: 3000 });
		credential = tomovieeCredentialFor(fake);
		console.log(
			`Using the bundled fake Tomoviee API at ${fake.url} (set TOMOVIEE_APP_KEY and TOMOVIEE_APP_SECRET for the real one)`,
		);
	}

	const started = Date.now();
	try {
		const run = await runNodeWorkflow({
			node: {
				parameters: {
					operation: 'createAndWait',
					prompt: process.env.TOMOVIEE_PROMPT ?? SAMPLE_PROMPT,
					imageUrl: process.env.TOMOVIEE_IMAGE_URL ?? SAMPLE_IMAGE_URL,
					resolution: '720p',
					aspectRatio: 'original',
					cameraMove: 7,
					options: { pollIntervalSeconds: useRealGateway ? 10 : 1, maxWaitMinutes: 10 },
				},
			},
			items: [{ source: 'demo' }],
			credentials: { tomovieeApi: credential },
		});
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		if (run.executionStatus !== 'success' || run.output.length === 0) {
			console.error(`The workflow failed after ${seconds} s: ${run.error?.message ?? run.executionStatus}`);
			if (run.error?.description) console.error(run.error.description);
			return 1;
		}
		const result = run.output[0].json;
		console.log(
			`Workflow finished in ${seconds} s through n8n's engine (node "Tomoviee Image to Video", Create and Wait).`,
		);
		console.log(`Task ID:   ${String(result.taskId)}`);
		console.log(`Status:    ${String(result.status)}`);
		console.log(`Video URL: ${String(result.videoUrl)}`);
		return 0;
	} finally {
		await fake?.close();
	}
}

function mask(value: string): string {
	return value.length <= 4 ? '****' : `${value.slice(0, 4)}…`;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	},
);
