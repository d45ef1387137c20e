/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * Deterministic fake MP4 content: an `ftyp` box, an `mdat` box header spanning the rest of the file, then a
 * repeating byte pattern (byte at absolute offset p is p % 251). Generated chunk by chunk so a 200 MB download
 * never sits in memory; tests rebuild the expected bytes with fakeVideoBytes().
 */
const CHUNK_BYTES = 64 * 1024;
const PATTERN_PERIOD = 251;
/** Whole periods, a bit longer than a chunk, so any chunk is one or two copies out of it. */
const PATTERN = Buffer.from(
	Array.from({ length: PATTERN_PERIOD * Math.ceil(CHUNK_BYTES / PATTERN_PERIOD + 1) }, (_, i) => i % PATTERN_PERIOD),
);

const FTYP_BOX = Buffer.from([
	0x00,
	0x00,
	0x00,
	0x18,
	...Buffer.from('ftypisom'),
	0x00,
	0x00,
	0x02,
	0x00,
	...Buffer.from('isommp42'),
]);

function fakeVideoHeader(totalBytes: number): Buffer {
	const mdatHeader = Buffer.alloc(8);
	mdatHeader.writeUInt32BE(Math.min(Math.max(totalBytes - FTYP_BOX.length, 0), 0xffffffff), 0);
	mdatHeader.write('mdat', 4, 'latin1');
	return Buffer.concat([FTYP_BOX, mdatHeader]);
}

/** Bytes [offset, offset + length) of a fake video of totalBytes. */
function fakeVideoSlice(header: Buffer, offset: number, length: number): Buffer {
	const chunk = Buffer.allocUnsafe(length);
	let written = offset < header.length ? header.copy(chunk, 0, offset, Math.min(header.length, offset + length)) : 0;
	while (written < length) {
		const patternStart = (offset + written) % PATTERN_PERIOD;
		written += PATTERN.copy(chunk, written, patternStart, patternStart + Math.min(length - written, CHUNK_BYTES));
	}
	return chunk;
}

/** The whole fake video in memory: for tests comparing small downloads. */
export function fakeVideoBytes(totalBytes: number): Buffer {
	return fakeVideoSlice(fakeVideoHeader(totalBytes), 0, totalBytes);
}

/** Streams the first `bytesToSend` bytes of a fake video of `totalBytes`, respecting backpressure. */
export function createFakeVideoStream(totalBytes: number, bytesToSend = totalBytes): Readable {
	return createFakeFileStream('video', totalBytes, bytesToSend);
}

/** Kinds of file the capabilities return; each starts like a real file of its type, then the same byte pattern. */
export type FakeFileKindName = 'video' | 'audio' | 'image' | 'mask';

const ID3_HEADER = Buffer.from([...Buffer.from('ID3'), 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function fakeFileHeader(kind: FakeFileKindName, totalBytes: number): Buffer {
	if (kind === 'audio') return ID3_HEADER;
	if (kind === 'image' || kind === 'mask') return PNG_SIGNATURE;
	return fakeVideoHeader(totalBytes);
}

/** A whole fake file in memory (fakeFileBytes('video', n) equals fakeVideoBytes(n)). */
export function fakeFileBytes(kind: FakeFileKindName, totalBytes: number): Buffer {
	return fakeVideoSlice(fakeFileHeader(kind, totalBytes), 0, totalBytes);
}

/** Streams the first `bytesToSend` bytes of a fake file of `totalBytes`, respecting backpressure. */
export function createFakeFileStream(kind: FakeFileKindName, totalBytes: number, bytesToSend = totalBytes): Readable {
	const header = fakeFileHeader(kind, totalBytes);
	let offset = 0;
	return new Readable({
		read() {
			if (offset >= bytesToSend) {
				this.push(null);
				return;
			}
			const length = Math.min(CHUNK_BYTES, bytesToSend - offset);
			const chunk = fakeVideoSlice(header, offset, length);
			offset += length;
			this.push(chunk);
		},
	});
}

/** Signs storage URLs like an OSS pre-signed URL, so the fake can tell a tampered URL from a good one. */
export class VideoUrlSigner {
	readonly accessKeyId = 'FAKEOSSACCESSKEY';

	constructor(private readonly signingSecret: string) {}

	sign(taskId: string, expiresUnix: number): string {
		return this.signFile(`${taskId}.mp4`, expiresUnix);
	}

	buildUrl(baseUrl: string, taskId: string, expiresUnix: number): string {
		return this.buildFileUrl(baseUrl, `${taskId}.mp4`, expiresUnix);
	}

	/** Any stored file: `<taskId>.mp4`, `<taskId>_1.png`... (a video's signature is the same as sign()'s). */
	signFile(fileName: string, expiresUnix: number): string {
		return createHmac('sha256', this.signingSecret).update(`${fileName}\n${expiresUnix}`).digest('hex');
	}

	buildFileUrl(baseUrl: string, fileName: string, expiresUnix: number): string {
		const query = new URLSearchParams({
			Expires: String(expiresUnix),
			OSSAccessKeyId: this.accessKeyId,
			Signature: this.signFile(fileName, expiresUnix),
		});
		return `${baseUrl}/storage/${encodeURIComponent(fileName)}?${query.toString()}`;
	}

	isValidFile(fileName: string, expiresUnix: number, signature: string): boolean {
		const expected = Buffer.from(this.signFile(fileName, expiresUnix));
		const given = Buffer.from(signature);
		return expected.length === given.length && timingSafeEqual(expected, given);
	}

	isValid(taskId: string, expiresUnix: number, signature: string): boolean {
		return this.isValidFile(`${taskId}.mp4`, expiresUnix, signature);
	}
}
