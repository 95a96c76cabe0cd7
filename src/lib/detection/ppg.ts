/**
 * The original's PPG rule set (SEED-FACTS section 2): every `ppgHz / ruleHz`-th PPG
 * sample, on-wrist repeated `ruleHz / onWristHz` times, aligned by index, multiplied,
 * zeros dropped; min after skipping the first `minSkip` remaining rows, avg and max
 * over all. Rows where only one side has a value stay but count in no statistic.
 */
import type {
	Check,
	DetectionParams,
	DeviceDay,
	PpgMetrics,
	PpgRule,
	PpgVerdict,
	VerdictStatus
} from '../domain/wearables';
import { count, duration, num } from './format';
import { assertDetectionParams } from './params';

export interface PpgOptions {
	/** Skip parameter validation (the caller has validated them). */
	trusted?: boolean;
}

export function ppgRules(
	rec: Pick<DeviceDay, 'onWrist' | 'ppg'>,
	params: DetectionParams,
	options: PpgOptions = {}
): PpgVerdict {
	if (!options.trusted) assertDetectionParams(params);
	const { onWrist, ppg } = rec;
	const g = params.ppg;
	const step = params.rates.ppgHz / g.ruleHz;
	const repeat = g.ruleHz / params.rates.onWristHz;
	// every step-th sample, the last one included even when its block is incomplete
	const decimated = Math.ceil(ppg.length / step);
	const upsampled = onWrist.length * repeat;
	const aligned = Math.min(decimated, upsampled);
	const rows = Math.max(decimated, upsampled);

	let worn = 0;
	let sum = 0;
	let max = -Infinity;
	let min = Infinity;
	for (let s = 0, row = 0; row < aligned; s++) {
		const on = onWrist[s];
		const end = Math.min(row + repeat, aligned);
		if (on === 0) {
			row = end;
			continue;
		}
		for (; row < end; row++) {
			const v = on * ppg[row * step];
			if (v === 0) continue;
			if (worn >= g.minSkip && v < min) min = v;
			worn++;
			sum += v;
			if (v > max) max = v;
		}
	}
	const metrics: PpgMetrics = {
		samples: ppg.length,
		decimated,
		rows,
		unaligned: rows - aligned,
		worn,
		min: worn > g.minSkip ? min : Number.NaN,
		avg: worn > 0 ? sum / worn : Number.NaN,
		max: worn > 0 ? max : Number.NaN
	};
	const checks = ppgChecks(metrics, params);
	const flags = checks.filter((c) => c.status === 'flag');
	const status: VerdictStatus = worn === 0 ? 'insufficient-data' : flags.length ? 'flagged' : 'ok';
	const notes: string[] = [];
	if (metrics.unaligned > 0) {
		const longer = decimated > upsampled ? 'PPG' : 'on-wrist';
		notes.push(
			`${count(metrics.unaligned, 'row')} (${duration(metrics.unaligned / g.ruleHz)}) at the end have ${longer} data only: kept, counted in no statistic`
		);
	}
	return { status, metrics, checks, flags, notes };
}

function ppgChecks(m: PpgMetrics, p: DetectionParams): Check<PpgRule>[] {
	const g = p.ppg;
	if (m.worn === 0) {
		return (['min', 'avg', 'max'] as const).map((rule) => ({
			rule,
			status: 'not-evaluated',
			value: Number.NaN,
			reason: 'no worn PPG samples'
		}));
	}
	const min: Check<PpgRule> =
		m.worn <= g.minSkip
			? {
					rule: 'min',
					status: 'not-evaluated',
					value: Number.NaN,
					reason: `only ${count(m.worn, 'worn sample')}: the minimum skips the first ${num(g.minSkip)} (the start-up ramp)`
				}
			: range(
					'min',
					`minimum ${num(m.min)} (after the first ${num(g.minSkip)} worn samples)`,
					m.min,
					g.minLow,
					g.minHigh
				);
	return [
		min,
		range('avg', `average ${num(m.avg, 1)}`, m.avg, g.avgLow, g.avgHigh),
		range('max', `maximum ${num(m.max)}`, m.max, g.maxLow, g.maxHigh)
	];
}

function range(
	rule: PpgRule,
	what: string,
	value: number,
	low: number,
	high: number
): Check<PpgRule> {
	if (value < low) return { rule, status: 'flag', value, reason: `${what} is below ${num(low)}` };
	if (value > high) return { rule, status: 'flag', value, reason: `${what} is above ${num(high)}` };
	return { rule, status: 'pass', value, reason: `${what} is within ${num(low)} to ${num(high)}` };
}
