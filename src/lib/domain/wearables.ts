/**
 * Shared vocabulary of the wearable fault detection (SEED-FACTS section 2).
 * Imports nothing. Time is the sample index over the sample rate: there are no
 * timestamps in the device files.
 */

/** One device and one day: the three headerless single-column files of its folder. */
export interface DeviceDay {
	/** Folder name, e.g. `device_015`. */
	device: string;
	/** `YYYY-MM-DD`, from the `YYYY/MM/DD/` folders. */
	day: string;
	/** `on_wrist.csv`, 1 Hz, 0 (not worn) or 1 (worn). */
	onWrist: Uint8Array | Int32Array;
	/** `temperature.csv`, 4 Hz, cents of a degree Celsius (3600 = 36.00 °C). */
	temperature: Int32Array;
	/** `ppg_green.csv`, 64 Hz, raw units; recordings start with a ramp 63, 126, 189, ... */
	ppg: Int32Array;
}

/**
 * `original`: the seed's rule sets as it computed them (worn segments glued end to end).
 * `wear-aware`: rolling statistics restart at each donning and skip a settling period.
 */
export type DetectionMode = 'original' | 'wear-aware';
export const DETECTION_MODES: readonly DetectionMode[] = ['original', 'wear-aware'];

/** Sample rates of the three files. Their ratios must be whole numbers. */
export interface SampleRates {
	onWristHz: number;
	temperatureHz: number;
	ppgHz: number;
}

/** The temperature rule set. Values are in the file's unit (cents of a degree). */
export interface TemperatureParams {
	/** Rolling window in samples (the original: 1200 = 5 min at 4 Hz). */
	window: number;
	/** Band half-width in rolling standard deviations (the original: 3). */
	k: number;
	/** Volatility flag when the volatility index is above this (the original: 50). */
	volatilityLimit: number;
	/** Average flag when the average is below this (the original: 3200 = 32 °C). */
	avgLow: number;
	/** Average flag when the average is above this (the original: 4300 = 43 °C). */
	avgHigh: number;
	/** Maximum flag when the maximum is above this (the original: 4300 = 43 °C). */
	maxHigh: number;
	/** Wear-aware only: seconds skipped after each donning before any statistic. */
	settleSeconds: number;
	/**
	 * Wear-aware only: also skip `settleSeconds` when the recording starts on the wrist.
	 * Off by default: such a recording was not just put on (see the README).
	 */
	settleAtStart: boolean;
}

/** The original's PPG rule set, in raw PPG units. */
export interface PpgParams {
	/** Rate the PPG is decimated to (the original: 4 Hz, i.e. every 16th sample at 64 Hz). */
	ruleHz: number;
	/** Worn samples skipped before the minimum is taken (the original: 1000). */
	minSkip: number;
	minLow: number;
	minHigh: number;
	avgLow: number;
	avgHigh: number;
	maxLow: number;
	maxHigh: number;
}

/** PPG signal quality, beyond the original, on the full-rate worn PPG. */
export interface PpgQualityParams {
	/** A run of at least this many identical consecutive samples is a flat line. */
	flatRunSamples: number;
	/** Flag when the flat-line fraction of worn samples is above this. */
	flatLimit: number;
	/** Known ADC rails, or null when unknown: samples at or beyond them are clipped. */
	railLow: number | null;
	railHigh: number | null;
	/** Flag when the clipped fraction of worn samples is above this. */
	clipLimit: number;
	/** Length of the windows the pulse rate is estimated in. */
	pulseWindowSeconds: number;
	/** Plausible pulse rates, beats per minute. */
	minBpm: number;
	maxBpm: number;
	/** Normalised autocorrelation a window's best lag must reach to count as a pulse. */
	minCorrelation: number;
	/**
	 * Flag when fewer than this share of the full worn windows shows a plausible pulse;
	 * null (the default) reports the share without judging it (see the README).
	 */
	minPulseShare: number | null;
}

export interface DetectionParams {
	mode: DetectionMode;
	rates: SampleRates;
	temperature: TemperatureParams;
	ppg: PpgParams;
	quality: PpgQualityParams;
}

/** The product's defaults: wear-aware mode, the original's thresholds. Fresh objects. */
export function defaultDetectionParams(): DetectionParams {
	return {
		mode: 'wear-aware',
		rates: { onWristHz: 1, temperatureHz: 4, ppgHz: 64 },
		temperature: {
			window: 1200,
			k: 3,
			volatilityLimit: 50,
			avgLow: 3200,
			avgHigh: 4300,
			maxHigh: 4300,
			settleSeconds: 300,
			settleAtStart: false
		},
		ppg: {
			ruleHz: 4,
			minSkip: 1000,
			minLow: 1000,
			minHigh: 6000,
			avgLow: 5000,
			avgHigh: 11000,
			maxLow: 19000,
			maxHigh: 21000
		},
		quality: {
			flatRunSamples: 64,
			flatLimit: 0.05,
			railLow: null,
			railHigh: null,
			clipLimit: 0.01,
			pulseWindowSeconds: 8,
			minBpm: 40,
			maxBpm: 200,
			minCorrelation: 0.5,
			minPulseShare: null
		}
	};
}

/** Overrides of some parameters; the rest come from `defaultDetectionParams()`. */
export interface DetectionParamsPatch {
	mode?: DetectionMode;
	rates?: Partial<SampleRates>;
	temperature?: Partial<TemperatureParams>;
	ppg?: Partial<PpgParams>;
	quality?: Partial<PpgQualityParams>;
}

/**
 * `pass`: within limits. `flag`: outside (a fault). `not-evaluated`: not enough data.
 * `info`: measured and reported, but no limit is set for it.
 */
export type CheckStatus = 'pass' | 'flag' | 'not-evaluated' | 'info';

/** One rule applied to one metric, with its verdict in words. */
export interface Check<R extends string = string> {
	rule: R;
	status: CheckStatus;
	/** The metric the rule looked at; NaN when it could not be computed. */
	value: number;
	/** In words, e.g. "average 474.31 °C is above 43.00 °C". */
	reason: string;
}

export type TemperatureRule = 'volatility' | 'avg' | 'max';
export type PpgRule = 'min' | 'avg' | 'max';
export type PpgQualityRule = 'flat-line' | 'clipping' | 'pulse';

/**
 * `ok`: every evaluated check passed. `flagged`: at least one check flagged.
 * `insufficient-data`: nothing to judge (no worn samples); no flags are raised.
 */
export type VerdictStatus = 'ok' | 'flagged' | 'insufficient-data';

export interface TemperatureMetrics {
	/** Temperature samples in the file. */
	samples: number;
	/** Temperature samples past the end of the on-wrist file: counted as not worn. */
	noOnWristReading: number;
	/** Temperature samples with the device on the wrist (including zero readings). */
	worn: number;
	/** Worn samples skipped as settling after a donning (wear-aware; 0 in original mode). */
	settling: number;
	/** Samples the statistics ran on: worn, not settling, reading not 0. */
	analysed: number;
	/** Contiguous worn runs (donnings, plus one if the recording starts worn). */
	segments: number;
	/** Analysed samples with a defined band (the window was full). */
	banded: number;
	/** Banded samples outside the band. */
	outside: number;
	/** Sum of the excursions beyond the band over `outside`, or 0 when none. */
	volatilityIndex: number;
	/** Mean and maximum of the analysed samples (cents); NaN when there are none. */
	avg: number;
	max: number;
}

/** What a chart needs: the analysed samples and their rolling statistics. */
export interface TemperatureSeries {
	/** Temperature-sample index of each analysed sample (seconds = index / temperatureHz). */
	index: Int32Array;
	/** The analysed value (cents). */
	value: Int32Array;
	/** Rolling mean and sample std at each analysed sample; NaN until the window is full. */
	mean: Float64Array;
	std: Float64Array;
	/** Band half-width in std: upper = mean + k std, lower = mean - k std. */
	k: number;
	/**
	 * Worn runs as triples [start, analysisStart, end) of temperature-sample indices;
	 * `analysisStart - start` samples were settling (0 in original mode).
	 */
	segments: Int32Array;
}

export interface TemperatureVerdict {
	mode: DetectionMode;
	status: VerdictStatus;
	metrics: TemperatureMetrics;
	/** All three checks, in the order volatility, avg, max. */
	checks: Check<TemperatureRule>[];
	/** The checks whose status is `flag`. */
	flags: Check<TemperatureRule>[];
	/** Facts about the file worth saying (missing on-wrist readings, settling...). */
	notes: string[];
	/** Present when asked for (`series: true`). */
	series?: TemperatureSeries;
}

export interface PpgMetrics {
	/** PPG samples in the file (full rate). */
	samples: number;
	/** Decimated PPG samples (every `ppgHz / ruleHz`-th). */
	decimated: number;
	/** Rows after aligning decimated PPG with the upsampled on-wrist signal by index. */
	rows: number;
	/** Rows where only one side had a value: kept, counted in no statistic. */
	unaligned: number;
	/** Rows with both sides and a non-zero product. */
	worn: number;
	/** min after skipping the first `minSkip` worn rows; avg and max over all. NaN when none. */
	min: number;
	avg: number;
	max: number;
}

export interface PpgVerdict {
	status: VerdictStatus;
	metrics: PpgMetrics;
	checks: Check<PpgRule>[];
	flags: Check<PpgRule>[];
	notes: string[];
}

export interface PpgQualityMetrics {
	/** Leading samples of the start-up ramp (constant positive step), excluded. */
	ramp: number;
	/** Full-rate PPG samples worn and after the ramp: the base of the fractions. */
	worn: number;
	/** Share of worn samples inside runs of >= flatRunSamples identical values. */
	flatFraction: number;
	/** Share of worn samples at the worn series' min or max, or at/beyond a rail. */
	clipFraction: number;
	/** The worn series' extremes. */
	low: number;
	high: number;
	/** Full worn windows examined for a pulse, and those with a plausible one. */
	windows: number;
	plausibleWindows: number;
	/** plausibleWindows / windows, NaN when no window. */
	pulseShare: number;
	/** Median pulse rate over plausible windows, NaN when none. */
	medianBpm: number;
}

/** Per-window pulse estimates, for a chart. */
export interface PulseSeries {
	/** First full-rate PPG sample of each window. */
	start: Int32Array;
	/** Estimated rate (bpm), NaN when the window has no plausible pulse. */
	bpm: Float64Array;
	/** Best normalised autocorrelation in the plausible lag range. */
	correlation: Float64Array;
}

export interface PpgQualityVerdict {
	status: VerdictStatus;
	metrics: PpgQualityMetrics;
	checks: Check<PpgQualityRule>[];
	flags: Check<PpgQualityRule>[];
	notes: string[];
	pulse: PulseSeries;
}

export type DetectionSection = 'temperature' | 'ppg' | 'ppg-quality';

/** A flag of a device-day, with the rule set it came from. */
export interface DeviceDayFlag extends Check {
	section: DetectionSection;
}

export interface DeviceDayResult {
	device: string;
	day: string;
	mode: DetectionMode;
	/**
	 * Over the sections that count in this mode: temperature and PPG in `original`
	 * (the original's verdict), plus PPG quality in `wear-aware`.
	 */
	status: VerdictStatus;
	/** Flags of the sections that count, in section order. */
	flags: DeviceDayFlag[];
	temperature: TemperatureVerdict;
	ppg: PpgVerdict;
	/** Always computed; counts in the status only in `wear-aware` mode. */
	quality: PpgQualityVerdict;
}
