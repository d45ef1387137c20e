/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
/**
 * Finds exports that nothing uses, with the TypeScript compiler's own name resolution (so aliases, `import * as`,
 * re-exports and type-only uses are read as the compiler reads them, not guessed from text).
 *
 * An export is used when another file of the set refers to it (an import counts), or when its own file refers to it
 * outside its declaration: exporting a helper so that tests can reach it is fine as long as the product uses it. A
 * re-export (`export { x } from './a'`) is no use by itself: x then needs a use through some route. A namespace
 * import (`import * as ops from './x'`) used as a value of its own (`{ ops }`, `f(ops)`) hands out the whole module,
 * so every value that module exports counts as used (its types are out of reach at run time); `ops.name` uses `name`
 * alone. Classes exported by entry files (n8n loads them by file name) count as used.
 */
import path from 'node:path';
import ts from 'typescript';

export interface UnusedExport {
	/** Path relative to the root, with forward slashes. */
	file: string;
	name: string;
}

export interface UnusedExportsOptions {
	/** The files checked; only uses from within this set count. Absolute paths. */
	files: readonly string[];
	/** Reported paths are relative to this. */
	root: string;
	compilerOptions: ts.CompilerOptions;
	/** Files whose exported classes are entry points (loaded by name from outside). */
	isEntryFile?: (file: string) => boolean;
	/** For tests of the check: a host that serves files that are not on disk. */
	host?: ts.CompilerHost;
}

export function findUnusedExports(options: UnusedExportsOptions): UnusedExport[] {
	const program = ts.createProgram({
		rootNames: [...options.files],
		options: { ...options.compilerOptions, noEmit: true },
		host: options.host,
	});
	const checker = program.getTypeChecker();
	const inSet = new Set(options.files.map((file) => path.resolve(file)));
	const sourceFiles = program.getSourceFiles().filter((sourceFile) => inSet.has(path.resolve(sourceFile.fileName)));
	if (sourceFiles.length !== inSet.size) {
		throw new Error(`the compiler read ${sourceFiles.length} of the ${inSet.size} files given`);
	}

	const original = (symbol: ts.Symbol): ts.Symbol =>
		symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
	const exportsOf = (moduleSymbol: ts.Symbol) => checker.getExportsOfModule(moduleSymbol).map(original);

	const used = new Set<ts.Symbol>();
	for (const sourceFile of sourceFiles) {
		const visit = (node: ts.Node): void => {
			if (ts.isIdentifier(node) && !isDeclarationName(node)) {
				const symbol = ts.isShorthandPropertyAssignment(node.parent)
					? checker.getShorthandAssignmentValueSymbol(node.parent)
					: checker.getSymbolAtLocation(node);
				if (symbol) {
					const target = original(symbol);
					if (target.flags & ts.SymbolFlags.ValueModule && isWholeModuleUse(node)) {
						// `import * as ops` handed on as a value: whoever receives it may read any value it exports.
						for (const exported of exportsOf(target)) if (exported.flags & ts.SymbolFlags.Value) used.add(exported);
					} else if (!ts.isExportSpecifier(node.parent)) {
						used.add(target);
					}
				}
			}
			ts.forEachChild(node, visit);
		};
		ts.forEachChild(sourceFile, visit);
	}

	const unused: UnusedExport[] = [];
	for (const sourceFile of sourceFiles) {
		const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
		if (!moduleSymbol) continue;
		const entry = options.isEntryFile?.(sourceFile.fileName) ?? false;
		for (const exported of checker.getExportsOfModule(moduleSymbol)) {
			const target = original(exported);
			if (used.has(target)) continue;
			if (entry && target.flags & ts.SymbolFlags.Class) continue;
			unused.push({
				file: path.relative(options.root, sourceFile.fileName).split(path.sep).join('/'),
				name: exported.name,
			});
		}
	}
	const key = (entry: UnusedExport) => `${entry.file}\u0000${entry.name}`;
	return unused.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The name a declaration introduces (`const x`, `function x`, `import * as x`): not a use. The name in
 * `import { x }` is one (an import counts as a use; the typecheck's noUnusedLocals refuses an import left unread).
 */
function isDeclarationName(node: ts.Identifier): boolean {
	const parent = node.parent;
	if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) return false;
	return (parent as ts.NamedDeclaration).name === node && isDeclaration(parent);
}

function isDeclaration(node: ts.Node): boolean {
	return (
		ts.isVariableDeclaration(node) ||
		ts.isFunctionDeclaration(node) ||
		ts.isClassDeclaration(node) ||
		ts.isInterfaceDeclaration(node) ||
		ts.isTypeAliasDeclaration(node) ||
		ts.isEnumDeclaration(node) ||
		ts.isModuleDeclaration(node) ||
		ts.isNamespaceImport(node) ||
		ts.isImportClause(node) ||
		ts.isImportEqualsDeclaration(node)
	);
}

/** A module referred to other than as `ns.member` (or `ns.Type`): the whole namespace object escapes. */
function isWholeModuleUse(node: ts.Identifier): boolean {
	const parent = node.parent;
	if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return false;
	if (ts.isQualifiedName(parent) && parent.left === node) return false;
	// `import { ns } from` or `export { ns }`: only an alias of it, used or not where it is read.
	return !ts.isImportSpecifier(parent) && !ts.isExportSpecifier(parent);
}

/** The compiler options of a tsconfig.json. */
export function compilerOptionsOf(tsconfigPath: string): ts.CompilerOptions {
	const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
	if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
	const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfigPath));
	return parsed.options;
}
