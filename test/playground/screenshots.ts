/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * The README's screenshots, taken from the n8n that `npm start` runs (start it first, in another terminal):
 *   docs/screenshots/node-in-editor.png      the Create and Wait example's Tomoviee node open in the editor
 *   docs/screenshots/create-and-wait-run.png the same node after "Execute workflow": status and video URL
 * Usage: npx tsx test/playground/screenshots.ts [--ready-file F] [--out DIR]
 * Headless Debian Chromium through playwright-core, with the e2e's launch flags; the page reaches nothing but 127.0.0.1.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../e2e/lib/editor';
import { REPO_ROOT } from '../e2e/lib/packageTarball';
import { defaultHome, paths, type ReadyInfo } from './devStack';

const NODE_NAME = 'Create video and wait';

const byTestId = (scope: Page | Locator, id: string) => scope.locator(`[data-test-id="${id}"]`);

async function main() {
	const { values } = parseArgs({ options: { 'ready-file': { type: 'string' }, out: { type: 'string' } } });
	const readyFile = path.resolve(values['ready-file'] ?? paths(defaultHome()).readyFile);
	const outDir = path.resolve(values.out ?? path.join(REPO_ROOT, 'docs', 'screenshots'));
	const info = JSON.parse(readFileSync(readyFile, 'utf8')) as ReadyInfo;
	mkdirSync(outDir, { recursive: true });

	const browser = await launchChromium();
	try {
		const page = await signedInPage(browser, info.editorUrl.replace(/\/$/, ''), {
			owner: info.login,
			viewport: { width: 1280, height: 760 },
		});
		const shot = async (name: string) => {
			const file = path.join(outDir, name);
			await page.screenshot({ path: file });
			console.log(`screenshot: ${file}`);
		};

		await page.goto(info.workflowUrl);
		const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${NODE_NAME}"]`).first();
		await node.waitFor({ state: 'visible' });
		await node.dblclick();
		await byTestId(page, 'parameter-input-prompt').waitFor({ state: 'visible' });
		await page.waitForTimeout(800);
		await shot('node-in-editor.png');

		await byTestId(page, 'node-execute-button').first().click();
		const output = byTestId(page, 'output-panel');
		await output
			.getByText(`${info.fakeApiUrl}/storage/`, { exact: false })
			.first()
			.waitFor({ state: 'visible', timeout: 120_000 });
		// JSON view: the whole item, video URL included, rather than the table's first columns.
		await output.getByText('JSON', { exact: true }).first().click();
		await output.getByText('videoUrl', { exact: false }).first().waitFor({ state: 'visible' });
		// Let the "Node executed successfully" toast go, so that it does not cover the output.
		await page
			.locator('.el-notification')
			.first()
			.waitFor({ state: 'hidden', timeout: 15_000 })
			.catch(() => undefined);
		await page.waitForTimeout(500);
		await shot('create-and-wait-run.png');
	} finally {
		await browser.close();
	}
}

main().catch((error: unknown) => {
	console.error(`screenshots failed: ${(error as Error).message}`);
	process.exit(1);
});
