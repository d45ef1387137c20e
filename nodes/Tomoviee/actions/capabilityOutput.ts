/**
 * The Tomoviee node's output item for a task of any capability: the same JSON shape for all (domain/capabilityResult),
 * and with Return As "Binary File" every result file downloaded into its own binary property (data, data_1, ...)
 * with the MIME type and extension of its kind (domain/outputFiles), through the same download as image-to-video.
 */
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	capabilityOutputJson,
	toCapabilityTaskView,
	type CapabilityTaskView,
	type ResultSpec,
} from '../domain/capabilityResult';
import { binaryPropertyFor, fileNameFor, fileTypeFor } from '../domain/outputFiles';
import { cancelSignalOf } from '../transport/tomovieeApi';
import { asNodeError, errorItem } from './itemErrors';
import type { TaskReader } from './taskOutcome';
import { downloadVideo, type DownloadContext, type ReturnSettings } from './videoDownload';

/** The task reader for one result spec. */
export function capabilityReader(spec: ResultSpec): TaskReader<CapabilityTaskView> {
	return (task) => toCapabilityTaskView(task, spec);
}

export async function capabilityOutputItem(
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
	const binary: IBinaryKeyData = {};
	const files: IDataObject[] = [];
	for (const [index, file] of view.files.entries()) {
		const property = binaryPropertyFor(settings.binaryPropertyName, index);
		const data = await downloadVideo(ctx, { taskId: view.taskId, url: file.url, itemIndex, maxBytes: settings.maxBytes }, abortSignal, {
			noun: file.kind,
			urlOption: 'URL',
			describe: (contentType, place) => {
				const type = fileTypeFor(file.kind, contentType, place.url);
				return { fileName: fileNameFor(view.taskId, index, type.extension), mimeType: type.mimeType };
			},
		});
		binary[property] = data;
		files.push({ property, kind: file.kind, fileName: data.fileName ?? null, mimeType: data.mimeType, fileSize: data.bytes });
	}
	return { json: { ...json, files }, binary, pairedItem: { item: itemIndex } };
}

/** Create and Wait's output for a succeeded task; a failed download fails the item like any other error. */
export async function settledCapabilityItem(
	ctx: IExecuteFunctions,
	settlement: { itemIndex: number; view: CapabilityTaskView },
	spec: ResultSpec,
	settings: ReturnSettings,
	continueOnFail: boolean,
): Promise<INodeExecutionData> {
	try {
		return await capabilityOutputItem(ctx, settlement.view, spec, settlement.itemIndex, settings, cancelSignalOf(ctx));
	} catch (error) {
		if (!continueOnFail) throw asNodeError(ctx.getNode(), error, settlement.itemIndex);
		return errorItem(error, settlement.itemIndex);
	}
}
