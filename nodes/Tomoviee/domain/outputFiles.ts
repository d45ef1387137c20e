/**
 * How downloaded result files are named in an item: one binary property per file, named predictably, with the MIME
 * type and extension of its kind. Pure: actions/outputItems.ts asks it once the storage has answered a download.
 */

interface KindDefaults {
	mimeType: string;
	extension: string;
}

/** What a file of each kind is taken to be when the storage does not say (the API documents no formats). */
const KIND_DEFAULTS: Readonly<Record<string, KindDefaults>> = {
	video: { mimeType: 'video/mp4', extension: 'mp4' },
	audio: { mimeType: 'audio/mpeg', extension: 'mp3' },
	image: { mimeType: 'image/png', extension: 'png' },
	mask: { mimeType: 'image/png', extension: 'png' },
};
const UNKNOWN_KIND: KindDefaults = { mimeType: 'application/octet-stream', extension: 'bin' };

const EXTENSION_OF_MIME: Readonly<Record<string, string>> = {
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/webm': 'webm',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
	'audio/mp4': 'm4a',
	'audio/x-m4a': 'm4a',
	'audio/aac': 'aac',
	'audio/ogg': 'ogg',
	'audio/flac': 'flac',
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif',
};

const MIME_OF_EXTENSION: Readonly<Record<string, string>> = {
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	webm: 'video/webm',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	m4a: 'audio/mp4',
	aac: 'audio/aac',
	ogg: 'audio/ogg',
	flac: 'audio/flac',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
};

/** Content types that say nothing about the file: the URL's extension or the kind decides instead. */
const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/binary']);

/** The binary property of the index-th file: the chosen name for the first, then name_1, name_2... */
export function binaryPropertyFor(baseName: string, index: number): string {
	return index === 0 ? baseName : `${baseName}_${index}`;
}

/** The file name of the index-th file of a task: taskId.ext for the first, then taskId_1.ext... */
export function fileNameFor(taskId: string, index: number, extension: string): string {
	return `${taskId}${index === 0 ? '' : `_${index}`}.${extension}`;
}

function urlExtension(url: string): string | undefined {
	let pathname: string;
	try {
		pathname = new URL(url).pathname;
	} catch {
		return undefined;
	}
	const last = pathname.split('/').pop() ?? '';
	const dot = last.lastIndexOf('.');
	const extension = dot > 0 ? last.slice(dot + 1).toLowerCase() : '';
	return extension in MIME_OF_EXTENSION ? extension : undefined;
}

/**
 * MIME type and extension of a downloaded file: the storage's Content-Type when it names a type, else the URL's
 * extension, else what the kind is taken to be.
 */
export function fileTypeFor(kind: string, contentType: string, url: string): { mimeType: string; extension: string } {
	const defaults = KIND_DEFAULTS[kind] ?? UNKNOWN_KIND;
	const mimeType = contentType.split(';')[0].trim().toLowerCase();
	const fromUrl = urlExtension(url);
	if (!GENERIC_TYPES.has(mimeType)) {
		return { mimeType, extension: EXTENSION_OF_MIME[mimeType] ?? fromUrl ?? defaults.extension };
	}
	if (fromUrl !== undefined) return { mimeType: MIME_OF_EXTENSION[fromUrl], extension: fromUrl };
	return { ...defaults };
}
