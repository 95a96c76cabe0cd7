import { describe, expect, it } from 'vitest';
import { inferOpenHours, weekSlot } from '../../../src/lib/health/open';
import { simulatedOpenHours } from '../../../src/lib/health/score';
import { hourOf, setReading, syntheticStore } from './helpers';

describe('opening hours inferred from the data', () => {
	it('weekSlot counts from Monday 00:00', () => {
		expect(weekSlot(hourOf('2024-07-08', 0))).toBe(0); // a Monday
		expect(weekSlot(hourOf('2024-07-09', 14))).toBe(24 + 14);
		expect(weekSlot(hourOf('2024-07-14', 23))).toBe(167); // a Sunday
		expect(weekSlot(hourOf('1969-12-29', 0))).toBe(0); // before 1970
	});

	it("finds a shop's Monday-Saturday 8:00-18:00", () => {
		expect([...inferOpenHours(syntheticStore())]).toEqual([...simulatedOpenHours()]);
	});

	it('finds a 24-hour counter open around the clock', () => {
		const m = syntheticStore({ open: () => true, avg: 40 });
		expect(inferOpenHours(m).every((v) => v === 1)).toBe(true);
	});

	it('keeps an hour open through a few zeros and failures, and closes one that is mostly 0', () => {
		const m = syntheticStore({ sensors: 1, days: 28 });
		const mon9 = (week: number) => hourOf('2024-01-01', 9) + week * 168;
		setReading(m, 0, mon9(0), 0);
		setReading(m, 0, mon9(1), -1);
		const sat17 = (week: number) => hourOf('2024-01-06', 17) + week * 168;
		for (let w = 0; w < 3; w++) setReading(m, 0, sat17(w), 0);
		const open = inferOpenHours(m);
		expect(open[9]).toBe(1);
		expect(open[5 * 24 + 17]).toBe(0);
	});

	it('ignores hours before the opening and treats a store with no reading as closed', () => {
		const m = syntheticStore({ days: 14, closedDays: 7 });
		expect([...inferOpenHours(m)]).toEqual([...simulatedOpenHours()]);
		m.counts.fill(-2);
		expect(inferOpenHours(m).every((v) => v === 0)).toBe(true);
	});
});
