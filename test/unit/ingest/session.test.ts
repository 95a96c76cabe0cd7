/**
 * `IngestSession`, the ingest worker's logic: every plan gets all sources, but a file
 * already read (same path, size, lastModified) is not read again; large CSV/TSV/NDJSON
 * tables are read in slices; the size limits and their messages.
 */
import { describe, expect, it } from 'vitest';
import { planIngest } from '../../../src/lib/ingest/plan';
import { IngestSession, sourceKey } from '../../../src/lib/ingest/session';
import type { ByteSource, LongMapping } from '../../../src/lib/ingest/types';
import { sha256Hex } from '../../../src/lib/ingest/hash';
import { bytesOf, e4Temp, e4Text, fixtureFiles, memorySource } from './helpers';

const T0 = Date.UTC(2021, 1, 4, 10, 0, 0);

function longCsv(device: string, seconds: number): string {
	const rows = ['device,timestamp,signal,value'];
	for (let i = 0; i < seconds * 4; i++) {
		rows.push(
			`${device},${new Date(T0 + i * 250).toISOString()},temp,${(33 + (i % 7) / 100).toFixed(2)}`
		);
	}
	return rows.join('\n') + '\n';
}

const fixtures = () => fixtureFiles().map((f) => memorySource(f.path, f.bytes));

describe('IngestSession: only new files are read', () => {
	it('a second plan with one more file reads only that file, and plans like planIngest', async () => {
		const session = new IngestSession();
		const first = fixtures();
		const plan1 = await session.plan(first);
		expect(session.stats.read).toHaveLength(3);
		expect(plan1.deviceDays.map((d) => d.record.device)).toEqual(['device_015']);

		const table = memorySource('long.csv', bytesOf(longCsv('dev_a', 60)));
		const e4 = memorySource('1589292378_A01A3A/TEMP.csv', bytesOf(e4Text(e4Temp(30), 4)));
		const all = [...first, table, e4];
		const plan2 = await session.plan(all);
		expect(session.stats).toEqual({
			read: ['long.csv', '1589292378_A01A3A/TEMP.csv'],
			reused: first.map((f) => f.path)
		});
		expect(first.map((f) => f.reads)).toEqual([1, 1, 1]);
		const reference = planIngest(
			await Promise.all(all.map(async (s) => ({ path: s.path, bytes: await s.read(0, s.size) })))
		);
		const { hashes, ...rest } = plan2;
		expect(rest).toEqual(reference);
		expect(hashes).toEqual({}); // no digest hook
	});

	it('reads a file again when its size or lastModified changed, and forgets removed files', async () => {
		const session = new IngestSession();
		const a = memorySource('a.csv', bytesOf(longCsv('dev_a', 10)), 1);
		const b = memorySource('b.csv', bytesOf(longCsv('dev_b', 10)), 1);
		await session.plan([a, b]);
		expect(session.cached).toBe(2);
		const a2 = memorySource('a.csv', bytesOf(longCsv('dev_a', 10)), 2);
		const plan = await session.plan([a2]);
		expect(session.stats).toEqual({ read: ['a.csv'], reused: [] });
		expect(session.cached).toBe(1);
		expect(plan.deviceDays.map((d) => d.record.device)).toEqual(['dev_a']);
	});

	it('hands out copies: changing a plan does not change the next one', async () => {
		const session = new IngestSession();
		const files = fixtures();
		const plan1 = await session.plan(files);
		const before = plan1.deviceDays[0].record.temperature[0];
		plan1.deviceDays[0].record.temperature.fill(-1);
		plan1.deviceDays[0].notes.push('scribbled');
		const plan2 = await session.plan(files);
		expect(session.stats.read).toEqual([]);
		expect(plan2.deviceDays[0].record.temperature[0]).toBe(before);
		expect(plan2.deviceDays[0].notes).not.toContain('scribbled');
	});

	it('applies a corrected mapping to a whole table without reading it again', async () => {
		const session = new IngestSession();
		const table = memorySource('long.csv', bytesOf(longCsv('dev_a', 10)));
		const plan1 = await session.plan([table]);
		const mapping = {
			...(plan1.tables[0].applied as LongMapping),
			device: null,
			deviceName: 'wrist_9'
		};
		const plan2 = await session.plan([table], { 'long.csv': mapping });
		expect(table.reads).toBe(1);
		expect(plan2.tables[0].applied).toEqual(mapping);
		expect(plan2.deviceDays.map((d) => d.record.device)).toEqual(['wrist_9']);
	});

	it('a file the browser cannot read is named, and read again next time', async () => {
		const session = new IngestSession();
		let fail = true;
		const good = memorySource('t.csv', bytesOf(longCsv('dev_a', 5)));
		const flaky: ByteSource = {
			...good,
			read: (s, e) => (fail ? Promise.reject(new Error('NotReadableError')) : good.read(s, e))
		};
		const plan1 = await session.plan([flaky]);
		expect(plan1.errors).toEqual([
			{ path: 't.csv', message: 't.csv: the browser could not read it (NotReadableError)' }
		]);
		fail = false;
		const plan2 = await session.plan([flaky]);
		expect(session.stats.read).toEqual(['t.csv']);
		expect(plan2.errors).toEqual([]);
		expect(plan2.deviceDays).toHaveLength(1);
	});

	it('loads the Parquet reader when a file asks for it, and caches only what it read', async () => {
		let loaded = false;
		const session = new IngestSession({
			decodeParquet: () =>
				loaded
					? { error: 'is a test Parquet file' }
					: { error: 'could not be read: the Parquet reader is not loaded', wanted: true },
			loadParquet: async () => {
				loaded = true;
			}
		});
		const pq = memorySource(
			'x.parquet',
			new Uint8Array([0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0, 0x50, 0x41, 0x52, 0x31])
		);
		const plan = await session.plan([pq]);
		expect(loaded).toBe(true);
		expect(plan.errors.map((e) => e.message)).toEqual(['x.parquet: is a test Parquet file']);
		expect(session.cached).toBe(1);
	});

	it('keys a version of a file by its path, size and lastModified', () => {
		expect(sourceKey({ path: 'a\\b.csv', size: 3, lastModified: 5 })).toBe(
			sourceKey({ path: 'a/b.csv', size: 3, lastModified: 5 })
		);
		expect(sourceKey({ path: 'a/b.csv', size: 3, lastModified: 5 })).not.toBe(
			sourceKey({ path: 'a/b.csv', size: 3, lastModified: 6 })
		);
	});
});

describe('IngestSession: large files and limits', () => {
	const big = bytesOf(longCsv('dev_a', 600)); // about 110 KB

	it('reads a table over the stream threshold in slices, also past maxFileBytes', async () => {
		const session = new IngestSession();
		const source = memorySource('big.csv', big);
		const options = {
			streamAboveBytes: 10_000,
			headBytes: 5_000,
			sliceBytes: 7_000,
			maxFileBytes: 20_000
		};
		const plan = await session.plan([source], {}, options);
		expect(plan.errors).toEqual([]);
		expect(plan.tables[0].streamed).toBe(true);
		expect(source.reads).toBeGreaterThan(10);
		const reference = planIngest([{ path: 'big.csv', bytes: big }]);
		expect(plan.deviceDays).toEqual(reference.deviceDays);
		expect(plan.summaries).toEqual(reference.summaries);
		// the same file again: from the cache
		const reads = source.reads;
		await session.plan([source], {}, options);
		expect(source.reads).toBe(reads);
		expect(session.stats.reused).toEqual(['big.csv']);
	});

	it('a corrected mapping of a sliced table reads the file again, once', async () => {
		const session = new IngestSession();
		const source = memorySource('big.csv', big);
		const options = { streamAboveBytes: 10_000, headBytes: 5_000, sliceBytes: 50_000 };
		const plan1 = await session.plan([source], {}, options);
		const mapping = { ...(plan1.tables[0].applied as LongMapping), device: null, deviceName: 'w' };
		const reads = source.reads;
		const plan2 = await session.plan([source], { 'big.csv': mapping }, options);
		expect(source.reads).toBeGreaterThan(reads);
		expect(plan2.tables[0].applied).toEqual(mapping);
		expect(plan2.deviceDays.map((d) => d.record.device)).toEqual(['w']);
		const again = source.reads;
		await session.plan([source], { 'big.csv': mapping }, options);
		expect(source.reads).toBe(again);
	});

	it('confirming the proposed mapping of a sliced table does not read it again', async () => {
		const session = new IngestSession();
		const source = memorySource('big.csv', big);
		const options = { streamAboveBytes: 10_000, headBytes: 5_000 };
		const plan1 = await session.plan([source], {}, options);
		const reads = source.reads;
		const proposed = plan1.tables[0].applied as LongMapping;
		const plan2 = await session.plan([source], { 'big.csv': proposed }, options);
		expect(source.reads).toBe(reads);
		expect(plan2.deviceDays).toEqual(plan1.deviceDays);
	});

	it('refuses a file read whole past maxFileBytes, unread, saying tables are read in slices', async () => {
		const session = new IngestSession();
		const values = Array.from({ length: 20_000 }, (_, i) => String(3300 + (i % 9))).join('\n');
		const source = memorySource('2021/02/04/device_001/temperature.csv', bytesOf(values));
		const plan = await session.plan(
			[source],
			{},
			{ streamAboveBytes: 1000, headBytes: 5_000, maxFileBytes: 50_000 }
		);
		expect(plan.errors.map((e) => e.message)).toEqual([
			'device_001/temperature.csv: is 97.7 KB, over the 48.8 KB limit for original files, which are read whole: not read (split it; CSV, TSV and NDJSON tables of any size are read in slices)'
		]);
		expect(source.reads).toBe(1); // its first slice, to know what it is
	});

	it('refuses a sliced table whose samples would not fit the tab', async () => {
		const session = new IngestSession();
		const plan = await session.plan(
			[memorySource('big.csv', big)],
			{},
			{ streamAboveBytes: 10_000, headBytes: 5_000, maxSampleBytes: 10_000 }
		);
		expect(plan.deviceDays).toEqual([]);
		expect(plan.errors[0].message).toMatch(
			/^big\.csv: is 98\.5 KB, about 2\d\d\d rows: its samples would take about [\d.]+ KB in this tab, over the 9\.8 KB it may use: not read/
		);
	});
});

describe('IngestSession: hashes of the files read whole', () => {
	const big = bytesOf(longCsv('dev_a', 600)); // about 110 KB, read in slices below

	/** The reference hash, with a count of the files it was asked for. */
	function counted() {
		const hooks = {
			calls: 0,
			digest: async (bytes: Uint8Array) => {
				hooks.calls++;
				return sha256Hex(bytes);
			}
		};
		return hooks;
	}

	it('gives the SHA-256 of every file read whole, by the path it was given', async () => {
		const hooks = counted();
		const session = new IngestSession(hooks);
		const files = fixtures();
		const plan = await session.plan(files);
		const want = Object.fromEntries(fixtureFiles().map((f) => [f.path, sha256Hex(f.bytes)]));
		expect(plan.hashes).toEqual(want);
		expect(hooks.calls).toBe(3);
		// the same devices and days as without hashes
		const { hashes: none, ...plain } = await new IngestSession().plan(fixtures());
		const { hashes, ...rest } = plan;
		expect(none).toEqual({});
		expect(hashes).toEqual(want);
		expect(rest).toEqual(plain);
	});

	it('keeps the hash of a cached file without hashing it again; a new version is hashed anew', async () => {
		const hooks = counted();
		const session = new IngestSession(hooks);
		const a = memorySource('a.csv', bytesOf(longCsv('dev_a', 10)), 1);
		const b = memorySource('b.csv', bytesOf(longCsv('dev_b', 10)), 1);
		const first = await session.plan([a, b]);
		const again = await session.plan([a, b]);
		expect(again.hashes).toEqual(first.hashes);
		expect(hooks.calls).toBe(2);
		const a2 = memorySource('a.csv', bytesOf(longCsv('dev_c', 10)), 2);
		const third = await session.plan([a2, b]);
		expect(hooks.calls).toBe(3);
		expect(third.hashes['a.csv']).toBe(sha256Hex(bytesOf(longCsv('dev_c', 10))));
		expect(third.hashes['b.csv']).toBe(first.hashes['b.csv']);
	});

	it('has no hash for a table read in slices, a file refused unread, or a failed hash', async () => {
		const hooks = counted();
		const session = new IngestSession(hooks);
		const options = { streamAboveBytes: 10_000, headBytes: 5_000 };
		const values = Array.from({ length: 20_000 }, (_, i) => String(3300 + (i % 9))).join('\n');
		const refused = memorySource('2021/02/04/device_001/temperature.csv', bytesOf(values));
		const plan = await session.plan(
			[memorySource('big.csv', big), refused],
			{},
			{
				...options,
				maxFileBytes: 50_000
			}
		);
		expect(plan.hashes).toEqual({});
		expect(hooks.calls).toBe(0);

		const failing = new IngestSession({
			digest: async () => {
				throw new Error('no crypto');
			}
		});
		const planned = await failing.plan(fixtures());
		expect(planned.hashes).toEqual({});
		expect(planned.deviceDays).toHaveLength(1);
	});
});
