/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
/**
 * The image source of the recipe runs: a loopback server that serves deterministic PNG-looking bytes per name at
 * /images/<name>.png, and 404 for "missing".
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ImageServer {
	url: string;
	bytesOf(name: string): Buffer;
	requested: string[];
	close(): Promise<void>;
}

export async function startImageServer(): Promise<ImageServer> {
	const bytesOf = (name: string) =>
		Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.from(`image ${name} `.repeat(500))]);
	const requested: string[] = [];
	const server = http.createServer((request, response) => {
		const name = /^\/images\/([a-z0-9-]+)\.png$/.exec(request.url ?? '')?.[1];
		requested.push(request.url ?? '');
		if (!name || name === 'missing') return void response.writeHead(404).end('not found');
		response.writeHead(200, { 'Content-Type': 'image/png' }).end(bytesOf(name));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		bytesOf,
		requested,
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
