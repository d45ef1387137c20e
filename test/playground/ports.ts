/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
/** Fixed, memorable ports for `npm start`, with a fallback to a free one when something else holds them. */
import net from 'node:net';
import { freePort } from '../e2e/lib/n8nServer';

export const DEFAULT_N8N_PORT = 5678;
export const DEFAULT_FAKE_PORT = 3789;

export function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const probe = net.createServer();
		probe.unref();
		probe.once('error', () => resolve(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
}

/** `preferred` when it is free; otherwise (or for 0) a free port picked by the system, with a note. */
export async function choosePort(preferred: number, label: string, log: (line: string) => void): Promise<number> {
	if (preferred === 0) return freePort();
	if (await portIsFree(preferred)) return preferred;
	const port = await freePort();
	log(`port ${preferred} for ${label} is busy: using ${port} instead`);
	return port;
}
