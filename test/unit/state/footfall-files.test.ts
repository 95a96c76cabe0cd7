/**
 * Dropped counter files as the state sees them: the extent and `stores` rows of the files'
 * data, which files stay loaded, a later drop adding to them, a link's files found among
 * the dropped ones, and the reader's answer turned into an outcome per file, naming it.
 */
import { describe, expect, it } from 'vitest';
import {
	extentOfDataset,
	filesFor,
	filesReadOf,
	keptSources,
	mergeSources,
	nothingLoadedMessage,
	reportNotes,
	reportSummary,
	sameFiles,
	storesOfDataset,
	type FileOutcome
} from '../../../src/lib/state/footfall-files';
import { defaultView, describeView, sensorName, sensorNames } from '../../../src/lib/state/view';
import type { CounterFileReport, CounterRead } from '../../../src/lib/ingest/counters/types';
import type { FileRef } from '../../../src/lib/url-state/types';

const dataset = {
	stores: [
		{ name: 'Madrid', sensors: 1, labels: ['0'], opened: '2024-07-01T01:00' },
		{ name: 'Bridge', sensors: 2, labels: ['Northbound', 'Southbound'] }
	],
	start: '2024-07-01',
	end: '2024-08-06'
};

const ref = (name: string, sha256 = 'aaaaaaaaaaaaaaaa', size = 10): FileRef => ({
	name,
	size,
	sha256
});

function report(path: string, over: Partial<CounterFileReport> = {}): CounterFileReport {
	return {
		path,
		shape: 'original',
		format: 'csv',
		mapping: {
			shape: 'long',
			time: 'date',
			hour: 'hour',
			timeFormat: 'iso',
			store: 'shop',
			storeName: '',
			sensor: 'sensor_id',
			sensorName: '',
			count: 'count'
		},
		rowsRead: 170,
		rowsKept: 145,
		readingsKept: 145,
		hours: 144,
		duplicates: 0,
		conflicts: 0,
		nullCells: 25,
		badCells: 0,
		failed: 25,
		closed: 0,
		missingHours: 3,
		dstDays: [],
		subHourly: 0,
		problems: [],
		notes: [],
		...over
	};
}

describe('the extent and stores of dropped files', () => {
	it("keeps each store's sensors and labels for the pickers", () => {
		expect(extentOfDataset(dataset)).toEqual({
			stores: [
				{ name: 'Madrid', sensors: 1, labels: ['0'] },
				{ name: 'Bridge', sensors: 2, labels: ['Northbound', 'Southbound'] }
			],
			start: '2024-07-01',
			end: '2024-08-06'
		});
	});

	it('names sensors by number, or by the label a file gives them', () => {
		const extent = extentOfDataset(dataset);
		expect(sensorNames(extent, 'Madrid')).toEqual(['Sensor 0']);
		expect(sensorNames(extent, 'Bridge')).toEqual(['Northbound', 'Southbound']);
		expect(sensorNames(extent, 'Nowhere')).toEqual([]);
		expect(sensorName(3)).toBe('Sensor 3');
		expect(sensorName(3, '  ')).toBe('Sensor 3');
		expect(sensorName(0, '12')).toBe('Sensor 12');
		const view = { ...defaultView(extent), store: 'Bridge', sensor: 1 };
		expect(describeView(view, 'Southbound')).toBe(
			'Bridge, Southbound, daily visits from 2024-07-01 to 2024-08-06'
		);
		expect(describeView(view)).toBe('Bridge, sensor 1, daily visits from 2024-07-01 to 2024-08-06');
	});

	it('writes stores open from their first reading, else from the first day', () => {
		expect(storesOfDataset(dataset)).toEqual([
			{
				name: 'Madrid',
				sensors: 1,
				opened: '2024-07-01T01:00',
				avg: 0,
				std: 0,
				pFail: 0,
				pAnom: 0
			},
			{ name: 'Bridge', sensors: 2, opened: '2024-07-01T00:00', avg: 0, std: 0, pFail: 0, pAnom: 0 }
		]);
	});
});

describe('which files are loaded', () => {
	it('adds a later drop to the files loaded, a file of the same name replacing its copy', () => {
		const kept = [{ path: 'a.csv' }, { path: 'b.csv' }];
		expect(mergeSources(kept, [{ path: 'b.csv' }, { path: 'c.csv' }])).toEqual([
			{ path: 'a.csv' },
			{ path: 'b.csv' },
			{ path: 'c.csv' }
		]);
		expect(mergeSources(kept, [])).toEqual(kept);
		expect(mergeSources([], kept)).toEqual(kept);
	});

	it('keeps every file but those the reader could not read, by their normalised path too', () => {
		const outcomes: FileOutcome[] = [
			{ name: 'good.csv', ok: true, summary: '', notes: [] },
			{ name: 'dir/bad.csv', ok: false, summary: 'no count column', notes: [] }
		];
		const sources = [{ path: 'good.csv' }, { path: 'dir\\bad.csv' }, { path: 'other.csv' }];
		expect(keptSources(sources, outcomes)).toEqual([0, 2]);
		expect(keptSources([{ path: 'notbad.csv' }], outcomes)).toEqual([0]); // another file
	});

	it('tells the same set of files in any order', () => {
		expect(
			sameFiles([ref('a'), ref('b', 'b'.repeat(16))], [ref('b', 'b'.repeat(16)), ref('a')])
		).toBe(true);
		expect(sameFiles([ref('a')], [ref('a', 'c'.repeat(16))])).toBe(false);
		expect(sameFiles([ref('a')], [ref('a'), ref('a')])).toBe(false);
		expect(sameFiles([], [])).toBe(true);
	});

	it("finds a link's files among the dropped ones by content, in the link's order", () => {
		const needed = [ref('x.csv', '1'.repeat(16)), ref('y.csv', '2'.repeat(16))];
		const dropped = [
			ref('y.csv', '2'.repeat(64)),
			ref('renamed.csv', '1'.repeat(64)),
			ref('z.csv')
		];
		expect(filesFor(needed, dropped)).toEqual([1, 0]);
		expect(filesFor(needed, dropped.slice(0, 1))).toBeNull(); // x.csv missing
		expect(filesFor(needed, [ref('x.csv', '3'.repeat(16)), dropped[0]])).toBeNull(); // different
		expect(filesFor([], dropped)).toBeNull();
	});
});

describe("the reader's answer", () => {
	it('reports each file read, and each one that was not, naming it', () => {
		const read: CounterRead & { ipc: Uint8Array | null } = {
			data: {
				stores: [{ name: 'Madrid', sensors: ['0'], opened: '2024-07-01T01:00' }],
				columns: {
					length: 2,
					store: new Uint8Array(2),
					sensor: new Uint16Array(2),
					hour: new Int32Array([476_328, 476_329]),
					count: new Int32Array([0, 5]),
					truth: new Uint8Array(2)
				},
				start: '2024-07-01',
				end: '2024-07-01',
				files: [
					report('dat.csv', {
						duplicates: 2,
						problems: ['dat.csv row 7: count "x" is not a number']
					})
				]
			},
			tables: [],
			errors: [{ path: 'photo.png', message: 'photo.png: not a table of counts' }],
			skipped: [{ path: '.DS_Store', reason: 'a system file' }],
			ipc: new Uint8Array([1, 2, 3])
		};
		const got = filesReadOf(read);
		expect(got.data).toMatchObject({
			stores: [{ name: 'Madrid', sensors: 1, labels: ['0'], opened: '2024-07-01T01:00' }],
			start: '2024-07-01',
			end: '2024-07-01',
			length: 2
		});
		expect(got.data?.ipc).toBe(read.ipc);
		expect(got.files.map((f) => [f.name, f.ok])).toEqual([
			['dat.csv', true],
			['photo.png', false],
			['.DS_Store', false]
		]);
		expect(got.files[0].notes).toContain('2 duplicate readings dropped.');
		expect(got.files[0].notes).toContain('dat.csv row 7: count "x" is not a number');
		expect(got.files[1].summary).toBe('photo.png: not a table of counts');
		expect(got.files[2].summary).toBe('not read: a system file');
	});

	it('gives no data when no file gave a reading', () => {
		const got = filesReadOf({
			data: null,
			tables: [],
			errors: [{ path: 'a.csv', message: 'a.csv: empty' }],
			skipped: [],
			ipc: null
		});
		expect(got).toEqual({
			data: null,
			files: [{ name: 'a.csv', ok: false, summary: 'a.csv: empty', notes: [] }]
		});
		expect(nothingLoadedMessage(got.files)).toBe(
			'No readings could be loaded from the file; the data shown is unchanged. a.csv: a.csv: empty'
		);
		expect(nothingLoadedMessage([])).toBe('No file was dropped.');
	});

	it('says what a file held in one line, and what was done to it in words', () => {
		expect(reportSummary(report('d.csv'))).toBe(
			'170 rows read, 145 readings kept, 144 sensor-hours, 25 failed readings (-1), 3 missing hours'
		);
		expect(
			reportNotes(
				report('d.csv', {
					nullCells: 1,
					conflicts: 1,
					dstDays: [{ day: '2024-03-31', hours: 23, hour: 2, by: 'calendar' }],
					notes: ['read as the original format']
				})
			)
		).toEqual([
			'1 sensor-hour read with different counts.',
			'1 reading dropped for a NULL or blank cell.',
			'2024-03-31 has 23 hours (the clocks changed at 2:00).',
			'read as the original format'
		]);
	});
});
