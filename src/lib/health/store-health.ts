/**
 * `storeHealth`: sensor health of one store in one pass over its readings, day by day,
 * hour by hour (the design and its reasons are in README.md).
 *
 * For every sensor-hour in an open slot, the expected count comes from the sibling
 * sensors at the same hour (the median of the plausible siblings' counts, each divided
 * by its usual ratio to its siblings, times this sensor's ratio; a sibling reading a
 * suspicious 0 or below its own history band is not plausible) or, without two such
 * siblings, from the median of the sensor's own last `weeks` usable readings of the same
 * weekday and hour. The band of the estimator used is expected +- k robust standard
 * deviations, learnt from the sensor's recent relative residuals against that estimator
 * (1.4826 x median absolute residual) with a Poisson floor. Flags: failed (-1), missing,
 * zero (a 0 where the band's lower end is at least 1), low, high. Only readings that
 * raised no flag teach the history, the residuals and the store-day baseline (a failure
 * or an anomaly must not become the norm), with two exceptions that let a real change of
 * level be learnt within weeks: the ratio to the siblings also learns from low and high
 * readings, and a slot flagged the same way two weeks running joins the history.
 *
 * The first weeks have no history: a dry run over the first `weeks` weeks primes every
 * statistic, then the real pass starts again from the first day (the first weeks are
 * judged against the statistics of those same weeks).
 */
import { FAILED, SHOP_CLOSED } from '../domain/footfall';
import {
	MISSING,
	SENSOR_DAY_FLAGS,
	type HealthParams,
	type HourFlags,
	type SensorDays,
	type StoreDays,
	type StoreHealth,
	type StoreMatrix
} from '../domain/health';
import { inferOpenHours, WEEK_SLOTS, weekSlot } from './open';
import { assertHealthParams } from './params';
import { checkMatrix } from './matrix';
import { MAD_SCALE, medianAbs, medianOf, medianWithout, sortSmall, sortedMedian } from './stats';

/** Index of each kind in `HOUR_FLAG_KINDS`. */
export const KIND_FAILED = 0;
export const KIND_ZERO = 1;
export const KIND_MISSING = 2;
export const KIND_LOW = 3;
export const KIND_HIGH = 4;

/** Fewest usable siblings at an hour for the sibling estimate (else: own history). */
export const MIN_SIBLINGS = 2;
/** Fewest usable readings of a weekday-hour for the history estimate. */
export const MIN_HISTORY = 2;
/** Fewest residuals behind a robust standard deviation (else no band, no low/high/zero). */
export const MIN_RESIDUALS = 20;
/** Fewest day residuals behind the store-day band (a dry run of 4 weeks yields about 12). */
export const MIN_DAY_RESIDUALS = 8;
/** Residuals are learnt only where the expected count is at least this (relative noise). */
export const MIN_EXPECTED_FOR_RESIDUAL = 10;
/** A robust standard deviation is recomputed after this many new residuals. */
const RESIDUALS_PER_UPDATE = 48;
/**
 * Residuals kept per sensor and estimator: about 4 weeks of a shop's opening hours (60 a
 * week), a week and a half of a 24-hour counter. Enough for a median within a few per
 * cent, and short enough to follow a sensor whose noise changes.
 */
const RESIDUALS_KEPT = 256;

/** Growable typed columns of the hour flags of one sensor. */
class FlagColumns {
	length = 0;
	hour = new Int32Array(64);
	kind = new Uint8Array(64);
	count = new Int32Array(64);
	expected = new Float64Array(64);
	low = new Float64Array(64);
	high = new Float64Array(64);

	push(hour: number, kind: number, count: number, expected: number, low: number, high: number) {
		if (this.length === this.hour.length) this.grow();
		const i = this.length++;
		this.hour[i] = hour;
		this.kind[i] = kind;
		this.count[i] = count;
		this.expected[i] = expected;
		this.low[i] = low;
		this.high[i] = high;
	}

	private grow() {
		const n = this.hour.length * 2;
		const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T) => {
			const b = make(n);
			b.set(a);
			return b;
		};
		this.hour = g(this.hour, (n) => new Int32Array(n));
		this.kind = g(this.kind, (n) => new Uint8Array(n));
		this.count = g(this.count, (n) => new Int32Array(n));
		this.expected = g(this.expected, (n) => new Float64Array(n));
		this.low = g(this.low, (n) => new Float64Array(n));
		this.high = g(this.high, (n) => new Float64Array(n));
	}
}

/** Half-width of a band: k robust standard deviations, relative noise plus a Poisson floor. */
function halfBand(k: number, sigma: number, e: number): number {
	const se = sigma * e;
	return k * Math.sqrt(se * se + Math.max(e, 0));
}

/** A fixed-capacity ring of the last values pushed. */
class Rings {
	readonly values: Float64Array;
	readonly n: Int32Array;
	readonly pos: Int32Array;
	constructor(
		count: number,
		readonly cap: number
	) {
		this.values = new Float64Array(count * cap);
		this.n = new Int32Array(count);
		this.pos = new Int32Array(count);
	}
	push(r: number, v: number) {
		const p = this.pos[r];
		this.values[r * this.cap + p] = v;
		this.pos[r] = p + 1 === this.cap ? 0 : p + 1;
		if (this.n[r] < this.cap) this.n[r]++;
	}
}

/**
 * Health of one store: flagged sensor-hours, one row per sensor-day and one per store
 * day, and the inferred opening hours. Throws a RangeError naming the field when the
 * matrix or the parameters are unusable. Pure and deterministic.
 */
export function storeHealth(matrix: StoreMatrix, params: HealthParams): StoreHealth {
	assertHealthParams(params);
	checkMatrix(matrix);
	const open = inferOpenHours(matrix);
	const run = new HealthRun(matrix, params, open);
	const days = matrix.hours / 24;
	const first = firstLiveDay(matrix);
	const dry = Math.min(days, first + params.weeks * 7);
	for (let d = first; d < dry; d++) run.day(d, false);
	run.startJudging();
	for (let d = first; d < days; d++) run.day(d, true);
	return run.result();
}

/** First day (column / 24) with a reading other than SHOP_CLOSED; `hours / 24` if none. */
export function firstLiveDay(m: StoreMatrix): number {
	let first = m.hours;
	for (let s = 0; s < m.sensors; s++) {
		const row = s * m.hours;
		for (let h = 0; h < first; h++) {
			if (m.counts[row + h] !== SHOP_CLOSED) {
				first = h;
				break;
			}
		}
	}
	return Math.floor(first / 24);
}

class HealthRun {
	private readonly S: number;
	private readonly H: number;
	private readonly days: number;
	private readonly counts: Int32Array;
	private readonly k: number;
	private readonly weeks: number;

	// per sensor: ratio to the siblings, and the daily ratios it is the median of
	private readonly ratio: Float64Array;
	private readonly ratios: Rings;
	private readonly qDay: Float64Array;
	private readonly qN: Int32Array;
	// per sensor and slot: the last `weeks` usable readings
	private readonly history: Rings;
	/** Per sensor and slot: the flag kind of its last judged reading (-1: none). */
	private readonly lastKind: Int8Array;
	// per sensor: relative residuals against each estimator, and their robust std
	private readonly resSib: Rings;
	private readonly resHist: Rings;
	private readonly sigmaSib: Float64Array;
	private readonly sigmaHist: Float64Array;
	private readonly newSib: Int32Array;
	private readonly newHist: Int32Array;
	// store days: the last `weeks` totals of each weekday, and relative residuals
	private readonly dayTotals: Rings;
	private readonly dayRes: Rings;
	private daySigma = Number.NaN;
	private dayNew = 0;

	// scratch
	private readonly norm: Float64Array;
	private readonly eHist: Float64Array;
	private readonly plausible: Uint8Array;
	private readonly sorted: Float64Array;
	private readonly small: Float64Array;
	private readonly big: Float64Array;

	// per sensor, the current day
	private readonly dOpen: Int32Array;
	private readonly dFailed: Int32Array;
	private readonly dZero: Int32Array;
	private readonly dMissing: Int32Array;
	private readonly dAnom: Int32Array;
	private readonly dCount: Float64Array;
	private readonly dExpected: Float64Array;
	private readonly dSibCount: Float64Array;
	private readonly dSibExpected: Float64Array;
	private readonly dLive: Uint8Array;

	// results
	private readonly flags: FlagColumns[];
	private readonly sd: SensorDays;
	private readonly st: StoreDays;
	private readonly sensorDayUsed: Uint8Array;
	private readonly storeDayUsed: Uint8Array;

	constructor(
		private readonly m: StoreMatrix,
		params: HealthParams,
		private readonly open: Uint8Array
	) {
		const S = (this.S = m.sensors);
		this.H = m.hours;
		this.days = m.hours / 24;
		this.counts = m.counts;
		this.k = params.k;
		const W = (this.weeks = params.weeks);
		this.ratio = new Float64Array(S).fill(1);
		this.ratios = new Rings(S, W * 7);
		this.qDay = new Float64Array(S * 24);
		this.qN = new Int32Array(S);
		this.history = new Rings(S * WEEK_SLOTS, W);
		this.lastKind = new Int8Array(S * WEEK_SLOTS).fill(-1);
		const resCap = RESIDUALS_KEPT;
		this.resSib = new Rings(S, resCap);
		this.resHist = new Rings(S, resCap);
		this.sigmaSib = new Float64Array(S).fill(Number.NaN);
		this.sigmaHist = new Float64Array(S).fill(Number.NaN);
		this.newSib = new Int32Array(S);
		this.newHist = new Int32Array(S);
		this.dayTotals = new Rings(7, W);
		this.dayRes = new Rings(1, Math.max(MIN_RESIDUALS, W * 7 * 2));
		this.norm = new Float64Array(S);
		this.eHist = new Float64Array(S);
		this.plausible = new Uint8Array(S);
		this.sorted = new Float64Array(S);
		this.small = new Float64Array(Math.max(W * 7, 24));
		this.big = new Float64Array(Math.max(resCap, this.dayRes.cap));
		this.dOpen = new Int32Array(S);
		this.dFailed = new Int32Array(S);
		this.dZero = new Int32Array(S);
		this.dMissing = new Int32Array(S);
		this.dAnom = new Int32Array(S);
		this.dCount = new Float64Array(S);
		this.dExpected = new Float64Array(S);
		this.dSibCount = new Float64Array(S);
		this.dSibExpected = new Float64Array(S);
		this.dLive = new Uint8Array(S);
		this.flags = Array.from({ length: S }, () => new FlagColumns());
		const n = S * this.days;
		this.sd = {
			length: n,
			sensor: new Uint16Array(n),
			day: new Int32Array(n),
			openHours: new Uint8Array(n),
			failed: new Uint8Array(n),
			zero: new Uint8Array(n),
			missing: new Uint8Array(n),
			anomalies: new Uint8Array(n),
			count: new Float64Array(n),
			expected: new Float64Array(n),
			siblingRatio: new Float64Array(n),
			flags: new Uint8Array(n)
		};
		this.sensorDayUsed = new Uint8Array(n);
		const d = this.days;
		this.st = {
			length: d,
			day: new Int32Array(d),
			count: new Float64Array(d),
			expected: new Float64Array(d),
			low: new Float64Array(d),
			high: new Float64Array(d),
			abnormal: new Uint8Array(d)
		};
		this.storeDayUsed = new Uint8Array(d);
		this.failedShare = params.failedShare;
		this.tolerance = params.siblingTolerance;
	}

	private readonly failedShare: number;
	private readonly tolerance: number;

	/** After the dry run: what the last readings were flagged is forgotten. */
	startJudging(): void {
		this.lastKind.fill(-1);
	}

	/** Judges (when `emit`) and learns from one day, d = 0 .. days - 1. */
	day(d: number, emit: boolean): void {
		const { S, H, counts, open, k } = this;
		const t0 = d * 24;
		const absDay = this.m.startHour / 24 + d;
		const slot0 = weekSlot(this.m.startHour + t0);
		this.dOpen.fill(0);
		this.dFailed.fill(0);
		this.dZero.fill(0);
		this.dMissing.fill(0);
		this.dAnom.fill(0);
		this.dCount.fill(0);
		this.dExpected.fill(0);
		this.dSibCount.fill(0);
		this.dSibExpected.fill(0);
		this.dLive.fill(0);
		this.qN.fill(0);
		let storeRaw = 0;
		let storeImputed = 0;
		let storeLive = 0;
		let storeClosedHours = 0;
		let openSlots = 0;

		for (let hh = 0; hh < 24; hh++) {
			const t = t0 + hh;
			const slot = slot0 + hh;
			if (!open[slot]) {
				for (let s = 0; s < S; s++) {
					const c = counts[s * H + t];
					if (c === SHOP_CLOSED) {
						storeClosedHours++;
						continue;
					}
					this.dLive[s] = 1;
					storeLive++;
					if (c > 0) {
						this.dCount[s] += c;
						storeRaw += c;
						storeImputed += c;
					}
				}
				continue;
			}
			openSlots++;
			// each sensor's own history first: its expected count and whether its reading
			// is plausible enough to speak for its siblings (not a suspicious 0, not below
			// its own band: failures and x 0.1 anomalies drag counts down, never up)
			let m = 0;
			for (let s = 0; s < S; s++) {
				const c = counts[s * H + t];
				const hr = s * WEEK_SLOTS + slot;
				const hn = this.history.n[hr];
				const eHist =
					hn >= MIN_HISTORY
						? medianOf(this.history.values, hn, this.small, hr * this.history.cap)
						: Number.NaN;
				this.eHist[s] = eHist;
				const sigH = this.sigmaHist[s];
				const loH = eHist === eHist && sigH === sigH ? eHist - halfBand(k, sigH, eHist) : NaN;
				const plausible = c >= 0 && !(c === 0 ? loH >= 1 : c < loH);
				this.plausible[s] = plausible ? 1 : 0;
				if (plausible) {
					const u = c / this.ratio[s];
					this.norm[s] = u;
					this.sorted[m++] = u;
				}
			}
			// the plausible siblings' counts, each over its ratio, sorted
			sortSmall(this.sorted, m);
			for (let s = 0; s < S; s++) {
				const c = counts[s * H + t];
				if (c === SHOP_CLOSED) {
					storeClosedHours++;
					continue;
				}
				this.dLive[s] = 1;
				storeLive++;
				this.dOpen[s]++;
				// sibling estimate: the median of the plausible others
				let level = Number.NaN;
				if (this.plausible[s]) {
					if (m - 1 >= MIN_SIBLINGS) level = medianWithout(this.sorted, m, this.norm[s]);
				} else if (m >= MIN_SIBLINGS) {
					level = sortedMedian(this.sorted, m);
				}
				const eSib = level * this.ratio[s];
				const hr = s * WEEK_SLOTS + slot;
				const eHist = this.eHist[s];
				// the siblings' band where there is one (it follows the store hour by hour),
				// else the sensor's own history
				const sigS = this.sigmaSib[s];
				const sigH = this.sigmaHist[s];
				let e = eSib === eSib ? eSib : eHist;
				let lo = Number.NaN;
				let hi = Number.NaN;
				if (eSib === eSib && sigS === sigS) {
					const half = halfBand(k, sigS, eSib);
					lo = eSib - half;
					hi = eSib + half;
				} else if (eHist === eHist && sigH === sigH) {
					e = eHist;
					const half = halfBand(k, sigH, eHist);
					lo = eHist - half;
					hi = eHist + half;
				}
				let kind = -1;
				if (c === FAILED) kind = KIND_FAILED;
				else if (c === MISSING) kind = KIND_MISSING;
				else if (c === 0 && lo >= 1) kind = KIND_ZERO;
				else if (c < lo) kind = KIND_LOW;
				else if (c > hi) kind = KIND_HIGH;
				const failure = kind === KIND_FAILED || kind === KIND_MISSING || kind === KIND_ZERO;
				const expected = e === e ? e : 0;
				if (e === e) this.dExpected[s] += e;
				if (c > 0) {
					this.dCount[s] += c;
					storeRaw += c;
				}
				if (failure) storeImputed += expected;
				else if (c > 0) storeImputed += c;
				if (kind === KIND_FAILED) this.dFailed[s]++;
				else if (kind === KIND_MISSING) this.dMissing[s]++;
				else if (kind === KIND_ZERO) this.dZero[s]++;
				else if (kind >= 0) this.dAnom[s]++;
				if (c >= 0 && eSib === eSib) {
					this.dSibCount[s] += c;
					this.dSibExpected[s] += eSib;
				}
				if (emit && kind >= 0) {
					this.flags[s].push(this.m.startHour + t, kind, c, expected, lo, hi);
				}
				// learn: an unjudged 0 in an open hour teaches nothing
				const last = this.lastKind[hr];
				this.lastKind[hr] = kind;
				if (c < 0 || failure || (c === 0 && !(lo === lo))) continue;
				if (level > 0) this.qDay[s * 24 + this.qN[s]++] = c / level;
				if (kind >= 0) {
					// a level that stays off (low or high the same slot two weeks running)
					// becomes history, so a sensor whose level really changed is learnt again
					if (kind === last) this.history.push(hr, c);
					continue;
				}
				this.history.push(hr, c);
				if (eSib >= MIN_EXPECTED_FOR_RESIDUAL) {
					this.resSib.push(s, (c - eSib) / eSib);
					this.newSib[s]++;
				}
				if (eHist >= MIN_EXPECTED_FOR_RESIDUAL) {
					this.resHist.push(s, (c - eHist) / eHist);
					this.newHist[s]++;
				}
			}
		}
		this.endSensorDays(d, absDay, emit);
		this.endStoreDay(d, absDay, emit, {
			raw: storeRaw,
			imputed: storeImputed,
			live: storeLive,
			closed: storeClosedHours,
			openSlots
		});
	}

	private endSensorDays(d: number, absDay: number, emit: boolean): void {
		const { S } = this;
		this.updateRatios();
		for (let s = 0; s < S; s++) {
			this.updateSigma(s);
			if (!emit || !this.dLive[s]) continue;
			const i = s * this.days + d;
			this.sensorDayUsed[i] = 1;
			const sd = this.sd;
			const openHours = this.dOpen[s];
			sd.sensor[i] = s;
			sd.day[i] = absDay;
			sd.openHours[i] = openHours;
			sd.failed[i] = this.dFailed[s];
			sd.zero[i] = this.dZero[s];
			sd.missing[i] = this.dMissing[s];
			sd.anomalies[i] = this.dAnom[s];
			sd.count[i] = this.dCount[s];
			sd.expected[i] = this.dExpected[s];
			const sibE = this.dSibExpected[s];
			const ratio = sibE > 0 ? this.dSibCount[s] / sibE : Number.NaN;
			sd.siblingRatio[i] = ratio;
			let flags = 0;
			const down = this.dFailed[s] + this.dZero[s] + this.dMissing[s];
			if (openHours > 0 && down >= this.failedShare * openHours) flags |= SENSOR_DAY_FLAGS.failures;
			if (ratio === ratio && Math.abs(ratio - 1) > this.tolerance)
				flags |= SENSOR_DAY_FLAGS.siblings;
			if (this.dAnom[s] > 0) flags |= SENSOR_DAY_FLAGS.anomalies;
			sd.flags[i] = flags;
		}
	}

	/**
	 * Each sensor's ratio to its siblings: the median of the day's ratios, then the median
	 * over the last weeks' days. Ratios are relative to one another (a common factor
	 * cancels in every expected value), so they are rescaled to a median of 1: the small
	 * downward pull of the anomalies in the daily medians cannot make them drift.
	 */
	private updateRatios(): void {
		const { S, ratios } = this;
		let changed = false;
		for (let s = 0; s < S; s++) {
			const qn = this.qN[s];
			if (qn === 0) continue;
			ratios.push(s, medianOf(this.qDay, qn, this.small, s * 24));
			const r = medianOf(ratios.values, ratios.n[s], this.big, s * ratios.cap);
			if (r > 0) {
				this.ratio[s] = r;
				changed = true;
			}
		}
		if (!changed || S < 3) return;
		const mid = medianOf(this.ratio, S, this.big);
		if (!(mid > 0) || mid === 1) return;
		for (let s = 0; s < S; s++) {
			this.ratio[s] /= mid;
			const from = s * ratios.cap;
			for (let i = 0; i < ratios.n[s]; i++) ratios.values[from + i] /= mid;
		}
	}

	private updateSigma(s: number): void {
		if (
			this.newSib[s] >= RESIDUALS_PER_UPDATE ||
			(this.sigmaSib[s] !== this.sigmaSib[s] && this.newSib[s] > 0)
		) {
			this.sigmaSib[s] = this.sigmaOf(this.resSib, s);
			this.newSib[s] = 0;
		}
		if (
			this.newHist[s] >= RESIDUALS_PER_UPDATE ||
			(this.sigmaHist[s] !== this.sigmaHist[s] && this.newHist[s] > 0)
		) {
			this.sigmaHist[s] = this.sigmaOf(this.resHist, s);
			this.newHist[s] = 0;
		}
	}

	/** Robust std of ring r's relative residuals; NaN below `min` residuals. */
	private sigmaOf(rings: Rings, r: number, min = MIN_RESIDUALS): number {
		const n = rings.n[r];
		if (n < min) return Number.NaN;
		return MAD_SCALE * medianAbs(rings.values, n, this.big, r * rings.cap);
	}

	private endStoreDay(
		d: number,
		absDay: number,
		emit: boolean,
		day: { raw: number; imputed: number; live: number; closed: number; openSlots: number }
	): void {
		if (day.live === 0) return; // before the store opened
		const weekday = weekSlot(absDay * 24) / 24;
		const n = this.dayTotals.n[weekday];
		const expected =
			day.openSlots === 0
				? 0
				: n >= MIN_HISTORY
					? medianOf(this.dayTotals.values, n, this.small, weekday * this.dayTotals.cap)
					: Number.NaN;
		let lo = Number.NaN;
		let hi = Number.NaN;
		if (day.openSlots === 0) {
			lo = hi = 0;
		} else if (expected === expected && this.daySigma === this.daySigma) {
			const se = this.daySigma * expected;
			const half = this.k * Math.sqrt(se * se + expected);
			lo = expected - half;
			hi = expected + half;
		}
		const abnormal = day.imputed < lo || day.imputed > hi;
		if (emit) {
			this.storeDayUsed[d] = 1;
			const st = this.st;
			st.day[d] = absDay;
			st.count[d] = day.raw;
			st.expected[d] = expected;
			st.low[d] = lo;
			st.high[d] = hi;
			st.abnormal[d] = abnormal ? 1 : 0;
		}
		// learn from whole, normal days
		if (day.openSlots === 0 || day.closed > 0 || abnormal) return;
		this.dayTotals.push(weekday, day.imputed);
		if (expected >= MIN_EXPECTED_FOR_RESIDUAL) {
			this.dayRes.push(0, (day.imputed - expected) / expected);
			this.dayNew++;
		}
		if (this.dayNew >= 7 || (this.daySigma !== this.daySigma && this.dayNew > 0)) {
			this.daySigma = this.sigmaOf(this.dayRes, 0, MIN_DAY_RESIDUALS);
			this.dayNew = 0;
		}
	}

	result(): StoreHealth {
		const m = this.m;
		return {
			storeIdx: m.storeIdx,
			store: m.store,
			hours: this.hourFlags(),
			days: compactSensorDays(this.sd, this.sensorDayUsed),
			storeDays: compactStoreDays(this.st, this.storeDayUsed),
			open: this.open
		};
	}

	private hourFlags(): HourFlags {
		const n = this.flags.reduce((a, f) => a + f.length, 0);
		const out: HourFlags = {
			length: n,
			sensor: new Uint16Array(n),
			hour: new Int32Array(n),
			kind: new Uint8Array(n),
			count: new Int32Array(n),
			expected: new Float64Array(n),
			low: new Float64Array(n),
			high: new Float64Array(n)
		};
		let at = 0;
		this.flags.forEach((f, s) => {
			const len = f.length;
			out.sensor.fill(s, at, at + len);
			out.hour.set(f.hour.subarray(0, len), at);
			out.kind.set(f.kind.subarray(0, len), at);
			out.count.set(f.count.subarray(0, len), at);
			out.expected.set(f.expected.subarray(0, len), at);
			out.low.set(f.low.subarray(0, len), at);
			out.high.set(f.high.subarray(0, len), at);
			at += len;
		});
		return out;
	}
}

/** The rows marked used, in order, as new arrays of the exact length. */
function compactSensorDays(sd: SensorDays, used: Uint8Array): SensorDays {
	const idx = indexesOf(used);
	const pick = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: T): T => {
		const b = new (a.constructor as new (n: number) => T)(idx.length);
		for (let i = 0; i < idx.length; i++) b[i] = a[idx[i]];
		return b;
	};
	return {
		length: idx.length,
		sensor: pick(sd.sensor),
		day: pick(sd.day),
		openHours: pick(sd.openHours),
		failed: pick(sd.failed),
		zero: pick(sd.zero),
		missing: pick(sd.missing),
		anomalies: pick(sd.anomalies),
		count: pick(sd.count),
		expected: pick(sd.expected),
		siblingRatio: pick(sd.siblingRatio),
		flags: pick(sd.flags)
	};
}

function compactStoreDays(st: StoreDays, used: Uint8Array): StoreDays {
	const idx = indexesOf(used);
	const pick = <T extends Uint8Array | Int32Array | Float64Array>(a: T): T => {
		const b = new (a.constructor as new (n: number) => T)(idx.length);
		for (let i = 0; i < idx.length; i++) b[i] = a[idx[i]];
		return b;
	};
	return {
		length: idx.length,
		day: pick(st.day),
		count: pick(st.count),
		expected: pick(st.expected),
		low: pick(st.low),
		high: pick(st.high),
		abnormal: pick(st.abnormal)
	};
}

function indexesOf(used: Uint8Array): Int32Array {
	let n = 0;
	for (let i = 0; i < used.length; i++) n += used[i];
	const idx = new Int32Array(n);
	let j = 0;
	for (let i = 0; i < used.length; i++) if (used[i]) idx[j++] = i;
	return idx;
}
