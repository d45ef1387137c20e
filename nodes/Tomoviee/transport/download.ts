/**
 * Downloads a finished task's file (video, audio, image) into n8n's binary store. The storage URL is signed, so the
 * request goes out without the Tomoviee credential, and the body is streamed: with n8n's filesystem (or S3) binary
 * mode a large file never sits in memory whole, and Max File Size stops it while it streams.
 */
import type { IBinaryData, IExecuteFunctions, IHttpRequestOptions, INode, NodeApiError } from 'n8n-workflow';
import { describeTransportError, type ApiFailure } from './failures';
import { failureToNodeApiError } from './nodeApiError';

export const BYTES_PER_MB = 1024 * 1024;
/** No byte for this long ends the download; a 200 MB file may take minutes in total, which is fine. */
const DOWNLOAD_IDLE_TIMEOUT_MS = 5 * 60_000;
const ERROR_BODY_LIMIT = 2048;

/** What the download needs from n8n: the same in a node's execute() and in its webhook(). */
export interface DownloadContext {
	getNode(): INode;
	helpers: Pick<IExecuteFunctions['helpers'], 'httpRequest' | 'prepareBinaryData' | 'getBinaryMetadata'>;
}

/** Which task's file, where it is, and the most bytes it may have. */
export interface DownloadPlace {
	taskId: string;
	url: string;
	itemIndex: number;
	maxBytes: number;
}

/** How a download names its file and its messages. */
export interface FileNaming {
	/** What the messages call the file: "video", "audio", "image"... */
	noun: string;
	/** The Return As option that outputs the URL instead, as the node names it. */
	urlOption: string;
	/** File name and MIME type from the storage's Content-Type (without parameters; '' when absent). */
	describe(contentType: string, place: DownloadPlace): { fileName: string; mimeType: string };
}

interface StreamedResponse {
	statusCode?: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}

/** The parts of a Node.js readable stream the size check needs (the node may import nothing but n8n-workflow). */
interface ByteStream {
	push(chunk: unknown, encoding?: unknown): boolean;
	destroy(error?: Error): unknown;
}

function isByteStream(body: unknown): body is ByteStream {
	const stream = body as Partial<ByteStream> | undefined;
	return typeof stream?.push === 'function' && typeof stream.destroy === 'function';
}

/** Downloads one result file into n8n's binary store, or throws a NodeApiError naming the task and the URL. */
export async function downloadFile(
	ctx: DownloadContext,
	place: DownloadPlace,
	file: FileNaming,
	abortSignal?: AbortSignal,
): Promise<IBinaryData & { bytes: number }> {
	const { noun } = file;
	const scheme = urlScheme(place.url);
	if (scheme !== 'http' && scheme !== 'https') {
		throw downloadError(
			ctx.getNode(),
			place,
			{
				kind: 'badResponse',
				message: `The ${noun} URL is not an http(s) address (scheme "${scheme ?? 'none'}")`,
				description: 'Tomoviee returns signed https storage URLs; this one was not downloaded.',
			},
			file,
		);
	}
	const request: IHttpRequestOptions = {
		method: 'GET',
		url: place.url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: DOWNLOAD_IDLE_TIMEOUT_MS,
		...(abortSignal ? { abortSignal } : {}),
	};
	let response: StreamedResponse;
	try {
		// Plain httpRequest on purpose: the signed storage URL must not receive the Tomoviee Authorization header.
		response = (await ctx.helpers.httpRequest(request)) as StreamedResponse;
	} catch (error) {
		const failure = describeTransportError(error);
		throw downloadError(
			ctx.getNode(),
			place,
			{ ...failure, message: `${failure.message} while downloading the ${noun}` },
			file,
		);
	}

	const statusCode = response.statusCode ?? 0;
	if (statusCode < 200 || statusCode >= 300) {
		const snippet = await readErrorSnippet(response.body);
		throw downloadError(
			ctx.getNode(),
			place,
			{
				kind: 'httpError',
				httpCode: statusCode,
				message: `The ${noun} storage answered HTTP ${statusCode}${snippet ? `: ${snippet}` : ''}`,
				description:
					statusCode === 403
						? `The signed ${noun} URL is refused, most likely because it expired (about 48 hours after creation).`
						: `The ${noun} storage did not serve the file.`,
			},
			file,
		);
	}

	const headers = lowerCaseKeys(response.headers ?? {});
	const expectedBytes = parseContentLength(headers['content-length']);
	const { fileName, mimeType } = file.describe(
		String(headers['content-type'] ?? '')
			.split(';')[0]
			.trim(),
		place,
	);
	if (expectedBytes !== undefined && expectedBytes > place.maxBytes) {
		if (isByteStream(response.body)) response.body.destroy();
		throw tooLargeError(ctx.getNode(), place, expectedBytes, 'announces', file);
	}
	const counted = countBytes(response.body, place.maxBytes);

	let binary: IBinaryData;
	try {
		binary = await ctx.helpers.prepareBinaryData(
			response.body as Parameters<DownloadContext['helpers']['prepareBinaryData']>[0],
			fileName,
			mimeType,
		);
	} catch (error) {
		if (counted.exceeded) throw tooLargeError(ctx.getNode(), place, counted.bytes, 'reached', file);
		throw downloadError(
			ctx.getNode(),
			place,
			{
				kind: 'network',
				message: `The ${noun} download broke off: ${describeCause(error)}`,
				description: `The connection to the ${noun} storage closed before the whole file arrived.`,
			},
			file,
		);
	}

	const receivedBytes = await storedBytes(ctx, binary);
	if (expectedBytes !== undefined && receivedBytes !== expectedBytes) {
		throw downloadError(
			ctx.getNode(),
			place,
			{
				kind: 'network',
				message: `The ${noun} download is incomplete: ${receivedBytes} of ${expectedBytes} bytes arrived`,
				description: `The connection to the ${noun} storage closed before the whole file arrived.`,
			},
			file,
		);
	}
	// n8n names the file after the URL path when it can; ours is the task id either way.
	binary.fileName = fileName;
	binary.mimeType = mimeType;
	return Object.assign(binary, { bytes: receivedBytes });
}

/**
 * Counts the bytes as they stream into n8n's binary store and stops the download past the limit. Every chunk the
 * socket delivers goes through the stream's push(), whichever way n8n then reads it (pipe, 'data' or async
 * iteration), so the count sits there; a 'data' listener of our own would start the flow before n8n's reader exists.
 */
function countBytes(body: unknown, maxBytes: number): { bytes: number; exceeded: boolean } {
	const counted = { bytes: 0, exceeded: false };
	if (!isByteStream(body)) return counted;
	const push = body.push.bind(body);
	body.push = (chunk: unknown, encoding?: unknown) => {
		if (chunk !== null && chunk !== undefined) counted.bytes += (chunk as { length: number }).length;
		if (counted.bytes > maxBytes) {
			if (!counted.exceeded) {
				counted.exceeded = true;
				body.destroy(new Error(`download stopped past ${maxBytes} bytes`));
			}
			return false;
		}
		return push(chunk, encoding);
	};
	return counted;
}

function tooLargeError(
	node: INode,
	place: DownloadPlace,
	bytes: number,
	how: 'announces' | 'reached',
	file: FileNaming,
): NodeApiError {
	const limitMb = Math.round((place.maxBytes / BYTES_PER_MB) * 100) / 100;
	const size = how === 'announces' ? `its size of ${bytes} bytes` : `more than ${bytes} bytes arrived`;
	return downloadError(
		node,
		place,
		{
			kind: 'badResponse',
			message: `The ${file.noun} is larger than 'Max File Size (MB)' (${limitMb} MB): ${size}, so the download was stopped`,
			description: `Raise 'Max File Size (MB)' if this ${file.noun} is expected, or set 'Return As' to '${file.urlOption}'.`,
		},
		file,
	);
}

function urlScheme(url: string): string | undefined {
	const match = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim());
	return match ? match[1].toLowerCase() : undefined;
}

function downloadError(node: INode, place: DownloadPlace, failure: ApiFailure, file: FileNaming): NodeApiError {
	const error = failureToNodeApiError(
		node,
		{
			...failure,
			message: `Could not download the ${file.noun} of Tomoviee task ${place.taskId}. ${failure.message}`,
			description:
				`${failure.description ?? ''} The ${file.noun} URL was: ${place.url} . To skip the download, set 'Return As' to '${file.urlOption}'.`.trim(),
		},
		{ itemIndex: place.itemIndex, taskId: place.taskId },
	);
	error.context[`${file.noun}Url`] = place.url;
	return error;
}

/** Bytes n8n stored: n8n 2.x reports them; n8n 1.x only in the file's metadata or as base64 in memory. */
async function storedBytes(ctx: DownloadContext, binary: IBinaryData): Promise<number> {
	const reported = (binary as IBinaryData & { bytes?: unknown }).bytes;
	if (typeof reported === 'number') return reported;
	if (binary.id) return (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
	const base64 = binary.data ?? '';
	const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
	return Math.floor((base64.length * 3) / 4) - padding;
}

/** The start of an error body (storage errors are short XML), then the rest is dropped. */
async function readErrorSnippet(body: unknown): Promise<string> {
	const stream = body as (AsyncIterable<{ toString(): string }> & { destroy?: () => void }) | undefined;
	if (!stream || typeof stream[Symbol.asyncIterator] !== 'function') return '';
	let text = '';
	try {
		for await (const chunk of stream) {
			text += chunk.toString();
			if (text.length >= ERROR_BODY_LIMIT) break;
		}
	} catch {
		// an unreadable error body still leaves the status code to report
	} finally {
		stream.destroy?.();
	}
	return text
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 200);
}

function lowerCaseKeys(headers: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

function parseContentLength(value: unknown): number | undefined {
	const bytes = Number(Array.isArray(value) ? value[0] : value);
	return Number.isInteger(bytes) && bytes >= 0 ? bytes : undefined;
}

function describeCause(error: unknown): string {
	const message = (error as Error | undefined)?.message;
	return typeof message === 'string' && message !== '' ? message : String(error);
}
