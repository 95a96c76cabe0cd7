/**
 * Measured quality of the health flags against the simulator's ground truth (issue 5,
 * item 7). Failures: the truth's FAILED readings in opening hours (silent stuck-at-zero
 * outages of the rich model included) against the flags failed, zero and missing.
 * Anomalies: the truth's ANOMALY readings (x 0.1) against the flags low and high.
 * Precision counts every flag of the kind; recall counts the truth in opening hours.
 */
import { TRUTH_ANOMALY, TRUTH_FAILED, TRUTH_STUCK } from '../domain/footfall';
import type { StoreHealth } from '../domain/health';
import { WEEK_SLOTS, weekSlot } from './open';
import { KIND_FAILED, KIND_HIGH, KIND_LOW, KIND_MISSING, KIND_ZERO } from './store-health';

/** The truth bits of one store in the layout of its matrix. */
export interface TruthMatrix {
	sensors: number;
	startHour: number;
	hours: number;
	/** `TRUTH_*` bits, `truth[sensor * hours + h]`. */
	truth: Uint8Array;
}

export interface Confusion {
	/** Planted events in opening hours. */
	planted: number;
	/** Flags raised. */
	flagged: number;
	/** Planted events that were flagged (recall's numerator). */
	found: number;
	/** Flags on a planted event (precision's numerator). */
	correct: number;
	/** found / planted (NaN when nothing was planted). */
	recall: number;
	/** correct / flagged (NaN when nothing was flagged). */
	precision: number;
}

export interface HealthScore {
	failures: Confusion;
	anomalies: Confusion;
	/** The silent outages alone (TRUTH_STUCK): recall of the zero flag. */
	stuck: Confusion;
}

/** The simulator's opening hours (both models): Monday to Saturday, 8:00 to 17:00. */
export function simulatedOpenHours(): Uint8Array {
	const open = new Uint8Array(WEEK_SLOTS);
	for (let d = 0; d < 6; d++) open.fill(1, d * 24 + 8, d * 24 + 18);
	return open;
}

function confusion(): Confusion {
	return { planted: 0, flagged: 0, found: 0, correct: 0, recall: NaN, precision: NaN };
}

function finish(c: Confusion): Confusion {
	c.recall = c.planted ? c.found / c.planted : Number.NaN;
	c.precision = c.flagged ? c.correct / c.flagged : Number.NaN;
	return c;
}

/** Sums of several scores (e.g. the five stores), with recall and precision recomputed. */
export function addScores(scores: readonly HealthScore[]): HealthScore {
	const out: HealthScore = { failures: confusion(), anomalies: confusion(), stuck: confusion() };
	for (const s of scores) {
		for (const key of ['failures', 'anomalies', 'stuck'] as const) {
			out[key].planted += s[key].planted;
			out[key].flagged += s[key].flagged;
			out[key].found += s[key].found;
			out[key].correct += s[key].correct;
		}
	}
	finish(out.failures);
	finish(out.anomalies);
	finish(out.stuck);
	return out;
}

/**
 * Precision and recall of `health`'s hour flags against `truth` (same store, same
 * layout). `open` (168 slots) says which hours count as opening hours for recall;
 * default: the simulator's.
 */
export function scoreHealth(
	health: StoreHealth,
	truth: TruthMatrix,
	open: Uint8Array = simulatedOpenHours()
): HealthScore {
	const { sensors, hours, startHour } = truth;
	if (truth.truth.length !== sensors * hours) {
		throw new RangeError(
			`scoreHealth: truth must hold sensors x hours = ${sensors * hours} values (got ${truth.truth.length})`
		);
	}
	// flag kind + 1 per cell (0: no flag)
	const flagged = new Uint8Array(sensors * hours);
	const f = health.hours;
	for (let i = 0; i < f.length; i++) {
		const t = f.hour[i] - startHour;
		if (f.sensor[i] >= sensors || t < 0 || t >= hours) {
			throw new RangeError(
				`scoreHealth: flag ${i} (sensor ${f.sensor[i]}, hour ${f.hour[i]}) is outside the truth`
			);
		}
		flagged[f.sensor[i] * hours + t] = f.kind[i] + 1;
	}
	const failures = confusion();
	const anomalies = confusion();
	const stuck = confusion();
	for (let s = 0; s < sensors; s++) {
		let slot = weekSlot(startHour);
		for (let t = 0; t < hours; t++, slot = slot + 1 === WEEK_SLOTS ? 0 : slot + 1) {
			const cell = s * hours + t;
			const bits = truth.truth[cell];
			const kind = flagged[cell] - 1;
			const isFailureFlag = kind === KIND_FAILED || kind === KIND_ZERO || kind === KIND_MISSING;
			const isAnomalyFlag = kind === KIND_LOW || kind === KIND_HIGH;
			if (isFailureFlag) {
				failures.flagged++;
				if (bits & TRUTH_FAILED) failures.correct++;
			}
			if (isAnomalyFlag) {
				anomalies.flagged++;
				if (bits & TRUTH_ANOMALY) anomalies.correct++;
			}
			if (kind === KIND_ZERO) {
				stuck.flagged++;
				if (bits & TRUTH_STUCK) stuck.correct++;
			}
			if (!open[slot]) continue;
			if (bits & TRUTH_FAILED) {
				failures.planted++;
				if (isFailureFlag) failures.found++;
			}
			if (bits & TRUTH_ANOMALY) {
				anomalies.planted++;
				if (isAnomalyFlag) anomalies.found++;
			}
			if (bits & TRUTH_STUCK) {
				stuck.planted++;
				if (kind === KIND_ZERO) stuck.found++;
			}
		}
	}
	return { failures: finish(failures), anomalies: finish(anomalies), stuck: finish(stuck) };
}
