/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForeignHost } from './options';

const MAX_BODY_BYTES = 1024 * 1024;

export function sendJson(
	response: ServerResponse,
	statusCode: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	if (response.headersSent || response.destroyed) return;
	const payload = JSON.stringify(body);
	response.writeHead(statusCode, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(payload),
		...headers,
	});
	response.end(payload);
}

export function sendText(
	response: ServerResponse,
	statusCode: number,
	contentType: string,
	text: string,
	headers: Record<string, string> = {},
): void {
	if (response.headersSent || response.destroyed) return;
	response.writeHead(statusCode, {
		'Content-Type': contentType,
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	response.end(text);
}

const GATEWAY_TITLES: Record<number, string> = {
	502: '502 Bad Gateway',
	503: '503 Service Temporarily Unavailable',
	504: '504 Gateway Time-out',
};

/** What an nginx-style gateway in front of the API answers when the upstream is down. */
export function sendGatewayHtml(response: ServerResponse, statusCode: 502 | 503 | 504): void {
	const title = GATEWAY_TITLES[statusCode];
	const html = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
	sendText(response, statusCode, 'text/html', html);
}

const FOREIGN_HTML =
	'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Welcome</title></head>\n<body><h1>It works!</h1><p>This is not an API.</p></body>\n</html>\n';

/** What a host that is not Tomoviee's gateway answers (the foreignHost switch). */
export function sendForeignHostAnswer(response: ServerResponse, kind: Exclude<ForeignHost, 'none'>): void {
	if (kind === 'htmlPage') return sendText(response, 200, 'text/html; charset=utf-8', FOREIGN_HTML);
	if (kind === 'plainText404') return sendText(response, 404, 'text/plain; charset=utf-8', '404 page not found');
	sendJson(response, 200, { status: 'ok', message: 'hello from another service' });
}

/** OSS-style XML error of the storage host. */
export function sendStorageError(response: ServerResponse, statusCode: 403 | 404, code: string, message: string): void {
	const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n</Error>\n`;
	sendText(response, statusCode, 'application/xml', xml);
}

export class BodyTooLargeError extends Error {}

export async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('request body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** JSON when it parses, the raw text otherwise, undefined when empty. */
export function parseBody(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
