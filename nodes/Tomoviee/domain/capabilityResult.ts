/**
 * Reads a finished task of any capability: every `*_path` key of the parsed `result` becomes files of a kind
 * (video_path -> video, audio_path -> audio, images_path and image_path -> image, mask_path -> mask), and the output
 * has the same shape whatever the capability: the task fields, then `<kind>Url` (the first URL) and `<kind>Urls`
 * (all of them) for each kind.
 */
import { CAPABILITIES, capabilityById, capabilityIdOfTask, type Capability, type OutputKind } from './capabilities';
import { parseResult, readTaskState, TaskResultError, type TaskStatusView } from './taskView';

/** How to read one task's result; plain data, so that it can wait in an execution's saved state. */
export interface ResultSpec {
	capabilityId: string;
	/** The capability's kind; null when it is not in the table (Custom Capability, a task of unknown origin). */
	outputKind: OutputKind | null;
	/** Keys one of which must carry a URL on success; empty when nothing is known about the result. */
	resultKeys: string[];
	/** Output the parsed result whole: for capabilities outside the table, whose other result keys are unknown. */
	includeResult: boolean;
	/**
	 * 'imageToVideo': the Tomoviee Image to Video node's output, as it was before the Tomoviee node existed (no
	 * capability or kind fields, its one video at the top level of the item). Absent: the Tomoviee node's output.
	 */
	shape?: 'imageToVideo';
}

export interface ResultFile {
	/** video, audio, image, mask, or the name before `_path` of any other key. */
	kind: string;
	/** The result key it came from. */
	key: string;
	url: string;
}

export interface CapabilityTaskView extends TaskStatusView {
	capability: string;
	outputKind: string | null;
	/** Every output URL, the expected kind's keys first, in the order Tomoviee lists them. */
	files: ResultFile[];
	modelVersion: string | null;
	translatedPrompt: string | null;
	/** The parsed result, once the task succeeded. */
	result: Record<string, unknown> | null;
}

/** A table capability, created under capabilityId (its id or one of its alternate ids, as the request sent it). */
export function resultSpecFor(capability: Capability, capabilityId: string): ResultSpec {
	return {
		capabilityId,
		outputKind: capability.outputKind,
		resultKeys: [...capability.resultKeys],
		includeResult: false,
	};
}

/** The Tomoviee Image to Video node's one capability, output in its own shape. */
export const IMAGE_TO_VIDEO_RESULT: ResultSpec = {
	...resultSpecFor(CAPABILITIES.imageToVideo, CAPABILITIES.imageToVideo.id),
	shape: 'imageToVideo',
};

/** A capability id the table may or may not know (Custom Capability, the Capability ID option). */
export function resultSpecForCapabilityId(capabilityId: string): ResultSpec {
	const known = capabilityById(capabilityId);
	if (known) return resultSpecFor(known, capabilityId);
	return { capabilityId, outputKind: null, resultKeys: [], includeResult: true };
}

/** Get Status of any task: its id names the capability that made it. */
export function resultSpecForTask(taskId: string): ResultSpec {
	return resultSpecForCapabilityId(capabilityIdOfTask(taskId) ?? '');
}

const KIND_OF_KEY: Readonly<Record<string, string>> = {
	video_path: 'video',
	videos_path: 'video',
	audio_path: 'audio',
	audios_path: 'audio',
	image_path: 'image',
	images_path: 'image',
	mask_path: 'mask',
	masks_path: 'mask',
};

const PATH_KEY = /^([a-z][a-z0-9]*(?:_[a-z0-9]+)*)_path$/i;

/** The kind a result key names, or undefined when it is no `*_path` key. */
export function kindOfResultKey(key: string): string | undefined {
	if (key in KIND_OF_KEY) return KIND_OF_KEY[key];
	const name = PATH_KEY.exec(key)?.[1];
	if (name === undefined) return undefined;
	return name.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function urlsOf(value: unknown): string[] {
	const list = Array.isArray(value) ? value : [value];
	return list.filter((url): url is string => typeof url === 'string' && url.trim() !== '');
}

/** Every output URL of a parsed result: the spec's keys first, then any other `*_path` key; each URL once per kind. */
export function resultFiles(result: Record<string, unknown>, spec: Pick<ResultSpec, 'resultKeys'>): ResultFile[] {
	const keys = [...spec.resultKeys, ...Object.keys(result).filter((key) => !spec.resultKeys.includes(key))];
	const files: ResultFile[] = [];
	const seen = new Set<string>();
	for (const key of keys) {
		const kind = kindOfResultKey(key);
		if (kind === undefined || !(key in result)) continue;
		for (const url of urlsOf(result[key])) {
			if (seen.has(`${kind} ${url}`)) continue;
			seen.add(`${kind} ${url}`);
			files.push({ kind, key, url });
		}
	}
	return files;
}

export function toCapabilityTaskView(task: Record<string, unknown>, spec: ResultSpec): CapabilityTaskView {
	const state = readTaskState(task);
	const view: CapabilityTaskView = {
		...state,
		capability: spec.capabilityId,
		outputKind: spec.outputKind,
		files: [],
		modelVersion: null,
		translatedPrompt: null,
		result: null,
	};
	if (state.status !== 'succeeded') return view;

	const result = parseResult(state.taskId, task.result);
	const files = resultFiles(result, spec);
	if (spec.resultKeys.length > 0 && !files.some((file) => spec.resultKeys.includes(file.key))) {
		throw new TaskResultError(
			state.taskId,
			`Tomoviee reported task ${state.taskId} as succeeded but returned no ${spec.outputKind ?? 'output'} path${spec.resultKeys.length > 1 ? ` (${spec.resultKeys.join(' or ')})` : ''}`,
		);
	}
	return {
		...view,
		outputKind: spec.outputKind ?? files[0]?.kind ?? null,
		files,
		modelVersion: typeof result.model_version === 'string' ? result.model_version : null,
		translatedPrompt: typeof result.translate_prompt === 'string' ? result.translate_prompt : null,
		result,
	};
}

/** The output fields for a kind: `videoUrl` and `videoUrls`, `imageUrl` and `imageUrls`... */
export function urlFieldNames(kind: string): { one: string; all: string } {
	return { one: `${kind}Url`, all: `${kind}Urls` };
}

/** The kinds whose URL fields a view's output has: the expected kind always, then each kind of its files. */
function outputKindsOf(view: Pick<CapabilityTaskView, 'outputKind' | 'files'>): string[] {
	return [...new Set([...(view.outputKind ? [view.outputKind] : []), ...view.files.map((file) => file.kind)])];
}

/** The URL fields of a view's output item, in output order: `videoUrl`, `videoUrls`, `maskUrl`... */
export function urlFieldsOf(
	view: Pick<CapabilityTaskView, 'outputKind' | 'files'>,
	spec: Pick<ResultSpec, 'shape'> = {},
): string[] {
	return (spec.shape === 'imageToVideo' ? ['video'] : outputKindsOf(view)).flatMap((kind) => {
		const names = urlFieldNames(kind);
		return [names.one, names.all];
	});
}

/**
 * The output item's JSON, one shape for every capability: task fields, the URL fields of each kind (the expected
 * kind always, null and [] until the task succeeds), model version, translated prompt, params, the task's error code
 * when Tomoviee gave one; and for capabilities outside the table the parsed result whole. The Image to Video node's
 * shape leaves out the capability and kind fields and any kind but video.
 */
export function capabilityOutputJson(
	view: CapabilityTaskView,
	spec: Pick<ResultSpec, 'includeResult' | 'shape'>,
): Record<string, unknown> {
	const imageToVideo = spec.shape === 'imageToVideo';
	const json: Record<string, unknown> = {
		taskId: view.taskId,
		...(imageToVideo ? {} : { capability: view.capability }),
		status: view.status,
		statusCode: view.statusCode,
		progress: view.progress,
		reason: view.reason,
		...(imageToVideo ? {} : { outputKind: view.outputKind }),
	};
	for (const kind of imageToVideo ? ['video'] : outputKindsOf(view)) {
		const urls = view.files.filter((file) => file.kind === kind).map((file) => file.url);
		const names = urlFieldNames(kind);
		json[names.one] = urls[0] ?? null;
		json[names.all] = urls;
	}
	json.modelVersion = view.modelVersion;
	json.translatedPrompt = view.translatedPrompt;
	json.params = view.params;
	if (view.errorCode !== undefined) json.errorCode = view.errorCode;
	if (spec.includeResult) json.result = view.result;
	return json;
}
