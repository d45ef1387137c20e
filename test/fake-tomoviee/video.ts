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
	0x00, 0x00, 0x00, 0x18, ...Buffer.from('ftypisom'), 0x00, 0x00, 0x02, 0x00, ...Buffer.from('isommp42'),
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
	const header = fakeVideoHeader(totalBytes);
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
		return createHmac('sha256', this.signingSecret).update(`${taskId}.mp4\n${expiresUnix}`).digest('hex');
	}

	buildUrl(baseUrl: string, taskId: string, expiresUnix: number): string {
		const query = new URLSearchParams({
			Expires: String(expiresUnix),
			OSSAccessKeyId: this.accessKeyId,
			Signature: this.sign(taskId, expiresUnix),
		});
		return `${baseUrl}/storage/${encodeURIComponent(taskId)}.mp4?${query.toString()}`;
	}

	isValid(taskId: string, expiresUnix: number, signature: string): boolean {
		const expected = Buffer.from(this.sign(taskId, expiresUnix));
		const given = Buffer.from(signature);
		return expected.length === given.length && timingSafeEqual(expected, given);
	}
}
