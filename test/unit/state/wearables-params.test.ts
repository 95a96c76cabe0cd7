/**
 * The parameters panel's model: every parameter has a field, values are read and written
 * by field, inputs are parsed (blank optional limits are "no limit"), and the kernel's
 * messages are said in the panel's words.
 */
import { describe, expect, it } from 'vitest';
import { defaultDetectionParams } from '../../../src/lib/domain/wearables';
import { detectionParamsProblems } from '../../../src/lib/detection';
import {
	PARAM_FIELDS,
	changedFields,
	fieldPath,
	formatParamInput,
	getParam,
	paramsKey,
	paramsMessage,
	parseParamInput,
	setParam
} from '../../../src/lib/state/wearables-params';

const field = (path: string) => PARAM_FIELDS.find((f) => fieldPath(f) === path)!;

describe('PARAM_FIELDS', () => {
	it('covers every parameter but the mode, once', () => {
		const d = defaultDetectionParams();
		const all = (['rates', 'temperature', 'ppg', 'quality'] as const).flatMap((g) =>
			Object.keys(d[g]).map((k) => `${g}.${k}`)
		);
		expect(PARAM_FIELDS.map(fieldPath).sort()).toEqual(all.sort());
	});
});

describe('getParam / setParam', () => {
	it('read and write one field without touching the input', () => {
		const d = defaultDetectionParams();
		const next = setParam(d, field('temperature.window'), 600);
		expect(getParam(next, field('temperature.window'))).toBe(600);
		expect(getParam(d, field('temperature.window'))).toBe(1200);
		expect(next.ppg).toBe(d.ppg);
		expect(changedFields(next).map(fieldPath)).toEqual(['temperature.window']);
		expect(changedFields(d)).toEqual([]);
	});
});

describe('parseParamInput / formatParamInput', () => {
	it.each([
		['temperature.window', '600', 600],
		['temperature.window', ' 12.5 ', 12.5],
		['temperature.window', '', Number.NaN],
		['temperature.window', 'abc', Number.NaN],
		['quality.railLow', '', null],
		['quality.minPulseShare', '0.5', 0.5]
	])('%s: %j -> %j', (path, text, value) => {
		expect(parseParamInput(field(path), text)).toBe(value);
	});
	it('formats null and NaN as blank', () => {
		expect(formatParamInput(null)).toBe('');
		expect(formatParamInput(Number.NaN)).toBe('');
		expect(formatParamInput(1200)).toBe('1200');
		expect(formatParamInput(true)).toBe('true');
	});
});

describe('paramsKey', () => {
	it('ignores the mode and changes with any parameter', () => {
		const d = defaultDetectionParams();
		expect(paramsKey({ ...d, mode: 'original' })).toBe(paramsKey(d));
		expect(paramsKey(setParam(d, field('ppg.minSkip'), 999))).not.toBe(paramsKey(d));
	});
});

describe('paramsMessage', () => {
	it('names fields by their labels', () => {
		const bad = setParam(
			setParam(defaultDetectionParams(), field('temperature.window'), Number.NaN),
			field('temperature.avgLow'),
			5000
		);
		const messages = detectionParamsProblems(bad).map(paramsMessage);
		expect(messages).toEqual([
			'"Rolling window" (temperature) must be a whole number >= 2',
			'"Average at least" (temperature) must be <= "Average at most" (temperature)'
		]);
		expect(paramsMessage('"Average at least"/x')).toBe('"Average at least"/x');
		expect(paramsMessage('temperature.avgLow/avgHigh must be numbers')).toBe(
			'"Average at least"/"Average at most" (temperature) must be numbers'
		);
		expect(paramsMessage('temperature.nothing is kept')).toBe('temperature.nothing is kept');
	});
});
