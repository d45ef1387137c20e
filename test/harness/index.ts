/**
 * In-process n8n test harness: runs a workflow `Test Items -> node under test` through
 * n8n-core's real WorkflowExecute, with the node and credential types loaded from a built
 * package, credentials applied the way the n8n server applies them, and n8n's logs captured.
 */
export { ensureEngine, useBinaryDataMode, type BinaryDataMode, type BinaryDataSetup } from './engine';
export { CapturingLogger, type CapturedLogLine, type CapturedLogLevel } from './logCapture';
export { HarnessCredentialsHelper, type CredentialDataByType } from './credentialsHelper';
export { ITEM_SOURCE_NODE_TYPE, ItemSourceNode, PackageNodeTypes, REPO_ROOT, loadPackageNodeTypes } from './nodeTypes';
export {
	DEFAULT_NODE_TYPE,
	SOURCE_NODE_NAME,
	buildNodeWorkflow,
	runNodeWorkflow,
	startNodeWorkflow,
	type NodeRunOptions,
	type NodeRunResult,
	type NodeUnderTest,
	type RunningNodeWorkflow,
	type TestItem,
} from './runNodeWorkflow';
