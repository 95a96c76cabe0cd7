/**
 * The wearable page's rune class and its address (an in-memory history): a view change is
 * a history entry, Back and Forward apply the entry's view, a link's parameters, sort,
 * filter and device-day are restored once the data is in, a tampered link is reported and
 * replaced by its canonical form, and a link of dropped files asks for them, loads only
 * the matching ones and says which are missing or different.
 */
import { describe, expect, it } from 'vitest';
import { defaultDetectionParams } from '../../../src/lib/domain/wearables';
import { sha256Hex } from '../../../src/lib/ingest/hash';
import { memoryUrl } from '../../../src/lib/state/url';
import { fixtureSources, fleet, setup } from './wearables-fakes';

/** A clock the test moves: view changes further apart than COALESCE_MS are entries of their own. */
function clock() {
	let t = 0;
	return { now: () => (t += 1000) };
}

describe('WearablesState and its address', () => {
	it('leaves the bare address for the default view and writes each change as an entry', async () => {
		const url = memoryUrl('');
		const { s } = setup({ url, ...clock() });
		await s.start();
		expect(url.entries).toEqual(['']);
		expect(s.selectedKey).toBe('demo:2021-02-04/device_007'); // the default, not in the address

		s.setMode('original');
		s.sortBy('temp_avg_cents');
		s.setFilter({ text: 'device_00' });
		s.select('demo:2021-02-04/device_006');
		s.setView('compare');
		expect(url.entries).toEqual([
			'',
			'v=1&mode=original',
			'v=1&mode=original&sort=tempAvg',
			'v=1&mode=original&sort=tempAvg&q=device_00',
			'v=1&mode=original&device=device_006&day=2021-02-04&sort=tempAvg&q=device_00',
			'v=1&mode=original&device=device_006&day=2021-02-04&sort=tempAvg&q=device_00&compare=1'
		]);

		url.go(-3);
		expect(s.mode).toBe('original');
		expect(s.sort).toEqual({ column: 'temp_avg_cents', direction: 'ascending' });
		expect(s.filter.text).toBe('');
		expect(s.view).toBe('results');
		url.go(2);
		expect(s.selectedKey).toBe('demo:2021-02-04/device_006');
		expect(s.filter.text).toBe('device_00');
		url.go(-4);
		expect(s.mode).toBe('wear-aware');
		expect(s.sort).toBeNull();
		expect(s.selectedKey).toBe('demo:2021-02-04/device_007');
	});

	it('replaces the entry when a change follows the previous one quickly (typing)', async () => {
		const url = memoryUrl('');
		let t = 0;
		const { s } = setup({ url, now: () => (t += 50) });
		await s.start();
		for (const text of ['d', 'de', 'dev']) s.setFilter({ text });
		expect(url.entries).toEqual(['', 'v=1&q=dev']);
	});

	it('opens a link on its parameters, mode, sort, filter and device-day', async () => {
		const url = memoryUrl(
			'?v=1&mode=original&temperature.avgLow=2000&device=device_012&day=2021-02-04&sort=-status&faulty=1'
		);
		const { s } = setup({ url, ...clock() });
		await s.start();
		expect(s.urlProblems).toEqual([]);
		expect(s.mode).toBe('original');
		expect(s.params.temperature.avgLow).toBe(2000);
		expect(s.paramsFromUrl).toBe(1);
		expect(s.sort).toEqual({ column: 'status', direction: 'descending' });
		expect(s.filter.faultyOnly).toBe(true);
		expect(s.selectedKey).toBe('demo:2021-02-04/device_012');
		await expect.poll(() => s.detail?.key).toBe('demo:2021-02-04/device_012');
		expect(url.entries).toEqual([
			'v=1&mode=original&temperature.avgLow=2000&device=device_012&day=2021-02-04&sort=-status&faulty=1'
		]);
	});

	it('reports a tampered link, uses the defaults and rewrites the address', async () => {
		const url = memoryUrl('?v=1&mode=<b>&temperature.k=NaN&device=device_999&day=2021-02-04&q=x');
		const { s } = setup({ url, ...clock() });
		await s.start();
		expect(s.mode).toBe('wear-aware');
		expect(s.params).toEqual(defaultDetectionParams());
		const text = s.urlProblems.join('\n');
		expect(text).toMatch(/mode="\\u003cb\\u003e"/);
		expect(text).toMatch(/temperature\.k/);
		expect(text).toMatch(/device="device_999", day="2021-02-04": not in the data/);
		expect(s.selectedKey).toBe('demo:2021-02-04/device_007');
		expect(url.entries).toEqual(['v=1&q=x']);
	});

	it('puts dropped files into the address as name, size and hash', async () => {
		const url = memoryUrl('');
		const { s } = setup({ url, ...clock() });
		await s.start();
		const sources = await fixtureSources();
		await s.addFiles(sources);
		const hashes = await Promise.all(
			sources.map(async (x) => sha256Hex(new Uint8Array(await x.file.arrayBuffer())).slice(0, 16))
		);
		expect(s.fileRefs.map((r) => r.sha256)).toEqual(hashes);
		const files = sources.map((x, i) => `${x.path}~${x.file.size}~${hashes[i]}`).join('*');
		expect(url.query).toBe(`v=1&src=files&files=${files}`);
		expect(url.entries.length).toBe(1); // data changes replace the entry
	});

	it('asks for a link’s files, loads the matching ones, holds and names a different one', async () => {
		const sources = await fixtureSources();
		const source = setup({ ...clock() });
		await source.s.addFiles(sources);
		source.s.select('files:original:fd2s/2021/02/04/device_015');
		const link = source.s.address;
		expect(link).toContain('device=device_015');

		const url = memoryUrl(`?${link}`);
		const { s, detected } = setup({ url, ...clock() });
		await s.start();
		expect(s.demoStatus).toBe('removed');
		expect(detected).toEqual([]);
		expect(s.fileChecks?.map((c) => c.status)).toEqual(['missing', 'missing', 'missing']);

		// a temperature file with other content, and the right on-wrist file
		const wrong = new File(['3400\n3401\n'], 'temperature.csv');
		await s.addFiles([{ path: sources[1].path, file: wrong }, sources[0]]);
		expect(s.fileChecks?.map((c) => c.status)).toEqual(['ok', 'different', 'missing']);
		expect(s.held.map((h) => h.source.path)).toEqual([sources[1].path]);
		expect(s.filePaths).toEqual([sources[0].path]);

		await s.addFiles([sources[1], sources[2]]);
		expect(s.fileChecks?.map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
		expect(s.held).toEqual([]);
		expect(s.urlProblems).toEqual([]);
		expect(s.selectedKey).toBe('files:original:fd2s/2021/02/04/device_015');
		expect(s.allRows.map((r) => `${r.device} ${r.status}`)).toEqual(['device_015 ok']);
		expect(url.query).toBe(link);
	});

	it('uses held files on request and then writes the files actually loaded', async () => {
		const url = memoryUrl('?v=1&src=files&files=a.csv~3~0123456789abcdef');
		const { s } = setup({ url, ...clock() });
		await s.start();
		const sources = await fixtureSources();
		await s.addFiles(sources);
		expect(s.held.length).toBe(3);
		expect(s.filePaths).toEqual([]);
		await s.useHeldFiles();
		expect(s.request).toBeNull();
		expect(s.filePaths.length).toBe(3);
		expect(url.query).toMatch(
			/^v=1&src=files&files=fd2s\/2021\/02\/04\/device_015\/on_wrist\.csv~/
		);
		expect(s.allRows.length).toBe(1);
		expect(fleet.length).toBeGreaterThan(1);
	});
});
