/**
 * The app in Debian's Chromium, on the built site served from localhost (`vite build`
 * first; `npm run bench` does it):
 * 1. time from opening the page to its first chart (fresh browser context each run);
 * 2. a 10-year simulation of the client's stores (39 sensors, 3.4M readings): time to
 *    simulate and load, then the time of each view switch, from the control change to the
 *    chart showing the new rows (measured from Node, `endToEndMs`, and inside the page
 *    from the control's input event, `inPageMs`), the query time the page itself
 *    measured, and the time until the page is idle again (`idleMs`: the heatmap, asked
 *    for after the chart's rows, is in too; `heatmapMs` is its query);
 * 3. shared links (issue 4): the time from opening a link to its chart, for the footfall
 *    default, a 10-year simulation link and the wearables demo fleet with a selected
 *    device-day (fresh context each run, navigation start to the chart drawn), and the
 *    bytes transferred on a first visit and on a repeat visit, measured at the server as
 *    `test/browser/hosting.test.ts` does: a real profile (disk HTTP cache) where the
 *    service worker installs during the first visit, then a second page on the same link.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, launch, openPage } from '../test/browser/browser';
import { serveStatic } from '../scripts/serve-static.mjs';
import { median, saveResults } from './machine';

const OPEN_RUNS = 5;
const SWITCH_RUNS = 3;
const LINK_RUNS = 3;

/** The shared links timed, with what says that their chart is drawn. */
const LINKS = [
	{
		name: 'footfall default',
		path: '',
		ready: '[data-testid="chart"][data-ready="true"]'
	},
	{
		name: 'footfall 10-year simulation, Paris sensor 12 weekly',
		path: '?v=1&start=2015-01-01&end=2024-12-31&store=Paris&sensor=12&res=weekly',
		ready: '[data-testid="chart"][data-ready="true"]'
	},
	{
		name: 'wearables demo fleet, device_012 on 2021-02-04, original mode',
		path: 'wearables/?v=1&mode=original&device=device_012&day=2021-02-04',
		ready: '[data-testid="day-view"][data-key="demo:2021-02-04/device_012"][data-ready="true"]'
	}
];

type Server = Awaited<ReturnType<typeof serveStatic>>;
const sumBytes = (log: { bytes: number }[]) => log.reduce((sum, r) => sum + r.bytes, 0);

/**
 * Each link: open-to-chart times in fresh contexts (`LINK_RUNS`), then a first and a
 * repeat visit in a real profile: requests and bytes the server sent for each.
 */
async function sharedLinks(browser: Browser, server: Server) {
	const out = [];
	for (const link of LINKS) {
		const url = server.url + link.path;
		const times: number[] = [];
		for (let i = 0; i < LINK_RUNS; i++) {
			const { page, context } = await openPage(browser, server.url);
			await page.goto(url);
			await page.waitForSelector(link.ready, { timeout: 120_000 });
			times.push(await page.evaluate(() => performance.now()));
			await context.close();
		}
		const profile = await mkdtemp(path.join(tmpdir(), 'bench-browser-'));
		const context = await chromium.launchPersistentContext(profile, {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: CHROMIUM_ARGS
		});
		try {
			const start = server.requests.length;
			const first = context.pages()[0] ?? (await context.newPage());
			await first.goto(url);
			await first.waitForSelector(link.ready, { timeout: 120_000 });
			// the service worker installs 3 s after the load and caches the site
			await first.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
				timeout: 60_000
			});
			const firstLog = server.requests.slice(start);
			const mid = server.requests.length;
			const again = await context.newPage();
			await again.goto(url);
			await again.waitForSelector(link.ready, { timeout: 120_000 });
			const repeatMs = await again.evaluate(() => performance.now());
			await again.waitForTimeout(1500); // the browser's update check of the service worker
			const repeatLog = server.requests.slice(mid);
			out.push({
				link: link.name,
				path: `/${link.path}`,
				runs: LINK_RUNS,
				openToChartMedianMs: Math.round(median(times)),
				timesMs: times.map(Math.round),
				firstVisit: { requests: firstLog.length, bytes: sumBytes(firstLog) },
				repeatVisit: {
					requests: repeatLog.length,
					bytes: sumBytes(repeatLog),
					openToChartMs: Math.round(repeatMs),
					asked: repeatLog.map((r) => `${r.status} ${r.path}`)
				}
			});
		} finally {
			await context.close();
			await rm(profile, { recursive: true, force: true });
		}
	}
	return out;
}

const ready = '[data-testid="chart"][data-ready="true"]';
const idle = '[data-testid="status"][data-status="ready"][data-querying="false"]';

async function timing(page: Page, name: string): Promise<number> {
	return Number(await page.locator(`[data-timing="${name}"]`).getAttribute('data-ms'));
}

interface SwitchTimes {
	/** From the control change (as Playwright makes it) to the chart showing the new rows. */
	endToEndMs: number;
	/** The same inside the page: from the control's input/change event to that frame. */
	inPageMs: number;
	/** From the control change until nothing is pending (the heatmap too). */
	idleMs: number;
}

/**
 * Applies a view change and waits until the chart shows its answer (its rows belong to
 * the new view and it says `data-ready`), then until the page is idle (heatmap included).
 */
async function timeSwitch(page: Page, change: () => Promise<void>): Promise<SwitchTimes> {
	const before = await page.getByTestId('explorer').getAttribute('data-shown-view');
	// No named functions in here: tsx would wrap them in a helper the page does not have.
	await page.evaluate(() => {
		const w = window as unknown as { __changeAt?: number };
		w.__changeAt = undefined;
		for (const type of ['input', 'change']) {
			document.addEventListener(type, () => (w.__changeAt ??= performance.now()), {
				capture: true,
				once: true
			});
		}
	});
	const t0 = performance.now();
	await change();
	const inPage = await page.waitForFunction(
		(prev) => {
			const c = document.querySelector('[data-testid="chart"]');
			const e = document.querySelector('[data-testid="explorer"]');
			if (c?.getAttribute('data-ready') !== 'true' || e?.getAttribute('data-shown-view') === prev)
				return false;
			const at = (window as unknown as { __changeAt?: number }).__changeAt;
			return at === undefined ? -1 : performance.now() - at;
		},
		before,
		{ timeout: 30_000, polling: 'raf' }
	);
	const endToEndMs = performance.now() - t0;
	await page.waitForSelector(idle, { timeout: 30_000 });
	const idleMs = performance.now() - t0;
	return { endToEndMs, inPageMs: Number(await inPage.jsonValue()), idleMs };
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
		const rows: ({
			view: string;
			queryMs: number;
			/** The heatmap query's time, when the switch ran one (store or days changed). */
			heatmapMs: number | null;
			points: number;
			cells: number;
		} & SwitchTimes)[] = [];
		for (let r = 0; r < SWITCH_RUNS; r++) {
			for (const [view, change] of switches) {
				const heatBefore = await timing(page, 'heatmap');
				const times = await timeSwitch(page, change);
				const heat = await timing(page, 'heatmap');
				rows.push({
					view,
					...times,
					queryMs: await timing(page, 'query'),
					heatmapMs: heat === heatBefore ? null : heat,
					points: Number(await page.getByTestId('chart').getAttribute('data-points')),
					cells: Number(await page.getByTestId('heatmap').getAttribute('data-cells'))
				});
			}
			// back to the starting view for the next round
			await store.selectOption('London');
			await page.getByRole('radio', { name: 'Daily' }).check();
			await page.waitForSelector(idle);
		}
		await context.close();

		const links = await sharedLinks(browser, server);

		const byView = switches.map(([view]) => {
			const mine = rows.filter((x) => x.view === view);
			const med = (key: 'endToEndMs' | 'queryMs' | 'inPageMs' | 'idleMs') =>
				Math.round(median(mine.map((x) => x[key])));
			const heat = mine.flatMap((x) => (x.heatmapMs === null ? [] : [x.heatmapMs]));
			return {
				view,
				points: mine[0].points,
				endToEndMs: med('endToEndMs'),
				queryMs: med('queryMs'),
				inPageMs: med('inPageMs'),
				idleMs: med('idleMs'),
				heatmapCells: mine[0].cells,
				heatmapMs: heat.length ? Math.round(median(heat)) : null
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
			viewSwitches: { runs: SWITCH_RUNS, median: byView },
			sharedLinks: {
				what:
					'navigation start to the chart of the link drawn (fresh context); bytes the server ' +
					'sent (uncompressed) on a first visit with the service worker installing, and on a ' +
					'repeat visit of the same link in that profile',
				links
			}
		};
		console.table([{ ...result.openToFirstChart, timesMs: open.map(Math.round).join(' ') }]);
		console.table([tenYears]);
		console.table(byView);
		console.table(
			links.map((l) => ({
				link: l.link,
				medianMs: l.openToChartMedianMs,
				timesMs: l.timesMs.join(' '),
				firstRequests: l.firstVisit.requests,
				firstMB: +(l.firstVisit.bytes / 1e6).toFixed(1),
				repeatRequests: l.repeatVisit.requests,
				repeatBytes: l.repeatVisit.bytes,
				repeatMs: l.repeatVisit.openToChartMs
			}))
		);
		saveResults('browser', result);
		return result;
	} finally {
		await browser.close();
		await server.close();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
