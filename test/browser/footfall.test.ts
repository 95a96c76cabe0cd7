/**
 * The footfall explorer on the built static site, in Debian's Chromium: it opens with
 * the demo simulation, draws a chart, reacts to its controls, downloads exactly the
 * simulator's readings, and never talks to another origin.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, openPage } from './browser';
import { defaultSimulation, TRUTH_ANOMALY } from '../../src/lib/domain/footfall';
import { formatHour, simulate } from '../../src/lib/simulation/footfall';

let browser: Browser;
let page: Page;
let foreignRequests: string[];
let consoleErrors: string[];

beforeAll(async () => {
	browser = await launch();
	({ page, foreignRequests, consoleErrors } = await openPage(browser, inject('siteUrl')));
	await page.goto(inject('siteUrl'));
	await chartReady(page);
});
afterAll(() => browser?.close());

const chart = (p: Page) => p.getByTestId('chart');
const points = async (p: Page) => Number(await chart(p).getAttribute('data-points'));

/** Waits until the chart shows the answer to the latest view change. */
async function chartReady(p: Page) {
	await p.waitForSelector('[data-testid="chart"][data-ready="true"]', { timeout: 30_000 });
	await p.waitForSelector('[data-testid="status"][data-querying="false"]', { timeout: 30_000 });
}

describe('the footfall explorer', () => {
	it('opens with the demo data of the five stores and draws a chart', async () => {
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Store footfall');
		const stores = await page
			.getByRole('combobox', { name: 'Store', exact: true })
			.locator('option')
			.allTextContents();
		expect(stores.map((s) => s.trim())).toEqual(['Madrid', 'Paris', 'Berlin', 'Roma', 'London']);
		// Default view: Madrid's store total, daily, Monday to Saturday, 2024-07-01..08-07.
		expect(await points(page)).toBe(33);
		expect(await chart(page).locator('svg path, canvas').count()).toBeGreaterThan(0);
		expect(Number(await page.getByTestId('heatmap').getAttribute('data-cells'))).toBe(38 * 24);
	});

	it('changes the chart when the resolution changes', async () => {
		await page.getByRole('radio', { name: 'Hourly' }).check();
		await expect.poll(() => points(page), { timeout: 30_000 }).toBe(33 * 24);
		await chartReady(page);
		await page.getByRole('radio', { name: 'Weekly' }).check();
		await expect.poll(() => points(page), { timeout: 30_000 }).toBe(6);
		await chartReady(page);
		await page.getByRole('radio', { name: 'Daily' }).check();
		await expect.poll(() => points(page), { timeout: 30_000 }).toBe(33);
		await chartReady(page);
	});

	it('follows the store, sensor, weekday and date controls', async () => {
		await page.getByRole('combobox', { name: 'Store', exact: true }).selectOption('Paris');
		await chartReady(page);
		const sensorOptions = page
			.getByRole('combobox', { name: 'Sensor', exact: true })
			.locator('option');
		await expect.poll(() => sensorOptions.count()).toBe(21); // store total + sensors 0..19
		await page
			.getByRole('combobox', { name: 'Sensor', exact: true })
			.selectOption({ label: 'Sensor 12' });
		await chartReady(page);
		await page.getByRole('checkbox', { name: 'Sun' }).check();
		await expect.poll(() => points(page), { timeout: 30_000 }).toBe(38);
		await chartReady(page);
		await page.getByTestId('date-from').fill('2024-07-08');
		await page.getByTestId('date-to').fill('2024-07-14');
		await expect.poll(() => points(page), { timeout: 30_000 }).toBe(7);
		await chartReady(page);
		expect(await page.getByTestId('rows-table').getAttribute('data-rows')).toBe('7');
	});

	it("downloads one sensor's hourly readings exactly as the simulator produced them", async () => {
		await page.getByTestId('date-from').fill('2024-07-01');
		await page.getByTestId('date-to').fill('2024-08-07');
		await page.getByRole('radio', { name: 'Hourly' }).check();
		await expect.poll(() => points(page), { timeout: 30_000 }).toBe(38 * 24);
		await chartReady(page);

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId('download-csv').click()
		]);
		expect(download.suggestedFilename()).toMatch(
			/^footfall_Paris_sensor-12_hourly_2024-07-01_2024-08-07/
		);
		const csv = await readFile(await download.path(), 'utf8');
		const [header, ...lines] = csv.trimEnd().split('\r\n');
		const cells = lines.map((l) => l.split(','));
		const col = (name: string) => header.split(',').indexOf(name);

		const params = defaultSimulation();
		const sim = simulate(params);
		const expected: string[][] = [];
		for (let i = 0; i < sim.length; i++) {
			if (sim.store[i] !== 1 || sim.sensor[i] !== 12) continue;
			const raw = sim.count[i];
			expected.push([
				formatHour(sim.hour[i]),
				String(Math.max(raw, 0)),
				raw === -1 ? '1' : '0',
				raw === -1 ? 'Measurement failed' : 'OK',
				sim.truth[i] & TRUTH_ANOMALY ? '1' : '0'
			]);
		}
		const actual = cells.map((c) => [
			c[col('time_local')],
			c[col('count')],
			c[col('failed')],
			c[col('status')],
			c[col('anomalies')]
		]);
		expect(actual.length).toBe(38 * 24);
		expect(actual).toEqual(expected);
	});

	it('made no request to another origin and logged no error', () => {
		expect(foreignRequests).toEqual([]);
		expect(consoleErrors).toEqual([]);
	});
});
