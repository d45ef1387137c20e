/**
 * From a task's view to the node's output item. The Tomoviee Image to Video node outputs its video view; the Tomoviee
 * node outputs one JSON shape for every capability (domain/capabilityResult). With Return As "Binary File" each result
 * file is downloaded (transport/download) into its own binary field. Which reading applies is chosen by plain data (a
 * ResultSpec, or none for the Image to Video node), so that a callback wait can keep it in the execution's saved state.
 * Simplify Output is applied here, once, to every item a task makes (Create, Get Status, Create and Wait).
 */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	capabilityOutputJson,
	toCapabilityTaskView,
	urlFieldsOf,
	type CapabilityTaskView,
	type ResultSpec,
} from '../domain/capabilityResult';
import { binaryPropertyFor, fileNameFor, fileTypeFor } from '../domain/outputFiles';
import { simplifyTaskJson } from '../domain/simplifiedOutput';
import { toTaskView, type TaskStatusView, type TaskView } from '../domain/taskView';
import { cancelSignalOf } from '../transport/cancellation';
import { downloadFile, type DownloadContext, type FileNaming } from '../transport/download';
import { asNodeError, errorItem } from './itemErrors';
import type { ReturnSettings } from './readItemParameters';
import type { TaskReader } from './taskOutcome';

/** How one kind of task is read and output; `outputItem` is only given views its own `read` made. */
export interface OutputProfile {
	read: TaskReader;
	outputItem(
		ctx: DownloadContext,
		view: TaskStatusView,
		itemIndex: number,
		settings: ReturnSettings,
		abortSignal?: AbortSignal,
	): Promise<INodeExecutionData>;
}

/** No spec: the Tomoviee Image to Video node's video view and output. */
export function outputProfileFor(spec: ResultSpec | undefined): OutputProfile {
	if (spec === undefined) {
		return {
			read: toTaskView,
			outputItem: async (ctx, view, itemIndex, settings, abortSignal) =>
				shaped(
					await videoOutputItem(ctx, view as TaskView, itemIndex, settings, abortSignal),
					VIDEO_URL_FIELDS,
					settings,
				),
		};
	}
	return {
		read: (task) => toCapabilityTaskView(task, spec),
		outputItem: async (ctx, view, itemIndex, settings, abortSignal) =>
			shaped(
				await capabilityOutputItem(ctx, view as CapabilityTaskView, spec, itemIndex, settings, abortSignal),
				urlFieldsOf(view as CapabilityTaskView, spec),
				settings,
			),
	};
}

/** The Image to Video node's video view names its URLs as the capability output does. */
const VIDEO_URL_FIELDS = urlFieldsOf({ outputKind: 'video', files: [] });

/** Create's item for a task just made: its id, capability (Tomoviee node), status and params (when set). */
export function createdOutputItem(
	created: { itemIndex: number; taskId: string; capability?: string; params?: string },
	settings: Pick<ReturnSettings, 'simplify'>,
): INodeExecutionData {
	const { itemIndex, taskId, capability, params } = created;
	const json = {
		taskId,
		...(capability !== undefined ? { capability } : {}),
		status: 'queued',
		...(params !== undefined ? { params } : {}),
	};
	return shaped({ json, pairedItem: { item: itemIndex } }, [], settings);
}

/** Simplify Output, the one place it applies: the item's JSON simplified (domain/simplifiedOutput), files kept. */
function shaped(
	item: INodeExecutionData,
	urlFields: readonly string[],
	settings: Pick<ReturnSettings, 'simplify'>,
): INodeExecutionData {
	return settings.simplify === true ? { ...item, json: simplifyTaskJson(item.json, urlFields) as IDataObject } : item;
}

/** Create and Wait's output for a succeeded task; a failed download fails the item like any other error. */
export async function settledOutputItem(
	ctx: IExecuteFunctions,
	settlement: { itemIndex: number; view: TaskStatusView },
	profile: OutputProfile,
	settings: ReturnSettings,
	continueOnFail: boolean,
): Promise<INodeExecutionData> {
	try {
		return await profile.outputItem(ctx, settlement.view, settlement.itemIndex, settings, cancelSignalOf(ctx));
	} catch (error) {
		if (!continueOnFail) throw asNodeError(ctx.getNode(), error, settlement.itemIndex);
		return errorItem(error, settlement.itemIndex, ctx);
	}
}

const VIDEO_FILE: FileNaming = {
	noun: 'video',
	urlOption: 'Video URL',
	describe: (contentType, place) => ({ fileName: `${place.taskId}.mp4`, mimeType: contentType || 'video/mp4' }),
};

/**
 * The Image to Video node's item: the task's view, plus the video file when Return As is Binary File and the video
 * exists. A task still running has no video yet: it comes out as JSON only, like with Return As URL.
 */
async function videoOutputItem(
	ctx: DownloadContext,
	view: TaskView,
	itemIndex: number,
	settings: ReturnSettings,
	abortSignal?: AbortSignal,
): Promise<INodeExecutionData> {
	const json: IDataObject = { ...view };
	if (settings.returnAs !== 'binary' || view.status !== 'succeeded' || !view.videoUrl) {
		return { json, pairedItem: { item: itemIndex } };
	}
	const place = { taskId: view.taskId, url: view.videoUrl, itemIndex, maxBytes: settings.maxBytes };
	const file = await downloadFile(ctx, place, VIDEO_FILE, abortSignal);
	return {
		json: { ...json, fileName: file.fileName, fileSize: file.bytes, mimeType: file.mimeType },
		binary: { [settings.binaryPropertyName]: file },
		pairedItem: { item: itemIndex },
	};
}

/** The Tomoviee node's item: with Binary File every result file in its own field (data, data_1, ...). */
async function capabilityOutputItem(
	ctx: DownloadContext,
	view: CapabilityTaskView,
	spec: ResultSpec,
	itemIndex: number,
	settings: ReturnSettings,
	abortSignal?: AbortSignal,
): Promise<INodeExecutionData> {
	const json = capabilityOutputJson(view, spec) as IDataObject;
	if (settings.returnAs !== 'binary' || view.status !== 'succeeded' || view.files.length === 0) {
		return { json, pairedItem: { item: itemIndex } };
	}
	if (spec.shape === 'imageToVideo') {
		// The Image to Video node's one video, in the field Put Output File in Field names, described at the top.
		const place = { taskId: view.taskId, url: view.files[0].url, itemIndex, maxBytes: settings.maxBytes };
		const file = await downloadFile(ctx, place, VIDEO_FILE, abortSignal);
		return {
			json: { ...json, fileName: file.fileName, fileSize: file.bytes, mimeType: file.mimeType },
			binary: { [settings.binaryPropertyName]: file },
			pairedItem: { item: itemIndex },
		};
	}
	const binary: IBinaryKeyData = {};
	const files: IDataObject[] = [];
	for (const [index, file] of view.files.entries()) {
		const property = binaryPropertyFor(settings.binaryPropertyName, index);
		const place = { taskId: view.taskId, url: file.url, itemIndex, maxBytes: settings.maxBytes };
		const data = await downloadFile(
			ctx,
			place,
			{
				noun: file.kind,
				urlOption: 'URL',
				describe: (contentType, { url }) => {
					const type = fileTypeFor(file.kind, contentType, url);
					return { fileName: fileNameFor(view.taskId, index, type.extension), mimeType: type.mimeType };
				},
			},
			abortSignal,
		);
		binary[property] = data;
		files.push({
			property,
			kind: file.kind,
			fileName: data.fileName ?? null,
			mimeType: data.mimeType,
			fileSize: data.bytes,
		});
	}
	return { json: { ...json, files }, binary, pairedItem: { item: itemIndex } };
}
