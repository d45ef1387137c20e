/**
 * The node as a user meets it in n8n's editor, driven in headless Debian Chromium through playwright-core:
 * sign in, new workflow, find the node by typing "tomoviee", add it, inspect its operations and dropdowns,
 * create a credential in the credential form, execute against the fake API and read the output panel.
 * Selectors are n8n's own data-test-id attributes (the ones its Playwright suite uses).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { FakeTomoviee } from '../../fake-tomoviee/server';
import type { CheckScope } from './checks';
import type { N8nServer } from './n8nServer';
import { LOCAL_OWNER } from './restClient';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

const NODE_DISPLAY_NAME = 'Tomoviee Image to Video';
const EXPECTED_OPERATIONS = ['Create', 'Get Status', 'Create and Wait'];
const UI_TIMEOUT_MS = 30_000;

const byTestId = (page: Page | Locator, id: string) => page.locator(`[data-test-id="${id}"]`);

/** Texts of the options an element-plus select shows once opened. */
async function dropdownOptions(page: Page, parameter: string): Promise<string[]> {
	const input = byTestId(page, `parameter-input-${parameter}`);
	await input.click();
	const list = page.locator('.el-select-dropdown:visible, .el-popper:visible .el-select-dropdown__list').last();
	await list.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	const items = list.locator('.el-select-dropdown__item');
	const texts = (await items.allInnerTexts()).map((t) => t.split('\n')[0].trim()).filter(Boolean);
	await page.keyboard.press('Escape');
	return texts;
}

async function selectOption(page: Page, parameter: string, optionText: string) {
	await byTestId(page, `parameter-input-${parameter}`).click();
	const list = page.locator('.el-select-dropdown:visible').last();
	await list.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	await list.locator('.el-select-dropdown__item', { hasText: optionText }).first().click();
}

async function fillParameter(scope: Page | Locator, parameter: string, value: string) {
	const field = byTestId(scope, `parameter-input-${parameter}`).locator('input, textarea').first();
	await field.fill(value);
}

export interface EditorResult {
	screenshots: string[];
}

export async function editorStep(check: CheckScope, server: N8nServer, fake: FakeTomoviee, artifactsDir: string): Promise<EditorResult> {
	const { chromium } = await import('playwright-core');
	mkdirSync(artifactsDir, { recursive: true });
	const screenshots: string[] = [];
	const shot = async (page: Page, name: string) => {
		const file = path.join(artifactsDir, name);
		await page.screenshot({ path: file, fullPage: false });
		screenshots.push(file);
		console.log(`    screenshot: ${file}`);
	};
	let browser: Browser | undefined;
	try {
		browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		// Nothing but the n8n under test and the fake API is ever reached from the page.
		await context.route('**/*', (route) => {
			const url = new URL(route.request().url());
			return url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:' ? route.continue() : route.abort();
		});
		const page = await context.newPage();
		page.setDefaultTimeout(UI_TIMEOUT_MS);

		// Sign in with the owner created through the REST API.
		await page.goto(`${server.baseUrl}/signin`);
		await page.locator('input[name="emailOrLdapLoginId"], input[type="email"]').first().fill(LOCAL_OWNER.email);
		await page.locator('input[name="password"], input[type="password"]').first().fill(LOCAL_OWNER.password);
		await byTestId(page, 'form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: UI_TIMEOUT_MS });
		check.ok('editor: signed in as the owner', true);

		// New workflow, node panel, search.
		await page.goto(`${server.baseUrl}/workflow/new`);
		await byTestId(page, 'canvas-plus-button').first().click();
		const search = byTestId(page, 'node-creator-search-bar').locator('input').first();
		await search.fill('tomoviee');
		const nodeItem = byTestId(page, 'node-creator-node-item').filter({ hasText: NODE_DISPLAY_NAME }).first();
		const found = await nodeItem.isVisible({ timeout: UI_TIMEOUT_MS }).catch(() => false);
		if (!found) await nodeItem.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS }).catch(() => undefined);
		check.ok(`editor: node panel finds "${NODE_DISPLAY_NAME}" for "tomoviee"`, await nodeItem.isVisible());
		await shot(page, 'node-panel-search.png');
		await nodeItem.click();

		// The node's actions (one per operation) are offered in the panel.
		const actions = byTestId(page, 'node-creator-action-item');
		await actions.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS }).catch(() => undefined);
		const actionTexts = (await actions.allInnerTexts()).map((t) => t.trim());
		await shot(page, 'node-panel-actions.png');
		// Add with the Create and Wait action: the node details view opens with that operation.
		const createAndWait = actions.filter({ hasText: /create and wait/i }).first();
		await createAndWait.click();

		const ndv = byTestId(page, 'ndv');
		await byTestId(page, 'parameter-input-operation').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
		const operations = await dropdownOptions(page, 'operation');
		check.ok(
			'editor: the three operations are offered (Create, Get Status, Create and Wait)',
			EXPECTED_OPERATIONS.every((op) => operations.includes(op)) && operations.length === 3,
			`operations=${JSON.stringify(operations)}; node panel actions=${JSON.stringify(actionTexts)}`,
		);
		const resolutions = await dropdownOptions(page, 'resolution');
		check.ok('editor: resolution dropdown shows 2 entries', resolutions.length === 2, JSON.stringify(resolutions));
		const ratios = await dropdownOptions(page, 'aspectRatio');
		check.ok('editor: aspect ratio dropdown shows 6 entries', ratios.length === 6, JSON.stringify(ratios));
		const moves = await dropdownOptions(page, 'cameraMove');
		check.ok('editor: camera move dropdown shows 47 entries', moves.length === 47, `${moves.length}: ${JSON.stringify(moves.slice(0, 5))}...`);

		// Credential form: App Key plus a masked App Secret; filled in to point at the fake server.
		await byTestId(page, 'node-credentials-select').click();
		await page.locator('.el-select-dropdown:visible').last().getByText(/create new credential/i).click();
		const modal = page.locator('[data-test-id="editCredential-modal"], .el-dialog:visible').first();
		await byTestId(modal, 'parameter-input-appKey').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
		const secretInput = byTestId(modal, 'parameter-input-appSecret').locator('input').first();
		check.ok('editor: credential form shows App Key', await modal.getByText('App Key', { exact: false }).first().isVisible());
		check.ok(
			'editor: credential form masks App Secret',
			(await modal.getByText('App Secret', { exact: false }).first().isVisible()) && (await secretInput.getAttribute('type')) === 'password',
			`type=${await secretInput.getAttribute('type')}`,
		);
		await fillParameter(modal, 'appKey', fake.switches.appKey);
		await secretInput.fill(fake.switches.appSecret);
		await selectOption(page, 'gateway', 'Custom');
		await fillParameter(modal, 'baseUrl', fake.url);
		await shot(page, 'credential-form.png');
		await byTestId(modal, 'credential-save-button').click();
		await page.waitForTimeout(1500);
		await page.keyboard.press('Escape');
		await modal.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS }).catch(async () => {
			await page.locator('.el-dialog:visible .el-dialog__headerbtn').first().click();
		});

		// Fill the required inputs and run the node from the node details view.
		await fillParameter(page, 'prompt', 'A lighthouse on a cliff, waves crash below, clouds race by');
		await fillParameter(page, 'imageUrl', 'http://127.0.0.1/example-images/lighthouse.png');
		await shot(page, 'node-panel.png');
		await byTestId(page, 'node-execute-button').first().click();
		const output = byTestId(page, 'output-panel');
		const videoUrlPrefix = `${fake.url}/storage/`;
		const sawVideoUrl = await output
			.getByText(videoUrlPrefix, { exact: false })
			.first()
			.waitFor({ state: 'visible', timeout: 120_000 })
			.then(() => true)
			.catch(() => false);
		await shot(page, 'output-panel.png');
		const taskIds = fake.tasks().map((t) => t.taskId);
		const outputText = await output.innerText().catch(() => '');
		check.ok(
			'editor: execution shows the fake video URL in the output panel',
			sawVideoUrl && taskIds.some((id) => outputText.includes(fake.videoUrl(id)) || outputText.includes(id)),
			`output panel text: ${outputText.slice(0, 400)}`,
		);
		void ndv;
		return { screenshots };
	} finally {
		await browser?.close();
	}
}
