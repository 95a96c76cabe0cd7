/**
 * Parquet on the wearable page, on the built static site in Debian's Chromium. The files
 * are written here in Node with parquet-wasm. A long table given to the file input shows
 * its device-days and its mapping; the Parquet reader (apache-arrow, parquet-wasm and its
 * wasm, all files of the site) is fetched only then, not with the page; a truncated or
 * damaged Parquet file is named while the good files load; and a Content-Security-Policy
 * of `script-src 'self' 'wasm-unsafe-eval'` on the ingest worker lets it read Parquet, even
 * from a zip (without 'wasm-unsafe-eval' the reader cannot start, and the message says so).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { launch, openPage } from './browser';
import { initParquet, writeParquetSync, type ParquetColumn } from '../../src/lib/arrow/parquet';

/** 2021-02-04T10:00:00Z */
const T0 = Date.UTC(2021, 1, 4, 10, 0, 0);
const SECONDS = 120;
/** Rows per device: on-wrist 1 Hz, temperature 4 Hz, PPG 64 Hz. */
const ROWS = SECONDS * (1 + 4 + 64);

/** A long table (device, timestamp, signal, value) of `devices`, 120 s each. */
function longParquet(devices: string[]): Uint8Array {
	const device: string[] = [];
	const timestamp: number[] = [];
	const signal: string[] = [];
	const value: number[] = [];
	const add = (d: string, ms: number, s: string, v: number) => {
		device.push(d);
		timestamp.push(ms);
		signal.push(s);
		value.push(v);
	};
	for (const d of devices) {
		for (let i = 0; i < SECONDS; i++) add(d, T0 + i * 1000, 'on_wrist', 1);
		for (let i = 0; i < SECONDS * 4; i++) {
			add(d, T0 + i * 250, 'temperature', 33.5 + 0.2 * Math.sin(i / 40));
		}
		for (let i = 0; i < SECONDS * 64; i++) {
			add(
				d,
				T0 + (i * 1000) / 64,
				'ppg',
				7000 + Math.round(300 * Math.sin((i / 64) * 2 * Math.PI))
			);
		}
	}
	const columns: ParquetColumn[] = [
		{ name: 'device', values: device },
		{ name: 'timestamp', values: timestamp, timestamp: true },
		{ name: 'signal', values: signal },
		{ name: 'value', values: Float64Array.from(value) }
	];
	return writeParquetSync(columns, { compression: 'zstd' });
}

/** A long CSV of one device, 120 s. */
function longCsv(device: string): Buffer {
	const lines = ['device,timestamp,signal,value'];
	for (let i = 0; i < SECONDS * 4; i++) {
		lines.push(`${device},${new Date(T0 + i * 250).toISOString()},temperature,34.0`);
	}
	return Buffer.from(lines.join('\n') + '\n');
}

const parquetFile = (name: string, bytes: Uint8Array) => ({
	name,
	mimeType: 'application/vnd.apache.parquet',
	buffer: Buffer.from(bytes)
});

/** Requests of the Parquet reader's files: its wasm and the chunks that load it. */
const isParquetAsset = (url: string) => /parquet/i.test(new URL(url).pathname);

let browser: Browser;
let page: Page;
let foreignRequests: string[];
let consoleErrors: string[];
/** Every request of the page and its workers, in order. */
const requests: Request[] = [];
let good: Uint8Array;

beforeAll(async () => {
	await initParquet(
		readFileSync(createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm'))
	);
	good = longParquet(['watch_1', 'watch_2']);
	browser = await launch();
	({ page, foreignRequests, consoleErrors } = await openPage(browser, inject('siteUrl')));
	page.on('request', (r) => requests.push(r));
	await page.goto(new URL('wearables/', inject('siteUrl')).href);
	await resultsReady(page);
});
afterAll(async () => {
	await browser?.close();
});

async function resultsReady(p: Page) {
	await p.waitForSelector('[data-testid="results-table"][data-ready="true"]', { timeout: 45_000 });
	await p.waitForSelector('[data-testid="detect-status"][data-state="ready"]', { timeout: 45_000 });
}

const row = (p: Page, path: string, device: string) =>
	p.locator(`[data-testid="result-row"][data-key="files:table:${path}#${device}|2021-02-04"]`);

describe('Parquet files on the wearable page', () => {
	it('loads nothing of the Parquet reader with the page', () => {
		// the ingest worker is running (it made the demo fleet), the reader is not loaded
		expect(requests.some((r) => /ingest\.worker/.test(r.url()))).toBe(true);
		expect(requests.filter((r) => isParquetAsset(r.url())).map((r) => r.url())).toEqual([]);
	});

	it('reads a long Parquet table from the file input: its device-days and its mapping', async () => {
		await page.getByTestId('file-input').setInputFiles(parquetFile('fleet.parquet', good));
		for (const device of ['watch_1', 'watch_2']) {
			await row(page, 'fleet.parquet', device).waitFor({ timeout: 30_000 });
		}
		await resultsReady(page);
		for (const device of ['watch_1', 'watch_2']) {
			const r = row(page, 'fleet.parquet', device);
			expect(await r.getAttribute('data-device')).toBe(device);
			expect(await r.getAttribute('data-day')).toBe('2021-02-04');
			expect(await r.locator('[data-column="temp_avg_cents"]').textContent()).toMatch(/^33\.\d\d/);
		}
		expect(await page.getByTestId('ingest-errors').count()).toBe(0);
		// the proposed mapping, shown for the person to correct
		const form = page.locator('[data-testid="table-mapping"][data-path="fleet.parquet"]');
		expect(await form.locator('.title').textContent()).toContain(`(parquet, ${2 * ROWS} rows)`);
		expect(await form.locator('.title .warn').count()).toBe(0);
		expect(await form.getByTestId('mapping-shape').inputValue()).toBe('long');
		expect(await form.getByTestId('mapping-time').inputValue()).toBe('timestamp');
		expect(await form.getByLabel('Device column').inputValue()).toBe('device');
		expect(await form.getByLabel('Signal-name column').inputValue()).toBe('signal');
		expect(await form.getByLabel('Value column').inputValue()).toBe('value');
		expect(await form.getByLabel('Temperature in').inputValue()).toBe('celsius');
		// one summary per device and signal
		expect(
			await page.locator('[data-testid="file-summary"][data-path="fleet.parquet"]').count()
		).toBe(6);
		// the reader came from this site, once: its code and its wasm
		const wasm = requests.filter((r) => /parquet_wasm_bg-[\w-]+\.wasm$/.test(r.url()));
		expect(wasm).toHaveLength(1);
		const response = await wasm[0].response();
		expect(response?.status()).toBe(200);
		expect(response?.headers()['content-type']).toBe('application/wasm');
	});

	it('names a truncated and a damaged Parquet file and still loads the good files', async () => {
		const damaged = good.slice();
		damaged.fill(0x41, good.length - 200, good.length - 8); // the footer, PAR1 intact
		await page
			.getByTestId('file-input')
			.setInputFiles([
				parquetFile('cut.parquet', good.subarray(0, good.length >> 1)),
				parquetFile('damaged.parquet', damaged),
				parquetFile('watch_3.parquet', longParquet(['watch_3'])),
				{ name: 'watch_4.csv', mimeType: 'text/csv', buffer: longCsv('watch_4') }
			]);
		const errors = page.getByTestId('ingest-error');
		await expect.poll(() => errors.count(), { timeout: 30_000 }).toBe(2);
		expect(await page.getByTestId('ingest-errors').getAttribute('role')).toBe('alert');
		expect(
			await page.locator('[data-testid="ingest-error"][data-path="cut.parquet"]').textContent()
		).toBe(
			`cut.parquet: the Parquet file is truncated or still being written, nothing in it was read (it does not end with PAR1 like a whole one; ${good.length >> 1} bytes)`
		);
		expect(
			await page.locator('[data-testid="ingest-error"][data-path="damaged.parquet"]').textContent()
		).toMatch(
			/^damaged\.parquet: the Parquet file is damaged or uses a feature this reader lacks, nothing in it was read \(.+\)$/
		);
		await row(page, 'watch_3.parquet', 'watch_3').waitFor({ timeout: 30_000 });
		await row(page, 'watch_4.csv', 'watch_4').waitFor({ timeout: 30_000 });
		await resultsReady(page);
		expect(await row(page, 'fleet.parquet', 'watch_1').count()).toBe(1);
		expect(await row(page, 'fleet.parquet', 'watch_2').count()).toBe(1);
		// the worker keeps its reader: the wasm was fetched once in all
		expect(requests.filter((r) => /parquet_wasm_bg-[\w-]+\.wasm$/.test(r.url()))).toHaveLength(1);
	});

	it('made no request to another origin and logged no error', () => {
		expect(foreignRequests).toEqual([]);
		expect(consoleErrors).toEqual([]);
	});
});

// --- under a Content-Security-Policy -----------------------------------------------------

/**
 * A fresh page whose ingest worker is served with `policy` as its CSP header (a worker's
 * policy comes from its own response). Service workers are blocked so that every request
 * goes through the route.
 */
async function pageWithWorkerPolicy(policy: string) {
	const context: BrowserContext = await browser.newContext({ serviceWorkers: 'block' });
	const p = await context.newPage();
	const errors: string[] = [];
	p.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	p.on('pageerror', (e) => errors.push(String(e)));
	let routed = 0;
	await context.route(/\/workers\/ingest\.worker-[\w-]+\.js$/, async (route) => {
		const response = await route.fetch();
		routed++;
		await route.fulfill({
			response,
			headers: { ...response.headers(), 'content-security-policy': policy }
		});
	});
	await p.goto(new URL('wearables/', inject('siteUrl')).href);
	await p.getByTestId('file-input').waitFor({ state: 'attached' });
	return { context, page: p, errors, routed: () => routed };
}

const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

describe("a Content-Security-Policy of script-src 'self' 'wasm-unsafe-eval'", () => {
	it('lets the ingest worker read Parquet, here from inside a zip', async () => {
		const { context, page: p, errors, routed } = await pageWithWorkerPolicy(STRICT);
		try {
			// found only once the zip is open: the worker loads the reader and plans again
			const zip = zipSync({ 'strict.parquet': longParquet(['watch_5']) });
			await p.getByTestId('file-input').setInputFiles({
				name: 'bundle.zip',
				mimeType: 'application/zip',
				buffer: Buffer.from(zip)
			});
			await row(p, 'bundle.zip/strict.parquet', 'watch_5').waitFor({ timeout: 45_000 });
			expect(routed()).toBe(1);
			expect(await p.getByTestId('ingest-errors').count()).toBe(0);
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('is what allows it: without wasm-unsafe-eval the reader cannot start, and the file is named', async () => {
		const {
			context,
			page: p,
			routed
		} = await pageWithWorkerPolicy("default-src 'self'; script-src 'self'; connect-src 'self'");
		try {
			await p
				.getByTestId('file-input')
				.setInputFiles([
					parquetFile('blocked.parquet', longParquet(['watch_6'])),
					{ name: 'watch_7.csv', mimeType: 'text/csv', buffer: longCsv('watch_7') }
				]);
			const error = p.locator('[data-testid="ingest-error"][data-path="blocked.parquet"]');
			await error.waitFor({ timeout: 45_000 });
			expect(routed()).toBe(1);
			expect(await error.textContent()).toMatch(
				/^blocked\.parquet: could not be read: the Parquet reader could not be loaded \(.*WebAssembly.*\)$/
			);
			await row(p, 'watch_7.csv', 'watch_7').waitFor({ timeout: 45_000 });
		} finally {
			await context.close();
		}
	});
});
