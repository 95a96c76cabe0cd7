/**
 * The wearables page's address on the built static site, in Debian's Chromium: a view set
 * with the controls (mode, sort, filter, a selected device-day, a parameter) is in the
 * copied link, and a fresh browser opening it shows the same rows and device-day; Back and
 * Forward step through views; a tampered link is reported as text and the defaults are
 * used; a link of dropped files asks for them, names a different file, and restores the
 * view once the right files are dropped. Nothing is fetched from another origin.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch } from './browser';
import { COALESCE_MS } from '../../src/lib/state/wearables-link';

const FD2S = path.resolve('test/fixtures/fd2s');
let browser: Browser;
const foreignRequests: string[] = [];
const consoleErrors: string[] = [];
const contexts: BrowserContext[] = [];
const pageUrl = (query = '') => new URL(`wearables/${query}`, inject('siteUrl')).href;

beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	for (const c of contexts) await c.close().catch(() => {});
	await browser?.close();
	expect(foreignRequests).toEqual([]);
	expect(consoleErrors).toEqual([]);
});

/** A page in a fresh context that records foreign requests and console errors. */
async function freshPage(options: { clipboard?: boolean } = {}) {
	const context = await browser.newContext({
		acceptDownloads: true,
		permissions: options.clipboard ? ['clipboard-read', 'clipboard-write'] : []
	});
	contexts.push(context);
	const page = await context.newPage();
	const origin = new URL(inject('siteUrl')).origin;
	page.on('request', (req) => {
		const url = req.url();
		if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
			foreignRequests.push(url);
		}
	});
	page.on('console', (msg) => {
		if (msg.type() === 'error') consoleErrors.push(msg.text());
	});
	page.on('pageerror', (err) => consoleErrors.push(String(err)));
	return page;
}

async function resultsReady(p: Page) {
	await p.waitForSelector('[data-testid="results-table"][data-ready="true"]', { timeout: 45_000 });
	await p.waitForSelector('[data-testid="detect-status"][data-state="ready"]', { timeout: 45_000 });
}

const query = (p: Page) => new URL(p.url()).search;

/** The rows the table shows: key, status and flags, in order. */
const shownRows = (p: Page) =>
	p.$$eval('[data-testid="result-row"]', (rows) =>
		rows.map((r) => {
			const d = (r as HTMLElement).dataset;
			return `${d.key} ${d.status} ${d.flags}`;
		})
	);

/** One view change, then a pause longer than the coalescing window: its own history entry. */
async function change(p: Page, act: () => Promise<unknown>) {
	await act();
	await resultsReady(p);
	await p.waitForTimeout(COALESCE_MS + 100);
}

const dayView = (p: Page) => p.getByTestId('day-view').getAttribute('data-key');

describe('the wearables page’s address', () => {
	it('opens a copied link in a fresh browser on the same view and rows', async () => {
		const page = await freshPage({ clipboard: true });
		await page.goto(pageUrl());
		await resultsReady(page);
		expect(query(page)).toBe('');

		await change(page, () => page.getByRole('radio', { name: 'Original' }).check());
		await change(page, () => page.locator('button[data-column="temp_avg_cents"]').click());
		await change(page, () => page.locator('button[data-column="temp_avg_cents"]').click());
		await change(page, () => page.getByTestId('row-filter').fill('device_01'));
		await change(page, () =>
			page.getByRole('button', { name: 'Show the signals of device_012 on 2021-02-03' }).click()
		);
		await page.getByLabel(/Band width k/).fill('2.5');
		await expect.poll(() => query(page), { timeout: 10_000 }).toContain('temperature.k=2.5');
		await resultsReady(page);
		expect(query(page)).toBe(
			'?v=1&mode=original&temperature.k=2.5&device=device_012&day=2021-02-03&sort=-tempAvg&q=device_01'
		);
		await page.waitForSelector('[data-testid="day-view"][data-ready="true"]');
		const rows = await shownRows(page);
		expect(rows.length).toBeGreaterThan(3);

		await page.getByTestId('copy-link').click();
		await expect.poll(() => page.getByTestId('copy-link-status').textContent()).toBe('Copied');
		const link = await page.evaluate(() => navigator.clipboard.readText());
		expect(link).toBe(page.url());

		const other = await freshPage();
		await other.goto(link);
		await resultsReady(other);
		expect(await shownRows(other)).toEqual(rows);
		expect(await other.getByTestId('results-table').getAttribute('data-mode')).toBe('original');
		expect(await other.getByRole('radio', { name: 'Original' }).isChecked()).toBe(true);
		expect(await other.getByTestId('row-filter').inputValue()).toBe('device_01');
		expect(await other.getByLabel(/Band width k/).inputValue()).toBe('2.5');
		await expect.poll(() => dayView(other)).toBe('demo:2021-02-03/device_012');
		expect(other.url()).toBe(link);
		expect(await other.getByTestId('url-problems').count()).toBe(0);
	});

	it('steps through views with Back and Forward', async () => {
		const page = await freshPage();
		await page.goto(pageUrl());
		await resultsReady(page);
		const first = await shownRows(page);
		await change(page, () => page.getByTestId('faulty-only').check());
		const faulty = await shownRows(page);
		await change(page, () => page.locator('button[data-column="device"]').click());
		await page.getByTestId('view-compare').click();
		await page.getByTestId('compare-row').first().waitFor();
		expect(query(page)).toBe('?v=1&sort=device&faulty=1&compare=1');

		await page.goBack();
		await expect.poll(() => query(page)).toBe('?v=1&sort=device&faulty=1');
		await expect.poll(() => page.getByTestId('results-table').count()).toBe(1);
		await page.goBack();
		await expect.poll(() => query(page)).toBe('?v=1&faulty=1');
		await expect.poll(() => shownRows(page)).toEqual(faulty);
		await page.goBack();
		await expect.poll(() => query(page)).toBe('');
		await expect.poll(() => shownRows(page)).toEqual(first);
		expect(await page.getByTestId('faulty-only').isChecked()).toBe(false);
		await page.goForward();
		await expect.poll(() => shownRows(page)).toEqual(faulty);
		expect(await page.getByTestId('faulty-only').isChecked()).toBe(true);
	});

	it('reports a tampered link as text and uses the defaults', async () => {
		const page = await freshPage();
		await page.goto(
			pageUrl(
				'?v=1&mode=<img src=x onerror=alert(1)>&temperature.window=0&device=device_999&day=2021-02-04&sort=nope'
			)
		);
		await resultsReady(page);
		const problems = page.getByTestId('url-problem');
		await expect.poll(() => problems.count()).toBe(4);
		const text = (await problems.allTextContents()).join('\n');
		expect(text).toMatch(/^mode="\\u003cimg src=x onerror=alert\(1\)\\u003e": must be/m);
		expect(text).toMatch(/temperature\.window="0"/);
		expect(text).toMatch(/sort="nope"/);
		expect(text).toMatch(/device="device_999", day="2021-02-04": not in the data/);
		expect(await page.locator('img[src="x"]').count()).toBe(0);
		expect(await page.getByTestId('results-table').getAttribute('data-mode')).toBe('wear-aware');
		expect(await page.getByLabel(/Rolling window/).inputValue()).toBe('1200');
		await expect.poll(() => dayView(page)).toBe('demo:2021-02-04/device_007');
		expect(query(page)).toBe('');
		await page.getByTestId('url-problems-dismiss').click();
		expect(await page.getByTestId('url-problems').count()).toBe(0);
	});

	it('asks for the files of a shared view, names a different one and restores the view', async () => {
		const page = await freshPage();
		await page.goto(pageUrl());
		await resultsReady(page);
		await page.getByTestId('folder-input').setInputFiles(FD2S);
		await page.waitForSelector('[data-testid="result-row"][data-device="device_015"]', {
			timeout: 45_000
		});
		await resultsReady(page);
		await expect.poll(() => query(page), { timeout: 10_000 }).toContain('src=files');
		// a link of files holds the files only: the view is of them alone
		await page.getByTestId('remove-demo').click();
		await resultsReady(page);
		await change(page, () =>
			page
				.locator('[data-testid="result-row"][data-key="files:original:fd2s/2021/02/04/device_015"]')
				.getByRole('button')
				.click()
		);
		await change(page, () => page.getByRole('radio', { name: 'Original' }).check());
		const link = page.url();
		const q = new URL(link).searchParams;
		const files = (q.get('files') ?? '').split('*').map((f) => f.split('~'));
		expect(files.map((f) => f[0]).sort()).toEqual([
			'fd2s/2021/02/04/device_015/on_wrist.csv',
			'fd2s/2021/02/04/device_015/ppg_green.csv',
			'fd2s/2021/02/04/device_015/temperature.csv'
		]);
		expect(files.every((f) => /^[0-9a-f]{16}$/.test(f[2]))).toBe(true);
		expect(q.get('device')).toBe('device_015');

		const other = await freshPage();
		await other.goto(link);
		const request = other.getByTestId('file-request');
		await request.waitFor();
		const status = () =>
			other.$$eval('[data-testid="file-check"]', (rows) =>
				rows.map((r) => `${(r as HTMLElement).dataset.name} ${(r as HTMLElement).dataset.status}`)
			);
		expect((await status()).every((s) => s.endsWith(' missing'))).toBe(true);
		expect(await other.getByTestId('result-row').count()).toBe(0);

		// a temperature.csv with other content is named as different and not used
		await other.getByTestId('file-input').setInputFiles({
			name: 'temperature.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from('3400\n3401\n3402\n')
		});
		await expect.poll(status).toContain('fd2s/2021/02/04/device_015/temperature.csv different');
		expect(await request.textContent()).toMatch(/temperature\.csv has 15 bytes instead of/);
		expect(await other.getByTestId('file-request-held').textContent()).toMatch(
			/1\s+dropped file is not part/
		);
		expect(await other.getByTestId('result-row').count()).toBe(0);

		await other.getByTestId('folder-input').setInputFiles(FD2S);
		await expect
			.poll(() => request.getAttribute('data-complete'), { timeout: 30_000 })
			.toBe('true');
		await resultsReady(other);
		expect(await shownRows(other)).toEqual(await shownRows(page));
		expect(await other.getByRole('radio', { name: 'Original' }).isChecked()).toBe(true);
		await expect.poll(() => dayView(other)).toBe('files:original:fd2s/2021/02/04/device_015');
		expect(other.url()).toBe(link);
		expect(await other.getByTestId('url-problems').count()).toBe(0);
	});
});
