import { describe, expect, it } from 'vitest';
import { FAILED, SHOP_CLOSED } from '../../../src/lib/domain/footfall';
import { MISSING, SENSOR_DAY_FLAGS, type StoreHealth } from '../../../src/lib/domain/health';
import { defaultHealthParams } from '../../../src/lib/health/params';
import { storeHealth } from '../../../src/lib/health/store-health';
import { parseDay } from '../../../src/lib/simulation/calendar';
import { flagAt, hourOf, setReading, syntheticStore } from './helpers';

const P = defaultHealthParams();

/** Index of the sensor-day row of (sensor, YYYY-MM-DD). */
function dayRow(h: StoreHealth, sensor: number, day: string): number {
	const d = parseDay(day);
	for (let i = 0; i < h.days.length; i++) {
		if (h.days.sensor[i] === sensor && h.days.day[i] === d) return i;
	}
	throw new Error(`no sensor-day ${sensor} ${day}`);
}

function storeDayRow(h: StoreHealth, day: string): number {
	return h.storeDays.day.indexOf(parseDay(day));
}

describe('storeHealth on a clean store', () => {
	const m = syntheticStore({ sensors: 5, days: 84 });
	const h = storeHealth(m, P);

	it('infers the opening hours and raises (almost) no flag', () => {
		expect(h.open.reduce((a, b) => a + b, 0)).toBe(60);
		// 4 robust sigma: a clean gaussian store gives about 1 flag in 16,000 open hours
		expect(h.hours.length).toBeLessThanOrEqual(3);
		expect(h.storeDays.abnormal.reduce((a, b) => a + b, 0)).toBe(0);
	});

	it('writes one row per sensor and day, ordered by sensor then day', () => {
		expect(h.days.length).toBe(5 * 84);
		expect(h.days.sensor[0]).toBe(0);
		expect(h.days.sensor[84]).toBe(1);
		expect(h.days.day[1] - h.days.day[0]).toBe(1);
		const mon = dayRow(h, 2, '2024-02-05');
		expect(h.days.openHours[mon]).toBe(10);
		expect(h.days.openHours[dayRow(h, 2, '2024-02-11')]).toBe(0); // a Sunday
		expect(h.days.siblingRatio[mon]).toBeGreaterThan(0.85);
		expect(h.days.siblingRatio[mon]).toBeLessThan(1.15);
		expect(h.days.expected[mon]).toBeGreaterThan(8500);
		expect(h.days.expected[mon]).toBeLessThan(11500);
		expect(h.storeDays.length).toBe(84);
	});

	it('is deterministic and leaves the matrix unchanged', () => {
		const copy = m.counts.slice();
		const again = storeHealth(m, P);
		expect(again.hours.hour).toEqual(h.hours.hour);
		expect(again.days.expected).toEqual(h.days.expected);
		expect(m.counts).toEqual(copy);
	});
});

describe('hour flags, one rule at a time', () => {
	const m = syntheticStore({ sensors: 5, days: 84, seed: 2 });
	const at = hourOf('2024-02-13', 14); // a Tuesday, open
	const night = hourOf('2024-02-13', 3);
	const sunday = hourOf('2024-02-18', 12);
	setReading(m, 1, at, FAILED);
	setReading(m, 2, at, MISSING);
	setReading(m, 3, at, 0);
	setReading(m, 4, at, 100); // an anomaly (x 0.1)
	setReading(m, 0, at + 1, 3000); // far above
	setReading(m, 0, night, FAILED);
	setReading(m, 0, sunday, MISSING);
	const h = storeHealth(m, P);

	it('failed (-1), missing, zero, low and high in opening hours', () => {
		expect(flagAt(h, 1, at)).toBe('failed');
		expect(flagAt(h, 2, at)).toBe('missing');
		expect(flagAt(h, 3, at)).toBe('zero');
		expect(flagAt(h, 4, at)).toBe('low');
		expect(flagAt(h, 0, at + 1)).toBe('high');
		expect(flagAt(h, 0, at)).toBeNull();
	});

	it('nothing in closed hours: a failure at night or a blank on Sunday is not judged', () => {
		expect(flagAt(h, 0, night)).toBeNull();
		expect(flagAt(h, 0, sunday)).toBeNull();
	});

	it('the expected value of a failure comes from the siblings (what imputation adds)', () => {
		const i = [...h.hours.hour].findIndex((t, j) => t === at && h.hours.sensor[j] === 1);
		const siblings = [0, 2, 3, 4].map((s) => m.counts[s * m.hours + (at - m.startHour)]);
		expect(siblings.filter((c) => c >= 0)).toHaveLength(3);
		expect(h.hours.expected[i]).toBeGreaterThan(700);
		expect(h.hours.expected[i]).toBeLessThan(1300);
		expect(h.hours.low[i]).toBeLessThan(h.hours.expected[i]);
		expect(h.hours.high[i]).toBeGreaterThan(h.hours.expected[i]);
		expect(h.hours.count[i]).toBe(FAILED);
	});

	it('flags are ordered by sensor, then hour', () => {
		for (let i = 1; i < h.hours.length; i++) {
			const a = h.hours.sensor[i - 1] * 1e9 + h.hours.hour[i - 1];
			const b = h.hours.sensor[i] * 1e9 + h.hours.hour[i];
			expect(b).toBeGreaterThan(a);
		}
	});

	it('the sensor-day counts its flagged hours', () => {
		expect(h.days.failed[dayRow(h, 1, '2024-02-13')]).toBe(1);
		expect(h.days.missing[dayRow(h, 2, '2024-02-13')]).toBe(1);
		expect(h.days.zero[dayRow(h, 3, '2024-02-13')]).toBe(1);
		expect(h.days.anomalies[dayRow(h, 4, '2024-02-13')]).toBe(1);
		const one = h.days.flags[dayRow(h, 1, '2024-02-13')];
		expect(one & SENSOR_DAY_FLAGS.failures).toBe(0); // 1 of 10 hours < 25 %
		expect(h.days.flags[dayRow(h, 4, '2024-02-13')] & SENSOR_DAY_FLAGS.anomalies).toBe(
			SENSOR_DAY_FLAGS.anomalies
		);
	});
});

describe('sensor-day flags', () => {
	const m = syntheticStore({ sensors: 4, days: 84, seed: 3 });
	for (let hh = 8; hh < 12; hh++) setReading(m, 0, hourOf('2024-03-05', hh), FAILED);
	for (let hh = 8; hh < 18; hh++) {
		const t = hourOf('2024-03-06', hh);
		setReading(m, 1, t, Math.round(m.counts[1 * m.hours + (t - m.startHour)] * 0.6));
	}
	const h = storeHealth(m, P);

	it('failures: 4 of 10 opening hours failed (at least the 25 % share)', () => {
		const i = dayRow(h, 0, '2024-03-05');
		expect(h.days.failed[i]).toBe(4);
		expect(h.days.flags[i] & SENSOR_DAY_FLAGS.failures).toBe(SENSOR_DAY_FLAGS.failures);
	});

	it('siblings: a day at 60 % of what the siblings predict', () => {
		const i = dayRow(h, 1, '2024-03-06');
		expect(h.days.siblingRatio[i]).toBeGreaterThan(0.5);
		expect(h.days.siblingRatio[i]).toBeLessThan(0.7);
		expect(h.days.flags[i] & SENSOR_DAY_FLAGS.siblings).toBe(SENSOR_DAY_FLAGS.siblings);
	});
});

describe('hard cases', () => {
	it('a store with one sensor judges against its own weekday-hour history', () => {
		const m = syntheticStore({ sensors: 1, days: 70, seed: 4 });
		const at = hourOf('2024-02-20', 10);
		setReading(m, 0, at, 0);
		setReading(m, 0, at + 2, 95);
		const h = storeHealth(m, P);
		expect(flagAt(h, 0, at)).toBe('zero');
		expect(flagAt(h, 0, at + 2)).toBe('low');
		expect(Number.isNaN(h.days.siblingRatio[0])).toBe(true);
		const i = [...h.hours.hour].indexOf(at);
		expect(h.hours.expected[i]).toBeGreaterThan(800);
		expect(h.hours.expected[i]).toBeLessThan(1200);
	});

	it('all sensors failing at once: expected values from the history', () => {
		const m = syntheticStore({ sensors: 6, days: 70, seed: 5 });
		const at = hourOf('2024-02-21', 11);
		for (let s = 0; s < 6; s++) setReading(m, s, at, FAILED);
		const h = storeHealth(m, P);
		for (let s = 0; s < 6; s++) {
			expect(flagAt(h, s, at)).toBe('failed');
			const i = [...h.hours.hour].findIndex((t, j) => t === at && h.hours.sensor[j] === s);
			expect(h.hours.expected[i]).toBeGreaterThan(800);
			expect(h.hours.expected[i]).toBeLessThan(1200);
		}
	});

	it('all sensors stuck at 0 for a day: every open hour is a zero flag', () => {
		const m = syntheticStore({ sensors: 3, days: 70, seed: 6 });
		for (let s = 0; s < 3; s++) {
			for (let hh = 8; hh < 18; hh++) setReading(m, s, hourOf('2024-02-22', hh), 0);
		}
		const h = storeHealth(m, P);
		for (let s = 0; s < 3; s++) {
			const i = dayRow(h, s, '2024-02-22');
			expect(h.days.zero[i]).toBe(10);
			expect(h.days.flags[i] & SENSOR_DAY_FLAGS.failures).toBe(SENSOR_DAY_FLAGS.failures);
		}
		// the store day is judged with the failed hours imputed: not abnormal
		expect(h.storeDays.abnormal[storeDayRow(h, '2024-02-22')]).toBe(0);
	});

	it('a sensor stuck at 0 for three weeks keeps being flagged (flags do not teach)', () => {
		const m = syntheticStore({ sensors: 4, days: 84, seed: 7 });
		const from = hourOf('2024-02-05', 0);
		for (let t = from; t < from + 21 * 24; t++) {
			if (m.counts[2 * m.hours + (t - m.startHour)] > 0) setReading(m, 2, t, 0);
		}
		const h = storeHealth(m, P);
		const zeros = [...h.hours.kind].filter((k, i) => k === 1 && h.hours.sensor[i] === 2);
		expect(zeros).toHaveLength(18 * 10);
	});

	it('the first weeks, with no history, are judged too (a dry run primes the statistics)', () => {
		const m = syntheticStore({ sensors: 1, days: 42, seed: 8 });
		const first = hourOf('2024-01-02', 9);
		setReading(m, 0, first, 0);
		setReading(m, 0, first + 1, 100);
		const h = storeHealth(m, P);
		expect(flagAt(h, 0, first)).toBe('zero');
		expect(flagAt(h, 0, first + 1)).toBe('low');
		expect(h.storeDays.expected[0]).toBeGreaterThan(0);
	});

	it('a 24-hour counter (a bridge) is judged at every hour', () => {
		const m = syntheticStore({ sensors: 2, days: 56, avg: 400, open: () => true, seed: 9 });
		const night = hourOf('2024-02-11', 3);
		setReading(m, 1, night, 0);
		const h = storeHealth(m, P);
		expect(h.open.every((v) => v === 1)).toBe(true);
		expect(flagAt(h, 1, night)).toBe('zero');
		expect(h.days.openHours[0]).toBe(24);
	});

	it('sensors of different sizes: each one is judged against its own ratio to its siblings', () => {
		const m = syntheticStore({ sensors: 4, days: 70, scale: [1, 2, 0.5, 1], seed: 10 });
		const at = hourOf('2024-02-14', 12);
		setReading(m, 2, at, 1000); // normal for sensor 0, twice what sensor 2 counts
		const h = storeHealth(m, P);
		expect(flagAt(h, 2, at)).toBe('high');
		const i = dayRow(h, 1, '2024-02-13');
		expect(h.days.siblingRatio[i]).toBeGreaterThan(0.85);
		expect(h.days.siblingRatio[i]).toBeLessThan(1.15);
	});

	it('a one-sensor store whose level jumps for good is learnt again within weeks', () => {
		const m = syntheticStore({ sensors: 1, days: 112, seed: 14 });
		const jump = hourOf('2024-02-05', 0) - m.startHour;
		for (let t = jump; t < m.hours; t++) m.counts[t] = Math.round(m.counts[t] * 1.8);
		const h = storeHealth(m, P);
		const highs = (from: string, to: string) =>
			[...h.hours.hour].filter(
				(t, i) => h.hours.kind[i] === 4 && t >= hourOf(from, 0) && t < hourOf(to, 0)
			).length;
		expect(highs('2024-02-05', '2024-02-12')).toBeGreaterThan(40); // the new level is news
		expect(highs('2024-03-25', '2024-04-21')).toBe(0); // and then the norm
	});

	it('an abnormal store day: every sensor at half its level', () => {
		const m = syntheticStore({ sensors: 3, days: 70, seed: 11 });
		for (let s = 0; s < 3; s++) {
			for (let hh = 8; hh < 18; hh++) {
				const t = hourOf('2024-02-29', hh);
				setReading(m, s, t, Math.round(m.counts[s * m.hours + (t - m.startHour)] / 2));
			}
		}
		const h = storeHealth(m, P);
		const i = storeDayRow(h, '2024-02-29');
		expect(h.storeDays.abnormal[i]).toBe(1);
		expect(h.storeDays.count[i]).toBeLessThan(h.storeDays.low[i]);
		expect(h.storeDays.expected[i]).toBeGreaterThan(27000);
		// a store-wide change is not a sensor fault: the siblings moved together
		expect(h.hours.length).toBeLessThan(5);
		expect(h.storeDays.abnormal.reduce((a, b) => a + b, 0)).toBe(1);
	});

	it('a closed Sunday is expected to be 0 and not abnormal', () => {
		const h = storeHealth(syntheticStore({ days: 28 }), P);
		const i = storeDayRow(h, '2024-01-14');
		expect(h.storeDays.expected[i]).toBe(0);
		expect(h.storeDays.abnormal[i]).toBe(0);
	});

	it('days before the opening (-2) give no rows', () => {
		const m = syntheticStore({ sensors: 2, days: 42, closedDays: 10 });
		const h = storeHealth(m, P);
		expect(h.days.length).toBe(2 * 32);
		expect(h.storeDays.length).toBe(32);
		expect(h.storeDays.day[0]).toBe(parseDay('2024-01-11'));
		expect(m.counts[0]).toBe(SHOP_CLOSED);
	});

	it('an empty matrix gives empty results; bad input is refused with the field', () => {
		const m = syntheticStore({ days: 0 });
		const h = storeHealth(m, P);
		expect([h.hours.length, h.days.length, h.storeDays.length]).toEqual([0, 0, 0]);
		expect(() => storeHealth(m, { ...P, weeks: 0 })).toThrow('weeks must be a whole number');
		expect(() => storeHealth({ ...m, hours: 24 }, P)).toThrow('counts must be an Int32Array');
	});
});
