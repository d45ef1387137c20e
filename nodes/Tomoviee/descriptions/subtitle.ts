import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

function optionsOf(property: INodeProperties): INodePropertyOptions[] {
	return (property.options ?? []) as INodePropertyOptions[];
}

/**
 * The canvas subtitle in the words of the form ("Audio: Text to Music", or "Create Video" without a resource
 * selector), built from the same options so it cannot drift from them. One flat map keyed by "resource:operation":
 * a nested object literal would put "}}" inside the expression, which ends it early.
 */
export function subtitleExpression(properties: INodeProperties[]): string {
	const resource = properties.find((property) => property.name === 'resource');
	const words: Record<string, string> = {};
	for (const selector of properties.filter((property) => property.name === 'operation')) {
		const shownFor = (selector.displayOptions?.show?.resource as string[] | undefined) ?? [];
		for (const operation of optionsOf(selector)) {
			if (!resource) {
				words[String(operation.value)] = operation.name;
				continue;
			}
			for (const resourceValue of shownFor) {
				const resourceName = optionsOf(resource).find((option) => option.value === resourceValue)?.name;
				words[`${resourceValue}:${String(operation.value)}`] = `${resourceName ?? resourceValue}: ${operation.name}`;
			}
		}
	}
	const key = resource ? '$parameter["resource"] + ":" + $parameter["operation"]' : '$parameter["operation"]';
	return `={{ ${JSON.stringify(words)}[${key}] || ${key} }}`;
}
