import type { IWebhookDescription } from 'n8n-workflow';

/**
 * The webhooks of Wait Mode "Callback": only reachable through a waiting execution's resume URL (restartWebhook), so
 * n8n never registers them when a workflow is activated and there is no remote registration to manage. (The lint rule
 * webhook-lifecycle-complete is written for webhook triggers; this node is a regular node that resumes itself.)
 *
 * Tomoviee does not document the callback's method. n8n's waiting-webhook handler picks the description whose
 * httpMethod equals the request's and answers 404 to any other, so there is one description per method a callback may
 * plausibly use; all run the same webhook(), which reads the call as a signal whatever its method or body.
 */
const RESUME_METHODS = ['GET', 'POST', 'PUT'] as const;

export const resumeWebhooks: IWebhookDescription[] = RESUME_METHODS.map((httpMethod) => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	path: '',
	restartWebhook: true,
}));
