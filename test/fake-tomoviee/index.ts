/** Fake Tomoviee open API for tests, the benchmark and e2e runs. See README.md in this folder. */
export { startFakeTomoviee, CREATE_PATH, CREATE_PATH_PREFIX, QUERY_PATH, createPathOf } from './server';
export type { FakeTomoviee, ApiEnvelope } from './server';
export { tomovieeCredentialFor } from './credential';
export type { FakeTomovieeCredential } from './credential';
export { FakeErrorCode, FakeErrorMessage } from './errorCodes';
export type { FakeErrorCodeValue } from './errorCodes';
export { DEFAULT_SWITCHES } from './options';
export type {
	AuthFailureStatus,
	CallbackMode,
	CreateRejection,
	DataAsString,
	FetchInputs,
	FakeTomovieeOptions,
	FakeTomovieeSwitches,
	FaultKind,
	FaultRule,
	FaultTarget,
	ImageResultKey,
	ProgressField,
	TaskHints,
	TaskOutcome,
	VideoFailure,
} from './options';
export { TaskStatus, CAPABILITY } from './tasks';
export type { TaskData, TaskRecord, TaskStatusCode } from './tasks';
export type { LoggedRequest, RequestFilter, RequestRoute } from './requestLog';
export type { CallbackDelivery } from './callbacks';
export { INPUT_URL_FIELDS } from './inputFetches';
export type { InputFetch } from './inputFetches';
export { fakeVideoBytes, createFakeVideoStream, fakeFileBytes, createFakeFileStream } from './video';
export type { FakeFileKindName } from './video';
export { FAKE_CAPABILITIES, FILE_TYPES, fakeCapability } from './capabilities';
export type { FakeCapability, FakeFileKind, FakeOutput } from './capabilities';
export { parseDirectives, stripDirectives } from './directives';
export type { TaskDirectives } from './directives';
