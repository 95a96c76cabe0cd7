/**
 * A large long table on the wearables page, in Debian's Chromium: a generated ~50 MB CSV
 * (four devices, an hour each of on-wrist 1 Hz, temperature 4 Hz and PPG 64 Hz) is over
 * the size the ingest worker reads whole, so it goes through `Blob.slice`s; it loads and
 * shows one row per device, and keeps them when another file is dropped (the worker's
 * cache: `test/unit/ingest/session.test.ts` checks that the big file is not read again).
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, openPage } from './browser';
import { DEFAULT_STREAM_ABOVE_BYTES } from '../../src/lib/ingest/session';

const DEVICES = ['dev_01', 'dev_02', 'dev_03', 'dev_04'];
const SECONDS = 3700;
const T0 = Date.UTC(2021, 1, 3, 9, 0, 0);

let browser: Browser;
let page: Page;
let foreignRequests: string[];
let consoleErrors: string[];
let scratch: string;
let bigCsv: string;

/** The long CSV, written a device at a time. */
async function writeLongCsv(file: string): Promise<number> {
	const parts: string[] = ['device,timestamp,signal,value\n'];
	for (const [d, device] of DEVICES.entries()) {
		const rows: string[] = [];
		for (let s = 0; s < SECONDS; s++) {
			const second = new Date(T0 + s * 1000).toISOString().slice(0, 20);
			rows.push(`${device},${second}000Z,on_wrist,1`);
			for (let k = 0; k < 64; k++) {
				const ms = String(Math.round((k * 1000) / 64)).padStart(3, '0');
				if (k % 16 === 0) {
					const c = 33.2 + d / 10 + ((s + k) % 9) / 100;
					rows.push(`${device},${second}${ms}Z,temperature,${c.toFixed(2)}`);
				}
				rows.push(
					`${device},${second}${ms}Z,ppg,${6000 + Math.round(900 * Math.sin((s * 64 + k) / 8))}`
				);
			}
		}
		parts.push(rows.join('\n') + '\n');
	}
	await writeFile(file, parts.join(''));
	return (await stat(file)).size;
}

/** Waits until every loaded device-day has results and nothing is running. */
async function resultsReady(p: Page) {
	await p.waitForSelector('[data-testid="results-table"][data-ready="true"]', { timeout: 60_000 });
	await p.waitForSelector('[data-testid="detect-status"][data-state="ready"]', { timeout: 60_000 });
}

beforeAll(async () => {
	scratch = await mkdtemp(path.join(tmpdir(), 'wearables-large-'));
	bigCsv = path.join(scratch, 'long-50mb.csv');
	const size = await writeLongCsv(bigCsv);
	expect(size).toBeGreaterThan(DEFAULT_STREAM_ABOVE_BYTES);
	browser = await launch();
	({ page, foreignRequests, consoleErrors } = await openPage(browser, inject('siteUrl')));
	await page.goto(new URL('wearables/', inject('siteUrl')).href);
	await resultsReady(page);
}, 120_000);

afterAll(async () => {
	await browser?.close();
	if (scratch) await rm(scratch, { recursive: true, force: true });
});

const deviceRow = (device: string) =>
	page.locator(`[data-testid="result-row"][data-device="${device}"]`);

describe('a ~50 MB long CSV', () => {
	it('is read in slices and shows one row per device', async () => {
		await page.getByTestId('file-input').setInputFiles(bigCsv);
		for (const device of DEVICES) await deviceRow(device).waitFor({ timeout: 90_000 });
		await resultsReady(page);
		for (const device of DEVICES) {
			const row = deviceRow(device);
			expect(await row.count()).toBe(1);
			expect(await row.getAttribute('data-day')).toBe('2021-02-03');
			expect(await row.locator('[data-column="temp_avg_cents"]').textContent()).toMatch(
				/^33\.\d\d/
			);
		}
		expect(await page.locator('[data-testid="ingest-error"]').count()).toBe(0);
		// a summary per device and signal of the table
		expect(
			await page.locator('[data-testid="file-summary"][data-path="long-50mb.csv"]').count()
		).toBe(DEVICES.length * 3);
	}, 120_000);

	it('keeps its rows when another file is dropped', async () => {
		const small = path.join(scratch, 'small.csv');
		const rows = ['device,timestamp,signal,value'];
		for (let i = 0; i < 4 * 600; i++) {
			rows.push(`dev_small,${new Date(T0 + i * 250).toISOString()},temperature,33.5`);
		}
		await writeFile(small, rows.join('\n') + '\n');
		await page.getByTestId('file-input').setInputFiles(small);
		await deviceRow('dev_small').waitFor({ timeout: 60_000 });
		await resultsReady(page);
		for (const device of DEVICES) expect(await deviceRow(device).count()).toBe(1);
	}, 120_000);

	it('made no request to another origin and logged no error', () => {
		expect(foreignRequests).toEqual([]);
		expect(consoleErrors).toEqual([]);
	});
});
