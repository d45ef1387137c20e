/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The README and docs/ are read on GitHub and npm, where a broken relative link or a renamed heading fails silently.
 * Every relative link must reach a file of the repository (and its heading, when it names one); the README sections
 * that the node's documentation links, the credential and other pages point at must exist; and no page or product
 * comment may cite a file outside the repository.
 */

const ROOT = path.resolve(__dirname, '../../..');
const REPOSITORY_URL = 'https://github.com/n8n-nodes-tomoviee/n8n-nodes-tomoviee';

/** The README sections other pages and the package's own metadata link by anchor. */
const README_ANCHORS = [
	'install',
	'credential',
	'tomoviee-image-to-video-node',
	'tomoviee-node',
	'options-shared-by-both-nodes',
	'starting-from-an-image-file',
	'examples',
	'recipes',
	'errors',
	'compatibility',
	'resources',
	'try-it-from-source',
];

function userPages(): string[] {
	const docs = readdirSync(path.join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => path.join('docs', name));
	return ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...docs];
}

/** The text outside fenced code blocks and inline code spans, where a link is a link. */
function proseOf(markdown: string): string {
	return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens (markdown markup removed first). */
function githubSlug(heading: string): string {
	const text = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/`/g, '')
		.replace(/(\*\*|__|\*)/g, '');
	return text
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const counts = new Map<string, number>();
	const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
	for (const match of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
		const slug = githubSlug(match[1]);
		const seen = counts.get(slug) ?? 0;
		counts.set(slug, seen + 1);
		anchors.add(seen === 0 ? slug : `${slug}-${seen}`);
	}
	return anchors;
}

/** Link targets of inline links and images: `[text](target "title")`. */
function linkTargets(markdown: string): string[] {
	const targets: string[] = [];
	for (const match of proseOf(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
		targets.push(match[1]);
	}
	return targets;
}

/** What is wrong with one relative link of a page, or undefined when it reaches its file (and heading). */
function brokenLink(page: string, target: string, root = ROOT): string | undefined {
	if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto: ...
	const [filePart, anchor] = target.split('#', 2);
	const file = filePart === '' ? page : path.normalize(path.join(path.dirname(page), decodeURI(filePart)));
	if (file.startsWith('..')) return `${target}: leaves the repository`;
	const absolute = path.join(root, file);
	if (!existsSync(absolute)) return `${target}: no file ${file}`;
	if (anchor === undefined || anchor === '') return undefined;
	if (statSync(absolute).isDirectory() || !file.endsWith('.md')) return `${target}: an anchor in a file that has none`;
	if (!anchorsOf(readFileSync(absolute, 'utf8')).has(anchor)) return `${target}: no heading #${anchor} in ${file}`;
	return undefined;
}

function filesUnder(dir: string): string[] {
	return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(relative) : [relative];
	});
}

describe('documentation links', () => {
	it('reads anchors and links the way GitHub renders them', () => {
		expect(githubSlug('Tomoviee Image to Video node')).toBe('tomoviee-image-to-video-node');
		expect(githubSlug('Sending another reading: Additional Body Fields')).toBe(
			'sending-another-reading-additional-body-fields',
		);
		expect(githubSlug('Measured (`npm run bench`, 2 shared cores)')).toBe('measured-npm-run-bench-2-shared-cores');
		expect([...anchorsOf('# A\n```\n# not a heading\n```\n## A\n')]).toEqual(['a', 'a-1']);
		expect(linkTargets('[a](docs/x.md#y) `[b](c.md)` ![i](p.png "t") [w](https://example.com)')).toEqual([
			'docs/x.md#y',
			'p.png',
			'https://example.com',
		]);
	});

	it('finds a link to a missing file, a missing heading, or outside the repository', () => {
		expect(brokenLink('README.md', 'docs/polling.md')).toBeUndefined();
		expect(brokenLink('README.md', 'docs/nowhere.md')).toContain('no file docs/nowhere.md');
		expect(brokenLink('README.md', '#no-such-section')).toContain('no heading #no-such-section');
		expect(brokenLink('docs/errors.md', '../../outside.md')).toContain('leaves the repository');
	});

	it.each(userPages())('every relative link of %s reaches its file and heading', (page) => {
		const broken = linkTargets(readFileSync(path.join(ROOT, page), 'utf8'))
			.map((target) => brokenLink(page, target))
			.filter((problem) => problem !== undefined);
		expect(broken).toEqual([]);
	});

	it('the README has the sections that other pages and the package link by anchor', () => {
		const anchors = anchorsOf(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
		expect(README_ANCHORS.filter((anchor) => !anchors.has(anchor))).toEqual([]);
	});

	it("the credential's and nodes' documentation URLs name README sections that exist", () => {
		const anchors = anchorsOf(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
		const urls = [...filesUnder('nodes'), ...filesUnder('credentials')]
			.filter((file) => /\.(ts|json)$/.test(file))
			.flatMap((file) => [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/https:\/\/github\.com\/[^\s'"`]+/g)])
			.map((match) => match[0]);
		expect(urls.length).toBeGreaterThan(0);
		const missing = urls.filter((url) => {
			if (!url.startsWith(`${REPOSITORY_URL}#`)) return !url.startsWith(REPOSITORY_URL);
			const anchor = url.slice(REPOSITORY_URL.length + 1);
			return anchor !== 'readme' && !anchors.has(anchor);
		});
		expect(missing).toEqual([]);
	});

	it('no page or product file cites a path outside the repository', () => {
		const files = [...userPages(), ...filesUnder('nodes'), ...filesUnder('credentials')].filter((file) =>
			/\.(md|ts|json)$/.test(file),
		);
		const citing = files.filter((file) =>
			/\/work\/|\bshared\/tomoviee-/.test(readFileSync(path.join(ROOT, file), 'utf8')),
		);
		expect(citing).toEqual([]);
	});
});
