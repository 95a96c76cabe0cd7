import { describe, expect, it } from 'vitest';
import {
	HOUR_FLAG_KINDS,
	SENSOR_DAY_FLAGS,
	type HourFlagKind,
	type StoreHealth
} from '../../../src/lib/domain/health';
import {
	buildAlerts,
	dayText,
	flaggedRuns,
	formatCount,
	hourText,
	lastActiveDay,
	weekHour,
	type Alert,
	type StoreTrend
} from '../../../src/lib/alerts/alerts';

const DAY = 86_400_000;
const dayIdx = (d: string) => Date.parse(`${d}T00:00Z`) / DAY;
const hourIdx = (d: string, h: number) => dayIdx(d) * 24 + h;

/** Open Monday to Saturday, 08:00-17:59. */
function openMask(): Uint8Array {
	const m = new Uint8Array(168);
	for (let d = 0; d < 6; d++) for (let h = 8; h <= 17; h++) m[d * 24 + h] = 1;
	return m;
}

type Flag = [sensor: number, day: string, hour: number, kind: HourFlagKind, expected?: number];
/** [sensor, day, openHours, count, siblingRatio, flags] */
type SDay = [number, string, number, number, number, number];
/** [day, count, expected, low, high, abnormal] */
type StDay = [string, number, number, number, number, 0 | 1];

function health(
	flags: Flag[],
	days: SDay[] = [],
	storeDays: StDay[] = [],
	over: Partial<StoreHealth> = {}
): StoreHealth {
	const codes = { failed: -1, zero: 0, missing: -3, low: 5, high: 500 };
	const sorted = [...flags].sort(
		(a, b) => a[0] - b[0] || hourIdx(a[1], a[2]) - hourIdx(b[1], b[2])
	);
	return {
		storeIdx: 0,
		store: 'Alpha',
		hours: {
			length: sorted.length,
			sensor: Uint16Array.from(sorted.map((f) => f[0])),
			hour: Int32Array.from(sorted.map((f) => hourIdx(f[1], f[2]))),
			kind: Uint8Array.from(sorted.map((f) => HOUR_FLAG_KINDS.indexOf(f[3]))),
			count: Int32Array.from(sorted.map((f) => codes[f[3]])),
			expected: Float64Array.from(sorted.map((f) => f[4] ?? 100)),
			low: new Float64Array(sorted.length).fill(50),
			high: new Float64Array(sorted.length).fill(150)
		},
		days: {
			length: days.length,
			sensor: Uint16Array.from(days.map((d) => d[0])),
			day: Int32Array.from(days.map((d) => dayIdx(d[1]))),
			openHours: Uint8Array.from(days.map((d) => d[2])),
			failed: new Uint8Array(days.length),
			zero: new Uint8Array(days.length),
			missing: new Uint8Array(days.length),
			anomalies: new Uint8Array(days.length),
			count: Float64Array.from(days.map((d) => d[3])),
			expected: Float64Array.from(days.map((d) => d[3])),
			siblingRatio: Float64Array.from(days.map((d) => d[4])),
			flags: Uint8Array.from(days.map((d) => d[5]))
		},
		storeDays: {
			length: storeDays.length,
			day: Int32Array.from(storeDays.map((d) => dayIdx(d[0]))),
			count: Float64Array.from(storeDays.map((d) => d[1])),
			expected: Float64Array.from(storeDays.map((d) => d[2])),
			low: Float64Array.from(storeDays.map((d) => d[3])),
			high: Float64Array.from(storeDays.map((d) => d[4])),
			abnormal: Uint8Array.from(storeDays.map((d) => d[5]))
		},
		open: openMask(),
		...over
	};
}

/** Store days 2024-07-01 .. 2024-07-31, all normal (sets the data's first and last day). */
function julyDays(over: Record<string, StDay> = {}): StDay[] {
	return Array.from({ length: 31 }, (_, i) => {
		const d = dayText(dayIdx('2024-07-01') + i);
		return over[d] ?? [d, 2000, 2000, 1500, 2500, 0];
	});
}

const kinds = (alerts: Alert[]) => alerts.map((a) => a.kind);

describe('time helpers', () => {
	it('weekHour counts from Monday 00:00 (1970-01-01 was a Thursday)', () => {
		expect(weekHour(0)).toBe(72);
		expect(weekHour(hourIdx('1970-01-05', 0))).toBe(0);
		expect(weekHour(hourIdx('2024-07-07', 23))).toBe(167); // a Sunday
		expect(weekHour(-1)).toBe(71);
	});

	it('dayText, hourText and formatCount', () => {
		expect(dayText(dayIdx('2024-02-29'))).toBe('2024-02-29');
		expect(hourText(hourIdx('2024-07-01', 9))).toBe('2024-07-01T09:00');
		expect(formatCount(1234567.4)).toBe('1,234,567');
		expect(formatCount(-999.6)).toBe('-1,000');
		expect(formatCount(12)).toBe('12');
	});
});

describe('flaggedRuns', () => {
	it('joins flagged hours across closed hours, splits on an open hour that read normally', () => {
		const h = health([
			[0, '2024-07-01', 16, 'failed'],
			[0, '2024-07-01', 17, 'failed'],
			[0, '2024-07-01', 20, 'failed'], // closed hour, flagged: same run
			[0, '2024-07-02', 8, 'zero'],
			[0, '2024-07-02', 9, 'missing'],
			[0, '2024-07-03', 12, 'failed'],
			[0, '2024-07-03', 14, 'failed'], // 13:00 read normally
			[0, '2024-07-04', 12, 'high'], // an event, not a failure
			[1, '2024-07-03', 14, 'failed'],
			[1, '2024-07-03', 15, 'failed']
		]);
		const runs = flaggedRuns(h, h.open);
		expect(runs.map((r) => [r.sensor, r.rows.length, r.openHours])).toEqual([
			[0, 5, 4],
			[0, 1, 1],
			[0, 1, 1],
			[1, 2, 2]
		]);
	});

	it('a Sunday closed all day does not end a run; a week apart always does', () => {
		const h = health([
			[2, '2024-07-06', 17, 'failed'], // Saturday
			[2, '2024-07-08', 8, 'failed'], // Monday
			[2, '2024-07-15', 8, 'failed']
		]);
		expect(flaggedRuns(h, h.open).map((r) => r.rows.length)).toEqual([2, 1]);
	});
});

describe('buildAlerts', () => {
	it('a run of failed open hours is "sensor down", with its numbers, view and id', () => {
		const alerts = buildAlerts({
			health: [
				health(
					[
						[0, '2024-07-01', 16, 'failed', 120],
						[0, '2024-07-01', 17, 'failed', 130],
						[0, '2024-07-02', 8, 'failed', 60],
						[0, '2024-07-02', 9, 'zero', 90]
					],
					[],
					julyDays()
				)
			]
		});
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toEqual({
			id: `sensor-down:0:0:h${hourIdx('2024-07-01', 16)}`,
			kind: 'sensor-down',
			severity: 'warning',
			store: 'Alpha',
			storeIdx: 0,
			sensor: 0,
			unit: 'hour',
			from: hourIdx('2024-07-01', 16),
			to: hourIdx('2024-07-02', 9),
			fromText: '2024-07-01T16:00',
			toText: '2024-07-02T09:00',
			current: false,
			title: 'Alpha: sensor 0 down for 4 open hours',
			detail:
				'Sensor 0 of Alpha was down from 2024-07-01 16:00 to 2024-07-02 09:00 (18 hours in all): ' +
				'3 failed readings and 1 zero count. About 400 visits were imputed from its siblings and its history.',
			view: {
				store: 'Alpha',
				sensor: 0,
				resolution: 'hourly',
				from: '2024-07-01',
				to: '2024-07-03',
				weekdays: [1, 2, 3, 4, 5, 6, 7]
			}
		});
	});

	it('a long outage touching the last day is critical and current, shown daily', () => {
		const flags: Flag[] = [];
		for (let d = 15; d <= 31; d++) {
			const day = `2024-07-${d}`;
			for (let h = 8; h <= 17; h++) flags.push([3, day, h, 'zero', 50]);
		}
		const [a] = buildAlerts({ health: [health(flags, [], julyDays())] });
		expect(a).toMatchObject({
			kind: 'sensor-down',
			severity: 'critical',
			current: true,
			sensor: 3,
			fromText: '2024-07-15T08:00',
			toText: '2024-07-31T17:00',
			title: 'Alpha: sensor 3 stuck at 0 for 150 open hours',
			view: { resolution: 'daily', from: '2024-07-08', to: '2024-07-31', sensor: 3 }
		});
		expect(a.detail).toContain('170 zero counts');
	});

	it('isolated failed hours are one alert per store and month, not one each', () => {
		const alerts = buildAlerts({
			health: [
				health(
					[
						[0, '2024-07-03', 12, 'failed'],
						[0, '2024-07-03', 14, 'failed'],
						[5, '2024-07-10', 9, 'missing', 40],
						[5, '2024-07-31', 9, 'failed', 40]
					],
					[],
					julyDays()
				)
			]
		});
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toMatchObject({
			kind: 'failed-hours',
			severity: 'info',
			sensor: null,
			unit: 'day',
			fromText: '2024-07-03',
			toText: '2024-07-31',
			current: true,
			title: 'Alpha: 4 isolated failed hours in July 2024',
			detail:
				'3 failed readings and 1 missing reading in July 2024, none longer than a short run, ' +
				'on 2 sensors; most: sensor 0 (2), sensor 5 (2). About 280 visits imputed.',
			view: { resolution: 'daily', from: '2024-07-01', to: '2024-07-31', sensor: null }
		});
		const two = buildAlerts({
			health: [
				health([
					[1, '2024-07-03', 12, 'failed'],
					[1, '2024-08-01', 12, 'failed']
				])
			]
		});
		expect(two.map((a) => [a.title, a.sensor, a.view.resolution])).toEqual([
			['Alpha: 1 isolated failed hour in August 2024', 1, 'hourly'],
			['Alpha: 1 isolated failed hour in July 2024', 1, 'hourly']
		]);
		const { minDownHours } = { minDownHours: 1 };
		expect(
			kinds(
				buildAlerts({
					health: [health([[1, '2024-07-03', 12, 'failed']])],
					options: { minDownHours }
				})
			)
		).toEqual(['sensor-down']);
	});

	it('sensor-days departing from their siblings: runs over closed days, failures left to their own alerts', () => {
		const sib = SENSOR_DAY_FLAGS.siblings;
		const days: SDay[] = [
			[1, '2024-07-08', 10, 500, 0.5, sib],
			[1, '2024-07-09', 10, 500, 0.5, sib],
			[1, '2024-07-10', 10, 1000, 1, 0],
			[1, '2024-07-12', 10, 1500, 1.5, sib],
			[1, '2024-07-13', 10, 1500, 1.5, sib],
			[1, '2024-07-14', 0, 0, NaN, 0], // Sunday, closed
			[1, '2024-07-15', 10, 1500, 1.5, sib],
			[2, '2024-07-16', 10, 100, 0.1, sib | SENSOR_DAY_FLAGS.failures],
			[2, '2024-07-18', 10, 100, 0.5, sib] // one day only
		];
		const alerts = buildAlerts({ health: [health([], days, julyDays())] });
		expect(alerts.map((a) => [a.kind, a.sensor, a.fromText, a.toText])).toEqual([
			['sensor-deviating', 1, '2024-07-12', '2024-07-15'],
			['sensor-deviating', 1, '2024-07-08', '2024-07-09']
		]);
		expect(alerts[1].title).toBe('Alpha: sensor 1 departs from its siblings on 2 days');
		expect(alerts[1].detail).toContain(
			'counted 1,000 visits from 2024-07-08 to 2024-07-09, 50 % below the 2,000 its sibling sensors predict'
		);
		expect(alerts[0].detail).toContain('50 % above the 3,000');
		expect(alerts[0].view).toMatchObject({
			resolution: 'hourly',
			from: '2024-07-11',
			to: '2024-07-16'
		});
		const single = buildAlerts({
			health: [health([], days, julyDays())],
			options: { minDeviatingDays: 1 }
		});
		expect(single.map((a) => [a.sensor, a.fromText])).toEqual([
			[2, '2024-07-18'],
			[1, '2024-07-12'],
			[1, '2024-07-08']
		]);
		expect(single[0].detail).toContain('counted 100 visits on 2024-07-18, 50 % below the 200');
	});

	it('abnormal store days: runs of days, and days explained by imputed failures left out', () => {
		const alerts = buildAlerts({
			health: [
				health(
					// 07-04: 1,000 counted + 4 x 200 imputed = 1,800, inside 1,500-2,500
					[0, 1, 2, 3].map((s) => [s, '2024-07-04', 12, 'failed', 200] as Flag),
					[],
					julyDays({
						'2024-07-03': ['2024-07-03', 1000, 2000, 1500, 2500, 1],
						'2024-07-04': ['2024-07-04', 1000, 2000, 1500, 2500, 1],
						'2024-07-05': ['2024-07-05', 3000, 2000, 1500, 2500, 1],
						'2024-07-06': ['2024-07-06', 3000, 2000, 1500, 2500, 1]
					})
				)
			]
		});
		const days = alerts.filter((a) => a.kind === 'abnormal-day');
		expect(days.map((a) => [a.fromText, a.toText, a.title])).toEqual([
			['2024-07-05', '2024-07-06', 'Alpha: 2 abnormal days, above normal'],
			['2024-07-03', '2024-07-03', 'Alpha: abnormal day 2024-07-03, 50 % below normal']
		]);
		expect(days[1].detail).toBe(
			'Alpha counted 1,000 visits on 2024-07-03 (failed readings imputed), against 2,000 expected ' +
				'from the same weekdays before (normal range 1,500 to 2,500): 50 % below.'
		);
		expect(days[0].view).toEqual({
			store: 'Alpha',
			sensor: null,
			resolution: 'hourly',
			from: '2024-07-04',
			to: '2024-07-07',
			weekdays: [1, 2, 3, 4, 5, 6, 7]
		});
		expect(alerts.filter((a) => a.kind === 'failed-hours')).toHaveLength(1);
	});

	const weekly = (counts: number[], over: Partial<StoreTrend> = {}): StoreTrend => ({
		store: 'Alpha',
		period: 'weekly',
		rows: counts.map((c, i) => ({
			t: (dayIdx('2024-06-03') + 7 * i) * DAY,
			partial: i === counts.length - 1,
			count: c,
			imputed_count: c,
			trend_count: 1000,
			trend_imputed: 1000
		})),
		...over
	});

	it('trend: the last full periods below the line by more than the threshold', () => {
		const h = health([], [], julyDays());
		// weeks from 06-03: 1000, 1000, 950, 700, 750, then a partial week (ignored)
		const [a] = buildAlerts({ health: [h], trends: [weekly([1000, 1000, 950, 700, 750, 100])] });
		expect(a).toMatchObject({
			kind: 'trend-deviation',
			severity: 'warning',
			current: true,
			sensor: null,
			unit: 'day',
			fromText: '2024-06-24',
			toText: '2024-07-07',
			title: 'Alpha: 28 % below trend for 2 weeks',
			// half a year of weeks before, clamped to the data, never after the event's start
			view: { resolution: 'weekly', from: '2024-06-24', to: '2024-07-31', sensor: null }
		});
		expect(a.detail).toBe(
			'Alpha counted 1,450 visits in the last 2 full weeks (2024-06-24 to 2024-07-07, failed readings ' +
				'imputed) against 2,000 on its trend line: 28 % below, beyond the 20 % threshold in every one of them.'
		);
		const none = (t: StoreTrend, options = {}) =>
			buildAlerts({ health: [h], trends: [t], options }).filter(
				(x) => x.kind === 'trend-deviation'
			);
		expect(none(weekly([1000, 1000, 950, 700, 750, 100]), { trendThreshold: 0.27 })).toEqual([]);
		expect(none(weekly([1000, 1000, 1000, 700, 100]))).toEqual([]); // one period only
		expect(none(weekly([1000, 1300, 700, 100]))).toEqual([]); // sides differ
		expect(none(weekly([700, 700, 700]), { trendPeriods: 3 })).toEqual([]); // last one partial
		const above = none(weekly([1000, 1300, 1250, 1300, 100]));
		expect(above.map((x) => [x.severity, x.title])).toEqual([
			['info', 'Alpha: 28 % above trend for 3 weeks']
		]);
		const monthly = none({
			store: 'Alpha',
			period: 'monthly',
			weekdays: [1, 2, 3, 4, 5, 6],
			rows: ['2024-04-01', '2024-05-01', '2024-06-01'].map((d) => ({
				t: dayIdx(d) * DAY,
				partial: false,
				count: 500,
				imputed_count: 500,
				trend_count: 1000,
				trend_imputed: 1000
			}))
		});
		expect(monthly[0]).toMatchObject({ fromText: '2024-04-01', toText: '2024-06-30' });
		expect(monthly[0].view).toMatchObject({ resolution: 'monthly', weekdays: [1, 2, 3, 4, 5, 6] });
		expect(none(weekly([1000, 700, 700, 100], { rows: [] }))).toEqual([]);
	});

	it('lists newest first, then by severity; `since` keeps recent alerts only', () => {
		const flags: Flag[] = [
			[0, '2024-07-02', 8, 'failed'],
			[0, '2024-07-02', 9, 'failed'],
			[0, '2024-07-02', 10, 'failed'],
			[1, '2024-07-20', 8, 'failed'],
			[1, '2024-07-20', 9, 'failed'],
			[1, '2024-07-20', 10, 'failed']
		];
		const days = julyDays({ '2024-07-20': ['2024-07-20', 100, 2000, 1500, 2500, 1] });
		const alerts = buildAlerts({ health: [health(flags, [], days)] });
		expect(alerts.map((a) => [a.kind, a.fromText])).toEqual([
			['abnormal-day', '2024-07-20'],
			['sensor-down', '2024-07-20T08:00'],
			['sensor-down', '2024-07-02T08:00']
		]);
		const recent = buildAlerts({
			health: [health(flags, [], days)],
			options: { since: dayIdx('2024-07-10') }
		});
		expect(recent).toHaveLength(2);
		expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
	});

	it('an explicit last day decides what is current; a mask without open hours counts every hour', () => {
		const flags: Flag[] = [
			[0, '2024-07-02', 1, 'failed'],
			[0, '2024-07-02', 2, 'failed'],
			[0, '2024-07-02', 3, 'failed']
		];
		const [a] = buildAlerts({
			health: [health(flags, [], [], { open: new Uint8Array(168) })],
			lastDay: dayIdx('2024-07-02')
		});
		expect(a).toMatchObject({
			kind: 'sensor-down',
			current: true,
			title: 'Alpha: sensor 0 down for 3 open hours'
		});
		expect(buildAlerts({ health: [] })).toEqual([]);
	});

	it('refuses bad options and trend rows of an unknown store', () => {
		const h = health([]);
		for (const options of [
			{ minDownHours: 0 },
			{ trendPeriods: 1.5 },
			{ trendThreshold: -1 },
			{ trendThreshold: NaN }
		]) {
			expect(() => buildAlerts({ health: [h], options }), JSON.stringify(options)).toThrow(
				RangeError
			);
		}
		expect(() => buildAlerts({ health: [h], trends: [weekly([1], { store: 'Nope' })] })).toThrow(
			'alerts: trend rows for "Nope", a store without health results'
		);
	});
});

describe('current alerts: judged against the last day each store was active', () => {
	/** Store days 2024-07-01 (Monday) .. 2024-07-28 (Sunday), closed on Sundays (count 0). */
	const toSunday = (): StDay[] =>
		Array.from({ length: 28 }, (_, i) => {
			const d = dayText(dayIdx('2024-07-01') + i);
			return [d, i % 7 === 6 ? 0 : 2000, 2000, 1500, 2500, 0];
		});
	/** Sensor 2 stuck at 0 in the open hours of `days` (2024-07-NN). */
	const stuck = (days: number[]): Flag[] =>
		days.flatMap((d) =>
			Array.from(
				{ length: 10 },
				(_, h) => [2, `2024-07-${String(d).padStart(2, '0')}`, 8 + h, 'zero'] as Flag
			)
		);

	it('an outage up to the Saturday is current when the data ends on a closed Sunday', () => {
		const [a] = buildAlerts({ health: [health(stuck([26, 27]), [], toSunday())] });
		expect(a).toMatchObject({ kind: 'sensor-down', toText: '2024-07-27T17:00', current: true });
		// The data's last day is the Sunday, and the links stay inside it.
		expect(a.view.to).toBe('2024-07-28');
	});

	it('an outage that ended before the last open day is not current', () => {
		const [a] = buildAlerts({ health: [health(stuck([24, 25]), [], toSunday())] });
		expect(a).toMatchObject({ kind: 'sensor-down', toText: '2024-07-25T17:00', current: false });
	});

	it('judges each store against its own last active day', () => {
		const sundays = openMask();
		for (let h = 8; h <= 17; h++) sundays[6 * 24 + h] = 1; // Beta opens on Sundays
		const alpha = health(stuck([27]), [], toSunday());
		const beta = health(stuck([27]), [], julyDays().slice(0, 28), {
			storeIdx: 1,
			store: 'Beta',
			open: sundays
		});
		const alerts = buildAlerts({ health: [alpha, beta] });
		const current = Object.fromEntries(alerts.map((a) => [a.store, a.current]));
		expect(current).toEqual({ Alpha: true, Beta: false });
	});

	it('lastActiveDay: visits or flagged open hours, else the open mask, else the last day', () => {
		const sunday = dayIdx('2024-07-28');
		const open = openMask();
		expect(lastActiveDay(health([], [], toSunday()), open, sunday)).toBe(dayIdx('2024-07-27'));
		// Never beyond the last day asked for.
		expect(lastActiveDay(health([], [], toSunday()), open, dayIdx('2024-07-20'))).toBe(
			dayIdx('2024-07-20')
		);
		// A store whose sensors all read 0 or failed on its last day: its flagged open hours count.
		const down = toSunday().map((d): StDay =>
			d[0] === '2024-07-27' ? [d[0], 0, 2000, 1500, 2500, 1] : d
		);
		expect(lastActiveDay(health(stuck([27]), [], down), open, sunday)).toBe(dayIdx('2024-07-27'));
		expect(lastActiveDay(health([], [], down), open, sunday)).toBe(dayIdx('2024-07-26'));
		// A flag in a closed hour does not make the store active.
		expect(lastActiveDay(health([[0, '2024-07-28', 12, 'failed']], [], down), open, sunday)).toBe(
			dayIdx('2024-07-26')
		);
		// Sensor-days with visits count too.
		expect(lastActiveDay(health([], [[0, '2024-07-27', 10, 300, 1, 0]]), open, sunday)).toBe(
			dayIdx('2024-07-27')
		);
		// No rows: the mask's last open weekday; a mask without open hours: the last day.
		expect(lastActiveDay(health([]), open, sunday)).toBe(dayIdx('2024-07-27'));
		expect(lastActiveDay(health([]), new Uint8Array(168), sunday)).toBe(sunday);
	});
});
