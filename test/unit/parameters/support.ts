/** An execute context for the parameter readers: node parameters per item, and the execution's resume URL. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { NODE } from '../transport/support';

export const RESUME_URL = 'http://127.0.0.1:5678/webhook-waiting/7?signature=abc';

export function parameterContext(
	parameters: (itemIndex: number) => IDataObject,
	options: { continueOnFail?: boolean; resumeUrl?: unknown } = {},
): IExecuteFunctions {
	return {
		getNode: () => NODE,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const values = parameters(itemIndex);
			return name in values ? values[name] : fallback;
		},
		continueOnFail: () => options.continueOnFail === true,
		evaluateExpression: () => ('resumeUrl' in options ? options.resumeUrl : RESUME_URL),
	} as unknown as IExecuteFunctions;
}

/** The error `read` throws (the test fails if it throws none). */
export function errorOf(read: () => unknown): Error & { description?: string; context: IDataObject } {
	try {
		read();
	} catch (error) {
		return error as Error & { description?: string; context: IDataObject };
	}
	throw new Error('expected an error');
}
