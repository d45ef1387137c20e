/**
 * How a waiting task's answers are read and turned into an output item, chosen by plain data (a ResultSpec, or none
 * for the Tomoviee Image to Video node) so that a callback wait can keep it in the execution's saved state.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import type { ResultSpec } from '../domain/capabilityResult';
import { toTaskView, type TaskStatusView } from '../domain/taskView';
import { capabilityOutputItem, capabilityReader } from './capabilityOutput';
import type { TaskReader } from './taskOutcome';
import { taskOutputItem, type DownloadContext, type ReturnSettings } from './videoDownload';

/** `outputItem` is only given views its own `read` made. */
export interface OutputProfile {
	read: TaskReader<TaskStatusView>;
	outputItem(
		ctx: DownloadContext,
		view: TaskStatusView,
		itemIndex: number,
		settings: ReturnSettings,
		abortSignal?: AbortSignal,
	): Promise<INodeExecutionData>;
}

/** No spec: the Tomoviee Image to Video node's view and output, unchanged. */
export function outputProfileFor(spec: ResultSpec | undefined): OutputProfile {
	if (spec === undefined) {
		return {
			read: toTaskView,
			outputItem: (ctx, view, itemIndex, settings, abortSignal) =>
				taskOutputItem(ctx, view as ReturnType<typeof toTaskView>, itemIndex, settings, abortSignal),
		};
	}
	const read = capabilityReader(spec);
	return {
		read,
		outputItem: (ctx, view, itemIndex, settings, abortSignal) =>
			capabilityOutputItem(ctx, view as ReturnType<typeof read>, spec, itemIndex, settings, abortSignal),
	};
}
