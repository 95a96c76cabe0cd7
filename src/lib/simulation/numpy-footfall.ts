/**
 * The original model, bit-exact with numpy (SEED-FACTS section 1).
 *
 * Every reading reseeds numpy's legacy MT19937 with
 * `ordinal(init date) + ordinal(t date) + t.hour + sensor_id` and then draws
 * `uFail = random()`, `normal()` twice (the second is the cached `f * x1` of the first
 * polar pair) and `uAnom = random()`. The draws depend on the seed only, and a store's
 * readings use a few thousand seeds at most, so the draws are computed once per distinct
 * seed (`firstDraws`) into a module-level table; each reading is then arithmetic and
 * three array loads.
 */
import { FAILED, TRUTH_ANOMALY, TRUTH_FAILED } from '../domain/footfall';
import { MT19937, firstDraws } from './mt19937';
import type { SensorRun } from './sensor-run';

/** Largest number of seeds kept in the draw table (24 bytes each). */
const MAX_CACHED_SEEDS = 1 << 19;

/** Draw table: `[uFail, gauss, uAnom]` of seed `lo + i` at `draws[3i..3i+2]`. */
let lo = 0;
let size = 0;
let draws = new Float64Array(0);
let filled = new Uint8Array(0);

/**
 * Makes sure the table holds the draws of every seed in [from, to] and returns the
 * table's first seed. Keeps what it already has when the union stays small.
 */
export function ensureSeeds(from: number, to: number): number {
	if (to < from) return lo;
	if (from < lo || to >= lo + size) {
		let newLo = Math.min(from, size ? lo : from);
		let newHi = Math.max(to + 1, size ? lo + size : to + 1);
		if (newHi - newLo > MAX_CACHED_SEEDS) {
			newLo = from;
			newHi = to + 1;
		}
		const newSize = newHi - newLo;
		const newDraws = new Float64Array(newSize * 3);
		const newFilled = new Uint8Array(newSize);
		if (size && newLo <= lo && lo + size <= newHi) {
			newDraws.set(draws, (lo - newLo) * 3);
			newFilled.set(filled, lo - newLo);
		}
		lo = newLo;
		size = newSize;
		draws = newDraws;
		filled = newFilled;
	}
	for (let s = from; s <= to; s++) {
		const i = s - lo;
		if (!filled[i]) {
			firstDraws(s, draws, i * 3);
			filled[i] = 1;
		}
	}
	return lo;
}

/** Forgets every cached draw (for benchmarks that measure a cold start). */
export function clearSeedCache(): void {
	lo = 0;
	size = 0;
	draws = new Float64Array(0);
	filled = new Uint8Array(0);
}

/** Python ordinal of 1970-01-01. */
const ORDINAL_OF_EPOCH = 719_163;

/**
 * The seeds a sensor range of one store needs: [first, last] over sensors
 * [sensorFrom, sensorTo) from the run's first live hour to its last hour.
 */
export function seedRange(
	initOrdinal: number,
	startDay: number,
	days: number,
	firstLive: number,
	sensorFrom: number,
	sensorTo: number
): [number, number] {
	const firstDay = startDay + Math.floor(firstLive / 24);
	// ordinal + hour is smallest at the first live hour or at 00:00 of the next day
	const first =
		initOrdinal + firstDay + ORDINAL_OF_EPOCH + Math.min(firstLive % 24, 1) + sensorFrom;
	const last = initOrdinal + startDay + days - 1 + ORDINAL_OF_EPOCH + 23 + sensorTo - 1;
	return [first, last];
}

/**
 * Fills one sensor's counts and truth flags from the draw table (`ensureSeeds` must
 * cover the run's seeds). Hours of the day: 0-7 and 18-23 closed, 8-17 open; Sunday
 * closed; failure checked first.
 */
export function fillNumpySensor(run: SensorRun, sensor: number, initOrdinal: number): void {
	const { count, truth, offset, startDay, days, firstLive, avg, std, pFail, pAnom } = run;
	const table = draws;
	// seed of (day d, hour h) = base + d + h, table row = seed - lo
	const base = initOrdinal + startDay + ORDINAL_OF_EPOCH + sensor - lo;
	const total = days * 24;
	let d = Math.floor(firstLive / 24);
	let h = firstLive % 24;
	let row = offset + firstLive;
	const end = offset + total;
	while (row < end) {
		const day = startDay + d;
		const sunday = (((day + 3) % 7) + 7) % 7 === 6;
		let k = (base + d + h) * 3;
		if (sunday) {
			for (; h < 24; h++, row++, k += 3) {
				if (table[k] <= pFail) {
					count[row] = FAILED;
					truth[row] = TRUTH_FAILED;
				}
			}
		} else {
			for (; h < 24; h++, row++, k += 3) {
				if (table[k] <= pFail) {
					count[row] = FAILED;
					truth[row] = TRUTH_FAILED;
				} else if (h >= 8 && h < 18) {
					let v = avg + std * table[k + 1];
					if (table[k + 2] < pAnom) {
						v *= 0.1;
						truth[row] = TRUTH_ANOMALY;
					}
					// int() truncates toward zero; a negative draw (std >> avg) reads 0.
					count[row] = v > 0 ? v | 0 : 0;
				}
			}
		}
		h = 0;
		d++;
	}
}

const reference = new MT19937();

/**
 * One reading exactly as the original computed it, through the full generator: the
 * slow, obviously-correct path the tests compare the table-driven kernel against.
 * `day` is the reading's day (days since 1970-01-01), `hour` its hour of the day.
 */
export function numpyVisit(
	sensorId: number,
	initOrdinal: number,
	day: number,
	hour: number,
	avg: number,
	std: number,
	pFail: number,
	pAnom: number
): { count: number; truth: number } {
	reference.seed(initOrdinal + day + ORDINAL_OF_EPOCH + hour + sensorId);
	if (reference.random() <= pFail) return { count: FAILED, truth: TRUTH_FAILED };
	const sunday = (((day + 3) % 7) + 7) % 7 === 6;
	if (sunday || hour < 8 || hour >= 18) return { count: 0, truth: 0 };
	reference.normal(avg, std);
	let value = reference.normal(avg, std);
	let truth = 0;
	if (reference.random() < pAnom) {
		value = value * 0.1;
		truth = TRUTH_ANOMALY;
	}
	return { count: Math.max(0, Math.trunc(value)), truth };
}
