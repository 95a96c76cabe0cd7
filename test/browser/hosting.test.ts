/**
 * Static hosting of the built site, in Debian's Chromium:
 * - every page of the build works at the host's root and under a sub-path (the
 *   `BASE_PATH=/sub` build), keeps its links under its base and requests nothing outside
 *   it, and runs under its Content-Security-Policy without a single violation (under the
 *   sub-path also with a host's strict policy header on every script, worker and wasm);
 * - after the first visit the site works offline from its service worker, and a repeat
 *   visit loads nothing over the network;
 * - DuckDB and Arrow are not part of any page's initial scripts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type Page,
	type Request
} from 'playwright-core';
import { CHROMIUM_ARGS, launch } from './browser';
import { BUILD_DIR, hostHeaders, STRICT_CSP, SUB_BASE, SUB_BUILD_DIR } from './global-setup';
import { serveStatic } from '../../scripts/serve-static.mjs';

const SUB_MISSING = `no sub-path build in ${SUB_BUILD_DIR}: run \`BASE_PATH=${SUB_BASE} BUILD_DIR=${SUB_BUILD_DIR} npx vite build\` (npm test does)`;

/** Every file under `dir`, as paths relative to it with forward slashes. */
function filesOf(dir: string, rel = ''): string[] {
	return readdirSync(path.join(dir, rel)).flatMap((name) => {
		const file = rel ? `${rel}/${name}` : name;
		return statSync(path.join(dir, file)).isDirectory() ? filesOf(dir, file) : [file];
	});
}

/** The pages of a build, as paths relative to its base: '' and e.g. 'wearables/'. */
function pagesOf(dir: string): string[] {
	return filesOf(dir)
		.filter((f) => (f === 'index.html' || f.endsWith('/index.html')) && !f.startsWith('_app/'))
		.map((f) => f.slice(0, -'index.html'.length))
		.sort();
}

/** What a page shows once it has done its first work; pages not listed just load. */
const READY: Record<string, string[]> = {
	'': ['[data-testid="chart"][data-ready="true"]', '[data-testid="status"][data-querying="false"]'],
	'wearables/': [
		'[data-testid="results-table"][data-ready="true"]',
		'[data-testid="detect-status"][data-state="ready"]'
	]
};

async function pageReady(page: Page, rel: string) {
	const selectors = READY[rel];
	if (!selectors) return page.waitForLoadState('networkidle');
	for (const s of selectors) await page.waitForSelector(s, { timeout: 45_000 });
}

/** Records CSP violations (from the page's own event), console errors and page errors. */
async function watch(context: BrowserContext) {
	await context.addInitScript(() => {
		const w = window as unknown as { __csp: string[] };
		w.__csp = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			w.__csp.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`)
		);
	});
	const errors: string[] = [];
	const requests: string[] = [];
	/** The CSP header of each script, worker and wasm file, by URL. */
	const fileCsp = new Map<string, string>();
	context.on('request', (r: Request) => requests.push(r.url()));
	context.on('response', (r) => {
		if (/\.(?:js|wasm)$/.test(new URL(r.url()).pathname)) {
			fileCsp.set(r.url(), r.headers()['content-security-policy'] ?? '');
		}
	});
	context.on('page', (page) => {
		page.on('console', (m) => {
			if (m.type() === 'error') errors.push(m.text());
		});
		page.on('pageerror', (e) => errors.push(String(e)));
	});
	const violations = (page: Page) =>
		page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
	return { errors, requests, violations, fileCsp };
}

/** Requests that are neither under `siteUrl` (origin and base path) nor data:/blob: URLs. */
const outside = (requests: string[], siteUrl: string) =>
	requests.filter(
		(u) => !u.startsWith(siteUrl) && !u.startsWith('data:') && !u.startsWith('blob:')
	);

/** Uses the page a little: for the footfall page, hover the chart and download the CSV. */
async function exercise(page: Page, rel: string) {
	if (rel !== '') return;
	const box = await page.getByTestId('chart').boundingBox();
	if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('download-csv').click()
	]);
	expect(download.suggestedFilename()).toMatch(/^footfall_.*\.csv$/);
	expect(download.url()).toMatch(/^blob:/);
}

const SITES = [
	{ name: 'at the root', dir: BUILD_DIR, url: () => inject('siteUrl'), base: '', headers: false },
	{
		name: `under ${SUB_BASE}/, with a host's strict policy header on every script, worker and wasm file`,
		dir: SUB_BUILD_DIR,
		url: () => inject('subSiteUrl'),
		base: SUB_BASE,
		headers: true
	}
];

describe.each(SITES)('the built site $name', ({ dir, url, base, headers }) => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launch();
	});
	afterAll(() => browser?.close());

	it('has every page, each with a CSP meta tag that allows nothing foreign', () => {
		expect(url(), SUB_MISSING).not.toBe('');
		const pages = pagesOf(dir);
		expect(pages).toContain('');
		expect(pages).toContain('wearables/');
		for (const rel of pages) {
			const html = readFileSync(path.join(dir, rel, 'index.html'), 'utf8');
			const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1];
			expect(csp, rel).toBeDefined();
			const directives = new Map(
				csp!.split(';').map((d) => {
					const [name, ...values] = d.trim().split(/\s+/);
					return [name, values] as const;
				})
			);
			expect(directives.get('default-src')).toEqual(["'self'"]);
			expect(directives.get('object-src')).toEqual(["'none'"]);
			expect(directives.get('base-uri')).toEqual(["'self'"]);
			const script = directives.get('script-src') ?? [];
			expect(script.filter((s) => !s.startsWith("'sha256-"))).toEqual([
				"'self'",
				"'wasm-unsafe-eval'"
			]);
			expect(script.some((s) => s.startsWith("'sha256-"))).toBe(true);
			// Nothing but this site (and no inline scripts or styles beyond the hashed bootstrap).
			for (const [name, values] of directives) {
				for (const v of values) {
					expect(`${name} ${v}`).toMatch(
						/'self'|'none'|'wasm-unsafe-eval'|'sha256-|style-src-attr 'unsafe-inline'|img-src data:/
					);
				}
			}
		}
	});

	it('works on every page: links stay under the base, no request leaves it, no CSP violation, no error', async () => {
		expect(url(), SUB_MISSING).not.toBe('');
		const siteUrl = url();
		// The service worker is tested on its own below; here it would only add downloads.
		const context = await browser.newContext({ acceptDownloads: true, serviceWorkers: 'block' });
		const { errors, requests, violations, fileCsp } = await watch(context);
		try {
			for (const rel of pagesOf(dir)) {
				const page = await context.newPage();
				await page.goto(siteUrl + rel);
				await pageReady(page, rel);
				await exercise(page, rel);
				// Links into this site (the navigation among them) stay under its base.
				const nav = await page.$$eval('nav[aria-label="Tools"] a[href]', (as) =>
					as.map((a) => (a as HTMLAnchorElement).href)
				);
				expect(nav.length, rel).toBeGreaterThan(1);
				expect(
					nav.filter((l) => !pagesOf(dir).some((p) => l === siteUrl + p)),
					rel
				).toEqual([]);
				const links = await page.$$eval('a[href]', (as) =>
					as.map((a) => (a as HTMLAnchorElement).href)
				);
				const origin = new URL(siteUrl).origin;
				expect(
					links.filter((l) => new URL(l).origin === origin && !l.startsWith(siteUrl)),
					rel
				).toEqual([]);
				expect(await violations(page), rel).toEqual([]);
				await page.close();
			}
			// Client-side navigation between the pages keeps the base too.
			const page = await context.newPage();
			await page.goto(siteUrl);
			await pageReady(page, '');
			await page.getByRole('link', { name: 'Wearables' }).click();
			await page.waitForURL(`${siteUrl}wearables/`);
			await pageReady(page, 'wearables/');
			expect(new URL(page.url()).pathname).toBe(`${base}/wearables/`);
			expect(await violations(page)).toEqual([]);
		} finally {
			await context.close();
		}
		expect(outside(requests, siteUrl)).toEqual([]);
		expect(requests.some((u) => u.endsWith('.wasm'))).toBe(true);
		if (headers) {
			// The workers and DuckDB's wasm ran under the host's policy, not only the pages.
			expect(fileCsp.size).toBeGreaterThan(5);
			expect([...fileCsp].filter(([, csp]) => csp !== STRICT_CSP)).toEqual([]);
		}
		expect(errors.filter((e) => !e.includes('Service Worker registration blocked'))).toEqual([]);
	});
});

describe(`offline after the first visit (the ${SUB_BASE}/ build)`, () => {
	let server: Awaited<ReturnType<typeof serveStatic>>;
	let context: BrowserContext;
	let profile: string;
	let firstVisit = { requests: 0, bytes: 0 };
	let next = '';

	beforeAll(async () => {
		server = await serveStatic({ root: SUB_BUILD_DIR, base: SUB_BASE, headers: hostHeaders });
		// A real profile (disk HTTP cache), as a visitor's browser has.
		profile = await mkdtemp(path.join(tmpdir(), 'hosting-test-'));
		context = await chromium.launchPersistentContext(profile, {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: CHROMIUM_ARGS
		});
	});
	afterAll(async () => {
		await context?.close();
		await server?.close();
		if (profile) await rm(profile, { recursive: true, force: true });
		if (next) await rm(next, { recursive: true, force: true });
	});

	const bytes = (log: { bytes: number }[]) => log.reduce((sum, r) => sum + r.bytes, 0);
	const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

	it('first visit: the service worker installs, caches the app and DuckDB, and takes control', async () => {
		expect(existsSync(path.join(SUB_BUILD_DIR, 'index.html')), SUB_MISSING).toBe(true);
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(server.url);
		await pageReady(page, '');
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
			timeout: 30_000
		});
		const scope = await page.evaluate(() =>
			navigator.serviceWorker.getRegistration().then((r) => r?.scope)
		);
		expect(scope).toBe(server.url);
		const cached = await page.evaluate(async () => {
			const out: string[] = [];
			for (const name of await caches.keys()) {
				for (const req of await (await caches.open(name)).keys())
					out.push(new URL(req.url).pathname);
			}
			return out;
		});
		expect(cached).toContain(`${SUB_BASE}/`);
		expect(cached).toContain(`${SUB_BASE}/wearables/`);
		// Every built file (the workers' chunks and assets too) but DuckDB's mvp bundle:
		// Chromium has wasm exceptions, so DuckDB picks the eh bundle.
		const built = filesOf(path.join(SUB_BUILD_DIR, '_app/immutable')).map(
			(f) => `${SUB_BASE}/_app/immutable/${f}`
		);
		expect(built.some((p) => p.includes('/workers/'))).toBe(true);
		const unused = (p: string) => /\/duckdb-(?:browser-)?mvp[.-]/.test(p);
		expect(built.filter((p) => !unused(p) && !cached.includes(p))).toEqual([]);
		expect(cached.filter(unused)).toEqual([]);
		expect(cached.filter((p) => /\/duckdb-eh\.[^/]*\.wasm$/.test(p))).toHaveLength(1);

		firstVisit = { requests: server.requests.length, bytes: bytes(server.requests) };
		// With the HTTP cache of a real profile, the service worker's copies are no second
		// download: no file (the 34 MB wasm included) came twice.
		const downloads = server.requests.filter((r) => r.status === 200).map((r) => r.path);
		expect(downloads.filter((p, i) => downloads.indexOf(p) !== i)).toEqual([]);
		expect(downloads.filter((p) => /\/duckdb-[^/]*\.wasm$/.test(p))).toHaveLength(1);
		expect(server.requests.every((r) => r.path.startsWith(`${SUB_BASE}/`))).toBe(true);
		console.log(
			`hosting: first visit ${firstVisit.requests} requests, ${mb(firstVisit.bytes)} (uncompressed)`
		);
	});

	it("repeat visit: nothing reaches the server but the browser's check for a new service worker", async () => {
		const before = server.requests.length;
		const page = await context.newPage();
		await page.goto(server.url);
		await pageReady(page, '');
		await page.goto(`${server.url}wearables/`);
		await pageReady(page, 'wearables/');
		await page.waitForTimeout(1500); // the browser's update check comes a moment after navigating
		const repeat = server.requests.slice(before);
		console.log(
			`hosting: repeat visit (both pages) ${repeat.length} requests, ${bytes(repeat)} bytes: ` +
				JSON.stringify(repeat.map((r) => `${r.status} ${r.path}`))
		);
		// The update check asks for the service worker's script only; unchanged, it is a 304.
		expect(repeat.filter((r) => r.path !== `${SUB_BASE}/service-worker.js`)).toEqual([]);
		expect(bytes(repeat)).toBe(0);
		await page.close();
	});

	it('offline: with the server gone, both pages still work (also with a query string)', async () => {
		await server.close();
		await context.setOffline(true);
		const page = await context.newPage();
		await page.goto(`${server.url}?res=weekly`);
		await pageReady(page, '');
		expect(await page.evaluate(() => navigator.onLine)).toBe(false);
		expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
		expect(Number(await page.getByTestId('chart').getAttribute('data-points'))).toBeGreaterThan(0);
		await page.getByRole('link', { name: 'Wearables' }).click();
		await page.waitForURL(`${server.url}wearables/`);
		await pageReady(page, 'wearables/');
		await page.reload();
		await pageReady(page, 'wearables/');
		expect(await page.getByTestId('result-row').count()).toBeGreaterThan(0);
		await page.close();
	});

	it("a new build's service worker takes over, reuses unchanged files and deletes the old cache", async () => {
		// The same build with another version name: a new deploy whose assets did not change.
		const { version } = JSON.parse(
			readFileSync(path.join(SUB_BUILD_DIR, '_app/version.json'), 'utf8')
		) as { version: string };
		next = await mkdtemp(path.join(tmpdir(), 'hosting-next-'));
		await cp(SUB_BUILD_DIR, next, { recursive: true });
		const swFile = path.join(next, 'service-worker.js');
		const script = readFileSync(swFile, 'utf8');
		expect(script).toContain(version);
		await writeFile(swFile, script.replaceAll(version, `${version}-next`));
		const port = Number(new URL(server.url).port);
		server = await serveStatic({ root: next, base: SUB_BASE, port, headers: hostHeaders });
		await context.setOffline(false);

		const page = await context.newPage();
		await page.goto(server.url);
		await pageReady(page, '');
		await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
		await page.waitForFunction(
			(v) => caches.keys().then((k) => k.length === 1 && k[0].endsWith(`${v}-next`)),
			version,
			{ timeout: 30_000, polling: 200 }
		);
		// Only the pages and the worker's script were asked for again: no built file.
		const asked = server.requests.map((r) => `${r.status} ${r.path}`);
		expect(asked).toContain(`200 ${SUB_BASE}/service-worker.js`);
		expect(asked.filter((p) => p.includes('/_app/immutable/'))).toEqual([]);
		// The page still works under the new worker. Wait for the chart, not for `load`:
		// on a loaded 2-core machine `load` came after Playwright's 30 s once in CI.
		await page.reload({ waitUntil: 'commit', timeout: 60_000 });
		await pageReady(page, '');
		await page.close();
	});
});

describe('heavy parts load lazily', () => {
	/** The scripts and styles a page's HTML loads up front (links and the bootstrap's imports). */
	function initialFiles(dir: string, rel: string): string[] {
		const html = readFileSync(path.join(dir, rel, 'index.html'), 'utf8');
		const refs = [...html.matchAll(/(?:href=|import\()"([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
		return [...new Set(refs)].map((r) => path.join(dir, rel, r));
	}
	/** DuckDB's browser bundle embeds its package name; Arrow's IPC code names its magic bytes. */
	const DUCKDB = '@duckdb/duckdb-wasm';
	const ARROW = 'ARROW1';

	it('no page loads DuckDB or Arrow up front, and lazy chunks have them', () => {
		const lazyJs = readdirSync(path.join(BUILD_DIR, '_app/immutable/chunks')).map((f) =>
			readFileSync(path.join(BUILD_DIR, '_app/immutable/chunks', f), 'utf8')
		);
		expect(lazyJs.some((s) => s.includes(DUCKDB))).toBe(true);
		expect(lazyJs.some((s) => s.includes(ARROW))).toBe(true);
		for (const rel of pagesOf(BUILD_DIR)) {
			const files = initialFiles(BUILD_DIR, rel);
			expect(files.length, rel).toBeGreaterThan(3);
			let gzip = 0;
			for (const f of files) {
				const text = readFileSync(f);
				expect(text.includes(DUCKDB), `${rel}: ${f}`).toBe(false);
				expect(text.includes(ARROW), `${rel}: ${f}`).toBe(false);
				gzip += gzipSync(text).length;
			}
			console.log(
				`hosting: page /${rel} loads ${files.length} files up front, ${(gzip / 1024).toFixed(1)} KB gzip`
			);
			// The first chart waits for these: keep them small (DuckDB's JS alone is ~45 KB gzip).
			expect(gzip, rel).toBeLessThan(150 * 1024);
		}
	});
});
