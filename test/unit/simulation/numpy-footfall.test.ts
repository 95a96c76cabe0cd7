import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
	FAILED,
	TRUTH_ANOMALY,
	TRUTH_FAILED,
	clientStores
} from '../../../src/lib/domain/footfall';
import type { ReadingColumns } from '../../../src/lib/domain/footfall';
import { dayOrdinal, parseDay, simulate } from '../../../src/lib/simulation/footfall';
import { numpyVisit } from '../../../src/lib/simulation/numpy-footfall';
import { hourOf, params, rowOf, store } from './helpers';

/** Sensor(0, avg=1000, std=150, init_time=2021-09-15 10:03:30, p_fail=0.05, p_anom=0.2) */
const goldenSensor = store({
	name: 'Sensor',
	sensors: 1,
	opened: '2021-09-15T10:03',
	pFail: 0.05,
	pAnom: 0.2
});

function reading(c: ReadingColumns, day: string, hour: number, sensor = 0, storeIndex = 0) {
	const i = rowOf(c, storeIndex, sensor, hourOf(day, hour));
	if (i < 0) throw new Error(`no reading at ${day} ${hour}:00 sensor ${sensor}`);
	return { count: c.count[i], truth: c.truth[i] };
}

describe('numpy mode reproduces the original unit tests (Sensor)', () => {
	const c = simulate(params({ start: '2024-08-01', end: '2024-09-10', stores: [goldenSensor] }));

	it('gives 80 at 2024-09-09 08:00, an anomaly', () => {
		expect(reading(c, '2024-09-09', 8)).toEqual({ count: 80, truth: TRUTH_ANOMALY });
	});

	it('gives -1 at 2024-08-14 19:00, a failure at a closed hour', () => {
		expect(reading(c, '2024-08-14', 19)).toEqual({ count: FAILED, truth: TRUTH_FAILED });
	});

	it('gives 0 at every hour of Sunday 2024-08-04 unless failed', () => {
		for (let h = 0; h < 24; h++) {
			const r = reading(c, '2024-08-04', h);
			expect(r.count === 0 || (r.count === FAILED && r.truth === TRUTH_FAILED)).toBe(true);
		}
	});

	it.each(['2024-08-05', '2024-08-06', '2024-08-07', '2024-08-08', '2024-08-09'])(
		'gives non-zero readings at hours 8-17 of %s',
		(day) => {
			for (let h = 8; h < 18; h++) expect(reading(c, day, h).count).not.toBe(0);
		}
	);
});

describe('numpy mode reproduces the original unit tests (Store "REWE")', () => {
	// Store("REWE", 8, opening 2023-08-04 08:00, capacity [1000, 150], probs [0.2, 0.05])
	const probs = [0.2, 0.05];
	const rewe = store({
		name: 'REWE',
		sensors: 8,
		opened: '2023-08-04T08:00',
		avg: 1000,
		std: 150,
		pAnom: probs[0],
		pFail: probs[1]
	});
	const c = simulate(params({ start: '2024-01-22', end: '2024-01-22', stores: [rewe] }));
	const sum = (keep: (i: number) => boolean) => {
		let total = 0;
		for (let i = 0; i < c.length; i++) if (keep(i)) total += Math.max(0, c.count[i]);
		return total;
	};

	it('sums all sensors at 2024-01-22 09:00 to 4632 (-1 counted as 0)', () => {
		expect(sum((i) => c.hour[i] === hourOf('2024-01-22', 9))).toBe(4632);
	});

	it('sums sensor 0 over 2024-01-22 to 5878', () => {
		expect(sum((i) => c.sensor[i] === 0)).toBe(5878);
	});

	it('sums the whole store over 2024-01-22 to 51946', () => {
		expect(sum(() => true)).toBe(51946);
	});
});

/** The original's data file, copied unchanged from the shared fixtures. */
function fixturePath(): string {
	return resolve(
		dirname(fileURLToPath(import.meta.url)),
		'../../fixtures/sensors-and-more/dat-excerpt.csv'
	);
}

describe('numpy mode reproduces the original client data (dat-excerpt.csv)', () => {
	const lines = readFileSync(fixturePath(), 'utf8').trim().split(/\r?\n/);
	const header = lines[0].split(',');
	const rows = lines.slice(1).map((l) => l.split(','));
	const clean = rows.filter((r) => !r.includes('NULL'));
	const stores = clientStores();
	const c = simulate(params({ start: '2024-07-01', end: '2024-08-07', stores }));

	it('has the columns of the original downloader and rows to check', () => {
		expect(header).toEqual(['date', 'hour', 'shop', 'sensor_id', 'count', 'units']);
		expect(rows.length).toBe(170);
		expect(clean.length).toBeGreaterThan(140);
		expect(clean.filter((r) => r[4] === '-1').length).toBeGreaterThan(20);
	});

	it('matches every row without a NULL cell', () => {
		const mismatches: string[] = [];
		for (const [date, hour, shop, sensorId, count] of clean) {
			const storeIndex = stores.findIndex((s) => s.name === shop);
			const i = rowOf(c, storeIndex, Number(sensorId), hourOf(date, Number(hour)));
			const got = i < 0 ? 'missing' : String(c.count[i]);
			if (got !== count) mismatches.push(`${date} ${hour} ${shop} ${sensorId}: ${count} vs ${got}`);
		}
		expect(mismatches).toEqual([]);
	});

	it('marks exactly the -1 rows of the file as failed', () => {
		for (const [date, hour, shop, sensorId, count] of clean) {
			const storeIndex = stores.findIndex((s) => s.name === shop);
			const i = rowOf(c, storeIndex, Number(sensorId), hourOf(date, Number(hour)));
			expect(c.truth[i] === TRUTH_FAILED).toBe(count === '-1');
		}
	});
});

describe('numpy mode: the table-driven kernel equals the literal per-reading model', () => {
	it('on every reading of 5 stores over 6 weeks, including odd parameters', () => {
		const stores = [
			store({ sensors: 4, opened: '2023-12-31T13:30', pFail: 0.3, pAnom: 0.5 }),
			store({
				name: 'B',
				sensors: 2,
				avg: 50,
				std: 40,
				pFail: 0,
				pAnom: 1,
				opened: '2019-05-05T00:00'
			}),
			store({
				name: 'C',
				sensors: 3,
				avg: 10,
				std: 200,
				pFail: 1,
				pAnom: 0,
				opened: '2010-01-01T00:00'
			}),
			// opens mid-period late in the day: the next days' early hours have smaller seeds
			store({ name: 'D', sensors: 2, opened: '2024-01-20T15:10' }),
			store({ name: 'E', sensors: 1, opened: '2024-02-11T22:00' })
		];
		const p = params({ start: '2024-01-01', end: '2024-02-11', stores });
		const c = simulate(p);
		let checked = 0;
		for (let i = 0; i < c.length; i++) {
			const s = stores[c.store[i]];
			const day = Math.floor(c.hour[i] / 24);
			const hour = c.hour[i] % 24;
			if (c.hour[i] <= parseDay(s.opened.slice(0, 10)) * 24 + Number(s.opened.slice(11, 13))) {
				expect(c.count[i]).toBe(-2);
				continue;
			}
			const ref = numpyVisit(
				c.sensor[i],
				dayOrdinal(s.opened.slice(0, 10)),
				day,
				hour,
				s.avg,
				s.std,
				s.pFail,
				s.pAnom
			);
			if (c.count[i] !== ref.count || c.truth[i] !== ref.truth) {
				expect({ i, count: c.count[i], truth: c.truth[i] }).toEqual({ i, ...ref });
			}
			checked++;
		}
		// 9 sensors live throughout, D live from 2024-01-20 16:00, E only at 2024-02-11 23:00
		expect(checked).toBe(9 * 42 * 24 + 2 * (23 * 24 - 16) + 1);
	});
});

describe('numpy mode keeps the original seed collisions', () => {
	it('sensor i at hour h reads what sensor i+1 reads at hour h-1 (open hours, same day)', () => {
		const c = simulate(
			params({ start: '2024-03-04', end: '2024-03-30', stores: [store({ sensors: 2 })] })
		);
		const hours = c.length / 2;
		let compared = 0;
		for (let i = 1; i < hours; i++) {
			const hod = c.hour[i] % 24;
			if (hod < 9 || hod > 17 || (Math.floor(c.hour[i] / 24) + 3) % 7 === 6) continue;
			expect(c.count[i]).toBe(c.count[hours + i - 1]);
			compared++;
		}
		expect(compared).toBe(24 * 9); // 24 Monday-Saturday days (27 days, 3 Sundays), hours 9-17
	});

	it('failures repeat along that diagonal at every hour of a day', () => {
		const c = simulate(
			params({
				start: '2024-03-01',
				end: '2024-06-30',
				stores: [store({ sensors: 2, pFail: 0.2 })]
			})
		);
		const hours = c.length / 2;
		for (let i = 1; i < hours; i++) {
			if (c.hour[i] % 24 === 0) continue;
			expect(c.count[i] === FAILED).toBe(c.count[hours + i - 1] === FAILED);
		}
	});
});

describe('numpy mode: random configurations against the literal model', () => {
	/** Deterministic pseudo-random integers for the configurations. */
	let state = 12345;
	const rand = (n: number) => {
		state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
		return state % n;
	};
	const day = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
	const configs = Array.from({ length: 12 }, (_, k) => {
		const start = parseDay('2000-01-01') + rand(9000);
		// opening: long before, within the period or after it; two far-apart openings
		// (years 1000 and 9999) push the draw table past its size cap
		const openedDay =
			k === 10
				? parseDay('1000-03-01')
				: k === 11
					? parseDay('9999-01-01')
					: k % 2
						? start - 400 + rand(440)
						: start - 5 + rand(30);
		return {
			start: day(start),
			end: day(start + 1 + rand(20)),
			opened: `${day(openedDay)}T${String(rand(24)).padStart(2, '0')}:${String(rand(60)).padStart(2, '0')}`,
			sensors: 1 + rand(6)
		};
	});

	it.each(configs)('start $start end $end opened $opened with $sensors sensors', (cfg) => {
		const s = store({ sensors: cfg.sensors, opened: cfg.opened, pFail: 0.1, pAnom: 0.3 });
		const far = store({ name: 'Far', sensors: 2, opened: '1000-01-01T00:00' });
		const c = simulate(params({ start: cfg.start, end: cfg.end, stores: [s, far, s] }));
		const openedHour = parseDay(cfg.opened.slice(0, 10)) * 24 + Number(cfg.opened.slice(11, 13));
		let mismatches = 0;
		for (let i = 0; i < c.length; i++) {
			const st = [s, far, s][c.store[i]];
			const oh = c.store[i] === 1 ? parseDay('1000-01-01') * 24 : openedHour;
			const expected =
				c.hour[i] <= oh
					? { count: -2, truth: 0 }
					: numpyVisit(
							c.sensor[i],
							dayOrdinal(st.opened.slice(0, 10)),
							Math.floor(c.hour[i] / 24),
							c.hour[i] % 24,
							st.avg,
							st.std,
							st.pFail,
							st.pAnom
						);
			if (c.count[i] !== expected.count || c.truth[i] !== expected.truth) mismatches++;
		}
		expect(mismatches).toBe(0);
	});
});
