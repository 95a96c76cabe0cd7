import { describe, expect, it } from 'vitest';
import {
	FAILED,
	SHOP_CLOSED,
	TRUTH_ANOMALY,
	TRUTH_FAILED,
	TRUTH_OUTAGE,
	TRUTH_STUCK,
	clientStores,
	defaultSimulation
} from '../../../src/lib/domain/footfall';
import type {
	ReadingColumns,
	RichStoreParams,
	SimulationParams,
	StoreParams
} from '../../../src/lib/domain/footfall';
import {
	MAX_RICH_FACTOR,
	isoWeekday,
	planChunks,
	plantedEvents,
	simulate,
	simulateChunk,
	validateSimulation,
	type PlantedEvent
} from '../../../src/lib/simulation/footfall';
import {
	HOURS_PER_YEAR,
	HOUR_PROFILE,
	MAX_OUTAGE_HOURS,
	WEEKDAY_PROFILE,
	defaultRich,
	outageLength,
	seasonShape,
	trendFactor
} from '../../../src/lib/simulation/rich-footfall';
import { concat, hourOf, plain, store } from './helpers';

/** Rich parameters with nothing but what a test turns on. */
const QUIET: RichStoreParams = {
	trend: 0,
	season: 0,
	ageFail: 0,
	lifeYears: 5,
	outagesPerYear: 0,
	outageHours: 30
};

function rich(
	over: Partial<SimulationParams> = {},
	storeOver: Partial<StoreParams> = {},
	richOver: Partial<RichStoreParams> = {}
): SimulationParams {
	return {
		generator: 'seeded',
		model: 'rich',
		seed: 'rich-test',
		start: '2024-01-01',
		end: '2024-03-31',
		stores: [store({ pFail: 0, pAnom: 0, ...storeOver, rich: { ...QUIET, ...richOver } })],
		...over
	};
}

const year = (hour: number) => new Date(hour * 3_600_000).getUTCFullYear();
const month = (hour: number) => new Date(hour * 3_600_000).getUTCMonth();
const hourOfDay = (hour: number) => ((hour % 24) + 24) % 24;

/** Mean of the open-hour counts (8-17, Monday-Saturday, open, neither failed nor anomaly) by a key. */
function openMeans(c: ReadingColumns, key: (hour: number) => number) {
	const sum = new Map<number, number>();
	const n = new Map<number, number>();
	for (let i = 0; i < c.length; i++) {
		const t = c.hour[i];
		const h = hourOfDay(t);
		const closed = h < 8 || h > 17 || isoWeekday(Math.floor(t / 24)) === 7;
		if (c.count[i] < 0 || c.truth[i] & (TRUTH_FAILED | TRUTH_ANOMALY) || closed) {
			continue;
		}
		const k = key(t);
		sum.set(k, (sum.get(k) ?? 0) + c.count[i]);
		n.set(k, (n.get(k) ?? 0) + 1);
	}
	return new Map([...sum].map(([k, s]) => [k, s / (n.get(k) ?? 1)]));
}

describe('rich model: the original rules still hold', () => {
	const p = rich(
		{ start: '2023-12-20', end: '2024-02-10' },
		{ opened: '2024-01-03T10:30', pFail: 0.01, pAnom: 0.15 },
		{ ...defaultRich(store()), outagesPerYear: 20 }
	);
	const c = simulate(p);
	const opened = hourOf('2024-01-03', 10);

	it('reads -2 at and before the opening hour, with no truth flag', () => {
		for (let i = 0; i < c.length; i++) {
			if (c.hour[i] <= opened) {
				expect(c.count[i]).toBe(SHOP_CLOSED);
				expect(c.truth[i]).toBe(0);
			} else expect(c.count[i]).toBeGreaterThanOrEqual(FAILED);
		}
	});

	it('reads 0 on Sundays and outside 8-17 unless the reading failed', () => {
		let closed = 0;
		for (let i = 0; i < c.length; i++) {
			const t = c.hour[i];
			const h = hourOfDay(t);
			if (t <= opened || !(isoWeekday(Math.floor(t / 24)) === 7 || h < 8 || h > 17)) continue;
			closed++;
			if (c.truth[i] & TRUTH_FAILED) expect(c.count[i] === FAILED || c.count[i] === 0).toBe(true);
			else expect(c.count[i]).toBe(0);
		}
		expect(closed).toBeGreaterThan(1000);
	});

	it('marks exactly the failed readings, the outages, the stuck hours and the anomalies', () => {
		let anomalies = 0;
		for (let i = 0; i < c.length; i++) {
			const [count, truth] = [c.count[i], c.truth[i]];
			if (truth & TRUTH_OUTAGE) expect(truth & TRUTH_FAILED).toBe(TRUTH_FAILED);
			if (truth & TRUTH_STUCK) {
				expect(truth).toBe(TRUTH_FAILED | TRUTH_OUTAGE | TRUTH_STUCK);
				expect(count).toBe(0);
			} else if (truth & TRUTH_FAILED) expect(count).toBe(FAILED);
			if (count === FAILED) expect(truth & (TRUTH_FAILED | TRUTH_STUCK)).toBe(TRUTH_FAILED);
			if (truth & TRUTH_ANOMALY) {
				anomalies++;
				expect(truth).toBe(TRUTH_ANOMALY);
				expect(count).toBeGreaterThanOrEqual(0);
			}
		}
		expect(anomalies).toBeGreaterThan(100);
	});

	it('multiplies anomalies by 0.1', () => {
		const normal = openMeans(c, () => 0).get(0) ?? 0;
		let sum = 0;
		let n = 0;
		for (let i = 0; i < c.length; i++) {
			if (c.truth[i] & TRUTH_ANOMALY) {
				sum += c.count[i];
				n++;
			}
		}
		expect(sum / n / normal).toBeGreaterThan(0.09);
		expect(sum / n / normal).toBeLessThan(0.11);
	});
});

describe('rich model: deterministic and chunk-invariant', () => {
	const p = rich(
		{ start: '2022-06-01', end: '2024-06-30' },
		{ sensors: 7, opened: '2021-03-01T09:00', pFail: 0.004, pAnom: 0.02 },
		{ ...defaultRich(store()), lifeYears: 1, outagesPerYear: 12, outageHours: 60 }
	);
	const full = simulate(p);

	it('gives the same numbers on two runs', () => {
		expect(plain(simulate(p))).toEqual(plain(full));
	});

	it.each([1, 2, 3, 7])('gives the same numbers in %i chunks', (n) => {
		const parts = planChunks(p, n).map((chunk) => simulateChunk(p, chunk));
		expect(plain(concat(parts))).toEqual(plain(full));
	});

	it('gives single-sensor chunks in reverse order the same numbers', () => {
		for (let sensor = 6; sensor >= 0; sensor--) {
			const part = simulateChunk(p, { store: 0, sensorFrom: sensor, sensorTo: sensor + 1 });
			const hours = part.length;
			expect(Array.from(part.count)).toEqual(
				Array.from(full.count.subarray(sensor * hours, (sensor + 1) * hours))
			);
			expect(Array.from(part.truth)).toEqual(
				Array.from(full.truth.subarray(sensor * hours, (sensor + 1) * hours))
			);
		}
	});

	it('does not change a reading, an outage or an age when the date range changes', () => {
		// Windows that start inside outages and between replacements.
		const events = plantedEvents(p).filter((e) => e.kind !== 'replacement');
		const starts = events.slice(0, 40).map((e) => Math.floor((e.from + 5) / 24));
		const byKey = new Map<string, [number, number]>();
		for (let i = 0; i < full.length; i++) {
			byKey.set(`${full.sensor[i]}/${full.hour[i]}`, [full.count[i], full.truth[i]]);
		}
		let compared = 0;
		for (const day of starts.filter((_, i) => i % 8 === 0)) {
			const from = new Date(day * 86_400_000).toISOString().slice(0, 10);
			const to = new Date((day + 3) * 86_400_000).toISOString().slice(0, 10);
			const short = simulate({ ...p, start: from, end: to });
			for (let i = 0; i < short.length; i++) {
				expect([short.count[i], short.truth[i]]).toEqual(
					byKey.get(`${short.sensor[i]}/${short.hour[i]}`)
				);
				compared++;
			}
		}
		expect(compared).toBeGreaterThan(2000);
	});

	it('plants no shared traffic: each sensor has its own events and counts', () => {
		const events = plantedEvents(p);
		const firstReplacement = new Set(
			[0, 1, 2, 3, 4, 5, 6].map(
				(s) => events.find((e) => e.sensor === s && e.kind === 'replacement')?.from
			)
		);
		expect(firstReplacement.size).toBe(7);
	});

	it('gives the pinned numbers (same bits in every engine)', () => {
		// Computed once in Node 20; only exact IEEE-754 arithmetic, Math.imul, Math.sqrt,
		// Math.floor and the fdlibm log port are involved, so any engine must agree.
		const c = simulate({ ...defaultSimulation(), model: 'rich' });
		let sum = 0;
		let hash = 0;
		const flags = [0, 0, 0, 0];
		for (let i = 0; i < c.length; i++) {
			if (c.count[i] > 0) sum += c.count[i];
			for (let b = 0; b < 4; b++) if (c.truth[i] & (1 << b)) flags[b]++;
			hash = (Math.imul(hash, 31) + c.count[i]) | 0;
		}
		expect({ length: c.length, sum, flags, hash }).toEqual({
			length: 35568,
			sum: 103190443,
			flags: [695, 882, 316, 140],
			hash: 221019500
		});
	});
});

describe('rich model: trend, season and profiles', () => {
	it.each([0.05, -0.04])('grows yearly totals by the trend (%d a year) over 10 years', (trend) => {
		const c = simulate(
			rich(
				{ start: '2015-01-01', end: '2024-12-31' },
				{ sensors: 2, opened: '2015-01-01T00:00' },
				{ trend }
			)
		);
		const totals = new Map<number, number>();
		for (let i = 0; i < c.length; i++) {
			if (c.count[i] > 0)
				totals.set(year(c.hour[i]), (totals.get(year(c.hour[i])) ?? 0) + c.count[i]);
		}
		const t = [...totals.values()];
		expect(t).toHaveLength(10);
		const cagr = (t[9] / t[0]) ** (1 / 9) - 1;
		expect(Math.abs(cagr - trend)).toBeLessThan(0.003);
		// Year by year within 1.5 points (a year may have 52 or 53 Sundays, 365 or 366 days).
		for (let y = 1; y < 10; y++) expect(Math.abs(t[y] / t[y - 1] - 1 - trend)).toBeLessThan(0.015);
	});

	it('compounds the trend yearly from the opening, linearly within a year', () => {
		expect(trendFactor(0.1, 0)).toBe(1);
		expect(trendFactor(0.1, -3)).toBe(1);
		expect(trendFactor(0.1, 1)).toBeCloseTo(1.1, 12);
		expect(trendFactor(0.1, 2.5)).toBeCloseTo(1.21 * 1.05, 12);
		expect(trendFactor(-0.5, 3)).toBe(0.125);
	});

	it('peaks the season in December and lows it in February, about 0 over a year', () => {
		const c = simulate(
			rich({ start: '2023-01-01', end: '2023-12-31' }, { sensors: 4 }, { season: 0.3 })
		);
		const byMonth = openMeans(c, month);
		const means = [...Array(12).keys()].map((m) => byMonth.get(m) ?? 0);
		expect(means.indexOf(Math.max(...means))).toBe(11);
		expect(means.indexOf(Math.min(...means))).toBe(1);
		expect(means[11] / 1000).toBeGreaterThan(1.2);
		expect(means[1] / 1000).toBeLessThan(0.8);
		let shapeSum = 0;
		for (let day = 19358; day < 19358 + 365; day++) shapeSum += seasonShape(day); // 2023
		expect(Math.abs(shapeSum / 365)).toBeLessThan(0.01);
		const all = openMeans(c, () => 0).get(0) ?? 0;
		expect(Math.abs(all / 1000 - 1)).toBeLessThan(0.01);
	});

	it('follows the weekday and hour profiles, keeping the mean at avg', () => {
		const c = simulate(rich({ start: '2023-01-01', end: '2023-12-31' }, { sensors: 4 }));
		const byWeekday = openMeans(c, (t) => isoWeekday(Math.floor(t / 24)));
		WEEKDAY_PROFILE.forEach((m, i) => {
			expect(Math.abs((byWeekday.get(i + 1) ?? 0) / 1000 - m)).toBeLessThan(0.01);
		});
		const byHour = openMeans(c, hourOfDay);
		HOUR_PROFILE.forEach((m, i) => {
			expect(Math.abs((byHour.get(i + 8) ?? 0) / 1000 - m)).toBeLessThan(0.01);
		});
		expect(WEEKDAY_PROFILE.reduce((a, b) => a + b) / 6).toBeCloseTo(1, 12);
		expect(HOUR_PROFILE.reduce((a, b) => a + b) / 10).toBeCloseTo(1, 12);
		expect(Math.abs((openMeans(c, () => 0).get(0) ?? 0) / 1000 - 1)).toBeLessThan(0.005);
	});
});

/** Per sensor, the install hour in force at each hour (replacements from `events`). */
function ageOf(events: PlantedEvent[], opened: number) {
	const installs = new Map<number, number[]>();
	for (const e of events) {
		if (e.kind === 'replacement')
			installs.set(e.sensor, [...(installs.get(e.sensor) ?? []), e.from]);
	}
	return (sensor: number, t: number) => {
		let at = opened;
		for (const i of installs.get(sensor) ?? []) if (i <= t) at = i;
		return (t - at) / HOURS_PER_YEAR;
	};
}

describe('rich model: sensor age and replacements', () => {
	const opened = '2010-01-01T00:00';
	const p = rich(
		{ start: '2010-01-01', end: '2021-12-31' },
		{ sensors: 6, opened },
		{ ageFail: 0.04, lifeYears: 4 }
	);
	const c = simulate(p);
	const events = plantedEvents(p);
	const age = ageOf(events, hourOf('2010-01-01', 0));

	it('replaces each sensor about every lifeYears, staggered per sensor', () => {
		const replacements = events.filter((e) => e.kind === 'replacement');
		for (let sensor = 0; sensor < 6; sensor++) {
			const at = [
				hourOf('2010-01-01', 0),
				...replacements.filter((e) => e.sensor === sensor).map((e) => e.from)
			];
			expect(at.length).toBeGreaterThanOrEqual(3);
			expect(at.length).toBeLessThanOrEqual(5);
			for (let i = 1; i < at.length; i++) {
				const years = (at[i] - at[i - 1]) / HOURS_PER_YEAR;
				expect(years).toBeGreaterThan(4 * 0.4);
				expect(years).toBeLessThan(4 * 1.6);
			}
		}
		expect(new Set(replacements.map((e) => e.from)).size).toBe(replacements.length);
		for (const e of replacements) expect(e.to).toBe(e.from);
	});

	it('raises the failure share with age: pFail + ageFail x age', () => {
		const bins = [0, 0, 0, 0, 0, 0];
		const fails = [0, 0, 0, 0, 0, 0];
		for (let i = 0; i < c.length; i++) {
			const b = Math.floor(age(c.sensor[i], c.hour[i]));
			if (b > 5) continue;
			bins[b]++;
			if (c.truth[i] & TRUTH_FAILED) fails[b]++;
		}
		for (let b = 0; b < 5; b++) {
			if (bins[b] < 20_000) continue;
			expect(Math.abs(fails[b] / bins[b] - 0.04 * (b + 0.5))).toBeLessThan(0.01);
		}
		expect(fails[3] / bins[3]).toBeGreaterThan(fails[0] / bins[0] + 0.08);
	});

	it('resets the age at a replacement', () => {
		const half = Math.round(HOURS_PER_YEAR / 2);
		let before = 0;
		let beforeN = 0;
		let after = 0;
		let afterN = 0;
		for (const e of events.filter((x) => x.kind === 'replacement')) {
			for (let i = 0; i < c.length; i++) {
				if (c.sensor[i] !== e.sensor) continue;
				const dt = c.hour[i] - e.from;
				if (dt >= -half && dt < 0) {
					beforeN++;
					if (c.truth[i] & TRUTH_FAILED) before++;
				} else if (dt >= 0 && dt < half) {
					afterN++;
					if (c.truth[i] & TRUTH_FAILED) after++;
				}
			}
		}
		expect(after / afterN).toBeLessThan(0.02);
		expect(before / beforeN).toBeGreaterThan(0.1);
	});
});

describe('rich model: outages', () => {
	const p = rich(
		{ start: '2015-01-01', end: '2024-12-31' },
		{ sensors: 10, opened: '2014-06-01T00:00' },
		{ outagesPerYear: 6, outageHours: 30 }
	);
	const c = simulate(p);
	const events = plantedEvents(p);
	const outages = events.filter((e) => e.kind !== 'replacement');

	it('plants about outagesPerYear runs per sensor and year, geometric lengths of mean outageHours', () => {
		const perSensorYear = outages.length / 10 / 10;
		// A candidate starting inside an earlier one is dropped (a down sensor cannot fail again).
		expect(perSensorYear).toBeGreaterThan(6 * 0.88);
		expect(perSensorYear).toBeLessThan(6 * 1.08);
		const lengths = outages.map((e) => e.to - e.from + 1);
		const mean = lengths.reduce((a, b) => a + b) / lengths.length;
		expect(Math.abs(mean / 30 - 1)).toBeLessThan(0.1);
		expect(lengths.filter((l) => l > 72).length).toBeGreaterThan(lengths.length * 0.05);
		expect(Math.max(...lengths)).toBeLessThanOrEqual(MAX_OUTAGE_HOURS);
		expect(Math.min(...lengths)).toBe(1);
	});

	it('makes about half of them stuck at zero', () => {
		const stuck = outages.filter((e) => e.kind === 'stuck').length;
		expect(Math.abs(stuck / outages.length - 0.5)).toBeLessThan(0.06);
	});

	it('writes every outage hour, and only those, as -1 or stuck 0 with its truth bits', () => {
		const key = (sensor: number, t: number) => sensor * 1e7 + t;
		const expected = new Map<number, PlantedEvent['kind']>();
		let overlaps = 0;
		for (const e of outages) {
			for (let t = e.from; t <= e.to; t++) {
				if (expected.has(key(e.sensor, t))) overlaps++;
				expected.set(key(e.sensor, t), e.kind);
			}
		}
		expect(overlaps).toBe(0);
		let outageHours = 0;
		let wrong = 0;
		for (let i = 0; i < c.length; i++) {
			const kind = expected.get(key(c.sensor[i], c.hour[i]));
			const got = c.count[i] * 100 + c.truth[i];
			const want =
				kind === 'outage'
					? FAILED * 100 + (TRUTH_FAILED | TRUTH_OUTAGE)
					: kind === 'stuck'
						? TRUTH_FAILED | TRUTH_OUTAGE | TRUTH_STUCK
						: null;
			if (want === null) {
				if (c.truth[i] & TRUTH_OUTAGE) wrong++;
			} else if (got !== want) wrong++;
			if (c.truth[i] & TRUTH_OUTAGE) outageHours++;
		}
		expect(wrong).toBe(0);
		expect(outageHours).toBe(expected.size);
		expect(c.truth.every((t) => t === 0 || (t & TRUTH_OUTAGE) !== 0)).toBe(true); // pFail 0
	});

	it('lists the events of a chunk as those of the whole run, cut to the simulated hours', () => {
		const chunk = { store: 0, sensorFrom: 3, sensorTo: 6 };
		expect(plantedEvents(p, chunk)).toEqual(events.filter((e) => e.sensor >= 3 && e.sensor < 6));
		const first = hourOf('2015-01-01', 0);
		const last = hourOf('2024-12-31', 23);
		for (const e of events) {
			expect(e.from).toBeGreaterThanOrEqual(first);
			expect(e.to).toBeLessThanOrEqual(last);
			expect(e.to).toBeGreaterThanOrEqual(e.from);
		}
	});

	it('draws geometric lengths from a uniform', () => {
		expect(outageLength(1, 0.99)).toBe(1);
		expect(outageLength(30, 0)).toBe(1);
		expect(outageLength(240, 0.999999999)).toBeLessThanOrEqual(MAX_OUTAGE_HOURS);
		let sum = 0;
		for (let i = 0; i < 10_000; i++) sum += outageLength(20, (i + 0.5) / 10_000);
		expect(Math.abs(sum / 10_000 / 20 - 1)).toBeLessThan(0.02);
	});
});

describe('rich model: validation and the original model', () => {
	it('plants nothing and leaves every number alone with the original model', () => {
		const p = { ...defaultSimulation(), end: '2024-07-14' };
		const original = simulate(p);
		expect(plain(simulate({ ...p, model: 'original' }))).toEqual(plain(original));
		expect(plantedEvents(p)).toEqual([]);
		expect(plantedEvents({ ...p, model: 'original' })).toEqual([]);
		const stores = clientStores().map((s) => ({ ...s, rich: { ...QUIET, trend: 0.4 } }));
		expect(plain(simulate({ ...p, stores }))).toEqual(plain(original));
		expect(original.truth.every((t) => t < TRUTH_OUTAGE)).toBe(true);
	});

	it('uses defaultRich when a store sets no rich parameters', () => {
		const p = { ...defaultSimulation(), model: 'rich' as const, end: '2024-07-14' };
		const explicit = {
			...p,
			stores: p.stores.map((s) => ({ ...s, rich: defaultRich(s) }))
		};
		expect(plain(simulate(p))).toEqual(plain(simulate(explicit)));
	});

	it.each<[Partial<SimulationParams>, string, Partial<RichStoreParams>?]>([
		[{ generator: 'numpy' }, 'model "rich" needs the "seeded" generator'],
		[{ model: 'fancy' as never }, 'model must be "original" or "rich"'],
		[{}, 'stores[0].rich.trend must be a number from -0.5 to 0.5 (got 0.7)', { trend: 0.7 }],
		[{}, 'stores[0].rich.season must be a number from 0 to 0.9 (got -0.1)', { season: -0.1 }],
		[{}, 'stores[0].rich.ageFail must be a number from 0 to 1 (got null)', { ageFail: NaN }],
		[{}, 'stores[0].rich.lifeYears must be a number from 0.25 to 100', { lifeYears: 0 }],
		[{}, 'stores[0].rich.outagesPerYear must be a number from 0 to 100', { outagesPerYear: 1e9 }],
		[{}, 'stores[0].rich.outageHours must be a number from 1 to 240', { outageHours: 0.5 }],
		[{}, 'stores[0].rich.outageHours must be a number', { outageHours: '30' as never }]
	])('refuses %j: %s', (over, message, richOver = {}) => {
		expect(() => validateSimulation(rich(over, {}, richOver))).toThrow(
			`Invalid simulation: ${message}`
		);
	});

	it('refuses a trend that would make counts overflow, naming the factor', () => {
		const p = rich({ start: '2000-01-01', end: '2040-12-31' }, { opened: '2000-01-01T00:00' });
		expect(() =>
			validateSimulation({ ...p, stores: [{ ...p.stores[0], rich: { ...QUIET, trend: 0.1 } }] })
		).toThrow(
			/stores\[0\]\.rich\.trend with season and profiles makes the mean up to \d+(\.\d+)? times avg by 2040-12-31, more than 20/
		);
		expect(() =>
			validateSimulation({ ...p, stores: [{ ...p.stores[0], rich: { ...QUIET, trend: 0.05 } }] })
		).not.toThrow();
		expect(MAX_RICH_FACTOR).toBe(20);
	});

	it('keeps the largest counts in the Int32 column at the peak factor', () => {
		const c = simulate(
			rich(
				{ start: '2024-12-10', end: '2024-12-20' },
				{ avg: 10_000_000, std: 10_000_000, sensors: 3, opened: '2020-02-20T00:00' },
				{ trend: 0.5, season: 0.9 }
			)
		);
		expect(c.count.every((x) => x >= 0)).toBe(true);
		expect(Math.max(...c.count)).toBeGreaterThan(500_000_000);
	});
});
