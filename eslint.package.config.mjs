// The checks this package adds to `n8n-node lint` (eslint.config.mjs, which must stay @n8n/node-cli's default for
// "strict": true): run by `npm run lint` (source) and `npm run lint:dist` (built dist/) as `eslint -c` this file.
// - eslint-plugin-n8n-nodes-base's node, credential and package.json rule sets from our own copy of the plugin (2.x;
//   node-cli bundles 1.x), with type-aware parsing of the source (tsconfig.json), and with
//   node-param-type-options-max-value-present, which node-cli switches off. Its two credential exceptions stay off
//   (see below).
// - The published code, as n8n Cloud's review reads it: no banned globals and no imports beyond n8n-workflow in
//   dist/, whatever TypeScript emitted.
import tsParser from '@typescript-eslint/parser';
import jsoncParser from 'jsonc-eslint-parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { configs as communityConfigs } from '@n8n/eslint-plugin-community-nodes';

export default [
	{ ignores: ['node_modules/**'] },
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
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Off as in node-cli (so that no disable directive is needed, which the default config would report as
			// unused). documentation-url-miscased is "only applicable to nodes in the main repository": it wants a slug
			// of n8n's docs, a community package links its own page. password-missing flags any field named like a key:
			// the app key is an identifier sent in clear as X-App-Key; which fields are masked (the app secret, not the
			// app key) is pinned by test/unit/descriptions/nodeDescription.test.ts.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['dist/**/*.js'],
		languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 },
		plugins: communityConfigs.recommended.plugins,
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'error',
			'@n8n/community-nodes/no-restricted-imports': 'error',
		},
	},
];
