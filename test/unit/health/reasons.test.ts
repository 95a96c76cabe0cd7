import { describe, expect, it } from 'vitest';
import { FAILED } from '../../../src/lib/domain/footfall';
import {
	MISSING,
	SENSOR_DAY_FLAGS,
	type HourFlags,
	type SensorDays,
	type StoreDays
} from '../../../src/lib/domain/health';
import { defaultHealthParams } from '../../../src/lib/health/params';
import {
	dayLabel,
	grouped,
	hourFlagReason,
	hourLabel,
	sensorDayReason,
	storeDayReason
} from '../../../src/lib/health/reasons';
import { storeHealth } from '../../../src/lib/health/store-health';
import { parseDay } from '../../../src/lib/simulation/calendar';
import { hourOf, setReading, syntheticStore } from './helpers';

const P = defaultHealthParams();
const TUE = hourOf('2024-07-09', 14);

/** One hour flag as columns. */
function flag(kind: number, count: number, expected = 6790, low = 5120, high = 8460): HourFlags {
	return {
		length: 1,
		sensor: Uint16Array.of(3),
		hour: Int32Array.of(TUE),
		kind: Uint8Array.of(kind),
		count: Int32Array.of(count),
		expected: Float64Array.of(expected),
		low: Float64Array.of(low),
		high: Float64Array.of(high)
	};
}

describe('numbers and dates in words', () => {
	it.each([
		[0, '0'],
		[999.4, '999'],
		[6812.3, '6,812'],
		[1234567, '1,234,567'],
		[-4200, '-4,200'],
		[Number.NaN, 'unknown']
	])('grouped(%d) is %s', (x, want) => expect(grouped(x)).toBe(want));

	it('names the weekday, date and hour', () => {
		expect(dayLabel(parseDay('2024-07-09'))).toBe('Tue 2024-07-09');
		expect(hourLabel(TUE)).toBe('14:00 on Tue 2024-07-09');
		expect(hourLabel(hourOf('2024-07-14', 3))).toBe('03:00 on Sun 2024-07-14');
	});
});

describe('hourFlagReason', () => {
	// a store with sensor 3 and 5 siblings reading 6,812 on average at that hour
	const m = syntheticStore({ sensors: 6, start: '2024-07-01', days: 14 });
	for (const [s, c] of [
		[0, 6000],
		[1, 7000],
		[2, 6812],
		[4, 7248],
		[5, 7000]
	])
		setReading(m, s, TUE, c);

	it('zero, with the siblings and the band', () => {
		setReading(m, 3, TUE, 0);
		expect(hourFlagReason(flag(1, 0), 0, m)).toBe(
			'sensor 3 read 0 at 14:00 on Tue 2024-07-09 while its 5 siblings read 6,812 on average (expected 6,790, band 5,120-8,460); 6,790 imputed'
		);
	});

	it('failed, missing, low and high', () => {
		expect(hourFlagReason(flag(0, FAILED), 0, m)).toBe(
			'sensor 3 reported a failed measurement (-1) at 14:00 on Tue 2024-07-09 while its 5 siblings read 6,812 on average; 6,790 imputed'
		);
		expect(hourFlagReason(flag(2, MISSING), 0)).toBe(
			'sensor 3 has no reading at 14:00 on Tue 2024-07-09; 6,790 imputed'
		);
		expect(hourFlagReason(flag(3, 712), 0)).toBe(
			'sensor 3 read 712 at 14:00 on Tue 2024-07-09: below its band (expected 6,790, band 5,120-8,460)'
		);
		expect(hourFlagReason(flag(4, 9999, 6790, NaN, NaN), 0)).toBe(
			'sensor 3 read 9,999 at 14:00 on Tue 2024-07-09: above its band (expected 6,790, no band yet)'
		);
	});

	it('one sibling is "its sibling"', () => {
		const two = syntheticStore({ sensors: 2, start: '2024-07-01', days: 14 });
		setReading(two, 0, TUE, 500);
		expect(hourFlagReason({ ...flag(3, 80), sensor: Uint16Array.of(1) }, 0, two)).toContain(
			'while its sibling read 500: below its band'
		);
	});
});

describe('sensorDayReason and storeDayReason', () => {
	const day = parseDay('2024-07-09');
	const days: SensorDays = {
		length: 2,
		sensor: Uint16Array.of(3, 4),
		day: Int32Array.of(day, day),
		openHours: Uint8Array.of(10, 10),
		failed: Uint8Array.of(3, 0),
		zero: Uint8Array.of(1, 0),
		missing: Uint8Array.of(0, 0),
		anomalies: Uint8Array.of(2, 0),
		count: Float64Array.of(41230, 68000),
		expected: Float64Array.of(67900, 68100),
		siblingRatio: Float64Array.of(0.61, 1.01),
		flags: Uint8Array.of(
			SENSOR_DAY_FLAGS.failures | SENSOR_DAY_FLAGS.siblings | SENSOR_DAY_FLAGS.anomalies,
			0
		)
	};

	it('says every reason of a flagged sensor-day, with its numbers', () => {
		expect(sensorDayReason(days, 0, P)).toBe(
			'sensor 3 on Tue 2024-07-09: 4 of 10 opening hours failed (40.0%, limit 25.0%): 3 reported -1, 1 read 0; counted 61.0% of what its siblings predict (more than 30.0% off); 2 opening hours were outside their band (total 41,230, expected 67,900)'
		);
		expect(sensorDayReason(days, 1, P)).toBe(
			'sensor 4 on Tue 2024-07-09: no problem found (10 opening hours, total 68,000, expected 68,100)'
		);
	});

	const store: StoreDays = {
		length: 4,
		day: Int32Array.of(day, day + 1, day + 5, day + 6),
		count: Float64Array.of(61230, 110000, 120000, 0),
		expected: Float64Array.of(110050, 109000, NaN, 0),
		low: Float64Array.of(98400, 98000, NaN, 0),
		high: Float64Array.of(121700, 120000, NaN, 0),
		abnormal: Uint8Array.of(1, 0, 0, 0)
	};

	it('says where the store day lies against its band', () => {
		expect(storeDayReason(store, 0, 'Paris', P)).toBe(
			'Paris on Tue 2024-07-09 counted 61,230, below its band 98,400-121,700 (expected 110,050 from the same weekday of the last 4 weeks)'
		);
		expect(storeDayReason(store, 0, 'Paris', P, 64000)).toContain(
			'counted 61,230 (64,000 with failed hours imputed), below its band'
		);
		expect(storeDayReason(store, 1, 'Paris', P)).toContain('within its band 98,000-120,000');
		expect(storeDayReason(store, 2, 'Paris', P)).toBe(
			'Paris on Sun 2024-07-14 counted 120,000; no history of that weekday yet'
		);
		expect(storeDayReason(store, 3, 'Paris', P)).toBe('Paris on Mon 2024-07-15: closed');
	});

	it('reasons for a real run mention every flag', () => {
		const m = syntheticStore({ sensors: 3, days: 56, seed: 12 });
		setReading(m, 1, hourOf('2024-02-06', 9), FAILED);
		const h = storeHealth(m, P);
		for (let i = 0; i < h.hours.length; i++) {
			expect(hourFlagReason(h.hours, i, m)).toMatch(
				/^sensor \d .* \d{2}:00 on \w{3} \d{4}-\d{2}-\d{2}/
			);
		}
		expect(h.hours.length).toBeGreaterThan(0);
	});
});
