/**
 * One verdict per device-day: the temperature rule set of the chosen mode, the
 * original's PPG rule set and the PPG signal quality.
 */
import type {
	DetectionMode,
	DetectionParams,
	DeviceDay,
	DeviceDayFlag,
	DeviceDayResult,
	PpgQualityVerdict,
	PpgVerdict,
	TemperatureVerdict,
	VerdictStatus
} from '../domain/wearables';
import { assertDetectionParams, resolveDetectionParams } from './params';
import { ppgRules } from './ppg';
import { ppgQuality } from './quality';
import { temperatureRules } from './temperature';

export interface DetectOptions {
	/** Return the temperature series with its rolling statistics (for a chart). */
	series?: boolean;
	/**
	 * A work buffer for the temperature rules, used when it holds at least
	 * `temperature.length` elements (a worker passes one for all its records: a fresh
	 * 1.4 MB buffer per mode and device-day cost about a third of the rules' time). Its
	 * contents are overwritten; the results never refer to it.
	 */
	scratch?: Int32Array;
}

/** Runs every rule set on one device-day with `params` (default: the product's defaults). */
export function detectDeviceDay(
	rec: DeviceDay,
	params: DetectionParams = resolveDetectionParams(),
	options: DetectOptions = {}
): DeviceDayResult {
	assertDetectionParams(params);
	const ppg = ppgRules(rec, params, { trusted: true });
	const quality = ppgQuality(rec, params, { trusted: true });
	const temperature = temperatureRules(rec, params, {
		series: options.series,
		scratch: options.scratch,
		trusted: true
	});
	return combine(rec, params.mode, temperature, ppg, quality);
}

/**
 * Both modes side by side on the same parameters; the PPG sections are computed once, and
 * the two temperature passes share one work buffer (`options.scratch`, or one made here).
 */
export function detectBothModes(
	rec: DeviceDay,
	params: DetectionParams = resolveDetectionParams(),
	options: DetectOptions = {}
): Record<DetectionMode, DeviceDayResult> {
	assertDetectionParams(params);
	const ppg = ppgRules(rec, params, { trusted: true });
	const quality = ppgQuality(rec, params, { trusted: true });
	const n = rec.temperature.length;
	const scratch =
		options.scratch && options.scratch.length >= n ? options.scratch : new Int32Array(n);
	const run = (mode: DetectionMode) =>
		combine(
			rec,
			mode,
			temperatureRules(
				rec,
				{ ...params, mode },
				{ series: options.series, scratch, trusted: true }
			),
			ppg,
			quality
		);
	return { original: run('original'), 'wear-aware': run('wear-aware') };
}

function combine(
	rec: DeviceDay,
	mode: DetectionMode,
	temperature: TemperatureVerdict,
	ppg: PpgVerdict,
	quality: PpgQualityVerdict
): DeviceDayResult {
	const sections = [
		{ section: 'temperature' as const, verdict: temperature },
		{ section: 'ppg' as const, verdict: ppg },
		...(mode === 'wear-aware' ? [{ section: 'ppg-quality' as const, verdict: quality }] : [])
	];
	const flags: DeviceDayFlag[] = sections.flatMap(({ section, verdict }) =>
		verdict.flags.map((f) => ({ section, ...f }))
	);
	const statuses = sections.map((s) => s.verdict.status);
	const status: VerdictStatus = flags.length
		? 'flagged'
		: statuses.includes('insufficient-data')
			? 'insufficient-data'
			: 'ok';
	return { device: rec.device, day: rec.day, mode, status, flags, temperature, ppg, quality };
}
