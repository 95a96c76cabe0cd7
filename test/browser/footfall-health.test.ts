/**
 * Footfall health on the built site, in Debian's Chromium (issue 5): a rich simulation
 * with a sensor outage planted -> its "sensor down" alert -> the alert's link shows the
 * view with the failed readings; the imputed totals are in the chart, the table and the
 * CSV, never below the raw ones; the trends panel draws, weekly and monthly; the
 * original's counter file dropped among a bad file loads (the bad one named) and a link
 * to it asks for the file again in a fresh browser. The alerts panel's filter is in the
 * address: a filtered list survives "Copy link" into a fresh browser.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, openPage } from './browser';
import {
	TRUTH_OUTAGE,
	TRUTH_STUCK,
	defaultSimulation,
	type SimulationParams
} from '../../src/lib/domain/footfall';
import { formatHour, simulate } from '../../src/lib/simulation/footfall';
import { defaultRich } from '../../src/lib/simulation/rich-params';
import { defaultFootfallState, footfallQuery } from '../../src/lib/url-state';

const FIXTURE = 'test/fixtures/sensors-and-more/dat-excerpt.csv';

/** The demo's stores, rich, eight weeks; Berlin's sensors fail for days at a time. */
function plantedSimulation(): SimulationParams {
	const sim = defaultSimulation();
	return {
		...sim,
		model: 'rich',
		start: '2024-06-03',
		end: '2024-07-28',
		stores: sim.stores.map((s) =>
			s.name === 'Berlin'
				? { ...s, rich: { ...defaultRich(s), outagesPerYear: 25, outageHours: 40 } }
				: s
		)
	};
}

interface Outage {
	sensor: number;
	/** `YYYY-MM-DDTHH:mm` of the outage's failed open hours (-1 readings). */
	failedHours: string[];
}

/** Berlin's planted outages (reading -1, not stuck at 0) with at least 3 failed open hours. */
function plantedOutages(params: SimulationParams): Outage[] {
	const cols = simulate(params);
	const berlin = params.stores.findIndex((s) => s.name === 'Berlin');
	const runs: Outage[] = [];
	let run: Outage | null = null;
	let last = -2;
	for (let i = 0; i < cols.length; i++) {
		if (cols.store[i] !== berlin) continue;
		const t = cols.truth[i];
		const planted = (t & TRUTH_OUTAGE) !== 0 && (t & TRUTH_STUCK) === 0;
		if (!planted || !run || run.sensor !== cols.sensor[i] || cols.hour[i] !== last + 1) {
			if (run && run.failedHours.length >= 3) runs.push(run);
			run = planted ? { sensor: cols.sensor[i], failedHours: [] } : null;
		}
		if (!planted) continue;
		last = cols.hour[i];
		const hod = ((cols.hour[i] % 24) + 24) % 24;
		const sunday = (Math.floor(cols.hour[i] / 24) + 4) % 7 === 0; // day 0 was a Thursday
		if (cols.count[i] === -1 && hod >= 8 && hod < 18 && !sunday) {
			run!.failedHours.push(formatHour(cols.hour[i]));
		}
	}
	if (run && run.failedHours.length >= 3) runs.push(run);
	return runs;
}

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(() => browser?.close());

async function chartReady(p: Page) {
	await p.waitForSelector('[data-testid="chart"][data-ready="true"]', { timeout: 60_000 });
	await p.waitForSelector('[data-testid="status"][data-querying="false"]', { timeout: 60_000 });
}

async function healthReady(p: Page) {
	await p.waitForSelector('[data-testid="status"][data-health="ready"]', { timeout: 60_000 });
	await chartReady(p);
}

/** The CSV behind the chart as rows of named cells. */
async function downloadCsv(p: Page): Promise<Record<string, string>[]> {
	const [download] = await Promise.all([
		p.waitForEvent('download'),
		p.getByTestId('download-csv').click()
	]);
	const csv = await readFile(await download.path(), 'utf8');
	const [header, ...lines] = csv.trimEnd().split('\r\n');
	const names = header.split(',');
	return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
}

describe('a rich simulation with an outage planted', () => {
	const params = plantedSimulation();
	const outages = plantedOutages(params);
	let page: Page;
	let context: BrowserContext;
	let foreignRequests: string[];
	let consoleErrors: string[];

	beforeAll(async () => {
		({ page, context, foreignRequests, consoleErrors } = await openPage(
			browser,
			inject('siteUrl')
		));
		const q = footfallQuery(defaultFootfallState(params));
		await page.goto(`${inject('siteUrl')}?${q}`);
		await healthReady(page);
	});

	it('plants outages that fail for hours (the premise of this test)', () => {
		expect(outages.length).toBeGreaterThan(0);
	});

	it("lists the outage's sensor-down alert and opens the view of its failed readings", async () => {
		const alerts = page.getByTestId('alert');
		expect(await alerts.count()).toBeGreaterThan(0);
		await page.getByTestId('alert-kind').selectOption('sensor-down');
		await page.getByTestId('alert-store').selectOption('Berlin');
		const kinds = await alerts.evaluateAll((els) =>
			els.map((e) => `${e.getAttribute('data-kind')} ${e.getAttribute('data-store')}`)
		);
		expect(new Set(kinds)).toEqual(new Set(['sensor-down Berlin']));

		// An alert whose link covers a planted outage of its sensor.
		const links = await page.getByTestId('alert-link').evaluateAll((els) =>
			els.map((e) => ({
				href: e.getAttribute('href') ?? '',
				sensor: e.closest('[data-testid="alert"]')?.getAttribute('data-sensor') ?? ''
			}))
		);
		const match = links
			.map((l, index) => {
				const q = new URLSearchParams(l.href.replace(/^\?/, ''));
				const from = q.get('from') ?? params.start;
				const to = q.get('to') ?? params.end;
				const outage = outages.find(
					(o) =>
						String(o.sensor) === l.sensor &&
						o.failedHours.some((h) => h.slice(0, 10) >= from && h.slice(0, 10) <= to)
				);
				return { index, from, to, outage };
			})
			.find((m) => m.outage);
		expect(match).toBeDefined();
		const { index, from, to, outage } = match!;

		await page.getByTestId('alert-link').nth(index).click();
		await chartReady(page);
		const shown = JSON.parse((await page.getByTestId('explorer').getAttribute('data-shown-view'))!);
		expect(shown).toMatchObject({ store: 'Berlin', sensor: outage!.sensor, from, to });
		const search = new URLSearchParams(new URL(page.url()).search);
		expect(search.get('store')).toBe('Berlin');
		expect(search.get('sensor')).toBe(String(outage!.sensor));

		const rows = await downloadCsv(page);
		const inView = outage!.failedHours.filter(
			(h) => h.slice(0, 10) >= from && h.slice(0, 10) <= to
		);
		expect(inView.length).toBeGreaterThan(0);
		const perDay = new Map<string, number>();
		for (const h of inView) perDay.set(h.slice(0, 10), (perDay.get(h.slice(0, 10)) ?? 0) + 1);
		if (shown.resolution === 'hourly') {
			// Every planted failed hour is a failed row, imputed in full.
			const failed = new Map(rows.filter((r) => r.failed !== '0').map((r) => [r.time_local, r]));
			for (const h of inView) {
				expect(failed.has(h)).toBe(true);
				expect(Number(failed.get(h)!.imputed_count)).toBeGreaterThan(0);
				expect(Number(failed.get(h)!.imputed_share)).toBe(1);
			}
		} else {
			// A long outage opens day by day: each day holds its failed hours.
			const byDay = new Map(rows.map((r) => [r.time_local.slice(0, 10), r]));
			for (const [day, n] of perDay)
				expect(Number(byDay.get(day)?.failed)).toBeGreaterThanOrEqual(n);
		}
		// The health table lists the sensor's worst day of the outage as flagged.
		const worst = [...perDay].sort((a, b) => b[1] - a[1])[0][0];
		const flagged = page.locator(
			`[data-testid="health-row"][data-sensor="${outage!.sensor}"][data-day="${worst}"]`
		);
		expect(await flagged.count()).toBe(1);

		// Back returns to the view before the alert.
		await page.goBack();
		await chartReady(page);
		expect(new URL(page.url()).searchParams.get('store')).toBeNull();
	});

	it('keeps the alerts filter in the address: a filtered list survives Copy link', async () => {
		await page.getByTestId('alert-kind').selectOption('sensor-down');
		await page.getByTestId('alert-store').selectOption('Berlin');
		const search = new URL(page.url()).searchParams;
		expect(search.get('alertKind')).toBe('sensor-down');
		expect(search.get('alertStore')).toBe('Berlin');
		const listed = (p: Page) =>
			p
				.getByTestId('alert')
				.evaluateAll((els) =>
					els.map(
						(e) => `${e.getAttribute('data-kind')} ${e.getAttribute('data-store')} ${e.textContent}`
					)
				);
		const shown = await listed(page);
		expect(shown.length).toBeGreaterThan(0);
		const total = Number(await page.getByTestId('alerts').getAttribute('data-count'));
		expect(shown.length).toBeLessThan(total); // the filter leaves some out

		await context.grantPermissions(['clipboard-read', 'clipboard-write']);
		await page.getByTestId('copy-link').click();
		await expect.poll(() => page.getByTestId('copy-link-status').textContent()).toBe('Copied');
		const link = await page.evaluate(() => navigator.clipboard.readText());
		expect(link).toBe(page.url());

		const fresh = await openPage(browser, inject('siteUrl'));
		await fresh.page.goto(link);
		await healthReady(fresh.page);
		expect(await fresh.page.getByTestId('alert-kind').inputValue()).toBe('sensor-down');
		expect(await fresh.page.getByTestId('alert-store').inputValue()).toBe('Berlin');
		expect(await listed(fresh.page)).toEqual(shown);
		expect(fresh.page.url()).toBe(link);
		expect(fresh.consoleErrors).toEqual([]);
		await fresh.context.close();

		// Every kind of every store again: the address says nothing of alerts.
		await page.getByTestId('alert-store').selectOption('');
		await page.getByTestId('alert-kind').selectOption('');
		const after = new URL(page.url()).searchParams;
		expect(after.has('alertKind') || after.has('alertStore')).toBe(false);
	});

	it('puts the imputed totals beside the raw ones, never below them', async () => {
		await page.getByRole('combobox', { name: 'Store', exact: true }).selectOption('Berlin');
		await chartReady(page);
		expect(await page.getByTestId('chart').getAttribute('data-imputed')).toBe('true');
		expect(await page.getByTestId('legend-imputed').count()).toBe(1);
		expect(
			await page
				.getByTestId('rows-table')
				.getByRole('columnheader', { name: 'Imputed', exact: true })
				.count()
		).toBe(1);
		const rows = await downloadCsv(page);
		expect(rows.length).toBe(48); // 8 weeks, Monday to Saturday
		for (const r of rows) expect(Number(r.imputed_count)).toBeGreaterThanOrEqual(Number(r.count));
		expect(rows.some((r) => Number(r.imputed_count) > Number(r.count))).toBe(true);
		expect(rows.some((r) => Number(r.imputed_share) > 0)).toBe(true);
	});

	it('draws the trends, weekly and then monthly, and keeps the period in the address', async () => {
		const chart = page.getByTestId('trend-chart');
		await page.waitForSelector('[data-testid="trend-chart"][data-ready="true"]');
		expect(await chart.getAttribute('data-period')).toBe('weekly');
		expect(Number(await chart.getAttribute('data-points'))).toBe(8);
		expect(await chart.locator('svg path').count()).toBeGreaterThanOrEqual(4);
		expect(await page.getByTestId('trend-summary').textContent()).toMatch(/a year/);
		await page.getByTestId('trend-period').selectOption('monthly');
		await page.waitForSelector(
			'[data-testid="trend-chart"][data-ready="true"][data-period="monthly"]'
		);
		expect(Number(await chart.getAttribute('data-points'))).toBe(2); // June and July
		expect(Number(await chart.getAttribute('data-partial'))).toBe(2); // cut at both ends
		expect(new URL(page.url()).searchParams.get('trend')).toBe('monthly');
	});

	it('made no request to another origin and logged no error', () => {
		expect(foreignRequests).toEqual([]);
		expect(consoleErrors).toEqual([]);
	});
});

describe("the original's counter file, dropped", () => {
	let page: Page;
	let consoleErrors: string[];
	let fixture: Buffer;
	const bad = {
		name: 'broken.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('not,a\ncount,file\n')
	};

	beforeAll(async () => {
		fixture = await readFile(FIXTURE);
		({ page, consoleErrors } = await openPage(browser, inject('siteUrl')));
		await page.goto(inject('siteUrl'));
		await chartReady(page);
	});

	it('loads the good file and names the bad one', async () => {
		await page
			.getByTestId('counter-files-input')
			.setInputFiles([{ name: 'dat-excerpt.csv', mimeType: 'text/csv', buffer: fixture }, bad]);
		await page.waitForSelector('[data-testid="explorer"][data-source="files"]', {
			timeout: 60_000
		});
		await healthReady(page);
		const outcomes = page.getByTestId('file-outcome');
		expect(await outcomes.count()).toBe(2);
		const badOutcome = page.locator('[data-testid="file-outcome"][data-ok="false"]');
		expect(await badOutcome.textContent()).toContain('broken.csv');
		expect(
			await page.locator('[data-testid="file-outcome"][data-ok="true"]').textContent()
		).toContain('dat-excerpt.csv');

		const stores = await page
			.getByRole('combobox', { name: 'Store', exact: true })
			.locator('option')
			.allTextContents();
		expect(stores.map((s) => s.trim())).toEqual(['Madrid', 'Paris']);
		await page.getByRole('combobox', { name: 'Store', exact: true }).selectOption('Paris');
		await chartReady(page);
		const sensors = await page
			.getByRole('combobox', { name: 'Sensor', exact: true })
			.locator('option')
			.allTextContents();
		expect(sensors.map((s) => s.trim())).toEqual(['Store total', 'Sensor 0', 'Sensor 1']);

		const search = new URL(page.url()).searchParams;
		expect(search.get('src')).toBe('files');
		expect(search.get('files')).toMatch(/^dat-excerpt\.csv~\d+~[0-9a-f]{16}$/);
		expect(search.get('files')).toContain(`~${fixture.length}~`);
	});

	it("shows the file's readings: Madrid's day of 2024-07-01 as in the file", async () => {
		await page.getByRole('combobox', { name: 'Store', exact: true }).selectOption('Madrid');
		await page.getByTestId('date-from').fill('2024-07-01');
		await page.getByTestId('date-to').fill('2024-07-01');
		await page.getByRole('radio', { name: 'Hourly' }).check();
		await chartReady(page);
		const rows = await downloadCsv(page);
		// The file's Madrid rows of that day, NULL cells left out.
		const lines = fixture.toString('utf8').trim().split('\n').slice(1);
		const expected = lines
			.map((l) => l.split(','))
			.filter(
				(c) =>
					c[0] === '2024-07-01' &&
					c[2] === 'Madrid' &&
					c[3] === '0' &&
					c[4] !== 'NULL' &&
					c[1] !== 'NULL'
			)
			.map((c) => [`2024-07-01T${c[1].padStart(2, '0')}:00`, String(Math.max(0, Number(c[4])))]);
		const got = new Map(rows.map((r) => [r.time_local, r.count]));
		for (const [t, count] of expected) expect(got.get(t)).toBe(count);
	});

	it('asks for the file when its link is opened in a fresh browser, and checks it', async () => {
		const link = page.url();
		const fresh = await openPage(browser, inject('siteUrl'));
		await fresh.page.goto(link);
		await fresh.page.waitForSelector('[data-testid="file-request"]');
		expect(await fresh.page.getByTestId('status').getAttribute('data-status')).toBe('waiting');
		// A different file of the same name is not used.
		await fresh.page
			.getByTestId('counter-files-input')
			.setInputFiles([
				{ name: 'dat-excerpt.csv', mimeType: 'text/csv', buffer: Buffer.from('date,hour\n') }
			]);
		await fresh.page.waitForSelector('[data-testid="file-check"][data-status="different"]');
		await fresh.page
			.getByTestId('counter-files-input')
			.setInputFiles([{ name: 'dat-excerpt.csv', mimeType: 'text/csv', buffer: fixture }]);
		await chartReady(fresh.page);
		expect(await fresh.page.getByTestId('file-request').count()).toBe(0);
		const shown = JSON.parse(
			(await fresh.page.getByTestId('explorer').getAttribute('data-shown-view'))!
		);
		expect(shown).toMatchObject({
			store: 'Madrid',
			resolution: 'hourly',
			from: '2024-07-01',
			to: '2024-07-01'
		});
		expect(fresh.page.url()).toBe(link);
		expect(fresh.consoleErrors).toEqual([]);
		await fresh.context.close();
	});

	it('logged no error', () => {
		expect(consoleErrors).toEqual([]);
	});
});
