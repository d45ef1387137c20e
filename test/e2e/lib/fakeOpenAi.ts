/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
/**
 * A tiny OpenAI-compatible chat model for the AI Agent e2e, on 127.0.0.1: `POST /v1/chat/completions` answers the
 * first turn with a call of the first tool the agent offers (every string argument set to the user's request), and a
 * turn that carries the tool's result with a final answer quoting the first storage URL found in it. Plain JSON or,
 * when asked, server-sent events. Every request is kept for the checks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
	model?: string;
	stream?: boolean;
	messages: Array<{ role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }>;
	tools?: Array<{
		type: string;
		function: { name: string; description?: string; parameters?: { properties?: Record<string, { type?: string }> } };
	}>;
}

export interface FakeOpenAi {
	url: string;
	requests: ChatRequest[];
	close(): Promise<void>;
}

function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content
			.map((part) => (typeof part === 'string' ? part : String((part as { text?: unknown }).text ?? '')))
			.join('');
	return JSON.stringify(content ?? '');
}

function argumentsFor(tool: NonNullable<ChatRequest['tools']>[number], request: string): Record<string, unknown> {
	const args: Record<string, unknown> = {};
	for (const [name, schema] of Object.entries(tool.function.parameters?.properties ?? {})) {
		args[name] =
			schema.type === 'number' || schema.type === 'integer' ? 1 : schema.type === 'boolean' ? false : request;
	}
	return args;
}

/** The assistant message for this turn. */
function reply(body: ChatRequest): { content: string | null; tool_calls?: unknown[] } {
	const toolResults = body.messages.filter((message) => message.role === 'tool');
	if (toolResults.length > 0) {
		const text = toolResults.map((message) => textOf(message.content)).join('\n');
		const url = /https?:\/\/[^\s"'\\]+\/storage\/[^\s"'\\]+/.exec(text)?.[0];
		return {
			content: url ? `Your video is ready: ${url}` : `The tool answered without a video URL: ${text.slice(0, 300)}`,
		};
	}
	const tool = body.tools?.[0];
	if (!tool) return { content: 'No tool was offered.' };
	const request = textOf([...body.messages].reverse().find((message) => message.role === 'user')?.content);
	return {
		content: null,
		tool_calls: [
			{
				id: 'call_fake_1',
				type: 'function',
				function: { name: tool.function.name, arguments: JSON.stringify(argumentsFor(tool, request)) },
			},
		],
	};
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
	const requests: ChatRequest[] = [];
	const server = http.createServer((incoming, response) => {
		let text = '';
		incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
		incoming.on('end', () => {
			if (incoming.method !== 'POST' || !incoming.url?.endsWith('/chat/completions')) {
				response
					.writeHead(404, { 'content-type': 'application/json' })
					.end(JSON.stringify({ error: { message: `no route ${incoming.url}` } }));
				return;
			}
			const body = JSON.parse(text) as ChatRequest;
			requests.push(body);
			const message = reply(body);
			const finish = message.tool_calls ? 'tool_calls' : 'stop';
			const base = {
				id: `chatcmpl-fake-${requests.length}`,
				created: Math.floor(Date.now() / 1000),
				model: body.model ?? 'fake',
			};
			if (!body.stream) {
				response.writeHead(200, { 'content-type': 'application/json' }).end(
					JSON.stringify({
						...base,
						object: 'chat.completion',
						choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }],
						usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
					}),
				);
				return;
			}
			response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			const chunk = (delta: object, finishReason: string | null) =>
				response.write(
					`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`,
				);
			const toolCalls = message.tool_calls?.map((call, index) => ({ index, ...(call as object) }));
			chunk(
				{ role: 'assistant', content: message.content ?? '', ...(toolCalls ? { tool_calls: toolCalls } : {}) },
				null,
			);
			chunk({}, finish);
			response.end('data: [DONE]\n\n');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
