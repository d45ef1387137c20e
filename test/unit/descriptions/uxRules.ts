/**
 * n8n's UX guidelines for nodes (docs: integrations/creating-nodes/build/reference/ux-guidelines.md and
 * plan/node-ui-design.md) as checks the description tests share.
 */
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

/** "Omit articles: Update row in sheet, not Update a row in a sheet." */
export const ARTICLE = /\b(a|an|the)\b/i;

/** What an action may act on: the node's objects. An action names one of them, so that an agent knows what it gets. */
export const ACTION_OBJECT = /\b(video|music|sound effect|images?|task|capability)\b/i;

/**
 * Words a user should not have to know (no tech jargon where simple words will do): API parameter names, placeholder
 * keys, n8n internals, and what the code calls things rather than the user.
 */
export const JARGON: RegExp[] = [
	/\bParams\b/,
	/\bInit\b/,
	/\*?_path\b/,
	/\bbinary (field|property|data)\b/i,
	/\bsigned\b/i,
	/http\(s\)/,
	/\$execution/,
	/\btokens?\b/i,
	/\bcurl\b/i,
	/\bfake\b/i,
	/\balias\b/i,
	/\bpayload\b/i,
	/\bendpoint\b/i,
	/\bstands in\b/i,
	/\bcreate path\b/i,
];

export function optionsOf(property: INodeProperties): INodePropertyOptions[] {
	return ((property.options ?? []) as Array<INodePropertyOptions | INodeProperties>).filter(
		(option): option is INodePropertyOptions => 'value' in option,
	);
}

/** Every field, nested collection fields included. */
export function allFields(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...allFields(
			((property.options ?? []) as Array<INodePropertyOptions | INodeProperties>).filter(
				(option): option is INodeProperties => 'displayName' in option,
			),
		),
	]);
}

/** Every text a user reads in the form: labels, tooltips, hints, notices, dropdown names and descriptions. */
export function userTexts(description: Pick<INodeTypeDescription, 'properties'> & { description?: string }): string[] {
	const texts: string[] = description.description ? [description.description] : [];
	for (const field of allFields(description.properties)) {
		texts.push(field.displayName);
		if (field.description) texts.push(field.description);
		if (field.hint) texts.push(field.hint);
		for (const option of optionsOf(field)) {
			texts.push(option.name);
			if (option.description) texts.push(option.description);
			if (option.action) texts.push(option.action);
		}
	}
	return texts;
}

/**
 * Tooltips and info boxes: no period after a single sentence, a period after several (node UI design, "UI text
 * style"). "e.g. " starts no sentence; a closing "..." is a list that goes on, not a period.
 */
export function periodProblem(text: string): string | undefined {
	const several = /[.!?]\s+[A-Z0-9'"]/.test(text.replace(/e\.g\. /g, 'eg '));
	const period = text.endsWith('.') && !text.endsWith('...');
	if (several && !period) return `several sentences without a final period: ${text}`;
	if (!several && period) return `one sentence with a period: ${text}`;
	return undefined;
}

/** The operation options of a node, with their action. */
export function operationOptions(properties: INodeProperties[]): INodePropertyOptions[] {
	return properties.filter((property) => property.name === 'operation').flatMap(optionsOf);
}

/** An action as n8n asks for it: sentence case, no article, names its object. */
export function actionProblems(action: string | undefined): string[] {
	const problems: string[] = [];
	if (action === undefined) return ['no action'];
	if (ARTICLE.test(action)) problems.push(`has an article: ${action}`);
	if (!ACTION_OBJECT.test(action)) problems.push(`names no object: ${action}`);
	// Sentence case: only the first word and proper names (Tomoviee, ID) start with a capital.
	const capitalised = action
		.split(' ')
		.slice(1)
		.filter((word) => /^[A-Z]/.test(word) && !['Tomoviee', 'ID'].includes(word));
	if (!/^[A-Z][a-z]/.test(action) || capitalised.length > 0) problems.push(`not in sentence case: ${action}`);
	return problems;
}
