/**
 * The detection parameters as a form: every field with its label, unit and group, read
 * and written by name, and the kernel's validation messages in the form's words.
 * Pure: no Svelte.
 */
import {
	defaultDetectionParams,
	type DetectionParams,
	type PpgParams,
	type PpgQualityParams,
	type SampleRates,
	type TemperatureParams
} from '../domain/wearables';

export type ParamGroup = 'temperature' | 'ppg' | 'quality' | 'rates';

type GroupKeys = {
	temperature: keyof TemperatureParams;
	ppg: keyof PpgParams;
	quality: keyof PpgQualityParams;
	rates: keyof SampleRates;
};

/** One input of the parameters panel. */
export interface ParamField<G extends ParamGroup = ParamGroup> {
	group: G;
	name: GroupKeys[G];
	label: string;
	/** Unit shown beside the input. */
	unit?: string;
	/** `number`; `optional` (blank = no limit, null); `boolean` (a checkbox). */
	kind: 'number' | 'optional' | 'boolean';
	/** The input's step. */
	step?: string;
	/** A short explanation under the label. */
	hint?: string;
	/** Matters in wear-aware mode only. */
	wearAwareOnly?: boolean;
}

export const PARAM_GROUP_LABEL: Record<ParamGroup, string> = {
	temperature: 'Temperature rules',
	ppg: 'PPG rules (the original)',
	quality: 'PPG quality (wear-aware verdict)',
	rates: 'Sample rates of the files'
};

const f = <G extends ParamGroup>(field: ParamField<G>): ParamField => field as ParamField;

/** Every parameter of `DetectionParams` but the mode, in panel order. */
export const PARAM_FIELDS: readonly ParamField[] = [
	f({
		group: 'temperature',
		name: 'window',
		label: 'Rolling window',
		unit: 'samples',
		kind: 'number',
		step: '1',
		hint: '1200 = 5 min at 4 Hz'
	}),
	f({
		group: 'temperature',
		name: 'k',
		label: 'Band width k',
		unit: 'std',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'temperature',
		name: 'volatilityLimit',
		label: 'Volatility index limit',
		unit: 'cents',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'temperature',
		name: 'avgLow',
		label: 'Average at least',
		unit: 'cents',
		kind: 'number',
		step: 'any',
		hint: '3200 = 32.00 °C'
	}),
	f({
		group: 'temperature',
		name: 'avgHigh',
		label: 'Average at most',
		unit: 'cents',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'temperature',
		name: 'maxHigh',
		label: 'Maximum at most',
		unit: 'cents',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'temperature',
		name: 'settleSeconds',
		label: 'Settling after donning',
		unit: 's',
		kind: 'number',
		step: 'any',
		wearAwareOnly: true
	}),
	f({
		group: 'temperature',
		name: 'settleAtStart',
		label: 'Settle at the start of a recording too',
		kind: 'boolean',
		wearAwareOnly: true
	}),
	f({
		group: 'ppg',
		name: 'ruleHz',
		label: 'Decimated to',
		unit: 'Hz',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'ppg',
		name: 'minSkip',
		label: 'Worn rows skipped before the minimum',
		unit: 'rows',
		kind: 'number',
		step: '1'
	}),
	f({ group: 'ppg', name: 'minLow', label: 'Minimum at least', kind: 'number', step: 'any' }),
	f({ group: 'ppg', name: 'minHigh', label: 'Minimum at most', kind: 'number', step: 'any' }),
	f({ group: 'ppg', name: 'avgLow', label: 'Average at least', kind: 'number', step: 'any' }),
	f({ group: 'ppg', name: 'avgHigh', label: 'Average at most', kind: 'number', step: 'any' }),
	f({ group: 'ppg', name: 'maxLow', label: 'Maximum at least', kind: 'number', step: 'any' }),
	f({ group: 'ppg', name: 'maxHigh', label: 'Maximum at most', kind: 'number', step: 'any' }),
	f({
		group: 'quality',
		name: 'flatRunSamples',
		label: 'Flat line: identical samples in a row',
		unit: 'samples',
		kind: 'number',
		step: '1'
	}),
	f({
		group: 'quality',
		name: 'flatLimit',
		label: 'Flat-line share at most',
		unit: '0..1',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'quality',
		name: 'clipLimit',
		label: 'Clipped share at most',
		unit: '0..1',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'quality',
		name: 'railLow',
		label: 'ADC low rail',
		kind: 'optional',
		step: 'any',
		hint: 'blank: unknown'
	}),
	f({
		group: 'quality',
		name: 'railHigh',
		label: 'ADC high rail',
		kind: 'optional',
		step: 'any',
		hint: 'blank: unknown'
	}),
	f({
		group: 'quality',
		name: 'pulseWindowSeconds',
		label: 'Pulse window',
		unit: 's',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'quality',
		name: 'minBpm',
		label: 'Pulse at least',
		unit: 'bpm',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'quality',
		name: 'maxBpm',
		label: 'Pulse at most',
		unit: 'bpm',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'quality',
		name: 'minCorrelation',
		label: 'Pulse correlation at least',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'quality',
		name: 'minPulseShare',
		label: 'Pulse share at least',
		unit: '0..1',
		kind: 'optional',
		step: 'any',
		hint: 'blank: report only'
	}),
	f({
		group: 'rates',
		name: 'onWristHz',
		label: 'On-wrist',
		unit: 'Hz',
		kind: 'number',
		step: 'any'
	}),
	f({
		group: 'rates',
		name: 'temperatureHz',
		label: 'Temperature',
		unit: 'Hz',
		kind: 'number',
		step: 'any'
	}),
	f({ group: 'rates', name: 'ppgHz', label: 'PPG', unit: 'Hz', kind: 'number', step: 'any' })
];

/** `temperature.window`: how the kernel names a parameter. */
export const fieldPath = (field: ParamField): string => `${field.group}.${String(field.name)}`;

export type ParamValue = number | boolean | null;

/** The value of `field` in `p`. */
export function getParam(p: DetectionParams, field: ParamField): ParamValue {
	return (p[field.group] as unknown as Record<string, ParamValue>)[String(field.name)];
}

/** A copy of `p` with `field` set to `value` (other groups shared, not copied). */
export function setParam(
	p: DetectionParams,
	field: ParamField,
	value: ParamValue
): DetectionParams {
	return { ...p, [field.group]: { ...p[field.group], [field.name]: value } };
}

/** An input's text as a field value: blank is NaN (a problem) or null for optional fields. */
export function parseParamInput(field: ParamField, text: string): ParamValue {
	const t = text.trim();
	if (t === '') return field.kind === 'optional' ? null : Number.NaN;
	return Number(t);
}

/** A field value as an input's text. */
export function formatParamInput(value: ParamValue): string {
	if (value === null) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	return String(value);
}

/** The parameters without the mode, as one comparable string (both modes are always run). */
export function paramsKey(p: DetectionParams): string {
	return JSON.stringify({
		rates: p.rates,
		temperature: p.temperature,
		ppg: p.ppg,
		quality: p.quality
	});
}

/** Fields whose value differs from the default. */
export function changedFields(p: DetectionParams): ParamField[] {
	const d = defaultDetectionParams();
	return PARAM_FIELDS.filter((field) => !Object.is(getParam(p, field), getParam(d, field)));
}

const GROUP_SHORT: Record<ParamGroup, string> = {
	temperature: 'temperature',
	ppg: 'PPG',
	quality: 'PPG quality',
	rates: 'sample rate'
};

/**
 * A kernel message (`temperature.window must be ...`) in the panel's words
 * (`"Rolling window" (temperature) must be ...`).
 */
export function paramsMessage(message: string): string {
	return message.replace(
		/\b(rates|temperature|ppg|quality)\.(\w+)(?:\/(\w+))?/g,
		(all, g: ParamGroup, name: string, second?: string) => {
			const label = (n: string) => PARAM_FIELDS.find((x) => x.group === g && x.name === n)?.label;
			const a = label(name);
			if (!a) return all;
			const b = second ? label(second) : undefined;
			return `"${a}"${b ? `/"${b}"` : ''} (${GROUP_SHORT[g]})`;
		}
	);
}
