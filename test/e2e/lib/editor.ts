/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
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
import { LOCAL_OWNER, type OwnerAccount } from './restClient';

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
const EXPECTED_OPERATIONS = ['Create Video', 'Get Video Status', 'Create Video and Wait'];
const UI_TIMEOUT_MS = 30_000;

const byTestId = (page: Page | Locator, id: string) => page.locator(`[data-test-id="${id}"]`);

const openDropdowns = (page: Page) => page.locator('.el-select-dropdown:visible');

/** Texts of the options an element-plus select shows once opened. */
async function dropdownOptions(page: Page, parameter: string, scope: Page | Locator = page): Promise<string[]> {
	const items = await openDropdown(page, byTestId(scope, `parameter-input-${parameter}`));
	const texts = items ? (await items.allInnerTexts()).map((t) => t.split('\n')[0].trim()).filter(Boolean) : [];
	await page.keyboard.press('Escape');
	return texts;
}

/** Picks the first option whose text contains `label` in the select of `parameter`. */
async function chooseDropdownOption(
	page: Page,
	parameter: string,
	label: string,
	scope: Page | Locator = page,
): Promise<void> {
	const items = await openDropdown(page, byTestId(scope, `parameter-input-${parameter}`));
	if (!items) throw new Error(`the ${parameter} select did not open`);
	await items.filter({ hasText: label }).first().click();
}

/**
 * Opens a select and returns its options (undefined when it shows none).
 * The previous list must have finished closing first: while it fades out it still counts as visible, a click
 * on the next select can land during that transition, and reading "the last visible list" then reads a list
 * that vanishes under us (seen in CI as an empty result). So: wait for every list to close, open this one
 * (a second click if the first was swallowed), wait for its first option, then read.
 */
async function openDropdown(page: Page, input: Locator): Promise<Locator | undefined> {
	// Playwright's own waits poll the DOM; ":visible" in the selector makes "hidden" mean "no list is open".
	await openDropdowns(page)
		.first()
		.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS })
		.catch(() => undefined);
	const items = openDropdowns(page).last().locator('.el-select-dropdown__item');
	let opened = false;
	for (let attempt = 0; attempt < 2 && !opened; attempt++) {
		// A click on an open list would close it: click again only if nothing opened.
		if (attempt === 0 || (await openDropdowns(page).count()) === 0) await input.click();
		opened = await items
			.first()
			.waitFor({ state: 'attached', timeout: 5_000 })
			.then(() => true)
			.catch(() => false);
	}
	return opened ? items : undefined;
}

/** Headless Debian Chromium with the flags above. */
export async function launchChromium(): Promise<Browser> {
	const { chromium } = await import('playwright-core');
	return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/**
 * A page of a new browser context, signed in to the n8n at `baseUrl` (no trailing slash) as `owner`. Nothing but
 * loopback (and data:/blob: URLs) is ever reached from the page.
 */
export async function signedInPage(
	browser: Browser,
	baseUrl: string,
	options: { owner?: Pick<OwnerAccount, 'email' | 'password'>; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
	const owner = options.owner ?? LOCAL_OWNER;
	const context = await browser.newContext({
		viewport: options.viewport ?? { width: 1440, height: 900 },
		deviceScaleFactor: 1,
	});
	await context.route('**/*', (route) => {
		const url = new URL(route.request().url());
		return url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:'
			? route.continue()
			: route.abort();
	});
	const page = await context.newPage();
	page.setDefaultTimeout(UI_TIMEOUT_MS);
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"], input[type="email"]').first().fill(owner.email);
	await page.locator('input[name="password"], input[type="password"]').first().fill(owner.password);
	await byTestId(page, 'form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: UI_TIMEOUT_MS });
	return page;
}

/** Saves what the page shows as `dir/name` and prints the path; returns it. */
export async function saveScreenshot(page: Page, dir: string, name: string): Promise<string> {
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, name);
	await page.screenshot({ path: file });
	console.log(`    screenshot: ${file}`);
	return file;
}

export interface EditorResult {
	screenshots: string[];
}

export async function editorStep(
	check: CheckScope,
	server: N8nServer,
	fake: FakeTomoviee,
	artifactsDir: string,
): Promise<EditorResult> {
	const screenshots: string[] = [];
	const shot = async (page: Page, name: string) => screenshots.push(await saveScreenshot(page, artifactsDir, name));
	let browser: Browser | undefined;
	try {
		browser = await launchChromium();
		// Signed in with the owner created through the REST API.
		const page = await signedInPage(browser, server.baseUrl);
		check.ok('editor: signed in as the owner', true);

		// New workflow, node panel, search. The canvas appears once the node types are loaded.
		await page.goto(`${server.baseUrl}/workflow/new`);
		await byTestId(page, 'canvas-plus-button').first().click({ timeout: 90_000 });
		await page
			.locator('input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input')
			.first()
			.fill('tomoviee');
		const nodeItem = byTestId(page, 'item-iterator-item').filter({ hasText: NODE_DISPLAY_NAME }).first();
		const found = await nodeItem
			.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS })
			.then(() => true)
			.catch(() => false);
		await shot(page, 'node-panel-search.png');
		if (!check.ok(`editor: node panel finds "${NODE_DISPLAY_NAME}" for "tomoviee"`, found)) return { screenshots };
		await nodeItem.click();

		// The node's actions, one per operation, are listed under "Actions (3)".
		const actionsCategory = byTestId(page, 'node-creator-category-item')
			.filter({ hasText: /^Actions/ })
			.first();
		await actionsCategory.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
		const categoryText = (await actionsCategory.innerText()).trim();
		check.ok("editor: node panel lists the node's 3 actions", /Actions\s*\(3\)/.test(categoryText), categoryText);
		// The details panel slides in; let it settle before the picture.
		await page.waitForTimeout(800);
		await shot(page, 'node-panel-actions.png');
		// Adding it through "Create and Wait" puts a manual trigger in front and opens the node's settings.
		await byTestId(page, 'item-iterator-item')
			.filter({ hasText: /wait for it/i })
			.first()
			.click();

		await byTestId(page, 'parameter-input-operation').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
		// n8n itself appends "Custom API Call" to the operations of a node with a credential.
		const operations = (await dropdownOptions(page, 'operation')).filter((op) => op !== 'Custom API Call');
		check.ok(
			`editor: the three operations are offered (${EXPECTED_OPERATIONS.join(', ')})`,
			operations.length === 3 && EXPECTED_OPERATIONS.every((op) => operations.includes(op)),
			`operations=${JSON.stringify(operations)}`,
		);
		const resolutions = await dropdownOptions(page, 'resolution');
		check.ok('editor: resolution dropdown shows 2 entries', resolutions.length === 2, JSON.stringify(resolutions));
		const ratios = await dropdownOptions(page, 'aspectRatio');
		check.ok('editor: aspect ratio dropdown shows 6 entries', ratios.length === 6, JSON.stringify(ratios));
		const moves = await dropdownOptions(page, 'cameraMove');
		check.ok(
			'editor: camera move dropdown shows 47 entries',
			moves.length === 47,
			`${moves.length}: ${JSON.stringify(moves.slice(0, 5))}...`,
		);

		// Credential form, opened as a user would: the empty-state button, or "Create new credential" in the
		// picker when the instance already has one (n8n then preselects it).
		const picker = page
			.locator('[data-test-id="node-credentials-select"], [data-test-id="node-credentials-empty-state"]')
			.first();
		await picker.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
		if (await byTestId(page, 'node-credentials-empty-state').isVisible()) {
			await byTestId(page, 'node-credentials-empty-state').getByRole('button').first().click();
		} else {
			await byTestId(page, 'node-credentials-select').click();
			await byTestId(page, 'node-credentials-select-item-new').click();
		}
		const modal = byTestId(page, 'editCredential-modal');
		await byTestId(modal, 'parameter-input-appKey').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
		const keyInput = byTestId(modal, 'parameter-input-appKey').locator('input').first();
		const secretInput = byTestId(modal, 'parameter-input-appSecret').locator('input').first();
		check.ok(
			'editor: credential form shows App Key',
			(await modal
				.getByText(/^App Key\b/)
				.first()
				.isVisible()) && (await keyInput.isVisible()),
		);
		const secretType = await secretInput.getAttribute('type');
		check.ok(
			'editor: credential form shows a masked App Secret',
			(await modal
				.getByText(/^App Secret\b/)
				.first()
				.isVisible()) && secretType === 'password',
			`input type=${secretType}`,
		);
		await keyInput.fill(fake.switches.appKey);
		await secretInput.fill(fake.switches.appSecret);
		await chooseDropdownOption(page, 'gateway', 'Custom', modal);
		await byTestId(modal, 'parameter-input-baseUrl').locator('input').first().fill(fake.url);
		await shot(page, 'credential-form.png');
		await byTestId(modal, 'credential-save-button').click();
		await modal.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });

		// Fill the required inputs and run the node from its settings view.
		const prompt = 'A lighthouse on a cliff, waves crash below, clouds race by';
		await byTestId(page, 'parameter-input-prompt').locator('textarea, input').first().fill(prompt);
		await byTestId(page, 'parameter-input-imageUrl')
			.locator('input')
			.first()
			.fill('http://127.0.0.1/example-images/lighthouse.png');
		await shot(page, 'node-panel.png');
		const tasksBefore = new Set(fake.tasks().map((t) => t.taskId));
		await byTestId(page, 'node-execute-button').first().click();
		const output = byTestId(page, 'output-panel');
		const sawVideoUrl = await output
			.getByText(`${fake.url}/storage/`, { exact: false })
			.first()
			.waitFor({ state: 'visible', timeout: 120_000 })
			.then(() => true)
			.catch(() => false);
		const task = fake.tasks().find((t) => !tasksBefore.has(t.taskId));
		// The JSON view shows the whole item, URL included, for the screenshot.
		await byTestId(output, 'radio-button-json')
			.click()
			.catch(() => undefined);
		await page.waitForTimeout(500);
		await shot(page, 'output-panel.png');
		const outputText = await output.innerText().catch(() => '');
		check.ok(
			'editor: execution against the fake API shows its video URL in the output panel',
			sawVideoUrl && !!task && task.request.prompt === prompt && outputText.includes(fake.videoUrl(task.taskId)),
			`task=${task?.taskId}; output panel text: ${outputText.slice(0, 400)}`,
		);
		return { screenshots };
	} catch (error) {
		// The page as it was when a step gave up, for the report.
		for (const open of browser?.contexts().flatMap((c) => c.pages()) ?? []) {
			await shot(open, 'failure.png').catch(() => undefined);
		}
		throw error;
	} finally {
		await browser?.close();
	}
}
