/**
 * From a task's view to the node's output item, one JSON shape for every capability (domain/capabilityResult), with
 * Image to Video's own shape for that node. With Return As "Binary File" the result files are downloaded
 * (transport/download) into binary fields. Which reading applies is chosen by plain data (a ResultSpec), so that a
 * callback wait can keep it in the execution's saved state. Simplify Output is applied here, once, to every item a
 * task makes (Create, Get Status, Create and Wait).
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
import { cancelSignalOf } from '../transport/cancellation';
import { downloadFile, type DownloadContext, type FileNaming } from '../transport/download';
import { asNodeError, errorItem } from './itemErrors';
import type { TaskReader } from './taskOutcome';
import type { ReturnSettings, TaskRequest } from './types';

/** How one kind of task is read and output; `outputItem` is only given views its own `read` made. */
export interface OutputProfile {
	read: TaskReader;
	outputItem(
		ctx: DownloadContext,
		view: CapabilityTaskView,
		itemIndex: number,
		settings: ReturnSettings,
		abortSignal?: AbortSignal,
	): Promise<INodeExecutionData>;
}

/** The output profile of a task: resolved once per task from its ResultSpec. */
export function outputProfileFor(spec: ResultSpec): OutputProfile {
	return {
		read: (task) => toCapabilityTaskView(task, spec),
		outputItem: async (ctx, view, itemIndex, settings, abortSignal) =>
			shaped(
				await capabilityOutputItem(ctx, view, spec, itemIndex, settings, abortSignal),
				urlFieldsOf(view, spec),
				settings,
			),
	};
}

/** Create's item for a task just made: its id, capability (not in Image to Video's shape), status, params if set. */
export function createdOutputItem(request: TaskRequest, taskId: string): INodeExecutionData {
	const { itemIndex, params, result } = request;
	const json = {
		taskId,
		...(result.shape === 'imageToVideo' ? {} : { capability: result.capabilityId }),
		status: 'queued',
		...(params !== undefined ? { params } : {}),
	};
	return shaped({ json, pairedItem: { item: itemIndex } }, [], request.returnSettings);
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
	settlement: { itemIndex: number; view: CapabilityTaskView },
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
 * The item of a task: with Binary File every result file in its own field (data, data_1, ...), or in Image to Video's
 * shape its one video in the named field, described at the top of the JSON.
 */
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
