export { detectBothModes, detectDeviceDay, type DetectOptions } from './device-day';
export { assertDetectionParams, detectionParamsProblems, resolveDetectionParams } from './params';
export { ppgRules, type PpgOptions } from './ppg';
export { bandPass, estimatePulse, type PulseEstimate, type PulseOptions } from './pulse';
export { ppgQuality, startupRamp, type QualityOptions } from './quality';
export {
	EXACT_PRODUCT_LIMIT,
	emptyBandTotals,
	maxAbsolute,
	rollingBand,
	rollingMeanStd,
	rollingPath,
	type BandTotals,
	type RollingBandOptions,
	type RollingPath,
	type RollingStats,
	type Samples
} from './rolling';
export { bands, temperatureRules, type TemperatureOptions } from './temperature';
