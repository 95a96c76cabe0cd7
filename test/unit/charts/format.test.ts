/**
 * Labels of naive wall-clock times (epoch ms read with UTC getters) and numbers, as the
 * chart, the heatmap and the rows table show them.
 */
import { describe, expect, it } from 'vitest';
import {
	baselineLabel,
	bucketMs,
	formatAxisCount,
	formatBucket,
	formatCount,
	formatPercent,
	formatShare,
	formatTimeTick,
	isoDay,
	weekdayName
} from '../../../src/lib/charts/format';
import type { Resolution } from '../../../src/lib/domain/footfall';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(`${iso}Z`);

describe('isoDay and weekdayName', () => {
	it.each([
		['2024-07-01T00:00', '2024-07-01', 'Mon'],
		['2024-07-07T23:59', '2024-07-07', 'Sun'],
		['2024-02-29T12:00', '2024-02-29', 'Thu'],
		['1970-01-01T00:00', '1970-01-01', 'Thu'],
		['1969-12-31T23:00', '1969-12-31', 'Wed'],
		['0999-03-05T00:00', '0999-03-05', 'Tue']
	])('%s -> %s, %s', (time, day, weekday) => {
		expect(isoDay(at(time))).toBe(day);
		expect(weekdayName(at(time))).toBe(weekday);
	});

	it('reads the time as wall-clock (UTC getters), whatever the time zone', () => {
		// 2024-03-31 02:00 does not exist in Europe (DST); as a naive time it is just a time.
		expect(isoDay(at('2024-03-31T02:00'))).toBe('2024-03-31');
		expect(formatBucket(at('2024-03-31T02:00'), 'hourly')).toBe('Sun 2024-03-31 02:00');
	});
});

describe('formatBucket', () => {
	it.each<[string, Resolution, string]>([
		['2024-07-01T09:00', 'hourly', 'Mon 2024-07-01 09:00'],
		['2024-07-01T00:00', 'hourly', 'Mon 2024-07-01 00:00'],
		['2024-12-31T23:00', 'hourly', 'Tue 2024-12-31 23:00'],
		['2024-07-06T00:00', 'daily', 'Sat 2024-07-06'],
		['2024-07-01T00:00', 'weekly', 'Week of 2024-07-01'],
		['2024-07-01T00:00', 'monthly', '2024-07'],
		['2015-01-01T00:00', 'monthly', '2015-01']
	])('%s at %s -> %s', (time, resolution, expected) => {
		expect(formatBucket(at(time), resolution)).toBe(expected);
	});
});

describe('formatCount', () => {
	it.each<[number | null | undefined, string]>([
		[0, '0'],
		[12, '12'],
		[12.5, '13'],
		[1234, '1,234'],
		[1234567.4, '1,234,567'],
		[-1500, '-1,500'],
		[null, '–'],
		[undefined, '–'],
		[NaN, '–'],
		[Infinity, '–']
	])('%s -> %s', (v, expected) => {
		expect(formatCount(v)).toBe(expected);
	});
});

describe('formatPercent', () => {
	it.each<[number | null | undefined, string]>([
		[12.34, '+12.3 %'],
		[-4, '−4.0 %'],
		[0, '0.0 %'],
		[0.04, '+0.0 %'],
		[1234.56, '+1,234.6 %'],
		[null, '–'],
		[undefined, '–'],
		[NaN, '–'],
		[-Infinity, '–']
	])('%s -> %s', (v, expected) => {
		expect(formatPercent(v)).toBe(expected);
	});
});

describe('formatAxisCount', () => {
	it.each([
		[0, '0'],
		[950, '950'],
		[1000, '1k'],
		[1250, '1.3k'],
		[9999, '10k'],
		[12_000, '12k'],
		[999_999, '1000k'],
		[1_000_000, '1M'],
		[1_250_000, '1.3M'],
		[-2500, '-2.5k']
	])('%s -> %s', (v, expected) => {
		expect(formatAxisCount(v)).toBe(expected);
	});
});

describe('formatTimeTick', () => {
	it.each([
		['2024-07-14T08:00', 6 * HOUR, '08:00'],
		['2024-07-14T00:00', 6 * HOUR, 'Jul 14'],
		['2024-07-14T00:00', DAY, 'Jul 14'],
		['2024-07-01T00:00', 7 * DAY, 'Jul 1'],
		['2024-07-01T00:00', 31 * DAY, 'Jul 2024'],
		['2024-01-01T00:00', 92 * DAY, 'Jan 2024'],
		['2024-01-01T00:00', 366 * DAY, '2024'],
		['2024-07-01T00:00', 366 * DAY, 'Jul 2024']
	])('%s every %i ms -> %s', (time, step, expected) => {
		expect(formatTimeTick(at(time), step)).toBe(expected);
		expect(formatTimeTick(new Date(at(time)), step)).toBe(expected);
	});
});

describe('bucketMs and baselineLabel', () => {
	it.each<[Resolution, number, RegExp]>([
		['hourly', HOUR, /same weekday and hour/],
		['daily', DAY, /same weekday, last 4 weeks/],
		['weekly', 7 * DAY, /3 previous weeks/],
		['monthly', 31 * DAY, /3 previous months/]
	])('%s: %i ms, %s', (resolution, ms, label) => {
		expect(bucketMs(resolution)).toBe(ms);
		expect(baselineLabel(resolution)).toMatch(label);
	});
});

describe('formatShare', () => {
	it.each<[number | null | undefined, string]>([
		[0, '0 %'],
		[0.0123, '1.2 %'],
		[0.1, '10.0 %'],
		[1, '100.0 %'],
		[null, '–'],
		[undefined, '–'],
		[Number.NaN, '–']
	])('%s -> %s', (v, expected) => {
		expect(formatShare(v)).toBe(expected);
	});
});
