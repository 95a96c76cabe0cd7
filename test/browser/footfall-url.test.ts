/**
 * The footfall explorer's address on the built static site, in Debian's Chromium: a view
 * set with the controls is in the copied link and a fresh browser opening that link shows
 * the same rows; Back and Forward step through views (and through runs of the
 * simulation form); a tampered link is reported as text and the defaults are used; a
 * version-0 link is migrated; nothing is fetched from another origin and nothing is
 * logged as an error.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch } from './browser';
import { COALESCE_MS } from '../../src/lib/state/footfall.svelte';

let browser: Browser;
const siteUrl = () => inject('siteUrl');
const foreignRequests: string[] = [];
const consoleErrors: string[] = [];
const dialogs: string[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	for (const c of contexts) await c.close().catch(() => {});
	await browser?.close();
});

/**
 * A page in a fresh browser context (no shared storage, cache or history) that records
 * requests to other origins, console errors, uncaught errors and dialogs.
 */
async function freshPage(options: { clipboard?: boolean; noClipboardApi?: boolean } = {}) {
	const context = await browser.newContext({
		acceptDownloads: true,
		permissions: options.clipboard ? ['clipboard-read', 'clipboard-write'] : []
	});
	contexts.push(context);
	if (options.noClipboardApi) {
		await context.addInitScript(() =>
			Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined })
		);
	}
	const page = await context.newPage();
	const origin = new URL(siteUrl()).origin;
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
	page.on('dialog', (d) => {
		dialogs.push(`${d.type()}: ${d.message()}`);
		void d.dismiss();
	});
	return page;
}

const chart = (p: Page) => p.getByTestId('chart');
const points = async (p: Page) => Number(await chart(p).getAttribute('data-points'));
const query = (p: Page) => new URL(p.url()).search;

/** Waits until the chart and the heatmap show the answer to the latest view change. */
/**
 * Waits until the chart shows the latest view with the health check of the data done
 * (the rows then carry their imputed totals: two pages compare equal only then).
 */
async function chartReady(p: Page) {
	await p.waitForSelector('[data-testid="status"][data-health="ready"]', { timeout: 30_000 });
	await p.waitForSelector('[data-testid="chart"][data-ready="true"]', { timeout: 30_000 });
	await p.waitForSelector('[data-testid="status"][data-querying="false"]', { timeout: 30_000 });
}

/** One view change, then a pause longer than the coalescing window: its own history entry. */
async function change(p: Page, act: () => Promise<unknown>) {
	await act();
	await chartReady(p);
	await p.waitForTimeout(COALESCE_MS + 100);
}

/** What the controls say. */
async function controls(p: Page) {
	const checked = async (role: 'radio' | 'checkbox', name: string) =>
		p.getByRole(role, { name, exact: true }).isChecked();
	const resolution: string[] = [];
	for (const r of ['Hourly', 'Daily', 'Weekly', 'Monthly']) {
		if (await checked('radio', r)) resolution.push(r);
	}
	const days: string[] = [];
	for (const d of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
		if (await checked('checkbox', d)) days.push(d.slice(0, 3));
	}
	const hourly = resolution[0] === 'Hourly';
	return {
		store: await p.getByTestId('store').inputValue(),
		sensor: await p.getByTestId('sensor').inputValue(),
		resolution: resolution.join(),
		days: days.join(),
		from: await p.getByTestId('date-from').inputValue(),
		to: await p.getByTestId('date-to').inputValue(),
		hours: hourly
			? `${await p.getByTestId('hour-from').inputValue()}-${await p.getByTestId('hour-to').inputValue()}`
			: null
	};
}

/** The rows behind the chart, as the CSV download has them. */
async function csv(p: Page): Promise<string> {
	const [download] = await Promise.all([
		p.waitForEvent('download'),
		p.getByTestId('download-csv').click()
	]);
	return readFile(await download.path(), 'utf8');
}

/** The rows table's first page, as text. */
const tableText = (p: Page) => p.getByTestId('rows-table').locator('tbody').innerText();

const DEFAULT_CONTROLS = {
	store: 'Madrid',
	sensor: '',
	resolution: 'Daily',
	days: 'Mon,Tue,Wed,Thu,Fri,Sat',
	from: '2024-07-01',
	to: '2024-08-07',
	hours: null
};

describe('the footfall explorer’s address', () => {
	it('opens a copied link in a fresh browser on the same view and the same rows', async () => {
		const page = await freshPage({ clipboard: true });
		await page.goto(siteUrl());
		await chartReady(page);
		expect(query(page)).toBe('');
		expect(await page.getByTestId('url-problems').count()).toBe(0);

		await page.getByTestId('store').selectOption('Paris');
		await chartReady(page);
		await page.getByTestId('sensor').selectOption({ label: 'Sensor 12' });
		await chartReady(page);
		await page.getByRole('radio', { name: 'Hourly' }).check();
		await chartReady(page);
		await page.getByRole('checkbox', { name: 'Sunday' }).check();
		await chartReady(page);
		await page.getByTestId('date-from').fill('2024-07-08');
		await page.getByTestId('date-to').fill('2024-07-14');
		await page.getByTestId('hour-from').fill('8');
		await page.getByTestId('hour-to').fill('17');
		await page.getByTestId('hour-to').press('Tab'); // a number field commits on leaving it
		await expect.poll(() => points(page), { timeout: 30_000 }).toBe(7 * 10);
		await chartReady(page);
		const wanted =
			'?v=1&store=Paris&sensor=12&res=hourly&days=1234567&from=2024-07-08&to=2024-07-14&hours=8-17';
		expect(query(page)).toBe(wanted);

		await page.getByTestId('copy-link').click();
		await expect.poll(() => page.getByTestId('copy-link-status').textContent()).toBe('Copied');
		const link = await page.evaluate(() => navigator.clipboard.readText());
		expect(link).toBe(page.url());
		const shownControls = await controls(page);
		expect(shownControls).toEqual({
			store: 'Paris',
			sensor: '12',
			resolution: 'Hourly',
			days: 'Mon,Tue,Wed,Thu,Fri,Sat,Sun',
			from: '2024-07-08',
			to: '2024-07-14',
			hours: '8-17'
		});
		const shownCsv = await csv(page);
		const shownTable = await tableText(page);
		expect(shownCsv.trimEnd().split('\r\n')).toHaveLength(1 + 70);

		const other = await freshPage();
		await other.goto(link);
		await chartReady(other);
		expect(await points(other)).toBe(70);
		expect(await controls(other)).toEqual(shownControls);
		expect(await other.getByTestId('rows-table').getAttribute('data-rows')).toBe('70');
		expect(await tableText(other)).toBe(shownTable);
		expect(await csv(other)).toBe(shownCsv);
		expect(other.url()).toBe(link); // already canonical: left as it was
		expect(await other.getByTestId('url-problems').count()).toBe(0);
	});

	it('steps through views with Back and Forward', async () => {
		const page = await freshPage();
		await page.goto(siteUrl());
		await chartReady(page);
		await change(page, () => page.getByTestId('store').selectOption('Paris'));
		await change(page, () => page.getByTestId('sensor').selectOption({ label: 'Sensor 12' }));
		await change(page, () => page.getByRole('radio', { name: 'Weekly' }).check());
		expect(query(page)).toBe('?v=1&store=Paris&sensor=12&res=weekly');
		expect(await points(page)).toBe(6);

		await page.goBack();
		await expect.poll(() => query(page)).toBe('?v=1&store=Paris&sensor=12');
		await expect.poll(() => points(page), { timeout: 30_000 }).toBe(33);
		await chartReady(page);
		expect(await controls(page)).toEqual({ ...DEFAULT_CONTROLS, store: 'Paris', sensor: '12' });

		await page.goBack();
		await page.goBack();
		await expect.poll(() => query(page)).toBe('');
		await expect.poll(async () => (await controls(page)).store).toBe('Madrid');
		await chartReady(page);
		expect(await controls(page)).toEqual(DEFAULT_CONTROLS);
		expect(await points(page)).toBe(33);

		await page.goForward();
		await page.goForward();
		await page.goForward();
		await expect.poll(() => query(page)).toBe('?v=1&store=Paris&sensor=12&res=weekly');
		await expect.poll(() => points(page), { timeout: 30_000 }).toBe(6);
		await chartReady(page);
		expect(await controls(page)).toEqual({
			...DEFAULT_CONTROLS,
			store: 'Paris',
			sensor: '12',
			resolution: 'Weekly'
		});
	});

	it('steps back over a run of the simulation form, and back after a reload', async () => {
		const page = await freshPage();
		await page.goto(siteUrl());
		await chartReady(page);
		await change(page, () => page.getByTestId('store').selectOption('Berlin'));
		await page.getByTestId('sim-end').fill('2024-07-21');
		await page.getByTestId('run-simulation').click();
		await expect
			.poll(() => query(page), { timeout: 30_000 })
			.toBe('?v=1&end=2024-07-21&store=Berlin');
		await chartReady(page);
		expect(await points(page)).toBe(18); // Mon-Sat of 2024-07-01..21
		expect((await controls(page)).to).toBe('2024-07-21');

		await page.goBack();
		await expect.poll(() => query(page)).toBe('?v=1&store=Berlin');
		await expect.poll(() => points(page), { timeout: 30_000 }).toBe(33);
		await chartReady(page);
		expect((await controls(page)).to).toBe('2024-08-07');
		expect(await page.getByTestId('sim-end').inputValue()).toBe('2024-08-07'); // the form too

		// A reload starts the page over on the same entry; Back still steps through views.
		await page.reload();
		await chartReady(page);
		expect(await controls(page)).toEqual({ ...DEFAULT_CONTROLS, store: 'Berlin' });
		await page.goBack();
		await expect.poll(() => query(page)).toBe('');
		await expect.poll(async () => (await controls(page)).store).toBe('Madrid');
		await chartReady(page);
		expect(await points(page)).toBe(33);
		await page.goForward();
		await page.goForward();
		await expect.poll(() => query(page)).toBe('?v=1&end=2024-07-21&store=Berlin');
		await expect.poll(() => points(page), { timeout: 30_000 }).toBe(18);
		await chartReady(page);
	});

	it('returns to the same view after visiting the wearables page', async () => {
		const page = await freshPage();
		await page.goto(`${siteUrl()}?v=1&store=Roma&res=weekly`);
		await chartReady(page);
		await change(page, () => page.getByTestId('sensor').selectOption({ label: 'Sensor 2' }));
		await page.getByRole('link', { name: 'Wearables', exact: true }).click();
		await page.waitForURL(/\/wearables\/?$/);
		await page.goBack();
		await expect.poll(() => query(page)).toBe('?v=1&store=Roma&sensor=2&res=weekly');
		await chartReady(page);
		expect(await controls(page)).toEqual({
			...DEFAULT_CONTROLS,
			store: 'Roma',
			sensor: '2',
			resolution: 'Weekly'
		});
	});

	it('reports a tampered link as text, runs nothing from it, and uses the defaults', async () => {
		const page = await freshPage();
		const tampered = `${siteUrl()}?v=1&store=<script>alert(1)</script>&sensor=999&res=yearly&hours=30-2`;
		await page.goto(tampered);
		await chartReady(page);
		const notice = page.getByTestId('url-problems');
		await notice.waitFor();
		expect(await notice.getAttribute('role')).toBe('alert');
		const problems = await notice.getByTestId('url-problem').allTextContents();
		expect(problems).toHaveLength(4);
		expect(problems[0]).toMatch(/^store="\\u003cscript\\u003ealert\(1\)\\u003c\/script\\u003e": /);
		expect(problems[1]).toMatch(/^sensor="999": /);
		expect(problems[2]).toMatch(/^res="yearly": /);
		expect(problems[3]).toMatch(/^hours="30-2": /);
		expect(
			await page.locator('body script').evaluateAll((s) => s.map((e) => e.textContent))
		).not.toContainEqual(expect.stringContaining('alert(1)'));
		expect(await notice.locator('*:not(p, ul, li, button, span)').count()).toBe(0);
		expect(dialogs).toEqual([]);

		expect(await controls(page)).toEqual(DEFAULT_CONTROLS);
		expect(await points(page)).toBe(33);
		expect(page.url()).toBe(new URL(siteUrl()).href); // rewritten to the bare path
		await page.getByRole('button', { name: 'Dismiss the problems with this link' }).click();
		expect(await notice.count()).toBe(0);
	});

	it('migrates a version-0 link and rewrites it in place', async () => {
		const page = await freshPage();
		await page.goto(`${siteUrl()}?resolution=hourly&store=Paris`);
		await chartReady(page);
		expect(query(page)).toBe('?v=1&store=Paris&res=hourly');
		expect(await controls(page)).toEqual({
			...DEFAULT_CONTROLS,
			store: 'Paris',
			resolution: 'Hourly',
			hours: '0-23'
		});
		expect(await points(page)).toBe(33 * 24);
		expect(await page.getByTestId('url-problems').count()).toBe(0);
		// Rewritten in place: Back leaves the site instead of landing on the old link.
		await page.goBack();
		expect(page.url()).toBe('about:blank');
	});

	it('shows the link to copy by hand where there is no clipboard', async () => {
		const page = await freshPage({ noClipboardApi: true });
		await page.goto(`${siteUrl()}?v=1&store=London`);
		await chartReady(page);
		await page.getByRole('button', { name: 'Copy link' }).click();
		const field = page.getByTestId('copy-link-field');
		await field.waitFor();
		expect(await field.inputValue()).toBe(page.url());
		expect(await field.evaluate((e) => e === document.activeElement)).toBe(true);
		expect(await field.evaluate((e: HTMLInputElement) => e.selectionEnd! - e.selectionStart!)).toBe(
			page.url().length
		);
		expect(await page.getByTestId('copy-link-status').textContent()).toBe('');
		// The field goes away when the view, and so the link, changes.
		await page.getByRole('radio', { name: 'Monthly' }).check();
		await chartReady(page);
		expect(await field.count()).toBe(0);
	});

	it('keeps the table sort and the hidden chart layers in the link, and Back restores them', async () => {
		const page = await freshPage({ clipboard: true });
		await page.goto(siteUrl());
		await chartReady(page);
		const table = page.getByTestId('rows-table');
		const visitsHeader = table.locator('th:has(button[data-column="visits"])');
		const baselineBox = page.locator('input[data-layer="baseline"]');
		const baselineLine = chart(page).locator('g[data-layer="baseline"]');
		const timeOrderTable = await tableText(page);
		const timeOrderCsv = await csv(page);
		expect(await baselineLine.count()).toBe(1);

		// Visits, largest first: a first click on a count sorts it descending.
		await table.locator('button[data-column="visits"]').click();
		await expect.poll(() => query(page)).toBe('?v=1&sort=-visits');
		expect(await visitsHeader.getAttribute('aria-sort')).toBe('descending');
		await page.waitForTimeout(COALESCE_MS + 100);
		await baselineBox.uncheck();
		await expect.poll(() => query(page)).toBe('?v=1&sort=-visits&hide=baseline');
		expect(await baselineLine.count()).toBe(0);
		expect(await chart(page).getAttribute('data-hidden')).toBe('baseline');
		// The SVG download shows what is drawn: the visits, no dashed baseline.
		const [svgDownload] = await Promise.all([
			page.waitForEvent('download'),
			chart(page).getByTestId('export-svg').click()
		]);
		const svg = await readFile(await svgDownload.path(), 'utf8');
		expect(svg).toContain('<path');
		expect(svg).not.toContain('stroke-dasharray="5 4"');

		const visits = (await table
			.locator('tbody tr')
			.evaluateAll((rows) =>
				rows.map((r) => Number(r.querySelectorAll('td')[0].textContent!.replace(/\D/g, '')))
			)) as number[];
		expect(visits).toHaveLength(33);
		expect(visits).toEqual([...visits].sort((a, b) => b - a));
		const sortedTable = await tableText(page);
		expect(sortedTable).not.toBe(timeOrderTable);
		// The downloads keep time order, and say so.
		expect(await page.getByTestId('download-order').textContent()).toContain('time order');
		expect(await csv(page)).toBe(timeOrderCsv);

		await page.getByTestId('copy-link').click();
		await expect.poll(() => page.getByTestId('copy-link-status').textContent()).toBe('Copied');
		const link = await page.evaluate(() => navigator.clipboard.readText());
		expect(link).toBe(page.url());

		const other = await freshPage();
		await other.goto(link);
		await chartReady(other);
		const otherTable = other.getByTestId('rows-table');
		expect(await otherTable.getAttribute('data-sort')).toBe('-visits');
		expect(await tableText(other)).toBe(sortedTable);
		expect(await chart(other).locator('g[data-layer="baseline"]').count()).toBe(0);
		expect(await other.locator('input[data-layer="baseline"]').isChecked()).toBe(false);
		expect(await chart(other).locator('g[data-layer="markers"]').count()).toBe(1);
		expect(other.url()).toBe(link);
		expect(await other.getByTestId('url-problems').count()).toBe(0);

		// Back: the baseline again, still sorted; Back again: time order.
		await page.goBack();
		await expect.poll(() => query(page)).toBe('?v=1&sort=-visits');
		await expect.poll(() => baselineLine.count()).toBe(1);
		expect(await baselineBox.isChecked()).toBe(true);
		expect(await tableText(page)).toBe(sortedTable);
		await page.goBack();
		await expect.poll(() => query(page)).toBe('');
		await expect.poll(() => table.getAttribute('data-sort')).toBe('time');
		expect(await visitsHeader.getAttribute('aria-sort')).toBe('none');
		expect(await tableText(page)).toBe(timeOrderTable);
		await page.goForward();
		await expect.poll(() => table.getAttribute('data-sort')).toBe('-visits');
		expect(await tableText(page)).toBe(sortedTable);
	});

	it('made no request to another origin, opened no dialog and logged no error', () => {
		expect(foreignRequests).toEqual([]);
		expect(dialogs).toEqual([]);
		expect(consoleErrors).toEqual([]);
	});
});
