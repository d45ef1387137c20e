/** The part of s3rver (3.x, no types of its own) the pipeline e2e uses. */
declare module 's3rver' {
	interface S3rverOptions {
		address?: string;
		port?: number;
		silent?: boolean;
		directory?: string;
		resetOnClose?: boolean;
		configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>;
	}
	class S3rver {
		constructor(options?: S3rverOptions);
		run(): Promise<{ address: string; port: number }>;
		close(): Promise<void>;
	}
	export = S3rver;
}
