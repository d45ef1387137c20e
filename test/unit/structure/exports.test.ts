/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { compilerOptionsOf, findUnusedExports } from './unusedExports';

/**
 * Product code carries nothing that only tests use: every export of a file under nodes/ or credentials/ is imported by
 * another file there, or used by its own file (exporting it for a test as well is fine). The node and credential
 * classes are what n8n loads, so they count as used.
 */

const ROOT = path.resolve(__dirname, '../../..');
const isEntryFile = (file: string) => /\.(node|credentials)\.ts$/.test(file);

function productFiles(): string[] {
	return ['nodes', 'credentials'].flatMap((folder) =>
		readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
			.filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
			.map((name) => path.join(ROOT, folder, name)),
	);
}

describe('exports of nodes/ and credentials/', () => {
	it('are each used by the product, not only by tests', () => {
		const files = productFiles();
		expect(files.length).toBeGreaterThan(10);
		const unused = findUnusedExports({
			files,
			root: ROOT,
			compilerOptions: compilerOptionsOf(path.join(ROOT, 'tsconfig.json')),
			isEntryFile,
		});
		expect(unused.map(({ file, name }) => `${file}: ${name}`)).toEqual([]);
	});
});

describe('the unused-export check itself', () => {
	const VIRTUAL_ROOT = path.resolve('/virtual-project');

	/** Runs the check on files that exist only in memory. */
	function check(sources: Record<string, string>): string[] {
		const options: ts.CompilerOptions = {
			strict: true,
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2022,
			types: [],
			noLib: true,
		};
		const texts = new Map(Object.entries(sources).map(([name, text]) => [path.join(VIRTUAL_ROOT, name), text]));
		const textOf = (fileName: string) => texts.get(path.resolve(fileName));
		const host = ts.createCompilerHost(options);
		const getSourceFile = host.getSourceFile.bind(host);
		host.getSourceFile = (fileName, languageVersion, ...rest) => {
			const text = textOf(fileName);
			return text === undefined
				? getSourceFile(fileName, languageVersion, ...rest)
				: ts.createSourceFile(fileName, text, languageVersion, true);
		};
		const fileExists = host.fileExists.bind(host);
		host.fileExists = (fileName) => textOf(fileName) !== undefined || fileExists(fileName);
		const directoryExists = host.directoryExists?.bind(host);
		host.directoryExists = (directory) =>
			path.resolve(directory) === VIRTUAL_ROOT || (directoryExists?.(directory) ?? false);
		const readFile = host.readFile.bind(host);
		host.readFile = (fileName) => textOf(fileName) ?? readFile(fileName);
		return findUnusedExports({
			files: [...texts.keys()],
			root: VIRTUAL_ROOT,
			compilerOptions: options,
			isEntryFile,
			host,
		}).map(({ file, name }) => `${file}: ${name}`);
	}

	const CASES: Array<{ title: string; sources: Record<string, string>; unused: string[] }> = [
		{
			title: 'names the file and the export that nothing uses',
			sources: {
				'a.ts': 'export const used = 1;\nexport const unused = 2;\nexport function onlyForTests() { return 3; }\n',
				'b.ts': "import { used } from './a';\nexport const b = used;\n",
				'c.ts': "import { b } from './b';\nvoid b;\n",
			},
			unused: ['a.ts: onlyForTests', 'a.ts: unused'],
		},
		{
			title: 'counts a use inside the exporting file, types included, but not the declaration or its export',
			sources: {
				'a.ts': [
					'export interface Shape { size: number }',
					'export const LIMIT = 3;',
					'export function grow(shape: Shape): Shape { return { size: shape.size > LIMIT ? LIMIT : shape.size + 1 }; }',
					'const local = 4;',
					'export { local as renamed };',
					'export type Lonely = { never: true };',
					'export function recursive(n: number): number { return n > 0 ? recursive(n - 1) : 0; }',
				].join('\n'),
				'b.ts': "import { grow } from './a';\nvoid grow({ size: 1 });\n",
			},
			unused: ['a.ts: Lonely', 'a.ts: renamed'],
		},
		{
			title: 'reads `ns.member` as a use of that member, and a namespace handed on whole as a use of all of it',
			sources: {
				'op1.ts': 'export const description = 1;\nexport const execute = 2;\nexport type Settings = { c: 3 };\n',
				'op2.ts': 'export const description = 1;\nexport const execute = 2;\n',
				'op3.ts': 'export type Options = { a: 1 };\nexport type Unread = { b: 2 };\n',
				'router.ts': [
					"import * as op1 from './op1';",
					"import * as op2 from './op2';",
					"import type * as op3 from './op3';",
					'const operations = { op1 };',
					'const options: op3.Options = { a: 1 };',
					'void [op2.description, operations, options];',
				].join('\n'),
			},
			unused: ['op1.ts: Settings', 'op2.ts: execute', 'op3.ts: Unread'],
		},
		{
			title: 'follows re-exports and renames to the original, and a re-export alone is no use',
			sources: {
				'a.ts': 'export const deep = 1;\nexport const skipped = 2;\n',
				'barrel.ts': "export { deep, skipped } from './a';\n",
				'user.ts': "import { deep as renamed } from './barrel';\nvoid renamed;\n",
			},
			unused: ['a.ts: skipped', 'barrel.ts: skipped'],
		},
		{
			title: 'lets the classes of node and credential files stand, and nothing else there',
			sources: {
				'Thing.node.ts': 'export class Thing {}\nexport const helper = 1;\n',
				'ThingApi.credentials.ts': 'export class ThingApi {}\n',
				'other.ts': 'export class NotAnEntry {}\n',
			},
			unused: ['Thing.node.ts: helper', 'other.ts: NotAnEntry'],
		},
	];

	it.each(CASES)('$title', ({ sources, unused }) => {
		expect(check(sources)).toEqual(unused);
	});
});
