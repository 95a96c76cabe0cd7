/**
 * Health parameters: the defaults and their validation, every problem in words naming
 * the field (the page shows them beside the inputs; `storeHealth` throws them).
 */
import type { HealthParams } from '../domain/health';

/**
 * The defaults (see README.md for why): 4 weeks of history, as the original's 4-week
 * baseline; bands of 4 robust standard deviations; a sensor-day is failing from a
 * quarter of its opening hours; 30 % off its siblings.
 */
export function defaultHealthParams(): HealthParams {
	return { weeks: 4, k: 4, failedShare: 0.25, siblingTolerance: 0.3 };
}

/** Most weeks of history a band may use (the history rings are weeks x 168 per sensor). */
export const MAX_WEEKS = 52;

/** Problems with `p` in words; empty when every parameter is usable. */
export function healthParamsProblems(p: HealthParams): string[] {
	if (p === null || typeof p !== 'object') return ['health parameters must be an object'];
	const problems: string[] = [];
	const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
	if (!Number.isInteger(p.weeks) || p.weeks < 2 || p.weeks > MAX_WEEKS) {
		problems.push(`weeks must be a whole number from 2 to ${MAX_WEEKS} (got ${String(p.weeks)})`);
	}
	if (!finite(p.k) || p.k <= 0 || p.k > 20) {
		problems.push(`k must be a number above 0 and at most 20 (got ${String(p.k)})`);
	}
	if (!finite(p.failedShare) || p.failedShare <= 0 || p.failedShare > 1) {
		problems.push(`failedShare must be above 0 and at most 1 (got ${String(p.failedShare)})`);
	}
	if (!finite(p.siblingTolerance) || p.siblingTolerance <= 0) {
		problems.push(`siblingTolerance must be a number above 0 (got ${String(p.siblingTolerance)})`);
	}
	return problems;
}

/** Throws a RangeError listing every problem of `p`. */
export function assertHealthParams(p: HealthParams): void {
	const problems = healthParamsProblems(p);
	if (problems.length) throw new RangeError(`Invalid health parameters: ${problems.join('; ')}`);
}
