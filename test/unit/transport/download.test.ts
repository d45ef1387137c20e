/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
/**
 * The download's own checks, with n8n's helpers stood in: what the fake cannot produce (a response that ends cleanly
 * short of its Content-Length, n8n 1.x's binary data without a byte count) and what the request must look like.
 */
import { Readable } from 'node:stream';
import type { IBinaryData, IHttpRequestOptions } from 'n8n-workflow';

import { downloadFile, type DownloadContext, type FileNaming } from '../../../nodes/Tomoviee/transport/download';
import { NODE } from './support';

/** Names the file as the Image to Video node does. */
const VIDEO: FileNaming = {
	noun: 'video',
	urlOption: 'Video URL',
	describe: (contentType, place) => ({ fileName: `${place.taskId}.mp4`, mimeType: contentType || 'video/mp4' }),
};

const PLACE = {
	taskId: 'tm_img2video_b-0-abc',
	url: 'https://storage.example.com/v.mp4?Signature=s',
	itemIndex: 2,
	maxBytes: 1024 * 1024 * 1024,
};

function contextFor(
	response: { statusCode: number; headers: Record<string, string>; body: Readable },
	stored: (stream: Readable) => Promise<IBinaryData>,
	metadataBytes?: number,
) {
	const requests: IHttpRequestOptions[] = [];
	const ctx = {
		getNode: () => NODE,
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				requests.push(options);
				return response;
			},
			prepareBinaryData: async (body: Readable) => await stored(body),
			getBinaryMetadata: async () => ({ fileSize: metadataBytes ?? 0 }),
		},
	} as unknown as DownloadContext;
	return { ctx, requests };
}

async function drain(stream: Readable): Promise<number> {
	let bytes = 0;
	for await (const chunk of stream) bytes += (chunk as Buffer).length;
	return bytes;
}

it('streams a GET without credentials and reports the bytes n8n stored', async () => {
	const { ctx, requests } = contextFor(
		{
			statusCode: 200,
			headers: { 'Content-Length': '5', 'Content-Type': 'video/mp4; charset=binary' },
			body: Readable.from([Buffer.from('12345')]),
		},
		async (stream) => ({ data: '', mimeType: 'x', bytes: await drain(stream) }) as IBinaryData,
	);
	const file = await downloadFile(ctx, PLACE, VIDEO);
	expect(requests).toEqual([
		expect.objectContaining({ method: 'GET', url: PLACE.url, encoding: 'stream', returnFullResponse: true }),
	]);
	expect(requests[0].headers).toBeUndefined();
	expect(file).toMatchObject({ bytes: 5, fileName: `${PLACE.taskId}.mp4`, mimeType: 'video/mp4' });
});

it('fails when the body ends cleanly before its Content-Length', async () => {
	const { ctx } = contextFor(
		{ statusCode: 200, headers: { 'content-length': '10' }, body: Readable.from([Buffer.from('123')]) },
		async (stream) => ({ data: '', mimeType: 'x', bytes: await drain(stream) }) as IBinaryData,
	);
	const error = await downloadFile(ctx, PLACE, VIDEO).then(
		() => undefined,
		(thrown: unknown) => thrown as { message: string; context: Record<string, unknown> },
	);
	expect(error?.message).toContain('The video download is incomplete: 3 of 10 bytes arrived');
	expect(error?.message).toContain(PLACE.taskId);
	expect(error?.context).toMatchObject({ taskId: PLACE.taskId, videoUrl: PLACE.url, itemIndex: 2 });
});

it("counts n8n 1.x's stored bytes from the file metadata or from the base64 data", async () => {
	const viaMetadata = contextFor(
		{ statusCode: 200, headers: { 'content-length': '7' }, body: Readable.from([Buffer.from('1234567')]) },
		async (stream) => {
			await drain(stream);
			return { data: 'filesystem', id: 'filesystem:abc', mimeType: 'x' } as IBinaryData;
		},
		7,
	);
	await expect(downloadFile(viaMetadata.ctx, PLACE, VIDEO)).resolves.toMatchObject({ bytes: 7 });

	const inMemory = contextFor(
		{ statusCode: 200, headers: { 'content-length': '4' }, body: Readable.from([Buffer.from('abcd')]) },
		async (stream) => {
			const chunks: Buffer[] = [];
			for await (const chunk of stream) chunks.push(chunk as Buffer);
			return { data: Buffer.concat(chunks).toString('base64'), mimeType: 'x' } as IBinaryData;
		},
	);
	await expect(downloadFile(inMemory.ctx, PLACE, VIDEO)).resolves.toMatchObject({ bytes: 4 });
});

async function downloadError(ctx: DownloadContext, place: typeof PLACE) {
	return await downloadFile(ctx, place, VIDEO).then(
		() => undefined,
		(thrown: unknown) => thrown as { message: string; description: string; context: Record<string, unknown> },
	);
}

it.each([
	['file:///etc/passwd', 'file'],
	['ftp://storage.example.com/v.mp4', 'ftp'],
	['data:video/mp4;base64,AAAA', 'data'],
	['storage.example.com/v.mp4', 'none'],
])('refuses the video URL %s, naming its scheme, without any request', async (url, scheme) => {
	const { ctx, requests } = contextFor(
		{ statusCode: 200, headers: {}, body: Readable.from([Buffer.from('x')]) },
		async (stream) => ({ data: '', mimeType: 'x', bytes: await drain(stream) }) as IBinaryData,
	);
	const error = await downloadError(ctx, { ...PLACE, url });
	expect(error?.message).toContain(`not an http(s) address (scheme "${scheme}")`);
	expect(error?.message).toContain(PLACE.taskId);
	expect(requests).toEqual([]);
});

it('refuses a video whose Content-Length is past Max File Size before reading it', async () => {
	const body = Readable.from([Buffer.alloc(10)]);
	let stored = false;
	const { ctx } = contextFor({ statusCode: 200, headers: { 'content-length': '5000' }, body }, async () => {
		stored = true;
		return { data: '', mimeType: 'x' } as IBinaryData;
	});
	const error = await downloadError(ctx, { ...PLACE, maxBytes: 1000 });
	expect(error?.message).toContain("larger than 'Max File Size (MB)'");
	expect(error?.message).toContain('its size of 5000 bytes');
	expect(error?.message).toContain(PLACE.taskId);
	expect(error?.description).toContain('Max File Size (MB)');
	expect(stored).toBe(false);
	expect(body.destroyed).toBe(true);
});

it('stops a download without Content-Length once it passes Max File Size, while streaming', async () => {
	let pulled = 0;
	// 100 chunks of 100 bytes, made on demand: the download must stop long before the last one.
	const body = Readable.from(
		(function* chunks() {
			for (let i = 0; i < 100; i++) {
				pulled += 1;
				yield Buffer.alloc(100);
			}
		})(),
	);
	const { ctx } = contextFor(
		{ statusCode: 200, headers: {}, body },
		async (stream) => ({ data: '', mimeType: 'x', bytes: await drain(stream) }) as IBinaryData,
	);
	const error = await downloadError(ctx, { ...PLACE, maxBytes: 1000 });
	expect(error?.message).toContain("larger than 'Max File Size (MB)'");
	expect(error?.message).toMatch(/more than 1\d{3} bytes arrived/);
	expect(error?.context).toMatchObject({ taskId: PLACE.taskId, itemIndex: 2 });
	expect(pulled).toBeLessThan(20);
});
