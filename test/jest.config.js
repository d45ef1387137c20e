// Jest lives here rather than in package.json: the published package.json is scanned by n8n's verification
// scanner, which refuses template placeholders such as <rootDir>.
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The suites spend their time waiting on the fake API's task timers, not on the CPU: more workers than the two
	// cores run those waits side by side (jest's default on 2 cores is one worker, every wait in a row).
	maxWorkers: 6,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
};
