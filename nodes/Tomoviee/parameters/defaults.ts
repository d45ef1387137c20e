/** Every default and limit of the nodes' settings: the form shows them, parameter reading applies them. */

/**
 * Only the longest gap: the adaptive schedule queries sooner whenever a video is due, so a long ceiling costs no
 * detection delay and spares requests while a 1-5 minute generation is far from done.
 */
export const DEFAULT_POLL_INTERVAL_SECONDS = 60;
export const DEFAULT_MAX_WAIT_MINUTES = 10;
/** Polling faster than once a second only adds requests: no answer changes that fast. */
export const MIN_POLL_INTERVAL_SECONDS = 1;
/** 48 hours: a finished video's signed URL expires about then, so waiting longer can never deliver it. */
export const MAX_WAIT_MINUTES_LIMIT = 48 * 60;
/** More tasks at once than any plan is likely to run; beyond it, items would only wait in Tomoviee's queue. */
export const MAX_PARALLEL_TASKS_LIMIT = 100;
/** Largest video Return As Binary File downloads by default (1 GB); a 5-second video is far smaller. */
export const DEFAULT_MAX_DOWNLOAD_MB = 1024;
/**
 * Tomoviee does not publish its limit on tasks at once. Beyond the account's limit, tasks wait in Tomoviee's queue or
 * creates are refused as rate limited, and the node then waits for one of its own tasks to finish before it submits
 * the next: so a limit that is too high costs nothing, and 20 lets a typical batch run side by side.
 */
export const DEFAULT_MAX_PARALLEL_TASKS = 20;

/** The binary field Return As Binary File fills when the user names none. */
export const DEFAULT_BINARY_PROPERTY = 'data';
