/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * Peak memory of "Return As: Binary File" for a large video: the fake serves a 200 MB video, the node downloads it
 * through n8n-core's engine in filesystem binary mode, and this script samples the process's RSS and heap meanwhile.
 *
 *   npm run build && npm run bench:memory                 (200 MB, filesystem mode)
 *   npm run bench:memory -- --mb 50 --mode default       (for contrast: n8n's in-memory mode)
 *
 * The fake runs in the same process (it streams 64 KiB chunks), so the figure covers server and node together.
 */
import { parseArgs } from 'node:util';
import { startFakeTomoviee, tomovieeCredentialFor, TaskStatus } from '../fake-tomoviee';
import { runNodeWorkflow, type BinaryDataMode } from '../harness';

const { values: flags } = parseArgs({
	options: { mb: { type: 'string', default: '200' }, mode: { type: 'string', default: 'filesystem' } },
});

const MB = 1024 * 1024;
const videoMb = Number(flags.mb);
const mode = flags.mode as BinaryDataMode;

async function main() {
	const fake = await startFakeTomoviee({ queueMs: 10, processingMs: 10, videoSizeBytes: videoMb * MB });
	try {
		const created = await fetch(`${fake.url}/v1/open/capacity/application/tm_img2video_b`, {
			method: 'POST',
			headers: fake.authHeaders(),
			body: JSON.stringify({ prompt: 'memory bench', image: 'https://images.example.com/a.jpg' }),
		});
		const taskId = ((await created.json()) as { data: { task_id: string } }).data.task_id;
		while (fake.taskData(taskId)?.status !== TaskStatus.Succeeded) await new Promise((r) => setTimeout(r, 20));

		// Warm the engine (module loading, DI container) so the baseline is not the cost of loading n8n.
		await runNodeWorkflow({
			node: { parameters: { operation: 'getStatus', taskId } },
			credentials: { tomovieeApi: tomovieeCredentialFor(fake) },
			binaryData: { mode },
		});
		global.gc?.();
		const baseline = process.memoryUsage();
		let peakRss = baseline.rss;
		let peakHeap = baseline.heapUsed;
		let peakExternal = baseline.external + baseline.arrayBuffers;
		const sampler = setInterval(() => {
			const now = process.memoryUsage();
			peakRss = Math.max(peakRss, now.rss);
			peakHeap = Math.max(peakHeap, now.heapUsed);
			peakExternal = Math.max(peakExternal, now.external + now.arrayBuffers);
		}, 10);

		const started = Date.now();
		const result = await runNodeWorkflow({
			// Full output (Simplify Output off): the file size is read from it.
			node: { parameters: { operation: 'getStatus', taskId, returnAs: 'binary', simplify: false } },
			credentials: { tomovieeApi: tomovieeCredentialFor(fake) },
			binaryData: { mode },
		});
		clearInterval(sampler);
		const seconds = (Date.now() - started) / 1000;
		if (result.executionStatus !== 'success') throw new Error(`run failed: ${JSON.stringify(result.error)}`);
		const json = result.output[0].json;
		if (json.fileSize !== videoMb * MB)
			throw new Error(`downloaded ${String(json.fileSize)} bytes, expected ${videoMb * MB}`);

		const mb = (bytes: number) => (bytes / MB).toFixed(1);
		console.log(
			`video: ${videoMb} MB (${json.fileSize} bytes), binary mode: ${mode}, node ${process.version}, ${seconds.toFixed(1)} s`,
		);
		console.log(
			`RSS:  baseline ${mb(baseline.rss)} MB, peak ${mb(peakRss)} MB, growth ${mb(peakRss - baseline.rss)} MB`,
		);
		console.log(
			`heap: baseline ${mb(baseline.heapUsed)} MB, peak ${mb(peakHeap)} MB, growth ${mb(peakHeap - baseline.heapUsed)} MB`,
		);
		console.log(
			`external+arrayBuffers: baseline ${mb(baseline.external + baseline.arrayBuffers)} MB, peak ${mb(peakExternal)} MB`,
		);
	} finally {
		await fake.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
