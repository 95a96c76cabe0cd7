/**
 * Detection across workers, in Debian's Chromium on the built site (`vite build` first):
 * 100 device-days in the original layout (24 h of on-wrist at 1 Hz and temperature at
 * 4 Hz each, a realistic wear pattern: 43.2M samples, about 190 MB of CSV) are given to the
 * wearables page through its folder input, and the page does what it always does: the
 * ingest worker reads them, the page's own detection pool (`src/lib/rpc/detect.ts`) judges
 * them in both modes. Once with one detection worker (`navigator.hardwareConcurrency` set
 * to 1 before the page loads) and once with the pool the machine gets (one per core, at
 * most 4).
 *
 * The drop comes once the page has settled: the demo fleet detected and stored in DuckDB,
 * the service worker installed (on a first visit it caches the site, DuckDB's 34 MB wasm
 * included, which would otherwise run beside the drop). Times are taken inside the page
 * from the folder input's `change` event: until the detection starts (`readMs`: reading,
 * planning and hashing the files in the ingest worker), the page's own detection time
 * (`detectMs`, "Last run" in its status line), until every row is shown (`totalMs`, the
 * figure the target is about), until the address names the files with their hashes
 * (`linkMs`), and until both modes' rows are in DuckDB (`storedMs`). Samples/s = input
 * samples / detectMs. A fresh browser context per run.
 *
 * Then the issue's memory target in the browser: a 1 GB long CSV (`writeLongCsv` of the
 * ingest benchmark) is given to the page's file input; the ingest worker reads it in
 * `Blob.slice`s. Measured: time to its rows and to the end of detection, and the peak RSS
 * of Chromium's processes (largest single process, and all together), sampled with `ps`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { launch, openPage } from '../test/browser/browser';
import { serveStatic } from '../scripts/serve-static.mjs';
import { poolSize } from '../src/lib/rpc/detect';
import { deviceDay } from './detection';
import { writeLongCsv } from './ingest';
import { median, saveResults } from './machine';

const DEVICE_DAYS = 100;
const RUNS = 3;

/** Writes the device-days as `root/2021/02/DD/device_NNN/{on_wrist,temperature}.csv`. */
async function writeFiles(root: string): Promise<{ bytes: number; samples: number }> {
	let bytes = 0;
	let samples = 0;
	for (let k = 0; k < DEVICE_DAYS; k++) {
		const rec = deviceDay(1000 + k);
		const dir = path.join(
			root,
			'2021/02',
			String(1 + (k % 28)).padStart(2, '0'),
			`device_${String(k + 1).padStart(3, '0')}`
		);
		await mkdir(dir, { recursive: true });
		const on = Array.from(rec.onWrist).join('\n') + '\n';
		const temp = Array.from(rec.temperature).join('\n') + '\n';
		await writeFile(path.join(dir, 'on_wrist.csv'), on);
		await writeFile(path.join(dir, 'temperature.csv'), temp);
		bytes += on.length + temp.length;
		samples += rec.onWrist.length + rec.temperature.length;
	}
	return { bytes, samples };
}

interface Run {
	workers: number;
	readMs: number;
	detectMs: number;
	totalMs: number;
	linkMs: number;
	storedMs: number;
}

/**
 * Marks, in the page, the times (`performance.now()`) of the first `change` event, of the
 * detection status turning to `detecting`, and of the last address write. A string, not a
 * function: tsx would name functions with a helper the page lacks.
 */
const MARKS = `(() => {
	const t = (window.__t = {});
	document.addEventListener('change', () => (t.change ??= performance.now()), { capture: true });
	const status = document.querySelector('[data-testid="detect-status"]');
	new MutationObserver(() => {
		if (status.getAttribute('data-state') === 'detecting') t.detecting ??= performance.now();
	}).observe(status, { attributes: true });
	for (const how of ['pushState', 'replaceState']) {
		const write = history[how].bind(history);
		history[how] = (...args) => {
			if (t.change) t.url = performance.now();
			return write(...args);
		};
	}
})()`;

/**
 * Waits until the page has settled: results shown and stored in DuckDB, the service
 * worker active. Returns the number of result rows.
 */
async function settled(page: Page): Promise<number> {
	await page.waitForSelector('[data-testid="results-table"][data-ready="true"]', {
		timeout: 60_000
	});
	await page.waitForSelector('[data-testid="detect-status"][data-state="ready"]', {
		timeout: 60_000
	});
	await page.waitForSelector('[data-testid="db-panel"][data-busy="false"]:not([data-rows="0"])', {
		timeout: 60_000
	});
	await page.evaluate('navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => 0) : 0');
	await page.waitForTimeout(500);
	return page.locator('[data-testid="result-row"]').count();
}

async function oneRun(
	browser: Browser,
	siteUrl: string,
	root: string,
	oneWorker: boolean
): Promise<Run> {
	const { page, context, consoleErrors } = await openPage(browser, siteUrl);
	try {
		if (oneWorker) {
			// a string, not a function: tsx would name the getter with a helper the page lacks
			await page.addInitScript({
				content:
					"Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get() { return 1; } });"
			});
		}
		await page.goto(new URL('wearables/', siteUrl).href);
		const ready = '[data-testid="detect-status"][data-state="ready"]';
		const before = await settled(page);
		await page.evaluate(MARKS);
		await page.getByTestId('folder-input').setInputFiles(root);
		await page.waitForFunction(
			(want) => document.querySelectorAll('[data-testid="result-row"]').length >= want,
			before + DEVICE_DAYS,
			{ timeout: 300_000, polling: 50 }
		);
		await page.waitForSelector(ready, { timeout: 300_000 });
		const shown = await page.evaluate('performance.now()');
		const status = (await page.getByTestId('detect-status').textContent()) ?? '';
		// both modes' rows of every device-day in DuckDB, and the files named in the address
		await page.waitForSelector(
			`[data-testid="db-panel"][data-busy="false"][data-rows="${2 * (before + DEVICE_DAYS)}"]`,
			{ timeout: 300_000 }
		);
		const stored = await page.evaluate('performance.now()');
		await page.waitForFunction('location.search.includes("device_100")', undefined, {
			timeout: 300_000,
			polling: 50
		});
		const t = (await page.evaluate('window.__t')) as Record<string, number>;
		const cores = await page.evaluate(() => navigator.hardwareConcurrency);
		if (consoleErrors.length) throw new Error(`console errors: ${consoleErrors.join('; ')}`);
		return {
			workers: poolSize(cores),
			readMs: Math.round(t.detecting - t.change),
			detectMs: Number(/Last run (\d+) ms/.exec(status)?.[1] ?? NaN),
			totalMs: Math.round((shown as number) - t.change),
			linkMs: Math.round(t.url - t.change),
			storedMs: Math.round((stored as number) - t.change)
		};
	} finally {
		await context.close();
	}
}

/**
 * RSS in MB of each Chromium process this benchmark started (the descendants of this Node
 * process, from Linux `ps`): other browsers on the host are not counted.
 */
function chromiumRss(): number[] {
	let out: string;
	try {
		out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' });
	} catch {
		return [];
	}
	const procs = out
		.split('\n')
		.map((l) => l.trim().split(/\s+/))
		.filter((f) => f.length >= 4)
		.map(([pid, ppid, rss, comm]) => ({ pid: +pid, ppid: +ppid, rss: +rss / 1024, comm }));
	const mine = new Set([process.pid]);
	for (let grew = true; grew;) {
		grew = false;
		for (const p of procs) {
			if (!mine.has(p.pid) && mine.has(p.ppid)) {
				mine.add(p.pid);
				grew = true;
			}
		}
	}
	return procs.filter((p) => mine.has(p.pid) && /chrom/i.test(p.comm)).map((p) => p.rss);
}

/** The 1 GB long CSV dropped on the page: times and Chromium's peak RSS. */
async function longCsvInPage(browser: Browser, siteUrl: string, dir: string) {
	const file = path.join(dir, 'long-1gb.csv');
	const written = writeLongCsv(file, 1e9);
	const days = Math.ceil(written.rows / (86_400 * 69));
	const { page, context, consoleErrors } = await openPage(browser, siteUrl);
	let peakProcess = 0;
	let peakTotal = 0;
	const sample = () => {
		const rss = chromiumRss();
		peakProcess = Math.max(peakProcess, ...rss);
		peakTotal = Math.max(
			peakTotal,
			rss.reduce((a, b) => a + b, 0)
		);
	};
	const timer = setInterval(sample, 250);
	try {
		await page.goto(new URL('wearables/', siteUrl).href);
		const ready = '[data-testid="detect-status"][data-state="ready"]';
		await page.waitForSelector('[data-testid="results-table"][data-ready="true"]', {
			timeout: 60_000
		});
		await page.waitForSelector(ready, { timeout: 60_000 });
		sample();
		const idleTotal = peakTotal;
		const before = await page.locator('[data-testid="result-row"]').count();
		await page.evaluate(() => {
			const w = window as unknown as { __t: Record<string, number> };
			w.__t = {};
			document.addEventListener('change', () => (w.__t.change ??= performance.now()), {
				capture: true
			});
			const status = document.querySelector('[data-testid="detect-status"]')!;
			new MutationObserver(() => {
				if (status.getAttribute('data-state') === 'detecting') {
					w.__t.detecting ??= performance.now();
				}
			}).observe(status, { attributes: true });
		});
		await page.getByTestId('file-input').setInputFiles(file);
		await page.waitForFunction(
			(want) => document.querySelectorAll('[data-testid="result-row"]').length >= want,
			before + days,
			{ timeout: 600_000, polling: 250 }
		);
		await page.waitForSelector(ready, { timeout: 600_000 });
		const t = await page.evaluate(() => {
			const marks = (window as unknown as { __t: Record<string, number> }).__t;
			return { change: marks.change, detecting: marks.detecting, now: performance.now() };
		});
		const errors = await page.locator('[data-testid="ingest-error"]').allTextContents();
		if (errors.length || consoleErrors.length) {
			throw new Error(`1 GB drop: ${[...errors, ...consoleErrors].join('; ')}`);
		}
		return {
			what: 'long CSV of 1 GB given to the wearables page (file input): read in slices by the ingest worker, then detected',
			megabytes: Math.round(written.bytes / 1e6),
			rows: written.rows,
			deviceDays: days,
			readMs: Math.round(t.detecting - t.change),
			MBps: Math.round(written.bytes / 1e3 / (t.detecting - t.change)),
			totalMs: Math.round(t.now - t.change),
			chromiumIdleTotalRssMB: Math.round(idleTotal),
			peakProcessRssMB: Math.round(peakProcess),
			peakTotalRssMB: Math.round(peakTotal)
		};
	} finally {
		clearInterval(timer);
		await context.close();
		await rm(file, { force: true });
	}
}

export async function run() {
	const loadBefore = loadavg()[0];
	const root = await mkdtemp(path.join(tmpdir(), 'detection-browser-'));
	const server = await serveStatic({ root: 'build' });
	let browser: Browser | null = null;
	try {
		const files = await writeFiles(path.join(root, 'fleet'));
		browser = await launch();
		const rows = [];
		for (const oneWorker of [true, false]) {
			const runs: Run[] = [];
			for (let r = 0; r < RUNS; r++) {
				runs.push(await oneRun(browser, server.url, path.join(root, 'fleet'), oneWorker));
			}
			const med = (k: Exclude<keyof Run, 'workers'>) => Math.round(median(runs.map((x) => x[k])));
			rows.push({
				workers: runs[0].workers,
				deviceDays: DEVICE_DAYS,
				samples: files.samples,
				readMs: med('readMs'),
				detectMs: med('detectMs'),
				mSamplesPerS: Math.round(files.samples / med('detectMs') / 1000),
				totalMs: med('totalMs'),
				totalsMs: runs.map((x) => x.totalMs).join(' '),
				linkMs: med('linkMs'),
				storedMs: med('storedMs')
			});
		}
		console.table(rows);
		const big = process.env.BENCH_SKIP_1GB ? null : await longCsvInPage(browser, server.url, root);
		if (big) console.table([big]);
		const result = {
			loadAverage: `${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after (1 min, 2 cores)`,
			what: `${DEVICE_DAYS} device-days (on-wrist 1 Hz + temperature 4 Hz, 24 h) given to the wearables page through its folder input; read by the ingest worker, judged in both modes by the page's detection pool; median of ${RUNS} runs, fresh context each`,
			megabytes: Math.round(files.bytes / 1e6),
			target: '100 full device-days, reading included, in < 3 s',
			rows,
			longCsv1GB: big
		};
		saveResults('detection-browser', result);
		return result;
	} finally {
		await browser?.close();
		await server.close();
		await rm(root, { recursive: true, force: true });
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
