import type { ResultSpec } from '../domain/capabilityResult';
import type { ReturnSettings, WaitSettings } from './readItemParameters';

/** One item's task as the node's fields ask for it: read and validated before any request. */
export interface TaskRequest {
	itemIndex: number;
	/** The create body; it carries `callback` only when the Callback URL option is set. */
	body: object;
	/** Create path of the capability; default image-to-video's. */
	path?: string;
	/** The Callback URL option's value, if set (Wait Mode "Callback" sets its own and refuses this one). */
	callbackUrl?: string;
	/** The Params option, echoed in Create's output. */
	params?: string;
	/** The capability id the Tomoviee node's Create outputs; absent for the Tomoviee Image to Video node. */
	capability?: string;
	/** How the result is read and output; absent: the Tomoviee Image to Video node's video view. */
	result?: ResultSpec;
}

/** A task request of Create and Wait: how long and how often to wait, and how the result leaves the node. */
export interface WaitingRequest extends TaskRequest {
	settings: WaitSettings;
	returnSettings: ReturnSettings;
}
