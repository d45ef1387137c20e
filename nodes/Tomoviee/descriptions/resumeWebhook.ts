import type { IWebhookDescription } from 'n8n-workflow';

/**
 * The webhook of Wait Mode "Callback": only reachable through a waiting execution's resume URL (restartWebhook), so
 * n8n never registers it when a workflow is activated and there is no remote registration to manage. (The lint rule
 * webhook-lifecycle-complete is written for webhook triggers; this node is a regular node that resumes itself.)
 */
export const resumeWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		path: '',
		restartWebhook: true,
	},
];
