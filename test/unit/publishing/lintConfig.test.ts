/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `n8n-node lint` in strict mode (package.json n8n.strict) fails unless eslint.config.mjs is @n8n/node-cli's default,
 * compared with whitespace normalised; this package's own checks live in eslint.package.config.mjs instead.
 */

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(file, 'utf8');
const normalised = (text: string) => text.replace(/\s+/g, ' ').trim();

it("keeps eslint.config.mjs exactly @n8n/node-cli's default, as strict mode requires", () => {
	const pkg = JSON.parse(read(path.join(ROOT, 'package.json'))) as {
		n8n: { strict?: boolean };
		scripts: Record<string, string>;
	};
	expect(pkg.n8n.strict).toBe(true);
	// The file n8n-node lint compares with (its package exports no path to it).
	const template = path.join(
		ROOT,
		'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs',
	);
	expect(normalised(read(path.join(ROOT, 'eslint.config.mjs')))).toBe(normalised(read(template)));
	// npm run lint runs both configs; lint:dist the package's own on the built code.
	expect(pkg.scripts.lint).toMatch(/\bn8n-node lint\b.*\beslint -c eslint\.package\.config\.mjs\b/);
	expect(pkg.scripts['lint:dist']).toBe('eslint -c eslint.package.config.mjs dist');
});
