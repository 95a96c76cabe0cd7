/**
 * The temperature rule set (SEED-FACTS section 2) in two modes:
 * - `original`: worn samples glued end to end, one rolling series, as the seed did.
 * - `wear-aware`: each worn run is its own series, and the first `settleSeconds` after
 *   each donning are skipped before any statistic (avg and max included).
 */
import type {
	Check,
	DetectionParams,
	DeviceDay,
	TemperatureMetrics,
	TemperatureRule,
	TemperatureSeries,
	TemperatureVerdict,
	VerdictStatus
} from '../domain/wearables';
import { celsius, count, duration, num } from './format';
import { assertDetectionParams } from './params';
import { emptyBandTotals, EXACT_PRODUCT_LIMIT, rollingBand, type RollingPath } from './rolling';

export interface TemperatureOptions {
	/** Also return the analysed series with its rolling statistics (for a chart). */
	series?: boolean;
	/** Reusable buffer of at least `temperature.length` elements (benchmarks, batches). */
	scratch?: Int32Array;
	/** Skip parameter validation (the caller has validated them). */
	trusted?: boolean;
}

/** The worn samples of a recording, compacted, with the rolling series boundaries. */
interface Compacted {
	x: Int32Array;
	/** Number of analysed samples in `x`. */
	n: number;
	index: Int32Array | null;
	/** Start of each rolling series in `x`, then `n`. */
	starts: number[];
	/** [start, analysisStart, end) per worn run, temperature-sample indices. */
	runs: number[];
	worn: number;
	settling: number;
	noReading: number;
	sum: number;
	max: number;
	maxAbs: number;
}

/** Runs the temperature rule set of `params.mode` on one recording. */
export function temperatureRules(
	rec: Pick<DeviceDay, 'onWrist' | 'temperature'>,
	params: DetectionParams,
	options: TemperatureOptions = {}
): TemperatureVerdict {
	if (!options.trusted) assertDetectionParams(params);
	const t = params.temperature;
	const wearAware = params.mode === 'wear-aware';
	const c = compact(rec, params, options);
	const w = t.window;

	const totals = emptyBandTotals();
	let mean: Float64Array | undefined;
	let std: Float64Array | undefined;
	if (options.series) {
		mean = new Float64Array(c.n);
		std = new Float64Array(c.n);
	}
	let path: RollingPath = w * c.maxAbs <= EXACT_PRODUCT_LIMIT ? 'exact' : 'compensated';
	for (let s = 0; s + 1 < c.starts.length; s++) {
		const from = c.starts[s];
		const to = c.starts[s + 1];
		if (to - from < w && !mean) continue;
		path = rollingBand(c.x, w, t.k, { from, to, totals, mean, std, path });
	}

	const vi = totals.outside > 0 ? totals.excess / totals.outside : 0;
	const metrics: TemperatureMetrics = {
		samples: rec.temperature.length,
		noOnWristReading: c.noReading,
		worn: c.worn,
		settling: c.settling,
		analysed: c.n,
		segments: c.runs.length / 3,
		banded: totals.banded,
		outside: totals.outside,
		volatilityIndex: vi,
		avg: c.n > 0 ? c.sum / c.n : Number.NaN,
		max: c.n > 0 ? c.max : Number.NaN
	};

	const checks = temperatureChecks(metrics, params);
	const flags = checks.filter((ch) => ch.status === 'flag');
	const status: VerdictStatus =
		metrics.analysed === 0 ? 'insufficient-data' : flags.length ? 'flagged' : 'ok';
	const verdict: TemperatureVerdict = {
		mode: params.mode,
		status,
		metrics,
		checks,
		flags,
		notes: temperatureNotes(metrics, params, wearAware, path)
	};
	if (options.series && mean && std) {
		verdict.series = {
			index: c.index ? c.index.slice(0, c.n) : new Int32Array(0),
			value: c.x.slice(0, c.n),
			mean,
			std,
			k: t.k,
			segments: Int32Array.from(c.runs)
		} satisfies TemperatureSeries;
	}
	return verdict;
}

/** The band of a series: upper = mean + k std, lower = mean - k std (NaN where undefined). */
export function bands(series: TemperatureSeries): { upper: Float64Array; lower: Float64Array } {
	const { mean, std, k } = series;
	const upper = new Float64Array(mean.length);
	const lower = new Float64Array(mean.length);
	for (let i = 0; i < mean.length; i++) {
		upper[i] = mean[i] + k * std[i];
		lower[i] = mean[i] - k * std[i];
	}
	return { upper, lower };
}

/** Steps 1-2 (and the wear-aware settling): worn, non-zero samples in order. */
function compact(
	rec: Pick<DeviceDay, 'onWrist' | 'temperature'>,
	params: DetectionParams,
	options: TemperatureOptions
): Compacted {
	const { onWrist, temperature } = rec;
	const r = params.rates.temperatureHz / params.rates.onWristHz;
	const nT = temperature.length;
	const limit = Math.min(nT, onWrist.length * r);
	const wearAware = params.mode === 'wear-aware';
	const settleSamples = wearAware
		? params.temperature.settleSeconds * params.rates.temperatureHz
		: 0;
	const settleAtStart = params.temperature.settleAtStart;

	const x = options.scratch && options.scratch.length >= nT ? options.scratch : new Int32Array(nT);
	const index = options.series ? new Int32Array(nT) : null;
	const starts: number[] = [0];
	const runs: number[] = [];
	let n = 0;
	let worn = 0;
	let settling = 0;
	let sum = 0;
	let lo = Infinity;
	let hi = -Infinity;

	// worn runs: maximal stretches of on-wrist seconds != 0, as temperature samples [a, b)
	const seconds = Math.ceil(limit / r);
	for (let s = 0; s < seconds;) {
		if (onWrist[s] === 0) {
			s++;
			continue;
		}
		let e = s + 1;
		while (e < seconds && onWrist[e] !== 0) e++;
		const a = s * r;
		const b = Math.min(e * r, limit);
		s = e;
		// a donning (or the recording starting on the wrist): settle, then a new series
		const settle = a > 0 || settleAtStart ? settleSamples : 0;
		const from = Math.min(a + settle, b);
		worn += b - a;
		settling += from - a;
		runs.push(a, from, b);
		if (wearAware && n > starts[starts.length - 1]) starts.push(n);
		if (index) {
			for (let i = from; i < b; i++) {
				const v = temperature[i];
				if (v !== 0) {
					index[n] = i;
					x[n++] = v;
				}
			}
		} else {
			for (let i = from; i < b; i++) {
				const v = temperature[i];
				if (v !== 0) x[n++] = v;
			}
		}
	}
	// sum and extremes of the analysed samples (a second, tight pass over x)
	for (let i = 0; i < n; i++) {
		const v = x[i];
		sum += v;
		if (v > hi) hi = v;
		if (v < lo) lo = v;
	}
	if (starts.length === 1 || starts[starts.length - 1] !== n) starts.push(n);
	return {
		x,
		n,
		index,
		starts,
		runs,
		worn,
		settling,
		noReading: nT - limit,
		sum,
		max: hi,
		maxAbs: n > 0 ? Math.max(hi, -lo) : 0
	};
}

function temperatureChecks(m: TemperatureMetrics, p: DetectionParams): Check<TemperatureRule>[] {
	const t = p.temperature;
	if (m.analysed === 0) {
		const why =
			m.worn === 0
				? 'no worn samples'
				: m.settling === m.worn
					? 'no worn samples after settling'
					: 'no worn samples with a non-zero reading';
		return (['volatility', 'avg', 'max'] as const).map((rule) => ({
			rule,
			status: 'not-evaluated',
			value: rule === 'volatility' ? 0 : Number.NaN,
			reason: why
		}));
	}
	const band = `the ±${num(t.k, 1)} std band`;
	let volatility: Check<TemperatureRule>;
	if (m.banded === 0) {
		volatility = {
			rule: 'volatility',
			status: 'not-evaluated',
			value: 0,
			reason:
				p.mode === 'wear-aware'
					? `no rolling band: no worn run has ${count(t.window, 'analysed sample')} (the window) after settling`
					: `no rolling band: ${count(m.analysed, 'worn sample')}, the window needs ${num(t.window)}`
		};
	} else if (m.volatilityIndex > t.volatilityLimit) {
		volatility = {
			rule: 'volatility',
			status: 'flag',
			value: m.volatilityIndex,
			reason: `volatility index ${num(m.volatilityIndex, 1)} is above ${num(t.volatilityLimit)}: ${count(m.outside, 'sample')} outside ${band} by ${celsius(m.volatilityIndex)} on average`
		};
	} else {
		volatility = {
			rule: 'volatility',
			status: 'pass',
			value: m.volatilityIndex,
			reason:
				m.outside === 0
					? `volatility index 0: no sample outside ${band}`
					: `volatility index ${num(m.volatilityIndex, 1)} is at most ${num(t.volatilityLimit)} (${num(m.outside)} of ${count(m.banded, 'banded sample')} outside ${band})`
		};
	}
	let avg: Check<TemperatureRule>;
	if (m.avg < t.avgLow) {
		avg = {
			rule: 'avg',
			status: 'flag',
			value: m.avg,
			reason: `average ${celsius(m.avg)} is below ${celsius(t.avgLow)}`
		};
	} else if (m.avg > t.avgHigh) {
		avg = {
			rule: 'avg',
			status: 'flag',
			value: m.avg,
			reason: `average ${celsius(m.avg)} is above ${celsius(t.avgHigh)}`
		};
	} else {
		avg = {
			rule: 'avg',
			status: 'pass',
			value: m.avg,
			reason: `average ${celsius(m.avg)} is within ${celsius(t.avgLow)} to ${celsius(t.avgHigh)}`
		};
	}
	const max: Check<TemperatureRule> =
		m.max > t.maxHigh
			? {
					rule: 'max',
					status: 'flag',
					value: m.max,
					reason: `maximum ${celsius(m.max)} is above ${celsius(t.maxHigh)}`
				}
			: {
					rule: 'max',
					status: 'pass',
					value: m.max,
					reason: `maximum ${celsius(m.max)} is at most ${celsius(t.maxHigh)}`
				};
	return [volatility, avg, max];
}

function temperatureNotes(
	m: TemperatureMetrics,
	p: DetectionParams,
	wearAware: boolean,
	path: RollingPath
): string[] {
	const hz = p.rates.temperatureHz;
	const notes: string[] = [];
	if (m.noOnWristReading > 0) {
		notes.push(
			`${count(m.noOnWristReading, 'temperature sample')} (${duration(m.noOnWristReading / hz)}) at the end have no on-wrist reading (on_wrist.csv is shorter): counted as not worn`
		);
	}
	if (wearAware && m.settling > 0) {
		notes.push(
			`${count(m.settling, 'settling sample')} skipped (the first ${duration(p.temperature.settleSeconds)} after each donning)`
		);
	}
	if (m.worn > 0 && m.analysed < m.worn - m.settling) {
		notes.push(
			`${count(m.worn - m.settling - m.analysed, 'worn sample')} read 0 and were dropped, as the original does`
		);
	}
	if (path === 'compensated') {
		notes.push(
			'readings are too large for the exact integer path: rolling statistics used compensated sums'
		);
	}
	return notes;
}
