/**
 * Files that cannot be used: each gives an error naming the file and the problem, and the
 * other files still load.
 */
import { describe, expect, it } from 'vitest';
import { readCounters } from '../../../../src/lib/ingest/counters';
import { csv, excerpt, onlyReport, textFile } from './helpers';

const ORIGINAL = 'date,hour,shop,sensor_id,count,units';

function errorsOf(files: Parameters<typeof readCounters>[0], options = {}) {
	return readCounters(files, options).errors.map((e) => e.message);
}

describe('bad files', () => {
	it('names an empty file', () => {
		expect(errorsOf([{ path: 'in/empty.csv', bytes: new Uint8Array(0) }])).toEqual([
			'in/empty.csv: is empty (0 bytes)'
		]);
	});

	it('names a binary file', () => {
		const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]);
		const [message] = errorsOf([{ path: 'photo.png', bytes }]);
		expect(message).toMatch(/^photo\.png: is a binary file, not text/);
	});

	it('names a file over the size limit without reading it', () => {
		const [message] = errorsOf([{ path: 'huge.csv', bytes: new Uint8Array(0), size: 3_000_000 }], {
			maxFileBytes: 1_000_000
		});
		expect(message).toMatch(/^huge\.csv: is 2\.9 MB, over the .* limit: not read/);
	});

	it('says what is missing from a table without a time column', () => {
		const [message] = errorsOf([textFile('people.csv', 'name,email\nbob,bob@example.org\n')]);
		expect(message).toBe(
			'people.csv: cannot be read as counts: missing a time column (ISO times, MM/DD/YYYY dates, or a date and an hour) and a count column (beside a sensor column), or a numeric column per sensor (columns: name, email)'
		);
	});

	it('says that a count column of words does not hold numbers', () => {
		const text = csv(ORIGINAL, [
			['2024-07-01', 9, 'Roma', 0, 'many', 'visits'],
			['2024-07-01', 10, 'Roma', 0, 'few', 'visits']
		]);
		const [message] = errorsOf([textFile('words.csv', text)]);
		expect(message).toBe(
			"words.csv: cannot be read as counts: the count column 'count' does not hold numbers (columns: date, hour, shop, sensor_id, count, units)"
		);
	});

	it('drops a few non-numeric counts, naming each row and column', () => {
		const rows: (string | number)[][] = Array.from({ length: 20 }, (_, h) => [
			'2024-07-01',
			h,
			'Roma',
			0,
			100 + h,
			'visits'
		]);
		rows[3][4] = 'abc';
		const read = readCounters([textFile('few.csv', csv(ORIGINAL, rows))]);
		const r = onlyReport(read);
		expect(r.badCells).toBe(1);
		expect(r.nullCells).toBe(0);
		expect(r.rowsKept).toBe(19);
		expect(r.problems).toContain(
			"few.csv: data row 4, column 'count': 'abc' is not a number; the reading is dropped"
		);
	});

	it('names times that are not times', () => {
		const rows: (string | number)[][] = Array.from({ length: 20 }, (_, h) => [
			`2024-07-01T${String(h).padStart(2, '0')}:00`,
			'a',
			h
		]);
		rows[5][0] = 'yesterday';
		const r = onlyReport(readCounters([textFile('t.csv', csv('time,sensor,count', rows))]));
		expect(r.badCells).toBe(1);
		expect(r.problems).toContain(
			"t.csv: data row 6, column 'time': 'yesterday' is not a time; the reading is dropped"
		);
	});

	it('sums up bad cells past the first few in one sentence', () => {
		const rows = Array.from({ length: 30 }, (_, h) => [
			`2024-07-01T${String(h % 24).padStart(2, '0')}:00`,
			h < 24 ? 'a' : 'b',
			h < 10 ? -7 : h
		]);
		const r = onlyReport(readCounters([textFile('n.csv', csv('time,sensor,count', rows))]));
		expect(r.badCells).toBe(10);
		expect(r.problems).toContain(
			"n.csv: 7 more data rows where column 'count' is negative but not a code (-1 failed, -2 shop closed)"
		);
	});

	it('names a headerless column of numbers (a wearable file) as not a counter table', () => {
		const [message] = errorsOf([textFile('temperature.csv', '3300\n3301\n3302\n')]);
		expect(message).toMatch(/^temperature\.csv: .*not a counter table/);
	});

	it('names a table without a header line', () => {
		expect(errorsOf([textFile('rows.csv', '2024-07-01,9,1,5\n2024-07-01,10,1,6\n')])).toEqual([
			"rows.csv: has no header line naming its columns (its first line starts like data: '2024-07-01'): a counter table needs one (time, store, sensor, count, or a column per sensor)"
		]);
		expect(errorsOf([textFile('nums.csv', '1,9,1,5\n2,10,1,6\n')])).toEqual([
			'nums.csv: has no header line naming its columns: a counter table needs one (time, store, sensor, count, or a column per sensor)'
		]);
	});

	it('names a file with a header but no rows', () => {
		expect(errorsOf([textFile('head.csv', `${ORIGINAL}\n`)])).toEqual([
			'head.csv: has a header line but no rows of counts'
		]);
	});

	it('names invalid JSON', () => {
		const [message] = errorsOf([textFile('x.json', '[{"time": "2024-07-01T08:00", ')]);
		expect(message).toMatch(/^x\.json: is not valid JSON/);
	});

	it('loads the good files when one among them is bad', () => {
		const read = readCounters([
			textFile('bad.csv', 'name,email\nbob,bob@example.org\n'),
			excerpt(),
			{ path: 'empty.csv', bytes: new Uint8Array(0) }
		]);
		expect(read.errors.map((e) => e.path)).toEqual(['bad.csv', 'empty.csv']);
		expect(read.data!.files.map((f) => f.path)).toEqual(['dat-excerpt.csv']);
		expect(read.data!.columns.length).toBe(145);
	});

	it('gives no data and an error when every reading was dropped', () => {
		const text = csv(ORIGINAL, [['2024-07-01', 9, 'Roma', 0, 'NULL', 'visits']]);
		const read = readCounters([textFile('nulls.csv', text)]);
		expect(read.data).toBeNull();
		expect(read.errors[0].message).toBe(
			'nulls.csv: no reading could be kept (1 with a NULL or blank cell, 0 with a cell that could not be read)'
		);
	});

	it('refuses more sensor-hours than the limit, with the limit in words', () => {
		const read = readCounters([excerpt()], { maxHours: 100 });
		expect(read.data).toBeNull();
		expect(read.errors[0].message).toMatch(/more than 100 sensor-hours/);
	});

	it('refuses more stores than the store column can number', () => {
		const rows = Array.from({ length: 257 }, (_, i) => ['2024-07-01T09:00', `store ${i}`, 'a', 1]);
		const read = readCounters([textFile('many.csv', csv('time,store,sensor,count', rows))]);
		expect(read.data).toBeNull();
		expect(read.errors.map((e) => e.message)).toEqual([
			'The files were not loaded: the files name 257 stores; at most 256 can be loaded at once.'
		]);
	});

	it('skips system files without an error', () => {
		const read = readCounters([textFile('__MACOSX/._dat.csv', 'x'), excerpt()]);
		expect(read.errors).toEqual([]);
		expect(read.skipped).toEqual([{ path: '__MACOSX/._dat.csv', reason: 'system file' }]);
	});

	it('names a damaged zip', () => {
		const bytes = new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5]);
		const [message] = errorsOf([{ path: 'cut.zip', bytes }]);
		expect(message).toMatch(/^cut\.zip: the zip is damaged or truncated/);
	});
});
