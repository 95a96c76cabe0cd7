/**
 * The wearable fault-detection page on the built static site, in Debian's Chromium: it
 * opens with the demo fleet judged exactly as planted (wear-aware, and with device_012's
 * false positive in original mode), takes the real device folder through the folder
 * input, names a malformed file while the good ones load, downloads what it shows, keeps
 * its results on invalid parameters, and never talks to another origin.
 */
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, openPage } from './browser';
import { generateFleet, PLANTED_FAULTS } from '../../src/lib/simulation/fleet';
import type { DetectionMode } from '../../src/lib/domain/wearables';
import { zipSync } from 'fflate';

const FIXTURE = path.resolve('test/fixtures/fd2s/2021/02/04/device_015');
const FLEET_DAYS = generateFleet().length;

let browser: Browser;
let page: Page;
let foreignRequests: string[];
let consoleErrors: string[];
let scratch: string;
/** Device-days built from files the tests gave the page so far. */
let uploaded = 0;

beforeAll(async () => {
	scratch = await mkdtemp(path.join(tmpdir(), 'wearables-test-'));
	browser = await launch();
	({ page, foreignRequests, consoleErrors } = await openPage(browser, inject('siteUrl')));
	await page.goto(new URL('wearables/', inject('siteUrl')).href);
	await resultsReady(page);
});
afterAll(async () => {
	await browser?.close();
	if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Waits until every loaded device-day has results and nothing is running. */
async function resultsReady(p: Page) {
	await p.waitForSelector('[data-testid="results-table"][data-ready="true"]', { timeout: 45_000 });
	await p.waitForSelector('[data-testid="detect-status"][data-state="ready"]', { timeout: 45_000 });
}

interface ShownRow {
	key: string;
	device: string;
	day: string;
	status: string;
	flags: string;
}

const shownRows = (p: Page): Promise<ShownRow[]> =>
	p.$$eval('[data-testid="result-row"]', (rows) =>
		rows.map((r) => {
			const d = (r as HTMLElement).dataset;
			return {
				key: d.key ?? '',
				device: d.device ?? '',
				day: d.day ?? '',
				status: d.status ?? '',
				flags: d.flags ?? ''
			};
		})
	);

/** The planted verdicts of `mode`: `device day` -> flags as the table writes them. */
function planted(mode: DetectionMode): Record<string, string> {
	const out: Record<string, string> = {};
	for (const f of PLANTED_FAULTS) {
		const flags = f.flags.filter((x) => x.mode === mode);
		if (flags.length) {
			out[`${f.device} ${f.day}`] = flags.map((x) => `${x.section} ${x.rule}`).join('; ');
		}
	}
	return out;
}

function faults(rows: ShownRow[]): Record<string, string> {
	return Object.fromEntries(
		rows.filter((r) => r.status === 'flagged').map((r) => [`${r.device} ${r.day}`, r.flags])
	);
}

describe('the wearable fault-detection page', () => {
	it('opens with the demo fleet and exactly the planted faults (wear-aware)', async () => {
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
			'Wearable fault detection'
		);
		expect(await page.getByText('Your files never leave this browser').count()).toBe(1);
		expect(await page.getByRole('link', { name: 'Wearables' }).getAttribute('aria-current')).toBe(
			'page'
		);
		const table = page.getByTestId('results-table');
		expect(await table.getAttribute('data-mode')).toBe('wear-aware');
		const rows = await shownRows(page);
		expect(rows.length).toBe(FLEET_DAYS);
		expect(faults(rows)).toEqual(planted('wear-aware'));
		// faulty rows first, the one with the most flags on top
		const n = Object.keys(planted('wear-aware')).length;
		expect(rows.slice(0, n).every((r) => r.status === 'flagged')).toBe(true);
		expect(rows[0].device).toBe('device_007');
		// the first faulty device-day is shown with its signals
		await page.waitForSelector('[data-testid="day-view"][data-ready="true"]', { timeout: 30_000 });
		expect(await page.getByTestId('day-view').getAttribute('data-key')).toBe(rows[0].key);
		const temperature = page.getByTestId('temperature-chart').locator('[role="img"]');
		expect(await temperature.getAttribute('aria-label')).toMatch(
			/^Temperature of device_007 on 2021-02-04 over .*outside the ±3 std band/
		);
		expect(Number(await page.getByTestId('temperature-chart').getAttribute('data-outside'))).toBe(
			72
		);
		expect(await page.getByTestId('ppg-chart').locator('canvas').count()).toBe(1);
	});

	it('shows device_012 too in original mode, and the disagreement side by side', async () => {
		await page.getByRole('radio', { name: 'Original' }).check();
		await expect
			.poll(() => page.getByTestId('results-table').getAttribute('data-mode'))
			.toBe('original');
		const rows = await shownRows(page);
		expect(faults(rows)).toEqual(planted('original'));
		expect(faults(rows)['device_012 2021-02-04']).toBe('temperature volatility');

		await page.getByTestId('view-compare').click();
		const compare = page.getByTestId('compare-row');
		await expect.poll(() => compare.count()).toBe(1);
		expect(await compare.first().getAttribute('data-device')).toBe('device_012');
		expect(await compare.first().locator('[data-mode="wear-aware"]').textContent()).toContain('ok');
		await compare.first().getByRole('button').click();
		await page.waitForSelector(
			'[data-testid="day-view"][data-key="demo:2021-02-04/device_012"][data-ready="true"]'
		);
		await page.getByTestId('view-results').click();
		await page.getByRole('radio', { name: 'Wear-aware' }).check();
		await expect
			.poll(() => page.getByTestId('results-table').getAttribute('data-mode'))
			.toBe('wear-aware');
	});

	it('sorts by a column header and filters by device', async () => {
		const header = page.locator('th:has(button[data-column="temp_avg_cents"])');
		await header.getByRole('button').click();
		expect(await header.getAttribute('aria-sort')).toBe('ascending');
		let rows = await shownRows(page);
		expect(rows[0].flags).toBe('temperature avg'); // the coldest device is a planted one
		await header.getByRole('button').click();
		expect(await header.getAttribute('aria-sort')).toBe('descending');
		rows = await shownRows(page);
		expect(rows[0].device).toBe('device_007');
		await page.getByTestId('reset-sort').click();
		expect(await header.getAttribute('aria-sort')).toBe('none');

		await page.getByTestId('row-filter').fill('device_01');
		await expect
			.poll(async () => (await shownRows(page)).every((r) => r.device.startsWith('device_01')))
			.toBe(true);
		await page.getByTestId('faulty-only').check();
		await expect
			.poll(async () => (await shownRows(page)).map((r) => r.device).sort())
			.toEqual(['device_016', 'device_019']);
		await page.getByTestId('row-filter').fill('');
		await page.getByTestId('faulty-only').uncheck();
		await expect.poll(async () => (await shownRows(page)).length).toBe(FLEET_DAYS);
	});

	it('downloads the faults shown as CSV and as a JSON report named after them', async () => {
		await page.getByTestId('faulty-only').check();
		const [csv] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId('download-csv').click()
		]);
		expect(csv.suggestedFilename()).toBe('wearables_faults_wear-aware_2021-02-02_2021-02-04.csv');
		const text = await readFile(await csv.path(), 'utf8');
		const [header, ...lines] = text.trimEnd().split('\r\n');
		expect(header.split(',').slice(0, 4)).toEqual(['key', 'source', 'device', 'day']);
		expect(lines.length).toBe(Object.keys(planted('wear-aware')).length);

		const [json] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId('download-json').click()
		]);
		expect(json.suggestedFilename()).toBe('wearables_faults_wear-aware_2021-02-02_2021-02-04.json');
		const report = JSON.parse(await readFile(await json.path(), 'utf8'));
		expect(report).toMatchObject({ mode: 'wear-aware', scope: 'faults' });
		expect(report.params.temperature.window).toBe(1200);
		expect(report.counts.faulty).toBe(lines.length);
		await page.getByTestId('faulty-only').uncheck();
	});

	it('takes the real device folder through the folder input: device_015 on 2021-02-04 is ok', async () => {
		await page.getByTestId('folder-input').setInputFiles(path.resolve('test/fixtures/fd2s'));
		const row = page.locator(
			'[data-testid="result-row"][data-key="files:original:fd2s/2021/02/04/device_015"]'
		);
		await row.waitFor({ timeout: 30_000 });
		await resultsReady(page);
		expect(await row.getAttribute('data-device')).toBe('device_015');
		expect(await row.getAttribute('data-day')).toBe('2021-02-04');
		expect(await row.getAttribute('data-status')).toBe('ok');
		expect(await page.getByTestId('ingest-errors').count()).toBe(0);
		expect(await page.getByTestId('file-summary').count()).toBe(3);
		// added to the demo, not instead of it
		uploaded = 1;
		expect((await shownRows(page)).length).toBe(FLEET_DAYS + uploaded);
		await row.getByRole('button').click();
		await page.waitForSelector(
			'[data-testid="day-view"][data-key="files:original:fd2s/2021/02/04/device_015"][data-ready="true"]'
		);
	});

	it('names a malformed file and still loads the good ones', async () => {
		const root = path.join(scratch, 'upload');
		const bad = path.join(root, '2021/02/03/device_021');
		const good = path.join(root, '2021/02/03/device_022');
		await mkdir(bad, { recursive: true });
		await cp(FIXTURE, good, { recursive: true });
		await cp(path.join(FIXTURE, 'on_wrist.csv'), path.join(bad, 'on_wrist.csv'));
		await cp(path.join(FIXTURE, 'ppg_green.csv'), path.join(bad, 'ppg_green.csv'));
		await writeFile(path.join(bad, 'temperature.csv'), '3575\n3576\n35.7x\n3577\n');

		await page.getByTestId('folder-input').setInputFiles(root);
		const alert = page.getByTestId('ingest-errors');
		await alert.waitFor({ timeout: 30_000 });
		expect(await alert.getAttribute('role')).toBe('alert');
		const error = alert.getByTestId('ingest-error');
		expect(await error.count()).toBe(1);
		expect(await error.textContent()).toMatch(/^device_021\/temperature\.csv: line 3 /);
		await resultsReady(page);
		const rows = await shownRows(page);
		const byDevice = (d: string) => rows.find((r) => r.device === d && !r.key.startsWith('demo:'));
		expect(byDevice('device_022')).toMatchObject({ day: '2021-02-03', status: 'ok' });
		expect(byDevice('device_015')).toMatchObject({ day: '2021-02-04', status: 'ok' });
		expect(byDevice('device_021')?.status).toBe('insufficient-data');
		uploaded = 3;
		expect(rows.length).toBe(FLEET_DAYS + uploaded);
	});

	it('reads a zip dropped on the drop zone', async () => {
		const entries = Object.fromEntries(
			await Promise.all(
				['on_wrist.csv', 'temperature.csv', 'ppg_green.csv'].map(async (name) => [
					`2021/02/05/device_015/${name}`,
					new Uint8Array(await readFile(path.join(FIXTURE, name)))
				])
			)
		);
		const zip = Buffer.from(zipSync(entries)).toString('base64');
		await page.getByTestId('drop-zone').evaluate((zone, b64) => {
			const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
			const dt = new DataTransfer();
			dt.items.add(new File([bytes], 'device_015.zip', { type: 'application/zip' }));
			zone.dispatchEvent(
				new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true })
			);
			zone.dispatchEvent(
				new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true })
			);
		}, zip);
		const row = page.locator(
			'[data-testid="result-row"][data-key="files:original:device_015.zip/2021/02/05/device_015"]'
		);
		await row.waitFor({ timeout: 30_000 });
		await resultsReady(page);
		expect(await row.getAttribute('data-status')).toBe('ok');
		uploaded = 4;
		expect((await shownRows(page)).length).toBe(FLEET_DAYS + uploaded);
	});

	it('walks a whole folder dropped on the drop zone, keeping relative paths', async () => {
		const folder = path.join(scratch, 'dropped', '2021', '02', '06', 'device_015');
		await mkdir(path.dirname(folder), { recursive: true });
		await cp(FIXTURE, folder, { recursive: true });
		// a real drag of a directory from outside the page (Chromium's own drag events)
		await page.getByTestId('drop-zone').scrollIntoViewIfNeeded();
		const box = (await page.getByTestId('drop-zone').boundingBox())!;
		const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
		const data = { items: [], files: [path.join(scratch, 'dropped')], dragOperationsMask: 1 };
		const cdp = await page.context().newCDPSession(page);
		for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
			await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
		}
		await cdp.detach();
		const row = page.locator(
			'[data-testid="result-row"][data-key="files:original:dropped/2021/02/06/device_015"]'
		);
		await row.waitFor({ timeout: 30_000 });
		await resultsReady(page);
		expect(await row.getAttribute('data-status')).toBe('ok');
		expect(
			await page
				.locator(
					'[data-testid="file-summary"][data-path="dropped/2021/02/06/device_015/temperature.csv"]'
				)
				.count()
		).toBe(1);
		uploaded = 5;
		expect((await shownRows(page)).length).toBe(FLEET_DAYS + uploaded);
	});

	it('lets the person map the columns of a table it could not map', async () => {
		const lines = ['when,unit,skin,strap'];
		for (let i = 0; i < 2400; i++) {
			lines.push(`${1612396800 + i * 0.25},watch_a,${(34 + 0.2 * Math.sin(i / 50)).toFixed(2)},1`);
		}
		await page.getByTestId('file-input').setInputFiles({
			name: 'watch.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from(lines.join('\n') + '\n')
		});
		const error = page.locator('[data-testid="ingest-error"][data-path="watch.csv"]');
		await error.waitFor({ timeout: 30_000 });
		expect(await error.textContent()).toMatch(/^watch\.csv: header not recognised/);
		const form = page.locator('[data-testid="table-mapping"][data-path="watch.csv"]');
		await form.getByLabel('Device column').selectOption('unit');
		await form.getByLabel('temperature column').selectOption('skin');
		await form.getByLabel('on-wrist (0/1) column').selectOption('strap');
		await form.getByLabel('Temperature in').selectOption('celsius');
		await form.getByTestId('apply-mapping').click();
		const row = page.locator('[data-testid="result-row"][data-device="watch_a"]');
		await row.waitFor({ timeout: 30_000 });
		await resultsReady(page);
		expect(await error.count()).toBe(0);
		expect(await row.getAttribute('data-day')).toBe('2021-02-04');
		// no PPG column: the PPG rules have nothing to judge, the temperature passes
		expect(await row.getAttribute('data-status')).toBe('insufficient-data');
		expect(await row.locator('[data-column="temp_avg_cents"]').textContent()).toMatch(/^34\.\d\d/);
		uploaded = 6;
		expect((await shownRows(page)).length).toBe(FLEET_DAYS + uploaded);
	});

	it('keeps the results on invalid parameters and re-runs on valid ones', async () => {
		const window = page.getByTestId('param-temperature-window');
		await window.fill('1');
		const problems = page.getByTestId('param-problems');
		await problems.waitFor();
		expect(await problems.textContent()).toContain('"Rolling window" (temperature)');
		expect((await shownRows(page)).length).toBe(FLEET_DAYS + uploaded);
		await window.fill('1200');
		await problems.waitFor({ state: 'detached' });

		await page.getByTestId('param-temperature-avgLow').fill('2000');
		await expect
			.poll(async () => Object.keys(faults(await shownRows(page))), { timeout: 45_000 })
			.toEqual(['device_007 2021-02-04']);
		await resultsReady(page);
		await page.getByTestId('reset-params').click();
		await expect
			.poll(async () => faults(await shownRows(page)), { timeout: 45_000 })
			.toEqual(planted('wear-aware'));
	});

	it('keeps both modes of every device-day in DuckDB and answers a query on them', async () => {
		const panel = page.getByTestId('db-panel');
		const total = FLEET_DAYS + uploaded;
		await expect
			.poll(() => panel.getAttribute('data-rows'), { timeout: 45_000 })
			.toBe(String(2 * total));
		await expect.poll(() => panel.getAttribute('data-busy'), { timeout: 45_000 }).toBe('false');
		const flagged = (mode: string) =>
			page
				.getByTestId('db-summary')
				.locator(`tr[data-mode="${mode}"]`)
				.getAttribute('data-flagged');
		expect(await flagged('wear-aware')).toBe(String(Object.keys(planted('wear-aware')).length));
		expect(await flagged('original')).toBe(String(Object.keys(planted('original')).length));
		await page
			.getByTestId('sql-input')
			.fill(
				"SELECT device, strftime(day, '%Y-%m-%d') AS day FROM wearable_results WHERE mode = 'original' AND status = 'flagged' AND temp_volatility_check = 'flag' ORDER BY device"
			);
		await page.getByTestId('run-sql').click();
		const result = page.getByTestId('sql-result');
		await result.waitFor();
		expect(await result.locator('tbody tr').allTextContents()).toEqual([
			'device_0072021-02-04',
			'device_0122021-02-04'
		]);
	});

	it('removes the demo and everything on request', async () => {
		await page.getByTestId('remove-demo').click();
		await expect.poll(async () => (await shownRows(page)).length).toBe(uploaded);
		await page.getByTestId('clear-all').click();
		await expect.poll(async () => (await shownRows(page)).length).toBe(0);
		await page.getByTestId('load-demo').click();
		await resultsReady(page);
		expect((await shownRows(page)).length).toBe(FLEET_DAYS);
	});

	it('downloads the demo fleet as a zip of its files', async () => {
		const [zip] = await Promise.all([
			page.waitForEvent('download', { timeout: 30_000 }),
			page.getByTestId('download-demo-zip').click()
		]);
		expect(zip.suggestedFilename()).toBe('wearables_demo-fleet_2021-02-02_2021-02-04.zip');
		const bytes = await readFile(await zip.path());
		expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
		expect(bytes.length).toBeGreaterThan(1_000_000);
	});

	it('made no request to another origin and logged no error', () => {
		expect(foreignRequests).toEqual([]);
		expect(consoleErrors).toEqual([]);
	});
});
