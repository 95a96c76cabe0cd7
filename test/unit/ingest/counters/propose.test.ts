/** Proposed column mappings, and mappings a person corrected. */
import { describe, expect, it } from 'vitest';
import { commonPrefix, proposeCounterMapping } from '../../../../src/lib/ingest/counters/propose';
import { readCounters, type WideCounterMapping } from '../../../../src/lib/ingest/counters';
import { parseDelimited } from '../../../../src/lib/ingest/table';
import { csv, rowsOf, textFile } from './helpers';

function table(path: string, text: string) {
	return parseDelimited(path, new TextEncoder().encode(text), ',', 'csv');
}

describe('proposeCounterMapping', () => {
	it('proposes the original columns for the original header in any order', () => {
		const p = proposeCounterMapping(
			table(
				'd.csv',
				csv('shop,sensor_id,date,hour,count,units', [['Roma', 0, '2024-07-01', 9, 5, 'visits']])
			)
		);
		expect(p.complete).toBe(true);
		expect(p.mapping).toMatchObject({
			time: 'date',
			hour: 'hour',
			store: 'shop',
			sensor: 'sensor_id',
			count: 'count'
		});
	});

	it('takes numeric store ids as store labels', () => {
		const text = csv('datetime,store_id,sensor,visits', [
			['2024-07-01T09:00', 7, 'a', 5],
			['2024-07-01T09:00', 12, 'a', 6]
		]);
		const p = proposeCounterMapping(table('d.csv', text));
		expect(p.mapping).toMatchObject({
			shape: 'long',
			store: 'store_id',
			sensor: 'sensor',
			count: 'visits'
		});
		const read = readCounters([textFile('d.csv', text)]);
		expect(read.data!.stores.map((s) => s.name)).toEqual(['7', '12']);
	});

	it('leaves year, month and hour columns out of a wide table', () => {
		const p = proposeCounterMapping(
			table('w.csv', csv('time,year,month,north,south', [['2024-07-01T09:00', 2024, 7, 1, 2]]))
		);
		expect(p.mapping).toMatchObject({ shape: 'wide', sensors: ['north', 'south'], total: null });
	});

	it('says what is missing when nothing is a count', () => {
		const p = proposeCounterMapping(table('x.csv', csv('time,note', [['2024-07-01T09:00', 'hi']])));
		expect(p.complete).toBe(false);
		expect(p.missing).toEqual([
			'a count column (beside a sensor column), or a numeric column per sensor'
		]);
	});

	it('finds the words sensor columns share', () => {
		expect(commonPrefix(['Fremont Bridge East Sidewalk', 'Fremont Bridge West Sidewalk'])).toBe(
			'Fremont Bridge'
		);
		expect(commonPrefix(['in', 'out'])).toBe('');
		expect(commonPrefix(['Gate A', 'Gate'])).toBe('');
	});
});

describe('corrected mappings', () => {
	const bridge = csv('Date,Total,East,West', [
		['2024-07-01T08:00', 5, 2, 3],
		['2024-07-01T09:00', 9, 4, 5]
	]);

	it('reads a wide table with the sensors and labels a person chose', () => {
		const proposed = readCounters([textFile('b.csv', bridge)]).tables[0].proposal
			.mapping as WideCounterMapping;
		expect(proposed.total).toBe('Total');
		const mine: WideCounterMapping = {
			...proposed,
			sensors: ['East'],
			labels: ['east side'],
			storeName: 'My bridge'
		};
		const read = readCounters([textFile('b.csv', bridge)], { mappings: { 'b.csv': mine } });
		expect(rowsOf(read.data!)).toEqual([
			['My bridge', 'east side', '2024-07-01T08:00', 2],
			['My bridge', 'east side', '2024-07-01T09:00', 4]
		]);
		expect(read.data!.files[0].notes).toContain('read with the mapping given');
		expect(read.tables[0].applied).toEqual(mine);
	});

	it('names a chosen column that is not in the file, and keeps the proposal for the form', () => {
		const proposed = readCounters([textFile('b.csv', bridge)]).tables[0].proposal.mapping;
		const read = readCounters([textFile('b.csv', bridge)], {
			mappings: { 'b.csv': { ...proposed, time: 'When' } }
		});
		expect(read.data).toBeNull();
		expect(read.errors[0].message).toMatch(
			/^b\.csv: cannot be read as counts: the time column 'When' is not in the file/
		);
		expect(read.tables[0].applied).toBeNull();
		expect(read.tables[0].proposal.complete).toBe(true);
		expect(read.tables[0].columns.map((c) => c.name)).toEqual(['Date', 'Total', 'East', 'West']);
	});

	it('names the cells a wrong time format cannot read', () => {
		const text = csv('time,sensor,count', [
			['12/31/2024 10:00 PM', 'a', 1],
			['12/30/2024 10:00 PM', 'a', 2]
		]);
		const proposed = readCounters([textFile('t.csv', text)]).tables[0].proposal.mapping;
		expect(proposed.timeFormat).toBe('mdy');
		const read = readCounters([textFile('t.csv', text)], {
			mappings: { 't.csv': { ...proposed, timeFormat: 'dmy' } }
		});
		expect(read.data).toBeNull();
		expect(read.errors[0].message).toBe(
			"t.csv: no reading could be kept (0 with a NULL or blank cell, 2 with a cell that could not be read; the first: data row 1, column 'time': '12/31/2024 10:00 PM' is not a time; the reading is dropped)"
		);
	});
});
