/**
 * The Data Table the scheduled-queue recipe reads (examples/recipe-scheduled-prompt-queue.json), made over n8n's REST
 * API: shared by the pipeline e2e and `npm run recipes:editor`.
 */
import type { N8nRestClient } from './restClient';

export const QUEUE_TABLE_NAME = 'tomoviee_prompt_queue';
export const QUEUE_TABLE_COLUMNS = ['prompt', 'imageUrl', 'status', 'claimedBy', 'taskId', 'videoKey', 'error'];

export interface QueueRow {
	id: number;
	prompt: string;
	imageUrl: string;
	status: string;
	claimedBy: string | null;
	taskId: string | null;
	videoKey: string | null;
	error: string | null;
}

export type NewQueueRow = Pick<QueueRow, 'prompt' | 'imageUrl' | 'status'>;

export interface QueueTable {
	readRows(): Promise<QueueRow[]>;
}

/** The queue table, made anew (an existing one of that name is deleted first), with `rows` inserted. */
export async function createQueueTable(client: N8nRestClient, rows: NewQueueRow[]): Promise<QueueTable> {
	const project = await client.request<{ id: string }>('GET', '/rest/projects/personal');
	const base = `/rest/projects/${project.data.id}/data-tables`;
	const list = await client.request<{ data: Array<{ id: string; name: string }> }>('GET', base);
	for (const table of list.data?.data ?? []) {
		if (table.name === QUEUE_TABLE_NAME) await client.request('DELETE', `${base}/${table.id}`);
	}
	const table = await client.request<{ id: string }>('POST', base, {
		name: QUEUE_TABLE_NAME,
		columns: QUEUE_TABLE_COLUMNS.map((name) => ({ name, type: 'string' })),
	});
	if (table.status !== 200 || !table.data?.id) {
		throw new Error(`data table "${QUEUE_TABLE_NAME}": HTTP ${table.status} ${table.raw.slice(0, 200)}`);
	}
	const inserted = await client.request('POST', `${base}/${table.data.id}/insert`, { data: rows, returnType: 'id' });
	if (inserted.status !== 200) throw new Error(`insert rows: HTTP ${inserted.status} ${inserted.raw.slice(0, 200)}`);
	return {
		readRows: async () =>
			(await client.request<{ data: QueueRow[] }>('GET', `${base}/${table.data.id}/rows?take=100`)).data.data,
	};
}
