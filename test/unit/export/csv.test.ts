import { describe, expect, it } from 'vitest';
import {
	csvField,
	fileToken,
	footfallCsv,
	footfallFileName,
	isoLocalMinute,
	toCsv,
	weekdaysToken
} from '../../../src/lib/export/csv';

describe('csvField', () => {
	it.each([
		['plain', 'plain'],
		['', ''],
		['a,b', '"a,b"'],
		['say "hi"', '"say ""hi"""'],
		['line\nbreak', '"line\nbreak"'],
		['carriage\rreturn', '"carriage\rreturn"'],
		[' spaces kept ', ' spaces kept '],
		[12, '12'],
		[-0.5, '-0.5'],
		[0, '0'],
		[true, 'true'],
		[null, ''],
		[undefined, ''],
		[Number.NaN, ''],
		[Number.POSITIVE_INFINITY, '']
	] as const)('writes %j as %j', (value, expected) => {
		expect(csvField(value)).toBe(expected);
	});
});

describe('toCsv', () => {
	it('writes a header and one CRLF-terminated line per row', () => {
		const cols = [
			{ header: 'name', value: (r: { n: string; v: number }) => r.n },
			{ header: 'value', value: (r: { n: string; v: number }) => r.v }
		];
		expect(
			toCsv(cols, [
				{ n: 'a', v: 1 },
				{ n: 'b,c', v: 2 }
			])
		).toBe('name,value\r\na,1\r\n"b,c",2\r\n');
	});

	it('writes only the header for no rows', () => {
		expect(toCsv([{ header: 'x', value: () => 1 }], [])).toBe('x\r\n');
	});

	it('quotes headers that need it', () => {
		expect(toCsv([{ header: 'a "b"', value: () => 1 }], [])).toBe('"a ""b"""\r\n');
	});
});

describe('isoLocalMinute', () => {
	it('reads epoch ms as naive wall-clock time', () => {
		expect(isoLocalMinute(Date.UTC(2024, 6, 1, 8, 0))).toBe('2024-07-01T08:00');
		expect(isoLocalMinute(Date.UTC(2024, 11, 31, 23, 59, 59))).toBe('2024-12-31T23:59');
		expect(isoLocalMinute(0)).toBe('1970-01-01T00:00');
	});

	it('pads years below 1000', () => {
		expect(isoLocalMinute(Date.UTC(999, 0, 2, 3, 4))).toBe('0999-01-02T03:04');
	});
});

describe('footfallCsv', () => {
	it('writes the rows behind the chart with the time basis in the column name', () => {
		const csv = footfallCsv([
			{
				t: Date.UTC(2024, 6, 1, 9),
				count: 812,
				avg_count_4days: 800.5,
				perc_diff: 1.4357,
				failed: 0,
				anomalies: 1
			},
			{
				t: Date.UTC(2024, 6, 1, 10),
				count: 0,
				avg_count_4days: 0,
				perc_diff: null,
				failed: 1,
				anomalies: 0
			}
		]);
		expect(csv).toBe(
			'time_local,count,avg_count_4days,perc_diff,failed,anomalies\r\n' +
				'2024-07-01T09:00,812,800.5,1.4357,0,1\r\n' +
				'2024-07-01T10:00,0,0,,1,0\r\n'
		);
	});

	it("adds each reading's status when the rows are one sensor's hourly readings", () => {
		const row = { avg_count_4days: null, perc_diff: null, anomalies: 0 };
		const csv = footfallCsv([
			{ ...row, t: Date.UTC(2024, 6, 1, 9), count: 0, failed: 1, status: 'Measurement failed' },
			{ ...row, t: Date.UTC(2024, 6, 1, 10), count: 7, failed: 0, status: 'OK' }
		]);
		expect(csv).toBe(
			'time_local,count,avg_count_4days,perc_diff,failed,anomalies,status\r\n' +
				'2024-07-01T09:00,0,,,1,0,Measurement failed\r\n' +
				'2024-07-01T10:00,7,,,0,0,OK\r\n'
		);
	});
});

describe('footfallFileName', () => {
	const base = {
		store: 'Paris',
		sensor: 12 as number | null,
		resolution: 'hourly',
		weekdays: [1, 2, 3, 4, 5, 6, 7],
		from: '2024-07-01',
		to: '2024-08-07',
		hourFrom: 0,
		hourTo: 23
	};

	it('names store, sensor, resolution and days', () => {
		expect(footfallFileName(base)).toBe(
			'footfall_Paris_sensor-12_hourly_2024-07-01_2024-08-07.csv'
		);
	});

	it('says "total" for the store total', () => {
		expect(footfallFileName({ ...base, sensor: null, resolution: 'daily' })).toBe(
			'footfall_Paris_total_daily_2024-07-01_2024-08-07.csv'
		);
	});

	it('adds the weekdays when not all seven and the hours when hourly and not the whole day', () => {
		expect(
			footfallFileName({ ...base, weekdays: [1, 2, 3, 4, 5, 6], hourFrom: 8, hourTo: 17 })
		).toBe('footfall_Paris_sensor-12_hourly_2024-07-01_2024-08-07_Mon-Sat_h08-17.csv');
	});

	it('leaves the hours out for other resolutions', () => {
		expect(footfallFileName({ ...base, resolution: 'weekly', hourFrom: 8, hourTo: 17 })).toBe(
			'footfall_Paris_sensor-12_weekly_2024-07-01_2024-08-07.csv'
		);
	});

	it('makes store names safe for file systems', () => {
		expect(footfallFileName({ ...base, store: 'Köln / Süd "2"' })).toMatch(
			/^footfall_Koln-Sud-2_sensor-12_/
		);
	});
});

describe('fileToken', () => {
	it.each([
		['Paris', 'Paris'],
		['São Paulo', 'Sao-Paulo'],
		['a/b\\c', 'a-b-c'],
		['--x--', 'x'],
		['***', 'x'],
		['', 'x']
	])('%j -> %j', (text, expected) => {
		expect(fileToken(text)).toBe(expected);
	});
});

describe('weekdaysToken', () => {
	it.each([
		[[1, 2, 3, 4, 5, 6, 7], ''],
		[[1, 2, 3, 4, 5, 6], 'Mon-Sat'],
		[[6, 5, 4, 3], 'Wed-Sat'],
		[[1, 3, 5], 'Mon-Wed-Fri'],
		[[1, 2], 'Mon-Tue'],
		[[7], 'Sun'],
		[[], 'no-days'],
		[[2, 2, 9, 0], 'Tue']
	])('%j -> %j', (days, expected) => {
		expect(weekdaysToken(days)).toBe(expected);
	});
});
