/**
 * The `rich` footfall model: the original's rules (failure first, Sunday and hours outside
 * 8-17 read 0, an anomaly multiplies by 0.1) drawn by the `seeded` generator's
 * counter-based hash, plus what the original's author could not model:
 *
 * - a **profile**: weekday multipliers (Monday quiet, Saturday busy) and an intra-day
 *   curve (a late-morning and an afternoon peak), each averaging exactly 1 over the
 *   open hours, so the mean stays `avg`;
 * - a yearly **season** (`season` is the amplitude: peak in December, low in February,
 *   averaging about 0 over a year) and a long-term **trend** (`trend` per year,
 *   compounding yearly from the store's opening, linear within a year);
 * - sensor **age**: every sensor is installed at the opening and replaced about every
 *   `lifeYears` (each replacement jittered per sensor, so sensors drift apart); a
 *   reading fails with probability `pFail + ageFail * age in years`; a replacement resets
 *   the age to 0;
 * - **outages**: runs of failed hours (about `outagesPerYear` per sensor and year,
 *   geometric lengths with mean `outageHours`, some lasting days). Half of them read -1,
 *   the others 0 ("stuck at zero", a silent failure).
 *
 * Everything is a pure function of (seed, store index, store name, sensor, hour), as in
 * `seeded` mode: the events of a sensor are found from hashes of their own index (day of
 * an outage's start, index of a sensor life), never from state carried along the run, so
 * any chunking or date window gives the same numbers. Only exact IEEE arithmetic,
 * `Math.imul`, `Math.sqrt`, `Math.floor` and the fdlibm `log` port are used: the same bits
 * in every engine.
 */
import {
	FAILED,
	TRUTH_ANOMALY,
	TRUTH_FAILED,
	TRUTH_OUTAGE,
	TRUTH_STUCK,
	type RichStoreParams
} from '../domain/footfall';
import { fdlibmLog } from './fdlibm-log';
import { gauss, mix32 } from './seeded-footfall';
import { HOURS_PER_YEAR } from './rich-params';
import type { SensorRun } from './sensor-run';

export {
	HOURS_PER_YEAR,
	RICH_FIELDS,
	RICH_LIMITS,
	defaultRich,
	isDefaultRich,
	richOf,
	richProblem,
	type RichField
} from './rich-params';

/**
 * Largest multiplier of `avg` (trend x season x weekday x hour) a simulation may reach.
 * A normal deviate of the polar method is below 9.3 in size, so a count stays below
 * 20 x (1e7 + 9.3e7) < 2^31: it fits the Int32 column.
 */
export const MAX_RICH_FACTOR = 20;

/** Longest outage (90 days); with a mean of at most 240 h, one in 8,000 is cut here. */
export const MAX_OUTAGE_HOURS = 2160;

/** Weekday multipliers, Monday to Saturday (Sunday is closed): mean 1. */
export const WEEKDAY_PROFILE: readonly number[] = [0.85, 0.9, 0.95, 1.0, 1.1, 1.2];
/** Hour-of-day multipliers, 8:00 to 17:00: late-morning and afternoon peaks, mean 1. */
export const HOUR_PROFILE: readonly number[] = [
	0.6, 0.8, 0.95, 1.15, 1.2, 1.05, 1.1, 1.2, 1.1, 0.85
];
/** Season shape by month at mid-month, January to December: sum 0, December +1, February -1. */
export const SEASON_SHAPE: readonly number[] = [
	-0.4, -1, -0.5, -0.1, 0, 0.1, 0.3, -0.1, -0.1, 0.2, 0.6, 1
];

const HOUR_TABLE = Float64Array.from(HOUR_PROFILE);
const MAX_PROFILE = Math.max(...WEEKDAY_PROFILE) * Math.max(...HOUR_PROFILE);
const TWO_POW_M32 = 2 ** -32;
const GOLDEN = 0x9e3779b9 | 0;
/** Stream tags mixed into the event keys, so lives and outages draw apart from readings. */
const LIFE_STREAM = 0x2545f491;
const OUTAGE_STREAM = 0x7a3f1c55 | 0;
/** Share of a life by which a replacement moves (each way). */
const LIFE_JITTER = 0.3;

// ------------------------------------------------------------------------ trend, season

/** `base ^ n` by n multiplications (n >= 0 whole): the same bits in every engine. */
function powWhole(base: number, n: number): number {
	let x = 1;
	for (let i = 0; i < n && x !== 0 && Number.isFinite(x); i++) x *= base;
	return x;
}

/**
 * Multiplier of the trend `years` after the opening: (1 + trend)^y for whole years y,
 * linear between them; 1 before the opening.
 */
export function trendFactor(trend: number, years: number): number {
	if (!(years > 0)) return 1;
	const y = Math.floor(years);
	return powWhole(1 + trend, y) * (1 + trend * (years - y));
}

const MS_PER_DAY = 86_400_000;

/** Season shape of a day (days since 1970-01-01): months' values interpolated between mid-months. */
export function seasonShape(day: number): number {
	const date = new Date(day * MS_PER_DAY);
	const y = date.getUTCFullYear();
	const m = date.getUTCMonth();
	const daysInMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
	const pos = m + (date.getUTCDate() - 0.5) / daysInMonth - 0.5;
	const i = Math.floor(pos);
	const frac = pos - i;
	return SEASON_SHAPE[(i + 12) % 12] * (1 - frac) + SEASON_SHAPE[(i + 13) % 12] * frac;
}

/**
 * Per simulated day, the multiplier of the store's mean shared by all its sensors:
 * trend (at noon) x season x weekday; 0 on Sundays. Multiply by `HOUR_PROFILE[h - 8]`
 * for an open hour h.
 */
export function dayFactors(
	rich: RichStoreParams,
	openedHour: number,
	startDay: number,
	days: number
): Float64Array {
	const out = new Float64Array(days);
	let year = NaN;
	let yearPow = 1;
	for (let d = 0; d < days; d++) {
		const day = startDay + d;
		const weekday = (((day + 3) % 7) + 7) % 7; // Monday 0 ... Sunday 6
		if (weekday === 6) continue;
		const years = (day * 24 + 12 - openedHour) / HOURS_PER_YEAR;
		let trend = 1;
		if (years > 0) {
			const y = Math.floor(years);
			if (y !== year) {
				year = y;
				yearPow = powWhole(1 + rich.trend, y);
			}
			trend = yearPow * (1 + rich.trend * (years - y));
		}
		out[d] = trend * (1 + rich.season * seasonShape(day)) * WEEKDAY_PROFILE[weekday];
	}
	return out;
}

/**
 * Largest multiplier of `avg` over the simulated days (trend at either end, the
 * season's and the profiles' peaks): checked against `MAX_RICH_FACTOR`.
 */
export function peakFactor(
	rich: RichStoreParams,
	openedHour: number,
	startDay: number,
	endDay: number
): number {
	const yearsAt = (day: number) => (day * 24 + 12 - openedHour) / HOURS_PER_YEAR;
	const trend = Math.max(
		trendFactor(rich.trend, yearsAt(startDay)),
		trendFactor(rich.trend, yearsAt(endDay))
	);
	return trend * (1 + rich.season) * MAX_PROFILE;
}

// --------------------------------------------------------------------------- events

/** A sensor's 64-bit event key, apart from its reading key `(k1, k2)`. */
export function eventKey(k1: number, k2: number): [number, number] {
	return [mix32(k1 ^ 0x68e31da4), mix32((k2 + 0x1b56c4e9) | 0)];
}

/** Uniform [0, 1) number `j` of item `i` of a stream under the event key `(e1, e2)`. */
function uniform(e1: number, e2: number, stream: number, i: number, j: number): number {
	const x = mix32(Math.imul(i, 0x9e3779b1 | 0) ^ e1 ^ stream);
	return (mix32((x + Math.imul(j + 1, GOLDEN)) ^ e2) >>> 0) * TWO_POW_M32;
}

/** A run of failed hours of one sensor, hours `from`..`to` inclusive. */
export interface Outage {
	from: number;
	to: number;
	/** Reads 0 (stuck at zero) instead of -1. */
	stuck: boolean;
}

/** The events of one sensor that touch a window of hours. */
export interface SensorEvents {
	/**
	 * Install hours, ascending: the first is the install in force at the window's first
	 * hour (the opening hour for the first life), the others are replacements inside the
	 * window. Age at hour t is `t - install` of the last install at or before t.
	 */
	installs: number[];
	/** Outages overlapping the window, ascending, not overlapping, not clipped. */
	outages: Outage[];
}

/**
 * Install hour of life k of a sensor (k >= 0): life 0 starts at the opening; life k at
 * `k` lives later, moved by up to 30 % of a life either way. Installs stay in order
 * because the jitter is below half a life.
 */
function installHour(
	openedHour: number,
	lifeHours: number,
	e1: number,
	e2: number,
	k: number
): number {
	if (k <= 0) return openedHour;
	const jitter = LIFE_JITTER * (2 * uniform(e1, e2, LIFE_STREAM, k, 0) - 1);
	return openedHour + Math.round(lifeHours * (k + jitter));
}

/**
 * Geometric outage length with mean `mean` (>= 1) from a uniform u in [0, 1): 1 +
 * floor(log(1 - u) / log(1 - 1/mean)), at most `MAX_OUTAGE_HOURS`.
 */
export function outageLength(mean: number, u: number): number {
	if (mean <= 1) return 1;
	const n = 1 + Math.floor(fdlibmLog(1 - u) / fdlibmLog(1 - 1 / mean));
	return n < MAX_OUTAGE_HOURS ? n : MAX_OUTAGE_HOURS;
}

/**
 * Lives and outages of one sensor touching hours `firstHour`..`lastHour`.
 *
 * Outages: each day after the opening starts a candidate with probability
 * `outagesPerYear / 365.25`, at an hour of that day, with a geometric length. A candidate
 * whose start falls inside an earlier candidate (kept or not) is dropped: a sensor that
 * is down does not fail again, and whether a candidate is kept depends only on the
 * candidates of the `MAX_OUTAGE_HOURS` before it, so any window gives the same outages.
 */
export function sensorEvents(
	rich: RichStoreParams,
	openedHour: number,
	e1: number,
	e2: number,
	firstHour: number,
	lastHour: number
): SensorEvents {
	const lifeHours = rich.lifeYears * HOURS_PER_YEAR;
	// The life in force at firstHour: lives average lifeHours, so start one before the guess.
	let k = Math.max(0, Math.floor((firstHour - openedHour) / lifeHours) - 1);
	while (installHour(openedHour, lifeHours, e1, e2, k + 1) <= firstHour) k++;
	while (k > 0 && installHour(openedHour, lifeHours, e1, e2, k) > firstHour) k--;
	const installs = [installHour(openedHour, lifeHours, e1, e2, k)];
	for (let next = installHour(openedHour, lifeHours, e1, e2, ++k); next <= lastHour;) {
		installs.push(next);
		next = installHour(openedHour, lifeHours, e1, e2, ++k);
	}

	const outages: Outage[] = [];
	const p = rich.outagesPerYear / 365.25;
	if (p > 0) {
		const openedDay = Math.floor(openedHour / 24);
		const from = Math.max(openedDay, Math.floor(firstHour / 24) - 2 * (MAX_OUTAGE_HOURS / 24) - 1);
		const to = Math.floor(lastHour / 24);
		let coveredTo = -Infinity;
		for (let day = from; day <= to; day++) {
			if (uniform(e1, e2, OUTAGE_STREAM, day, 0) >= p) continue;
			const start = day * 24 + Math.floor(24 * uniform(e1, e2, OUTAGE_STREAM, day, 1));
			if (start <= openedHour) continue;
			const end =
				start + outageLength(rich.outageHours, uniform(e1, e2, OUTAGE_STREAM, day, 2)) - 1;
			const kept = start > coveredTo;
			if (end > coveredTo) coveredTo = end;
			if (kept && end >= firstHour && start <= lastHour) {
				outages.push({ from: start, to: end, stuck: uniform(e1, e2, OUTAGE_STREAM, day, 3) < 0.5 });
			}
		}
	}
	return { installs, outages };
}

// --------------------------------------------------------------------------- kernel

/** What the rich kernel needs beyond the original's run: the store's day factors and rich parameters. */
export interface RichRun extends SensorRun {
	rich: RichStoreParams;
	/** `dayFactors(...)` of the store over the run's days. */
	dayFactor: Float64Array;
}

/**
 * Fills one sensor's counts and truth flags (columns zero-filled by the caller, closed
 * hours before `firstLive` already written). Per hour t, in this order: an outage hour
 * reads -1 (or 0 when stuck) with FAILED | OUTAGE (| STUCK); a failure draw u <
 * pFail + ageFail * age reads -1 (FAILED); Sunday and hours outside 8-17 read 0; else
 * visits = factor x (avg + std x gauss), x 0.1 when an anomaly (ANOMALY), truncated.
 */
export function fillRichSensor(run: RichRun, k1: number, k2: number, events: SensorEvents): void {
	const { count, truth, offset, startDay, days, firstLive, avg, std, pFail, pAnom } = run;
	const { dayFactor } = run;
	const ageFailPerHour = run.rich.ageFail / HOURS_PER_YEAR;
	const { installs, outages } = events;
	let nextInstallAt = 1;
	let install = installs[0];
	let nextInstall = installs.length > 1 ? installs[1] : Infinity;
	let outageAt = 0;
	let outFrom = outages.length ? outages[0].from : Infinity;
	let outTo = outages.length ? outages[0].to : Infinity;
	let outStuck = outages.length ? outages[0].stuck : false;

	const total = days * 24;
	let d = Math.floor(firstLive / 24);
	let h = firstLive % 24;
	let row = offset + firstLive;
	const end = offset + total;
	while (row < end) {
		const day = startDay + d;
		const factor = dayFactor[d];
		const open = factor > 0;
		let t = day * 24 + h;
		for (; h < 24; h++, row++, t++) {
			while (t > outTo) {
				outageAt++;
				const o = outages[outageAt];
				outFrom = o ? o.from : Infinity;
				outTo = o ? o.to : Infinity;
				outStuck = o ? o.stuck : false;
			}
			if (t >= outFrom) {
				count[row] = outStuck ? 0 : FAILED;
				truth[row] = outStuck
					? TRUTH_FAILED | TRUTH_OUTAGE | TRUTH_STUCK
					: TRUTH_FAILED | TRUTH_OUTAGE;
				continue;
			}
			while (t >= nextInstall) {
				install = nextInstall;
				nextInstallAt++;
				nextInstall = nextInstallAt < installs.length ? installs[nextInstallAt] : Infinity;
			}
			let x = Math.imul(t, 0x9e3779b1 | 0) ^ k1;
			// base = mix32(x), inlined
			x ^= x >>> 16;
			x = Math.imul(x, 0x7feb352d);
			x ^= x >>> 15;
			x = Math.imul(x, 0x846ca68b | 0);
			const base = x ^ (x >>> 16);
			if ((base >>> 0) * TWO_POW_M32 < pFail + ageFailPerHour * (t - install)) {
				count[row] = FAILED;
				truth[row] = TRUTH_FAILED;
			} else if (open && h >= 8 && h < 18) {
				const m = factor * HOUR_TABLE[h - 8];
				let v = m * (avg + std * gauss(base, k2));
				if ((mix32((base + GOLDEN) ^ k2) >>> 0) * TWO_POW_M32 < pAnom) {
					v *= 0.1;
					truth[row] = TRUTH_ANOMALY;
				}
				count[row] = v > 0 ? v | 0 : 0;
			}
		}
		h = 0;
		d++;
	}
}
