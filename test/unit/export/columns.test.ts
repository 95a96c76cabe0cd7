/** Rows to columns for columnar exports: values per column, missing ones null, one kind per column. */
import { describe, expect, it } from 'vitest';
import { toColumns } from '../../../src/lib/export/columns';

describe('toColumns', () => {
	const rows = [
		{ device: 'a', avg: 3400, ok: true, t: Date.UTC(2021, 1, 2) },
		{ device: 'b', avg: Number.NaN, ok: null, t: Date.UTC(2021, 1, 3) }
	];

	it('gives one array per column, missing values as null, timestamps marked', () => {
		const cols = toColumns(
			[
				{ name: 'device', value: (r) => r.device },
				{ name: 'avg', value: (r) => r.avg },
				{ name: 'ok', value: (r) => r.ok },
				{ name: 'time_local', value: (r) => r.t, timestamp: true },
				{ name: 'missing', value: () => undefined }
			],
			rows
		);
		expect(cols).toEqual([
			{ name: 'device', values: ['a', 'b'] },
			{ name: 'avg', values: [3400, null] },
			{ name: 'ok', values: [true, null] },
			{ name: 'time_local', values: [Date.UTC(2021, 1, 2), Date.UTC(2021, 1, 3)], timestamp: true },
			{ name: 'missing', values: [null, null] }
		]);
	});

	it('refuses a column mixing kinds, naming it', () => {
		expect(() =>
			toColumns([{ name: 'x', value: (r: { v: number | string }) => r.v }], [{ v: 1 }, { v: 'a' }])
		).toThrow("column 'x' mixes number and string values");
	});

	it('gives empty columns for no rows', () => {
		expect(toColumns([{ name: 'x', value: () => 1 }], [])).toEqual([{ name: 'x', values: [] }]);
	});
});
