/**
 * Parquet through parquet-wasm in Node (the wasm read from node_modules and handed to
 * `initParquet`): written from known columns and read back to the same values, Arrow
 * types mapped to the ingest module's columns, long and wide tables through `planIngest`
 * to device-days, and damaged files named with a clear message.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { zipSync } from 'fflate';
import {
	Bool,
	DateDay,
	Dictionary,
	Field,
	Float64,
	Int32,
	LargeUtf8,
	List,
	Table as ArrowTable,
	makeData,
	TimeUnit,
	Timestamp,
	Utf8,
	makeVector,
	tableToIPC,
	vectorFromArray
} from 'apache-arrow';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
	arrowToTable,
	columnsToArrow,
	decodeParquet,
	initParquet,
	parquetReady,
	readParquet,
	readParquetSync,
	writeParquet,
	writeParquetSync,
	type ParquetColumn
} from '../../../src/lib/arrow/parquet';
import { planIngest, remapTable } from '../../../src/lib/ingest/plan';
import type { Table, TableColumn } from '../../../src/lib/ingest/types';

const WASM = readFileSync(
	createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')
);

beforeAll(async () => {
	await initParquet(WASM);
});

/** 2021-02-04T10:00:00Z */
const T0 = Date.UTC(2021, 1, 4, 10, 0, 0);

function col(table: Table, name: string): TableColumn {
	const c = table.columns.find((x) => x.name === name);
	if (!c) throw new Error(`no column ${name} in ${table.columns.map((x) => x.name).join(', ')}`);
	return c;
}

/** A text column's cells as strings (null for missing). */
function texts(c: TableColumn): (string | null)[] {
	if (c.kind !== 'text') throw new Error(`${c.name} is ${c.kind}, not text`);
	return Array.from(c.codes, (k) => (k < 0 ? null : c.dict[k]));
}

function numbers(c: TableColumn): number[] {
	if (c.kind === 'text') throw new Error(`${c.name} is text`);
	return Array.from(c.values);
}

const viaParquet = (arrow: ArrowTable, path = 't.parquet') =>
	readParquetSync(writeParquetSync(arrow), path);

describe('writeParquet -> readParquet', () => {
	it('gives back the columns it was given', async () => {
		const columns: ParquetColumn[] = [
			{ name: 'f64', values: Float64Array.from([1.5, -2.25, NaN, 1e300]) },
			{ name: 'i32', values: Int32Array.from([1, -2, 3, 2147483647]) },
			{ name: 'u8', values: Uint8Array.from([0, 1, 255, 7]) },
			{ name: 'big', values: BigInt64Array.from([1n, -2n, 2n ** 52n, 3n]) },
			{ name: 'plain', values: [0.5, null, 2, 3] },
			{ name: 'device', values: ['dev_a', 'dev_b', null, 'dev_a'] },
			{ name: 'worn', values: [true, false, null, true] },
			{ name: 'when', values: [T0, T0 + 250, NaN, T0 + 1000], timestamp: true }
		];
		const bytes = await writeParquet(columns);
		expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe('PAR1');
		expect(Buffer.from(bytes.subarray(-4)).toString()).toBe('PAR1');
		const t = await readParquet(bytes, 'exports/known.parquet');
		expect(t).toMatchObject({ path: 'exports/known.parquet', format: 'parquet', rows: 4 });
		expect(t.columns.map((c) => [c.name, c.kind])).toEqual([
			['f64', 'number'],
			['i32', 'number'],
			['u8', 'number'],
			['big', 'number'],
			['plain', 'number'],
			['device', 'text'],
			['worn', 'number'],
			['when', 'time']
		]);
		expect(numbers(col(t, 'f64'))).toEqual([1.5, -2.25, NaN, 1e300]);
		expect(numbers(col(t, 'i32'))).toEqual([1, -2, 3, 2147483647]);
		expect(numbers(col(t, 'u8'))).toEqual([0, 1, 255, 7]);
		expect(numbers(col(t, 'big'))).toEqual([1, -2, 2 ** 52, 3]);
		expect(numbers(col(t, 'plain'))).toEqual([0.5, NaN, 2, 3]);
		expect(texts(col(t, 'device'))).toEqual(['dev_a', 'dev_b', null, 'dev_a']);
		expect(col(t, 'device')).toMatchObject({ dict: ['dev_a', 'dev_b'] });
		expect(numbers(col(t, 'worn'))).toEqual([1, 0, NaN, 1]);
		expect(numbers(col(t, 'when'))).toEqual([T0, T0 + 250, NaN, T0 + 1000]);
		expect(col(t, 'when')).toMatchObject({ bad: 0, firstBad: null });
		// written as UTC timestamps: nothing to say about zones
		expect(t.problems).toEqual([]);
	});

	it.each(['uncompressed', 'snappy', 'gzip', 'brotli', 'zstd', 'lz4'] as const)(
		'writes %s files it reads back',
		(compression) => {
			const values = Float64Array.from({ length: 5000 }, (_, i) => Math.round(Math.sin(i) * 1e6));
			const bytes = writeParquetSync([{ name: 'v', values }], { compression });
			expect(numbers(col(readParquetSync(bytes), 'v'))).toEqual(Array.from(values));
		}
	);

	it('takes an apache-arrow table or Arrow IPC bytes as well', () => {
		const arrow = columnsToArrow([
			{ name: 'a', values: Int32Array.from([1, 2, 3]) },
			{ name: 'b', values: ['x', 'y', 'z'] }
		]);
		for (const input of [arrow, tableToIPC(arrow, 'stream')]) {
			const t = readParquetSync(writeParquetSync(input));
			expect(numbers(col(t, 'a'))).toEqual([1, 2, 3]);
			expect(texts(col(t, 'b'))).toEqual(['x', 'y', 'z']);
		}
	});

	it('compiles no code at run time, so a CSP without unsafe-eval allows it', () => {
		const original = globalThis.Function;
		const blocked = () => {
			throw new EvalError('code generation from strings disallowed for this context');
		};
		globalThis.Function = new Proxy(original, { apply: blocked, construct: blocked });
		try {
			// the trap works: apache-arrow's builders compile their null check
			expect(() => vectorFromArray([1, null], new Float64())).toThrow(EvalError);
			const bytes = writeParquetSync([
				{ name: 'n', values: [1, null, 3] },
				{ name: 's', values: ['a', null, 'ü'] },
				{ name: 'b', values: [true, null, false] },
				{ name: 't', values: [T0, null, T0 + 1], timestamp: true },
				{ name: 'i', values: Int32Array.from([1, 2, 3]) }
			]);
			const t = readParquetSync(bytes);
			expect(numbers(col(t, 'n'))).toEqual([1, NaN, 3]);
			expect(texts(col(t, 's'))).toEqual(['a', null, 'ü']);
			expect(numbers(col(t, 'b'))).toEqual([1, NaN, 0]);
			expect(numbers(col(t, 't'))).toEqual([T0, NaN, T0 + 1]);
		} finally {
			globalThis.Function = original;
		}
	});

	it('refuses columns it cannot write, naming them', () => {
		expect(() => columnsToArrow([])).toThrow('writeParquet: no columns');
		expect(() =>
			columnsToArrow([
				{ name: 'a', values: [1, 2] },
				{ name: 'b', values: [1] }
			])
		).toThrow("writeParquet: column 'b' has 1 values, 'a' 2");
		expect(() =>
			columnsToArrow([
				{ name: 'a', values: [1] },
				{ name: 'a', values: [2] }
			])
		).toThrow("writeParquet: two columns named 'a'");
		expect(() =>
			columnsToArrow([{ name: 'mixed', values: [1, 'x'] as unknown as number[] }])
		).toThrow("writeParquet: column 'mixed' mixes numbers with other types");
	});

	it('reads tables of several record batches, dictionaries included', () => {
		const n = 150_000; // batches of 65 536 rows
		const signals = ['temperature', 'ppg', 'on_wrist'];
		const arrow = new ArrowTable({
			i: makeVector(Float64Array.from({ length: n }, (_, i) => i)),
			signal: vectorFromArray(
				Array.from({ length: n }, (_, i) => signals[i % 3]),
				new Dictionary(new Utf8(), new Int32())
			),
			device: vectorFromArray(
				Array.from({ length: n }, (_, i) => `dev_${Math.floor(i / 50_000)}`),
				new Utf8()
			)
		});
		const t = viaParquet(arrow);
		expect(t.rows).toBe(n);
		const i = col(t, 'i');
		const s = col(t, 'signal');
		const d = col(t, 'device');
		if (i.kind !== 'number' || s.kind !== 'text' || d.kind !== 'text') throw new Error('kinds');
		for (const k of [0, 65_535, 65_536, 65_537, 131_072, n - 1]) {
			expect(i.values[k]).toBe(k);
			expect(s.dict[s.codes[k]]).toBe(signals[k % 3]);
			expect(d.dict[d.codes[k]]).toBe(`dev_${Math.floor(k / 50_000)}`);
		}
		expect(s.dict).toEqual(signals);
		expect(d.dict).toEqual(['dev_0', 'dev_1', 'dev_2']);
	});
});

describe('Arrow types as ingest columns', () => {
	it('reads every timestamp unit as unix milliseconds, and says when there is no zone', () => {
		const s = [T0 / 1000, T0 / 1000 + 1];
		const arrow = new ArrowTable({
			s_utc: vectorFromArray(
				s.map((x) => x * 1000),
				new Timestamp(TimeUnit.SECOND, 'UTC')
			),
			ms_naive: vectorFromArray(
				s.map((x) => x * 1000),
				new Timestamp(TimeUnit.MILLISECOND)
			),
			us_paris: vectorFromArray(
				s.map((x) => x * 1000),
				new Timestamp(TimeUnit.MICROSECOND, 'Europe/Paris')
			),
			ns_utc: vectorFromArray(
				s.map((x) => x * 1000),
				new Timestamp(TimeUnit.NANOSECOND, 'UTC')
			),
			day: vectorFromArray([T0 - 36_000_000, T0 + 50_400_000], new DateDay())
		});
		const t = viaParquet(arrow);
		for (const name of ['s_utc', 'ms_naive', 'us_paris', 'ns_utc']) {
			expect(col(t, name).kind).toBe('time');
			expect(numbers(col(t, name))).toEqual([T0, T0 + 1000]);
		}
		expect(col(t, 'day').kind).toBe('time');
		expect(numbers(col(t, 'day'))).toEqual([Date.UTC(2021, 1, 4), Date.UTC(2021, 1, 5)]);
		expect(t.problems).toEqual(["column 'ms_naive': timestamps without a time zone read as UTC"]);
	});

	it('reads ISO text as times like the CSV reader, and large and dictionary text as text', () => {
		const arrow = new ArrowTable({
			iso: vectorFromArray(
				[
					'2021-02-04T10:00:00Z',
					'2021-02-04T10:00:01',
					null,
					'later',
					'2021-02-04 10:00:03+01:00',
					...Array.from({ length: 10 }, (_, i) => `2021-02-04T10:00:${10 + i}Z`)
				],
				new Utf8()
			),
			large: vectorFromArray(['a', 'b', 'a', ' b ', 'NA', ...Array(10).fill('c')], new LargeUtf8()),
			dict: vectorFromArray(
				['x', null, 'y', 'x', 'n/a', ...Array(10).fill('y')],
				new Dictionary(new Utf8(), new Int32())
			)
		});
		const t = viaParquet(arrow);
		const iso = col(t, 'iso');
		expect(iso).toMatchObject({ kind: 'time', bad: 1, firstBad: "row 4: 'later'" });
		expect(numbers(iso).slice(0, 6)).toEqual([
			T0,
			T0 + 1000,
			NaN,
			NaN,
			T0 - 3_597_000,
			T0 + 10_000
		]);
		expect(t.problems).toEqual(["times without a zone read as UTC (1 cells of column 'iso')"]);
		// text is trimmed and the CSV reader's missing markers are missing
		expect(texts(col(t, 'large')).slice(0, 6)).toEqual(['a', 'b', 'a', 'b', null, 'c']);
		expect(texts(col(t, 'dict')).slice(0, 6)).toEqual(['x', null, 'y', 'x', null, 'y']);
	});

	it('leaves out columns that are not numbers, times or text, and says so', () => {
		const arrow = new ArrowTable({
			ok: makeVector(Int32Array.from([1, 2])),
			list: vectorFromArray([[1, 2], [3]], new List(new Field('item', new Float64(), true))),
			flag: vectorFromArray([true, false], new Bool())
		});
		const t = viaParquet(arrow);
		expect(t.columns.map((c) => c.name)).toEqual(['ok', 'flag']);
		expect(t.problems).toEqual([
			"column 'list' (List<Float64>) is not numbers, times or text: not read"
		]);
	});

	it('converts sliced apache-arrow data the slow way, to the same values', () => {
		const arrow = new ArrowTable({
			v: makeVector(Float64Array.from([1, 2, 3, 4])),
			s: vectorFromArray(['a', 'b', 'c', 'd'], new Utf8()),
			t: vectorFromArray([T0, T0 + 1, T0 + 2, T0 + 3], new Timestamp(TimeUnit.MILLISECOND, 'UTC'))
		}).slice(1, 3);
		const t = arrowToTable(arrow, 'sliced');
		expect(numbers(col(t, 'v'))).toEqual([2, 3]);
		expect(texts(col(t, 's'))).toEqual(['b', 'c']);
		expect(numbers(col(t, 't'))).toEqual([T0 + 1, T0 + 2]);
	});
});

// --- long and wide tables through planIngest ---------------------------------------------

/** 10 s of one device: on-wrist 1 Hz, temperature 4 Hz (°C), PPG 64 Hz, and a heart rate. */
function longColumns(device = 'dev_a'): ParquetColumn[] {
	const rows: { ms: number; signal: string; value: number }[] = [];
	for (let i = 0; i < 10; i++) rows.push({ ms: T0 + i * 1000, signal: 'on_wrist', value: 1 });
	for (let i = 0; i < 40; i++) {
		rows.push({ ms: T0 + i * 250, signal: 'temperature', value: 33 + i / 100 });
	}
	for (let i = 0; i < 640; i++) {
		rows.push({ ms: T0 + (i * 1000) / 64, signal: 'ppg', value: 7000 + (i % 64) * 10 });
	}
	rows.push({ ms: T0, signal: 'hr', value: 70 });
	return [
		{ name: 'device', values: rows.map(() => device) },
		{ name: 'timestamp', values: rows.map((r) => r.ms), timestamp: true },
		{ name: 'signal', values: rows.map((r) => r.signal) },
		{ name: 'value', values: Float64Array.from(rows, (r) => r.value) }
	];
}

function expectTenSeconds(plan: ReturnType<typeof planIngest>, path: string) {
	expect(plan.errors).toEqual([]);
	expect(plan.deviceDays).toHaveLength(1);
	const d = plan.deviceDays[0];
	expect(d.id).toBe(`table:${path}#dev_a|2021-02-04`);
	expect(d).toMatchObject({ source: 'table', files: [path], startMs: T0 });
	expect(d.record).toMatchObject({ device: 'dev_a', day: '2021-02-04' });
	expect([d.record.onWrist.length, d.record.temperature.length, d.record.ppg.length]).toEqual([
		10, 40, 640
	]);
	expect(Array.from(d.record.temperature.subarray(0, 4))).toEqual([3300, 3301, 3302, 3303]);
	expect(Array.from(d.record.ppg.subarray(0, 3))).toEqual([7000, 7010, 7020]);
	expect(d.record.onWrist.every((v) => v === 1)).toBe(true);
	const bySignal = Object.fromEntries(plan.summaries.map((s) => [s.target, s]));
	expect(bySignal.onWrist).toMatchObject({ rateHz: 1, samples: 10, durationS: 10, gaps: 0 });
	expect(bySignal.temperature).toMatchObject({ rateHz: 4, samples: 40, durationS: 10, gaps: 0 });
	expect(bySignal.ppg).toMatchObject({ rateHz: 64, samples: 640, gaps: 0, startMs: T0 });
	expect(bySignal.temperature.notes).toContain('read as °C and stored in cents (×100, rounded)');
}

describe('Parquet tables through planIngest', () => {
	it('reads a long table (device, timestamp, signal, value) into its device-day', () => {
		const path = 'exports/long.parquet';
		const plan = planIngest([{ path, bytes: writeParquetSync(longColumns()) }], {
			decodeParquet
		});
		expectTenSeconds(plan, path);
		expect(plan.tables).toHaveLength(1);
		const [table] = plan.tables;
		expect(table.table.format).toBe('parquet');
		expect(table.proposal).toMatchObject({ complete: true, missing: [] });
		expect(table.applied).toEqual({
			shape: 'long',
			device: 'device',
			deviceName: 'long',
			timestamp: 'timestamp',
			timeUnit: 'iso',
			signal: 'signal',
			value: 'value',
			signalValues: { on_wrist: 'onWrist', temperature: 'temperature', ppg: 'ppg', hr: null },
			temperatureUnit: 'celsius'
		});
		const ppg = plan.summaries.find((s) => s.target === 'ppg')!;
		expect(ppg.notes).toContain("signal 'hr' not used by the detection (1 rows)");
	});

	it('reads a wide table (a column per signal, nulls between samples) into its device-day', () => {
		const n = 640; // 64 Hz rows
		const path = 'wide.parquet';
		const bytes = writeParquetSync([
			{
				name: 'time_ns',
				values: BigInt64Array.from({ length: n }, (_, i) => BigInt(T0 * 1e6 + (i * 1e9) / 64))
			},
			{ name: 'device', values: Array.from({ length: n }, () => 'dev_a') },
			{
				name: 'on_wrist',
				values: Array.from({ length: n }, (_, i) => (i % 64 === 0 ? true : null))
			},
			{
				name: 'skin_temp_c',
				values: Array.from({ length: n }, (_, i) => (i % 16 === 0 ? 33 + i / 16 / 100 : null))
			},
			{ name: 'ppg_green', values: Int32Array.from({ length: n }, (_, i) => 7000 + (i % 64) * 10) }
		]);
		const plan = planIngest([{ path, bytes }], { decodeParquet });
		expectTenSeconds(plan, path);
		expect(plan.tables[0].applied).toMatchObject({
			shape: 'wide',
			device: 'device',
			timestamp: 'time_ns',
			timeUnit: 'ns',
			signals: { onWrist: 'on_wrist', temperature: 'skin_temp_c', ppg: 'ppg_green' },
			temperatureUnit: 'celsius'
		});
	});

	it('lets the person correct the mapping of a Parquet table', () => {
		const cols = longColumns();
		const codes: Record<string, string> = {
			on_wrist: 's1',
			temperature: 's2',
			ppg: 's3',
			hr: 's4'
		};
		cols[2] = { name: 'stream', values: (cols[2].values as string[]).map((s) => codes[s]) };
		const path = 'coded.parquet';
		const plan = planIngest([{ path, bytes: writeParquetSync(cols) }], { decodeParquet });
		expect(plan.deviceDays).toEqual([]);
		expect(plan.errors.map((e) => e.message)).toEqual([
			expect.stringMatching(/^coded\.parquet: header not recognised, no mapping could be proposed/)
		]);
		expect(plan.tables[0].applied).toBeNull();
		const fixed = remapTable(plan, path, {
			shape: 'long',
			device: 'device',
			deviceName: 'coded',
			timestamp: 'timestamp',
			timeUnit: 'iso',
			signal: 'stream',
			value: 'value',
			signalValues: { s1: 'onWrist', s2: 'temperature', s3: 'ppg', s4: null },
			temperatureUnit: 'celsius'
		});
		expectTenSeconds(fixed, path);
	});

	it('reads a Parquet file inside a zip', () => {
		const zip = zipSync({ 'exports/long.parquet': writeParquetSync(longColumns()) });
		const plan = planIngest([{ path: 'bundle.zip', bytes: zip }], { decodeParquet });
		expectTenSeconds(plan, 'bundle.zip/exports/long.parquet');
	});

	it('names a truncated or damaged Parquet file and still loads the others', () => {
		const good = writeParquetSync(longColumns());
		const damaged = good.slice();
		// the footer's schema: the file still ends with PAR1 but does not parse
		damaged.fill(0x41, good.length - 200, good.length - 8);
		const plan = planIngest(
			[
				{ path: 'uploads/cut.parquet', bytes: good.subarray(0, good.length >> 1) },
				{ path: 'uploads/damaged.parquet', bytes: damaged },
				{
					path: 'uploads/garbage.parquet',
					bytes: new TextEncoder().encode('PAR1 not parquet PAR1')
				},
				{ path: 'uploads/good.parquet', bytes: good }
			],
			{ decodeParquet }
		);
		expect(plan.deviceDays.map((d) => d.files)).toEqual([['uploads/good.parquet']]);
		expect(plan.errors).toEqual([
			{
				path: 'uploads/cut.parquet',
				message: `uploads/cut.parquet: the Parquet file is truncated or still being written, nothing in it was read (it does not end with PAR1 like a whole one; ${good.length >> 1} bytes)`
			},
			{
				path: 'uploads/damaged.parquet',
				message: expect.stringMatching(
					/^uploads\/damaged\.parquet: the Parquet file is damaged or uses a feature this reader lacks, nothing in it was read \(.+\)$/
				)
			},
			{
				path: 'uploads/garbage.parquet',
				message: expect.stringMatching(
					/^uploads\/garbage\.parquet: the Parquet file is damaged or uses a feature this reader lacks, nothing in it was read \(.+\)$/
				)
			}
		]);
	});

	it('rejects with the file name when readParquet is given corrupt bytes', async () => {
		await expect(
			readParquet(new TextEncoder().encode('PAR1xxxxxxxxPAR1'), 'x/bad.parquet')
		).rejects.toThrow(
			/^x\/bad\.parquet: the Parquet file is damaged or uses a feature this reader lacks, nothing in it was read \(/
		);
		await expect(
			readParquet(new Uint8Array([0x50, 0x41, 0x52, 0x31, 1, 2]), 'cut.parquet')
		).rejects.toThrow(
			'cut.parquet: the Parquet file is truncated or still being written, nothing in it was read (it does not end with PAR1 like a whole one; 6 bytes)'
		);
	});

	it('keeps working after damaged files', () => {
		const good = writeParquetSync(longColumns());
		for (let k = 0; k < 50; k++) {
			const bad = good.slice();
			for (let j = 0; j < 16; j++) bad[100 + ((k * 997) % (good.length - 300)) + j] ^= 0xff;
			decodeParquet('bad.parquet', bad); // an error or garbage values, never a throw
		}
		expectTenSeconds(
			planIngest([{ path: 'again.parquet', bytes: good }], { decodeParquet }),
			'again.parquet'
		);
	});
});

describe('a full device-day', () => {
	it('prints the time to read a long table of one device-day (not asserted)', () => {
		// 86 400 s: on-wrist 1 Hz, temperature 4 Hz, PPG 64 Hz, one row per sample
		const perSecond = 1 + 4 + 64;
		const day = Date.UTC(2021, 1, 4);
		const n = 86_400 * perSecond;
		const ms = new Float64Array(n);
		const signal = new Int32Array(n);
		const value = new Float64Array(n);
		for (let s = 0, r = 0; s < 86_400; s++) {
			ms[r] = day + s * 1000;
			signal[r] = 0;
			value[r++] = 1;
			for (let k = 0; k < 4; k++, r++) {
				ms[r] = day + s * 1000 + k * 250;
				signal[r] = 1;
				value[r] = 33.5 + 0.01 * (s % 50);
			}
			for (let k = 0; k < 64; k++, r++) {
				ms[r] = day + s * 1000 + (k * 1000) / 64;
				signal[r] = 2;
				value[r] = 7000 + k * 10;
			}
		}
		const dictionary = (values: string[]) => columnsToArrow([{ name: 'd', values }]).getChild('d')!;
		const arrow = new ArrowTable({
			device: makeVector(
				makeData({
					type: new Dictionary(new Utf8(), new Int32()),
					length: n,
					data: new Int32Array(n),
					dictionary: dictionary(['dev_a'])
				})
			),
			timestamp: columnsToArrow([{ name: 't', values: ms, timestamp: true }]).getChild('t')!,
			signal: makeVector(
				makeData({
					type: new Dictionary(new Utf8(), new Int32()),
					length: n,
					data: signal,
					dictionary: dictionary(['on_wrist', 'temperature', 'ppg'])
				})
			),
			value: makeVector(value)
		});
		let t = performance.now();
		const bytes = writeParquetSync(arrow, { compression: 'zstd' });
		const writeMs = performance.now() - t;
		t = performance.now();
		const table = readParquetSync(bytes, 'day.parquet');
		const readMs = performance.now() - t;
		t = performance.now();
		const plan = planIngest([{ path: 'day.parquet', bytes }], { decodeParquet });
		const planMs = performance.now() - t;
		console.log(
			`Parquet device-day: ${n} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB (zstd); write ${writeMs.toFixed(0)} ms, read ${readMs.toFixed(0)} ms, read + plan ${planMs.toFixed(0)} ms`
		);
		expect(table.rows).toBe(n);
		expect(plan.deviceDays.map((d) => d.record.ppg.length)).toEqual([86_400 * 64]);
	});
});

describe('before the wasm is loaded', () => {
	it('says so instead of reading', async () => {
		vi.resetModules();
		const fresh = await import('../../../src/lib/arrow/parquet');
		expect(fresh.parquetReady()).toBe(false);
		expect(parquetReady()).toBe(true);
		expect(fresh.decodeParquet('a.parquet', new Uint8Array(16))).toEqual({
			error: 'the Parquet reader is not loaded: await initParquet() first'
		});
		expect(() => fresh.writeParquetSync([{ name: 'a', values: [1] }])).toThrow(
			'the Parquet reader is not loaded: await initParquet() first'
		);
	});
});
