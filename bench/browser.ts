/**
 * The app in Debian's Chromium, on the built site served from localhost (`vite build`
 * first; `npm run bench` does it):
 * 1. time from opening the page to its first chart (fresh browser context each run);
 * 2. a 10-year simulation of the client's stores (39 sensors, 3.4M readings): time to
 *    simulate and load, then the time of each view switch, from the control change to the
 *    chart showing the new rows, and the query time the page itself measured.
 */
import type { Page } from 'playwright-core';
import { launch, openPage } from '../test/browser/browser';
import { serveStatic } from '../scripts/serve-static.mjs';
import { median, saveResults } from './machine';

const OPEN_RUNS = 5;
const SWITCH_RUNS = 3;

const ready = '[data-testid="chart"][data-ready="true"]';
const idle = '[data-testid="status"][data-status="ready"][data-querying="false"]';

async function timing(page: Page, name: string): Promise<number> {
	return Number(await page.locator(`[data-timing="${name}"]`).getAttribute('data-ms'));
}

/** Applies a view change and waits until the chart shows its answer; returns ms. */
async function timeSwitch(page: Page, change: () => Promise<void>): Promise<number> {
	const before = await page.getByTestId('explorer').getAttribute('data-shown-view');
	const t0 = performance.now();
	await change();
	await page.waitForFunction(
		(prev) => {
			const s = document.querySelector('[data-testid="status"]');
			const e = document.querySelector('[data-testid="explorer"]');
			return (
				s?.getAttribute('data-querying') === 'false' && e?.getAttribute('data-shown-view') !== prev
			);
		},
		before,
		{ timeout: 30_000, polling: 'raf' }
	);
	return performance.now() - t0;
}

export async function run() {
	const server = await serveStatic({ root: 'build' });
	const browser = await launch();
	try {
		const open: number[] = [];
		const db: number[] = [];
		let firstVisitBytes = 0;
		for (let i = 0; i < OPEN_RUNS; i++) {
			const { page, context } = await openPage(browser, server.url);
			let bytes = 0;
			page.on('response', (res) => {
				bytes += Number(res.headers()['content-length'] ?? 0);
			});
			await page.goto(server.url);
			await page.waitForSelector(ready, { timeout: 30_000 });
			open.push(await page.evaluate(() => performance.now()));
			db.push(await timing(page, 'db'));
			firstVisitBytes = bytes;
			await context.close();
		}

		const { page, context } = await openPage(browser, server.url);
		await page.goto(server.url);
		await page.waitForSelector(ready, { timeout: 30_000 });
		await page.getByTestId('sim-start').fill('2015-01-01');
		await page.getByTestId('sim-end').fill('2024-12-31');
		await page.getByTestId('run-simulation').click();
		await page.waitForSelector('[data-testid="status"][data-status="simulating"]');
		await page.waitForSelector(idle, { timeout: 120_000 });
		await page.waitForSelector(ready);
		const readings = await page.getByTestId('status').textContent();
		const tenYears = {
			readings: readings?.match(/([\d,]+) readings/)?.[1],
			simulateMs: await timing(page, 'simulate'),
			loadMs: await timing(page, 'load')
		};

		const store = page.getByRole('combobox', { name: 'Store', exact: true });
		const sensor = page.getByRole('combobox', { name: 'Sensor', exact: true });
		const resolution = (name: string) => () => page.getByRole('radio', { name }).check();
		const switches: [string, () => Promise<void>][] = [
			['London total, daily -> weekly', resolution('Weekly')],
			['weekly -> monthly', resolution('Monthly')],
			['monthly -> daily', resolution('Daily')],
			['daily -> hourly (10 years of store hours)', resolution('Hourly')],
			['hourly: London -> Paris', () => store.selectOption('Paris').then(() => undefined)],
			[
				'hourly: Paris total -> sensor 12',
				() => sensor.selectOption({ label: 'Sensor 12' }).then(() => undefined)
			],
			['hourly -> daily (sensor 12)', resolution('Daily')],
			[
				'daily: sensor 12 -> store total',
				() => sensor.selectOption({ label: 'Store total' }).then(() => undefined)
			]
		];
		await store.selectOption('London');
		await page.waitForSelector(idle);
		const rows: { view: string; endToEndMs: number; queryMs: number; points: number }[] = [];
		for (let r = 0; r < SWITCH_RUNS; r++) {
			for (const [view, change] of switches) {
				const ms = await timeSwitch(page, change);
				rows.push({
					view,
					endToEndMs: ms,
					queryMs: await timing(page, 'query'),
					points: Number(await page.getByTestId('chart').getAttribute('data-points'))
				});
			}
			// back to the starting view for the next round
			await store.selectOption('London');
			await page.getByRole('radio', { name: 'Daily' }).check();
			await page.waitForSelector(idle);
		}
		await context.close();

		const byView = switches.map(([view]) => {
			const mine = rows.filter((x) => x.view === view);
			return {
				view,
				points: mine[0].points,
				endToEndMs: Math.round(median(mine.map((x) => x.endToEndMs))),
				queryMs: Math.round(median(mine.map((x) => x.queryMs)))
			};
		});
		const result = {
			openToFirstChart: {
				what: 'navigation start to the first chart drawn, default demo, fresh context',
				runs: OPEN_RUNS,
				medianMs: Math.round(median(open)),
				timesMs: open.map(Math.round),
				duckdbStartMedianMs: Math.round(median(db)),
				firstVisitBytes
			},
			tenYears,
			viewSwitches: { runs: SWITCH_RUNS, median: byView }
		};
		console.table([{ ...result.openToFirstChart, timesMs: open.map(Math.round).join(' ') }]);
		console.table([tenYears]);
		console.table(byView);
		saveResults('browser', result);
		return result;
	} finally {
		await browser.close();
		await server.close();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
