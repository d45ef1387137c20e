/**
 * Real object storage for the pipeline e2e: s3rver (an S3-compatible server) on 127.0.0.1, started and stopped by the
 * script, with one bucket. n8n's S3 node reaches it with the `s3` credential (custom endpoint, force path style); the
 * script reads objects back over plain HTTP (s3rver serves unsigned GETs), as anyone with the public URL would.
 */
import { createHash } from 'node:crypto';
import S3rver from 's3rver';
import { freePort } from './n8nServer';

/** s3rver's own fixed key pair (it checks signatures made with it). */
const ACCESS_KEY = 'S3RVER';

export interface S3Storage {
	/** The S3 endpoint, e.g. http://127.0.0.1:41234. */
	endpoint: string;
	bucket: string;
	/** Path-style public URL of an object. */
	objectUrl(key: string): string;
	/** The object's bytes, or undefined when the bucket has no such key. */
	readObject(key: string): Promise<Buffer | undefined>;
	/** Every key in the bucket. */
	listKeys(): Promise<string[]>;
	/** What n8n's `s3` credential holds to reach this server. */
	credentialData(): Record<string, unknown>;
	close(): Promise<void>;
}

export async function startS3Storage(directory: string, bucket: string): Promise<S3Storage> {
	const port = await freePort();
	const server = new S3rver({
		address: '127.0.0.1',
		port,
		silent: true,
		directory,
		configureBuckets: [{ name: bucket }],
	});
	await server.run();
	const endpoint = `http://127.0.0.1:${port}`;
	const objectUrl = (key: string) => `${endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
	return {
		endpoint,
		bucket,
		objectUrl,
		async readObject(key) {
			const response = await fetch(objectUrl(key), { signal: AbortSignal.timeout(30_000) });
			if (response.status === 404) return undefined;
			if (!response.ok) throw new Error(`GET ${key}: HTTP ${response.status}`);
			return Buffer.from(await response.arrayBuffer());
		},
		async listKeys() {
			const response = await fetch(`${endpoint}/${bucket}?list-type=2&max-keys=1000`, {
				signal: AbortSignal.timeout(30_000),
			});
			const xml = await response.text();
			return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => match[1]);
		},
		credentialData: () => ({
			endpoint,
			region: 'us-east-1',
			accessKeyId: ACCESS_KEY,
			secretAccessKey: ACCESS_KEY,
			forcePathStyle: true,
			ignoreSSLIssues: false,
		}),
		close: () => server.close(),
	};
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
