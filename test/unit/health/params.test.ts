import { describe, expect, it } from 'vitest';
import type { HealthParams } from '../../../src/lib/domain/health';
import {
	assertHealthParams,
	defaultHealthParams,
	healthParamsProblems
} from '../../../src/lib/health/params';

describe('health parameters', () => {
	it('the defaults are valid', () => {
		expect(healthParamsProblems(defaultHealthParams())).toEqual([]);
		expect(defaultHealthParams()).toEqual({
			weeks: 4,
			k: 4,
			failedShare: 0.25,
			siblingTolerance: 0.3
		});
	});

	it.each([
		[{ weeks: 1 }, 'weeks must be a whole number from 2 to 52 (got 1)'],
		[{ weeks: 2.5 }, 'weeks must be a whole number from 2 to 52 (got 2.5)'],
		[{ k: 0 }, 'k must be a number above 0 and at most 20 (got 0)'],
		[{ k: Number.NaN }, 'k must be a number above 0 and at most 20 (got NaN)'],
		[{ failedShare: 1.5 }, 'failedShare must be above 0 and at most 1 (got 1.5)'],
		[{ siblingTolerance: -1 }, 'siblingTolerance must be a number above 0 (got -1)']
	] as [Partial<HealthParams>, string][])('names the field: %o', (patch, message) => {
		const p = { ...defaultHealthParams(), ...patch };
		expect(healthParamsProblems(p)).toEqual([message]);
		expect(() => assertHealthParams(p)).toThrow(message);
	});

	it('lists every problem at once', () => {
		const p = { weeks: 0, k: -1, failedShare: 0, siblingTolerance: 0 };
		expect(healthParamsProblems(p)).toHaveLength(4);
		expect(healthParamsProblems(null as unknown as HealthParams)).toEqual([
			'health parameters must be an object'
		]);
	});
});
