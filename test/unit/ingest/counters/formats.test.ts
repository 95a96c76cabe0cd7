/**
 * Each format a counter file comes in: the original's columns as CSV, TSV, JSON and
 * NDJSON; long tables with ISO times (with and without offsets), American dates with
 * AM/PM, a date and an hour, epoch seconds; wide tables (a bridge counter with a total);
 * Parquet; zips; several files merged.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeParquet, initParquet, writeParquetSync } from '../../../../src/lib/arrow/parquet';
import { readCounters } from '../../../../src/lib/ingest/counters';
import { countAt, csv, excerpt, hoursFrom, onlyReport, rowsOf, textFile } from './helpers';

const ORIGINAL = 'date,hour,shop,sensor_id,count,units';

describe('the original format', () => {
	const rows = [
		['2024-07-01', 9, 'Roma', 2, 700, 'visits'],
		['2024-07-01', 10, 'Roma', 2, -1, ''],
		['2024-07-01', 9, 'Roma', 10, 650, 'visits'],
		['2024-07-01', 9, 'Berlin', 0, -2, '']
	];

	it('reads as TSV', () => {
		const text = [ORIGINAL.replace(/,/g, '\t'), ...rows.map((r) => r.join('\t'))].join('\n');
		const read = readCounters([textFile('dat.tsv', text)]);
		const r = onlyReport(read);
		expect(r.shape).toBe('original');
		expect(r.format).toBe('tsv');
		expect(rowsOf(read.data!)).toEqual([
			['Roma', '2', '2024-07-01T09:00', 700],
			['Roma', '2', '2024-07-01T10:00', -1],
			['Roma', '10', '2024-07-01T09:00', 650],
			['Berlin', '0', '2024-07-01T09:00', -2]
		]);
		expect(r.failed).toBe(1);
		expect(r.closed).toBe(1);
	});

	it('reads as a JSON array and as NDJSON, NULL values dropped as in CSV', () => {
		const records = [
			...rows.map((r) => ({
				date: r[0],
				hour: r[1],
				shop: r[2],
				sensor_id: r[3],
				count: r[4],
				units: r[5]
			})),
			{ date: '2024-07-01', hour: 11, shop: 'Roma', sensor_id: 2, count: 'NULL', units: 'visits' },
			{ date: 'NULL', hour: 12, shop: 'Roma', sensor_id: 2, count: 3, units: 'visits' }
		];
		for (const [name, text] of [
			['dat.json', JSON.stringify(records)],
			['dat.ndjson', records.map((r) => JSON.stringify(r)).join('\n')]
		]) {
			const read = readCounters([textFile(name, text)]);
			const r = onlyReport(read);
			expect(r.shape).toBe('original');
			expect(r.rowsRead).toBe(6);
			expect(r.nullCells).toBe(2);
			expect(r.rowsKept).toBe(4);
			expect(countAt(read.data!, 'Roma', '10', '2024-07-01T09:00')).toBe(650);
		}
	});

	it('sorts numeric sensor ids numerically: 2 before 10', () => {
		const read = readCounters([textFile('dat.csv', csv(ORIGINAL, rows))]);
		expect(read.data!.stores.find((s) => s.name === 'Roma')!.sensors).toEqual(['2', '10']);
	});
});

describe('long tables', () => {
	it('reads ISO times with offsets on their wall clock, store, sensor and count by name', () => {
		const text = csv('timestamp,site,counter,visitors', [
			['2024-05-06T08:00:00+02:00', 'Lyon', 'north door', 12],
			['2024-05-06T09:00:00+02:00', 'Lyon', 'north door', 30],
			['2024-05-06T08:00:00+02:00', 'Lyon', 'south door', 7]
		]);
		const read = readCounters([textFile('lyon.csv', text)]);
		const r = onlyReport(read);
		expect(r.shape).toBe('long');
		expect(r.mapping).toMatchObject({
			shape: 'long',
			time: 'timestamp',
			store: 'site',
			sensor: 'counter',
			count: 'visitors'
		});
		expect(rowsOf(read.data!)).toEqual([
			['Lyon', 'north door', '2024-05-06T08:00', 12],
			['Lyon', 'north door', '2024-05-06T09:00', 30],
			['Lyon', 'south door', '2024-05-06T08:00', 7]
		]);
	});

	it('reads American dates with AM/PM', () => {
		const text = csv('Date,Store,Door,Count', [
			['03/15/2024 12:00:00 AM', 'Austin', 'A', 1],
			['03/15/2024 12:00:00 PM', 'Austin', 'A', 50],
			['03/15/2024 01:00:00 PM', 'Austin', 'A', 40]
		]);
		const read = readCounters([textFile('austin.csv', text)]);
		expect(read.data!.files[0].mapping.timeFormat).toBe('mdy');
		expect(rowsOf(read.data!).map((r) => r[2])).toEqual([
			'2024-03-15T00:00',
			'2024-03-15T12:00',
			'2024-03-15T13:00'
		]);
	});

	it('reads day/month/year when a day is over 12, and a person can correct a guess', () => {
		const text = csv('time,sensor,count', [
			['05/04/2024 10:00', 's1', 3],
			['05/04/2024 11:00', 's1', 4]
		]);
		const guessed = readCounters([textFile('shop.csv', text)]);
		const mapping = guessed.tables[0].proposal.mapping;
		expect(mapping.timeFormat).toBe('dmy');
		expect(guessed.tables[0].proposal.notes.join(' ')).toMatch(/guess/);
		expect(rowsOf(guessed.data!)[0][2]).toBe('2024-04-05T10:00');
		const corrected = readCounters([textFile('shop.csv', text)], {
			mappings: { 'shop.csv': { ...mapping, timeFormat: 'mdy', storeName: 'Corner shop' } }
		});
		expect(rowsOf(corrected.data!)[0]).toEqual(['Corner shop', 's1', '2024-05-04T10:00', 3]);
		const clear = readCounters([
			textFile('shop.csv', csv('time,sensor,count', [['25/12/2024 10:00', 's1', 3]]))
		]);
		expect(rowsOf(clear.data!)[0][2]).toBe('2024-12-25T10:00');
	});

	it('reads a date column and an hour column by their names, hours 1-24 as hour-ending', () => {
		const text = csv('day,hour,location,sensor,value', [
			['2024-07-01', 1, 'Kiosk', 'k1', 5],
			['2024-07-01', 24, 'Kiosk', 'k1', 6]
		]);
		const read = readCounters([textFile('kiosk.csv', text)]);
		const r = onlyReport(read);
		expect(r.mapping).toMatchObject({
			time: 'day',
			hour: 'hour',
			store: 'location',
			count: 'value'
		});
		expect(r.notes.join(' ')).toMatch(/hour-ending/);
		expect(rowsOf(read.data!).map((x) => x[2])).toEqual(['2024-07-01T00:00', '2024-07-01T23:00']);
	});

	it('reads epoch seconds as UTC wall-clock and says so', () => {
		const t0 = Date.UTC(2024, 6, 1, 8) / 1000;
		const text = csv('ts,count', [
			[t0, 10],
			[t0 + 3600, 20]
		]);
		const read = readCounters([textFile('door.csv', text)]);
		const r = onlyReport(read);
		expect(r.notes.join(' ')).toMatch(/epoch seconds/);
		expect(rowsOf(read.data!)).toEqual([
			['door', 'count', '2024-07-01T08:00', 10],
			['door', 'count', '2024-07-01T09:00', 20]
		]);
	});

	it('takes a file without store and sensor columns as one sensor of a store named after the file', () => {
		const text = csv('time,count', [
			['2024-07-01T08:00', 1],
			['2024-07-01T09:00', 2]
		]);
		const read = readCounters([textFile('exports/front-door.csv', text)]);
		expect(read.data!.stores).toEqual([
			{ name: 'front-door', sensors: ['count'], opened: '2024-07-01T08:00' }
		]);
		expect(read.tables[0].proposal.notes.join(' ')).toMatch(/no store column/);
	});
});

describe('wide tables', () => {
	const bridge = (rows: (string | number)[][]) =>
		csv(
			'Date,Fremont Bridge Total,Fremont Bridge East Sidewalk,Fremont Bridge West Sidewalk',
			rows
		);

	it('leaves out a total column equal to the sum of the others, and says so', () => {
		const rows = [
			['10/03/2012 12:00:00 AM', 13, 4, 9],
			['10/03/2012 01:00:00 AM', 10, 4, 6],
			['10/03/2012 02:00:00 AM', 2, 1, 1],
			['10/03/2012 08:00:00 AM', 303, 120, 183]
		];
		const read = readCounters([textFile('fremont.csv', bridge(rows))]);
		const r = onlyReport(read);
		expect(r.shape).toBe('wide');
		expect(r.mapping).toMatchObject({
			shape: 'wide',
			total: 'Fremont Bridge Total',
			sensors: ['Fremont Bridge East Sidewalk', 'Fremont Bridge West Sidewalk'],
			labels: ['East Sidewalk', 'West Sidewalk']
		});
		expect(r.notes.join(' ')).toMatch(/'Fremont Bridge Total' is the sum of/);
		expect(read.data!.stores).toEqual([
			{
				name: 'Fremont Bridge',
				sensors: ['East Sidewalk', 'West Sidewalk'],
				opened: '2012-10-03T00:00'
			}
		]);
		expect(countAt(read.data!, 'Fremont Bridge', 'West Sidewalk', '2012-10-03T08:00')).toBe(183);
		expect(r.readingsKept).toBe(8);
		expect(r.rowsKept).toBe(4);
		// 03:00 to 07:00 are missing for both sensors
		expect(r.missingHours).toBe(10);
	});

	it('keeps every numeric column when none is the total', () => {
		const times = hoursFrom('2024-07-01T08:00', 3);
		const text = csv(
			'time,in,out',
			times.map((t, k) => [t, 10 + k, 3 + k])
		);
		const read = readCounters([textFile('gate.csv', text)]);
		expect(read.data!.files[0].mapping).toMatchObject({
			shape: 'wide',
			sensors: ['in', 'out'],
			total: null
		});
		expect(read.data!.stores[0]).toMatchObject({ name: 'gate', sensors: ['in', 'out'] });
		expect(read.data!.columns.length).toBe(6);
	});
});

describe('Parquet, zips and several files', () => {
	const WASM = readFileSync(
		createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')
	);
	beforeAll(async () => {
		await initParquet(WASM);
	});

	it('reads a Parquet long table through the decoder hook, and reports one without it', () => {
		const t0 = Date.UTC(2024, 6, 1, 8);
		const bytes = writeParquetSync([
			{ name: 'time', values: [t0, t0 + 3_600_000], timestamp: true },
			{ name: 'store', values: ['Oslo', 'Oslo'] },
			{ name: 'sensor', values: ['a', 'a'] },
			{ name: 'count', values: [4, 5] }
		]);
		const read = readCounters([{ path: 'oslo.parquet', bytes }], { decodeParquet });
		expect(onlyReport(read).format).toBe('parquet');
		expect(rowsOf(read.data!)).toEqual([
			['Oslo', 'a', '2024-07-01T08:00', 4],
			['Oslo', 'a', '2024-07-01T09:00', 5]
		]);
		const without = readCounters([{ path: 'oslo.parquet', bytes }]);
		expect(without.data).toBeNull();
		expect(without.errors[0].message).toMatch(/^oslo\.parquet: .*Parquet/);
	});

	it('opens a zip of counter files and merges them with a loose file', () => {
		const july = csv(ORIGINAL, [['2024-07-01', 9, 'Roma', 0, 5, 'visits']]);
		const august = csv(ORIGINAL, [['2024-08-01', 9, 'Roma', 0, 6, 'visits']]);
		const zip = zipSync({
			'july.csv': new TextEncoder().encode(july),
			'august.csv': new TextEncoder().encode(august)
		});
		const read = readCounters([{ path: 'months.zip', bytes: zip }, excerpt()]);
		expect(read.errors).toEqual([]);
		expect(read.data!.files.map((f) => f.path)).toEqual([
			'dat-excerpt.csv',
			'months.zip/august.csv',
			'months.zip/july.csv'
		]);
		expect(read.data!.stores.map((s) => s.name)).toEqual(['Madrid', 'Paris', 'Roma']);
		expect(read.data!.start).toBe('2024-07-01');
		expect(read.data!.end).toBe('2024-08-04');
		expect(countAt(read.data!, 'Roma', '0', '2024-08-01T09:00')).toBe(6);
	});
});
