/**
 * The real excerpt of the original's data file (170 rows: the first 120, 25 with an
 * injected NULL cell, 25 failed readings), read as it is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCounters } from '../../../../src/lib/ingest/counters';
import { EXCERPT_PATH, excerpt, onlyReport, rowsOf } from './helpers';

/** The rows the original's processing keeps: those without NULL, as `[shop, sensor, time, count]`. */
function expectedRows(): [string, string, string, number][] {
	const lines = readFileSync(EXCERPT_PATH, 'utf8').trim().split('\n').slice(1);
	return lines
		.map((l) => l.split(','))
		.filter((f) => !f.slice(0, 5).includes('NULL'))
		.map(
			(f) =>
				[f[2], f[3], `${f[0]}T${f[1].padStart(2, '0')}:00`, Number(f[4])] as [
					string,
					string,
					string,
					number
				]
		);
}

describe('the excerpt of the original data file', () => {
	const read = readCounters([excerpt()]);
	const report = onlyReport(read);

	it('is recognised as the original format and read without error', () => {
		expect(read.errors).toEqual([]);
		expect(report.shape).toBe('original');
		expect(report.format).toBe('csv');
		expect(read.tables[0].proposal.complete).toBe(true);
	});

	it('counts the rows read, kept and dropped for a NULL cell exactly', () => {
		expect(report.rowsRead).toBe(170);
		expect(report.nullCells).toBe(25);
		expect(report.rowsKept).toBe(145);
		expect(report.readingsKept).toBe(145);
		expect(report.hours).toBe(145);
		expect(report.failed).toBe(25);
		expect(report.closed).toBe(0);
		expect(report.duplicates).toBe(0);
		expect(report.conflicts).toBe(0);
		expect(report.badCells).toBe(0);
	});

	it('keeps exactly the rows without NULL, with their counts (-1 kept as a failure)', () => {
		const expected = expectedRows();
		expect(expected).toHaveLength(145);
		const got = rowsOf(read.data!);
		expect([...got].sort()).toEqual([...expected].sort());
		expect(got.filter((r) => r[3] === -1)).toHaveLength(25);
		expect(read.data!.columns.truth.every((t) => t === 0)).toBe(true);
	});

	it('has the stores in file order and numeric sensor ids as sensor numbers', () => {
		expect(read.data!.stores).toEqual([
			{ name: 'Madrid', sensors: ['0'], opened: '2024-07-01T01:00' },
			{ name: 'Paris', sensors: ['0', '1'], opened: '2024-07-11T23:00' }
		]);
		expect(read.data!.start).toBe('2024-07-01');
		expect(read.data!.end).toBe('2024-08-04');
	});

	it('orders the rows by store, sensor, then hour', () => {
		const c = read.data!.columns;
		for (let i = 1; i < c.length; i++) {
			const a = [c.store[i - 1], c.sensor[i - 1], c.hour[i - 1]];
			const b = [c.store[i], c.sensor[i], c.hour[i]];
			const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
			expect(cmp).toBeLessThan(0);
		}
	});

	it('reports the hours missing between the scattered Paris readings, naming the sensors', () => {
		// Madrid's 91 consecutive hours have no gap; Paris's few rows leave long gaps
		expect(report.missingHours).toBeGreaterThan(0);
		expect(report.problems.some((p) => p.startsWith('dat-excerpt.csv: Paris sensor 0:'))).toBe(
			true
		);
		expect(report.problems.some((p) => p.includes('Madrid'))).toBe(false);
	});
});
