import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Names a task in n8n's log the moment Tomoviee accepted it. In queue mode a worker that dies while the node waits
 * (Wait Mode "Poll") takes the execution with it before anything is saved: n8n then ends the execution as failed or
 * crashed without the node's output and does not run it again, while the tasks go on at Tomoviee and are billed. This
 * line in the worker's log is then the one place that names them, for the Get Status operation; retrying such an
 * execution creates (and bills) new tasks.
 */
export function logCreatedTask(
	ctx: Pick<IExecuteFunctions, 'logger' | 'getNode' | 'getExecutionId'>,
	taskId: string,
	itemIndex: number,
) {
	const executionId = ctx.getExecutionId();
	ctx.logger.info(
		`Tomoviee task ${taskId} created for item ${itemIndex} of node "${ctx.getNode().name}" in execution ${executionId}`,
		{
			taskId,
			itemIndex,
			executionId,
		},
	);
}
