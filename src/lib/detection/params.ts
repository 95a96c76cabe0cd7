import {
	DETECTION_MODES,
	defaultDetectionParams,
	type DetectionParams,
	type DetectionParamsPatch
} from '../domain/wearables';

/** The defaults with `patch` applied group by group. Fresh objects; does not validate. */
export function resolveDetectionParams(patch: DetectionParamsPatch = {}): DetectionParams {
	const d = defaultDetectionParams();
	return {
		mode: patch.mode ?? d.mode,
		rates: { ...d.rates, ...patch.rates },
		temperature: { ...d.temperature, ...patch.temperature },
		ppg: { ...d.ppg, ...patch.ppg },
		quality: { ...d.quality, ...patch.quality }
	};
}

/** Problems with `p` in words; empty when every parameter is usable. */
export function detectionParamsProblems(p: DetectionParams): string[] {
	const problems: string[] = [];
	const need = (ok: boolean, what: string) => {
		if (!ok) problems.push(what);
	};
	const positive = (x: number) => Number.isFinite(x) && x > 0;
	const whole = (x: number) => Number.isInteger(x);
	const finite = (x: number) => Number.isFinite(x);
	const { rates: r, temperature: t, ppg: g, quality: q } = p;

	need(DETECTION_MODES.includes(p.mode), `mode must be one of ${DETECTION_MODES.join(', ')}`);
	need(positive(r.onWristHz), 'rates.onWristHz must be > 0');
	need(positive(r.temperatureHz), 'rates.temperatureHz must be > 0');
	need(positive(r.ppgHz), 'rates.ppgHz must be > 0');
	need(
		whole(r.temperatureHz / r.onWristHz),
		'rates.temperatureHz must be a whole multiple of rates.onWristHz'
	);
	need(whole(r.ppgHz / r.onWristHz), 'rates.ppgHz must be a whole multiple of rates.onWristHz');

	need(whole(t.window) && t.window >= 2, 'temperature.window must be a whole number >= 2');
	need(finite(t.k) && t.k >= 0, 'temperature.k must be >= 0');
	need(finite(t.volatilityLimit), 'temperature.volatilityLimit must be a number');
	need(finite(t.avgLow) && finite(t.avgHigh), 'temperature.avgLow/avgHigh must be numbers');
	need(t.avgLow <= t.avgHigh, 'temperature.avgLow must be <= temperature.avgHigh');
	need(finite(t.maxHigh), 'temperature.maxHigh must be a number');
	need(finite(t.settleSeconds) && t.settleSeconds >= 0, 'temperature.settleSeconds must be >= 0');
	need(
		whole(t.settleSeconds * r.temperatureHz),
		'temperature.settleSeconds must be a whole number of temperature samples'
	);

	need(positive(g.ruleHz), 'ppg.ruleHz must be > 0');
	need(whole(r.ppgHz / g.ruleHz), 'rates.ppgHz must be a whole multiple of ppg.ruleHz');
	need(whole(g.ruleHz / r.onWristHz), 'ppg.ruleHz must be a whole multiple of rates.onWristHz');
	need(whole(g.minSkip) && g.minSkip >= 0, 'ppg.minSkip must be a whole number >= 0');
	for (const [lo, hi] of [
		['minLow', 'minHigh'],
		['avgLow', 'avgHigh'],
		['maxLow', 'maxHigh']
	] as const) {
		need(finite(g[lo]) && finite(g[hi]) && g[lo] <= g[hi], `ppg.${lo} must be <= ppg.${hi}`);
	}

	need(whole(q.flatRunSamples) && q.flatRunSamples >= 2, 'quality.flatRunSamples must be >= 2');
	need(finite(q.flatLimit) && q.flatLimit >= 0, 'quality.flatLimit must be >= 0');
	need(finite(q.clipLimit) && q.clipLimit >= 0, 'quality.clipLimit must be >= 0');
	need(q.railLow === null || finite(q.railLow), 'quality.railLow must be a number or null');
	need(q.railHigh === null || finite(q.railHigh), 'quality.railHigh must be a number or null');
	need(
		positive(q.minBpm) && finite(q.maxBpm) && q.minBpm < q.maxBpm,
		'quality.minBpm must be > 0 and < quality.maxBpm'
	);
	need(
		whole(q.pulseWindowSeconds * r.ppgHz) &&
			q.pulseWindowSeconds * r.ppgHz >= 2 * Math.ceil((60 * r.ppgHz) / q.minBpm) + 2,
		'quality.pulseWindowSeconds must hold two periods at quality.minBpm'
	);
	need(finite(q.minCorrelation) && q.minCorrelation <= 1, 'quality.minCorrelation must be <= 1');
	need(
		q.minPulseShare === null ||
			(finite(q.minPulseShare) && q.minPulseShare >= 0 && q.minPulseShare <= 1),
		'quality.minPulseShare must be within 0..1, or null'
	);
	return problems;
}

/** Throws a RangeError listing every problem with `p`. */
export function assertDetectionParams(p: DetectionParams): void {
	const problems = detectionParamsProblems(p);
	if (problems.length) throw new RangeError(`detection parameters: ${problems.join('; ')}`);
}
