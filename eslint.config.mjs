// Lints the published code the way n8n reviews community packages: n8n's community-node rules (recommended, which
// include the n8n Cloud restrictions) plus eslint-plugin-n8n-nodes-base's node, credential and package.json rules.
import tsParser from '@typescript-eslint/parser';
import jsoncParser from 'jsonc-eslint-parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { configs as communityConfigs } from '@n8n/eslint-plugin-community-nodes';

export default [
	{ ignores: ['node_modules/**', 'test/**', 'examples/**', 'eslint.config.mjs', 'gulpfile.js'] },
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
