/** Wall-clock times of counter files, clock-change calendars, labels in natural order. */
import { describe, expect, it } from 'vitest';
import {
	dstChangeHours,
	hourOfWeek,
	naturalCompare,
	parseIsoWall,
	parseSlashWall
} from '../../../../src/lib/ingest/counters';
import { slashOrderOf } from '../../../../src/lib/ingest/counters/times';
import { hourOf, hourText } from './helpers';

describe('parseIsoWall', () => {
	it.each([
		['2024-10-27T02:00:00+01:00', '2024-10-27T02:00', 60],
		['2024-10-27T02:00:00+02:00', '2024-10-27T02:00', 120],
		['2024-03-10T03:00:00-07:00', '2024-03-10T03:00', -420],
		['2024-03-10 03:00-0700', '2024-03-10T03:00', -420],
		['2024-07-01T08:15:00Z', '2024-07-01T08:15', 0],
		['2024-07-01T08:00:00', '2024-07-01T08:00', null],
		['2024-07-01', '2024-07-01T00:00', null]
	])('reads %s as wall %s with offset %s', (text, wall, offset) => {
		const t = parseIsoWall(text);
		expect(new Date(t.wall).toISOString().slice(0, 16)).toBe(wall);
		expect(t.offset).toBe(offset);
	});

	it('gives NaN for text that is not ISO', () => {
		expect(parseIsoWall('tomorrow').wall).toBeNaN();
		expect(parseIsoWall('2024-02-30T10:00').wall).toBeNaN();
	});
});

describe('parseSlashWall', () => {
	it.each([
		['10/03/2012 12:00:00 AM', 'mdy', '2012-10-03T00:00'],
		['10/03/2012 12:00:00 PM', 'mdy', '2012-10-03T12:00'],
		['10/03/2012 01:30 PM', 'mdy', '2012-10-03T13:30'],
		['10/03/2012 13:00', 'dmy', '2012-03-10T13:00'],
		['25.12.2024 08:00', 'dmy', '2024-12-25T08:00'],
		['2024/12/25 08:00', 'mdy', '2024-12-25T08:00'],
		['3/7/2024', 'mdy', '2024-03-07T00:00']
	] as const)('reads %s (%s) as %s', (text, order, wall) => {
		expect(new Date(parseSlashWall(text, order)).toISOString().slice(0, 16)).toBe(wall);
	});

	it('rejects impossible dates and hours', () => {
		expect(parseSlashWall('02/30/2024', 'mdy')).toBeNaN();
		expect(parseSlashWall('13/13/2024', 'mdy')).toBeNaN();
		expect(parseSlashWall('10/03/2012 13:00 PM', 'mdy')).toBeNaN();
	});

	it('tells the day-month order from a part over 12', () => {
		expect(slashOrderOf(['01/02/2024', '01/13/2024'])).toBe('mdy');
		expect(slashOrderOf(['01/02/2024', '13/01/2024'])).toBe('dmy');
		expect(slashOrderOf(['01/02/2024', '03/04/2024'])).toBeNull();
	});
});

describe('dstChangeHours', () => {
	it('knows the European and American change hours of 2024', () => {
		const c = dstChangeHours(2024);
		expect(c.forward.map(hourText)).toEqual([
			'2024-03-31T01:00',
			'2024-03-31T02:00',
			'2024-03-10T02:00'
		]);
		expect(c.back.map(hourText)).toEqual([
			'2024-10-27T01:00',
			'2024-10-27T02:00',
			'2024-11-03T01:00'
		]);
	});

	it('uses the American rule before 2007', () => {
		const c = dstChangeHours(2006);
		expect(hourText(c.forward[2])).toBe('2006-04-02T02:00');
		expect(hourText(c.back[2])).toBe('2006-10-29T01:00');
	});
});

describe('hourOfWeek and naturalCompare', () => {
	it('numbers Monday 00:00 as 0 and Sunday 23:00 as 167', () => {
		expect(hourOfWeek(hourOf('2024-07-01T00:00'))).toBe(0); // a Monday
		expect(hourOfWeek(hourOf('2024-07-07T23:00'))).toBe(167);
		expect(hourOfWeek(hourOf('1969-12-29T01:00'))).toBe(1); // before 1970
	});

	it('sorts digit runs as numbers', () => {
		const labels = ['door 10', 'door 2', '10', '2', '0', 'East', 'east', 'West'];
		expect([...labels].sort(naturalCompare)).toEqual([
			'0',
			'2',
			'10',
			'door 2',
			'door 10',
			'East',
			'east',
			'West'
		]);
	});
});
