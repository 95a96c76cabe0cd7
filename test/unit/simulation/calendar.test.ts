import { describe, expect, it } from 'vitest';
import {
	dayOfHour,
	dayOrdinal,
	formatDay,
	formatHour,
	hourIndex,
	hourOfDay,
	isoWeekday,
	parseDay,
	parseHour,
	pythonWeekday
} from '../../../src/lib/simulation/footfall';

// Python: date(y, m, d).toordinal() and .weekday()
describe('dayOrdinal and weekdays match Python date', () => {
	it.each([
		['1970-01-01', 719163, 3],
		['2024-09-09', 739138, 0],
		['1000-01-01', 364878, 2],
		['9999-12-31', 3652059, 4],
		['2021-09-15', 738048, 2],
		['2000-02-29', 730179, 1],
		['2024-08-04', 739102, 6]
	])('%s has ordinal %i and weekday %i', (day, ordinal, weekday) => {
		expect(dayOrdinal(day)).toBe(ordinal);
		expect(dayOrdinal(parseDay(day))).toBe(ordinal);
		expect(pythonWeekday(parseDay(day))).toBe(weekday);
		expect(isoWeekday(parseDay(day))).toBe(weekday + 1);
	});

	it('isoWeekday works before 1970 too', () => {
		expect(isoWeekday(parseDay('1969-12-28'))).toBe(7); // a Sunday
	});
});

describe('parseDay and parseHour', () => {
	it('count days and hours since 1970-01-01 00:00 wall-clock', () => {
		expect(parseDay('1970-01-01')).toBe(0);
		expect(parseDay('2024-07-01')).toBe(19905);
		expect(parseHour('2024-07-01T05:00')).toBe(19905 * 24 + 5);
		expect(hourIndex(19905, 5)).toBe(19905 * 24 + 5);
	});

	it('drop minutes and seconds, accept a space and :ss', () => {
		expect(parseHour('2021-09-15T10:03')).toBe(parseHour('2021-09-15T10:00'));
		expect(parseHour('2021-09-15 10:03:30')).toBe(parseHour('2021-09-15T10:00'));
	});

	it.each([
		'2023-02-29',
		'2024-13-01',
		'2024-00-10',
		'24-01-01',
		'2024-1-1',
		'',
		'NULL',
		'2024-04-31'
	])('parseDay rejects %j', (text) => {
		expect(() => parseDay(text)).toThrow(/not a date/);
	});

	it.each([
		'2024-01-01',
		'2024-01-01T24:00',
		'2024-01-01T10:60',
		'2024-02-30T10:00',
		'2024-01-01T1:00'
	])('parseHour rejects %j', (text) => {
		expect(() => parseHour(text)).toThrow(/not a date-time/);
	});

	it('format and split hour indexes back', () => {
		const h = parseHour('2024-08-14T19:00');
		expect(formatHour(h)).toBe('2024-08-14T19:00');
		expect(formatDay(dayOfHour(h))).toBe('2024-08-14');
		expect(hourOfDay(h)).toBe(19);
		expect(hourOfDay(-1)).toBe(23);
		expect(dayOfHour(-1)).toBe(-1);
	});
});
