/**
 * Exports of the wearables page on the built site, in Debian's Chromium: the device-day
 * charts download as a PNG (a real, non-blank image at twice the screen size, canvas and
 * SVG layers composed) and as an SVG (well-formed, vector axes, canvas layers embedded as
 * images); the rows shown download as Parquet; the printable report holds exactly the
 * faulty rows with their reasons, and the print stylesheet shows it alone.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, openPage } from './browser';
import { PLANTED_FAULTS, generateFleet } from '../../src/lib/simulation/fleet';

let browser: Browser;
let page: Page;
let foreignRequests: string[];
let consoleErrors: string[];

beforeAll(async () => {
	browser = await launch();
	({ page, foreignRequests, consoleErrors } = await openPage(browser, inject('siteUrl')));
	// the print dialog would block a headless page: count the calls instead
	await page.addInitScript(() => {
		const w = window as unknown as { __printed: number };
		w.__printed = 0;
		window.print = () => {
			w.__printed++;
		};
	});
	await page.goto(new URL('wearables/', inject('siteUrl')).href);
	await page.waitForSelector('[data-testid="results-table"][data-ready="true"]', {
		timeout: 45_000
	});
	await page.waitForSelector('[data-testid="day-view"][data-ready="true"]', { timeout: 30_000 });
});
afterAll(async () => {
	expect(foreignRequests).toEqual([]);
	expect(consoleErrors).toEqual([]);
	await browser?.close();
});

/** Clicks `button` and returns the downloaded file's name and bytes. */
async function download(button: ReturnType<Page['getByTestId']>) {
	const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
	return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

const temperature = () => page.getByTestId('temperature-chart');

describe('chart exports', () => {
	it('downloads the temperature chart as a PNG of its canvas and SVG layers', async () => {
		const { name, bytes } = await download(temperature().getByTestId('export-png'));
		expect(name).toBe('wearables_device-007_2021-02-04_wear-aware_temperature.png');
		expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		expect(bytes.length).toBeGreaterThan(10_000);
		const plot = (await temperature().locator('.plot').boundingBox())!;
		expect(bytes.readUInt32BE(16)).toBe(2 * Math.round(plot.width)); // IHDR width
		expect(bytes.readUInt32BE(20)).toBe(2 * (Math.round(plot.height) + 26)); // + the title
		// decoded in the page: blue signal pixels (canvas) and dark axis text (SVG) are there
		const colours = await page.evaluate(async (b64) => {
			const img = new Image();
			img.src = `data:image/png;base64,${b64}`;
			await img.decode();
			const c = document.createElement('canvas');
			c.width = img.width;
			c.height = img.height;
			const ctx = c.getContext('2d')!;
			ctx.drawImage(img, 0, 0);
			const d = ctx.getImageData(0, 0, c.width, c.height).data;
			let blue = 0;
			let labels = 0;
			for (let i = 0; i < d.length; i += 4) {
				if (d[i + 2] > 140 && d[i] < 80) blue++;
				// grey axis labels left of the plot, below the title: outside the SVG layer's box
				const x = (i / 4) % c.width;
				const y = Math.floor(i / 4 / c.width);
				if (x < 80 && y > 100 && d[i] < 150 && d[i + 2] < 170) labels++;
			}
			return { blue, labels };
		}, bytes.toString('base64'));
		expect(colours.blue).toBeGreaterThan(1000);
		expect(colours.labels).toBeGreaterThan(200);
	});

	it('downloads the PPG chart as a well-formed SVG with vector axes and the canvas embedded', async () => {
		const ppg = page.getByTestId('ppg-chart');
		const { name, bytes } = await download(ppg.getByTestId('export-svg'));
		expect(name).toBe('wearables_device-007_2021-02-04_wear-aware_ppg.svg');
		const text = bytes.toString('utf8');
		expect(text.startsWith('<?xml')).toBe(true);
		expect(bytes.length).toBeGreaterThan(5_000);
		const parsed = await page.evaluate((svg) => {
			const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
			const root = doc.documentElement;
			return {
				error: doc.querySelector('parsererror')?.textContent ?? null,
				root: root.nodeName,
				width: Number(root.getAttribute('width')),
				images: [...doc.querySelectorAll('image')].map((i) =>
					(i.getAttribute('href') ?? '').slice(0, 22)
				),
				texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
				lines: doc.querySelectorAll('line, path').length,
				classes: doc.querySelectorAll('[class]').length
			};
		}, text);
		expect(parsed.error).toBeNull();
		expect(parsed.root).toBe('svg');
		const plot = (await ppg.locator('.plot').boundingBox())!;
		expect(parsed.width).toBe(Math.round(plot.width));
		expect(parsed.images).toEqual(['data:image/png;base64,']);
		expect(parsed.texts[0]).toBe(
			'device_007 on 2021-02-04 (wear-aware mode): PPG green, seconds from the recording start'
		);
		expect(parsed.texts.length).toBeGreaterThan(5); // axis ticks
		expect(parsed.lines).toBeGreaterThan(5);
		expect(parsed.classes).toBe(0); // styles are inline: the file looks the same anywhere
	});
});

describe('table exports', () => {
	it('downloads the rows shown as Parquet', async () => {
		const { name, bytes } = await download(page.getByTestId('download-parquet'));
		expect(name).toBe('wearables_results_wear-aware_2021-02-02_2021-02-04.parquet');
		expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
		expect(bytes.subarray(-4).toString('latin1')).toBe('PAR1');
		expect(bytes.length).toBeGreaterThan(2_000);
	});

	it('prints a report of exactly the faulty rows, alone on the page', async () => {
		await page.getByTestId('print-report-button').click();
		await expect
			.poll(() => page.evaluate(() => (window as unknown as { __printed: number }).__printed))
			.toBe(1);
		const report = page.getByTestId('print-report');
		const rows = await report
			.getByTestId('print-row')
			.evaluateAll((rs) =>
				rs.map((r) => `${(r as HTMLElement).dataset.device} ${(r as HTMLElement).dataset.day}`)
			);
		const planted = PLANTED_FAULTS.filter((f) => f.flags.some((x) => x.mode === 'wear-aware'));
		expect(rows.sort()).toEqual(planted.map((f) => `${f.device} ${f.day}`).sort());
		const text = await report.textContent();
		expect(text).toMatch(/Wearable fault report/);
		expect(text).toContain(
			`${planted.length} faulty device-days of ${generateFleet().length} shown, wear-aware mode`
		);
		expect(text).toMatch(/Made \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
		expect(text).toMatch(/temperature: /);
		expect(text).toMatch(/Band width k/);

		expect(await report.isVisible()).toBe(false); // hidden on screen
		await page.emulateMedia({ media: 'print' });
		expect(await report.isVisible()).toBe(true);
		expect(await page.getByTestId('results-table').isVisible()).toBe(false);
		expect(
			await page.getByRole('heading', { level: 1, name: 'Wearable fault detection' }).isVisible()
		).toBe(false);
		await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
		expect(await page.getByTestId('results-table').isVisible()).toBe(true);
		await page.emulateMedia({ media: 'screen' });
	});
});
