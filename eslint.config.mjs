// Lints the published code the way n8n reviews community packages: n8n's community-node rules (recommended, which
// include the n8n Cloud restrictions) plus eslint-plugin-n8n-nodes-base's node, credential and package.json rules,
// on top of the config of n8n's current @n8n/node-cli (what `n8n-node lint` runs for Cloud-eligible nodes: ESLint's
// and typescript-eslint's recommended rules, import-x, no-console).
import tsParser from '@typescript-eslint/parser';
import jsoncParser from 'jsonc-eslint-parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { configs as communityConfigs } from '@n8n/eslint-plugin-community-nodes';
import { config as n8nNodeCliConfig } from '@n8n/node-cli/eslint';

// node-cli's blocks as they are, except: its global ignore of dist/ becomes an ignore of each of its blocks (lint:dist
// lints the built JavaScript with the last block below, and n8n-node lint never reads dist/), and its own copy of
// eslint-plugin-n8n-nodes-base (1.x, the same rules and presets as ours) is swapped for ours, since ESLint refuses two
// plugin objects under one name. Where node-cli switches off a rule that the blocks below switch on, the stricter
// setting wins.
const isGlobalIgnore = (block) =>
	block.ignores && Object.keys(block).every((key) => key === 'ignores' || key === 'name');
const nodeCli = n8nNodeCliConfig
	.filter((block) => !isGlobalIgnore(block))
	.map((block) => ({
		...block,
		ignores: [...(block.ignores ?? []), 'dist/**'],
		...(block.plugins?.['n8n-nodes-base'] && { plugins: { ...block.plugins, 'n8n-nodes-base': n8nNodesBase } }),
	}));

export default [
	{ ignores: ['node_modules/**', 'test/**', 'scripts/**', 'examples/**', 'eslint.config.mjs', 'gulpfile.js'] },
	...nodeCli,
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { project: './tsconfig.json', sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Superseded: n8n now wants NodeConnectionTypes.Main (enforced by community-nodes' node-connection-type-literal).
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: { ...n8nNodesBase.configs.credentials.rules },
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		...communityConfigs.recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: {},
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { project: './tsconfig.json', sourceType: 'module' } },
	},
	{
		// The published code, as n8n Cloud's review reads it: no banned globals (setTimeout, process, __dirname...)
		// and no imports beyond n8n-workflow, whatever TypeScript emitted.
		files: ['dist/**/*.js'],
		languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 },
		plugins: communityConfigs.recommended.plugins,
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'error',
			'@n8n/community-nodes/no-restricted-imports': 'error',
		},
	},
];
