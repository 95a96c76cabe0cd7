import { describe, expect, it } from 'vitest';
import {
	clientStores,
	FAILED,
	TRUTH_ANOMALY,
	TRUTH_FAILED,
	TRUTH_OUTAGE,
	TRUTH_STUCK,
	type FootfallModel,
	type GeneratorKind
} from '../../../src/lib/domain/footfall';
import { defaultHealthParams } from '../../../src/lib/health/params';
import { storeMatricesFromReadings } from '../../../src/lib/health/matrix';
import { addScores, scoreHealth, simulatedOpenHours } from '../../../src/lib/health/score';
import { storeHealth } from '../../../src/lib/health/store-health';
import { simulate } from '../../../src/lib/simulation/footfall';
import { hourOf, setReading, syntheticStore } from './helpers';

describe('scoreHealth counts hits against the truth', () => {
	it('precision over every flag, recall over the truth in opening hours', () => {
		const m = syntheticStore({ sensors: 3, days: 56, seed: 13 });
		const truth = new Uint8Array(m.counts.length);
		const at = (day: string, hour: number) => hourOf(day, hour) - m.startHour;
		// a flagged failure, a silent stuck 0, an anomaly, and a failure at night (not counted)
		setReading(m, 0, hourOf('2024-02-06', 10), FAILED);
		truth[at('2024-02-06', 10)] = TRUTH_FAILED;
		setReading(m, 1, hourOf('2024-02-07', 11), 0);
		truth[m.hours + at('2024-02-07', 11)] = TRUTH_FAILED | TRUTH_OUTAGE | TRUTH_STUCK;
		setReading(m, 2, hourOf('2024-02-08', 12), 90);
		truth[2 * m.hours + at('2024-02-08', 12)] = TRUTH_ANOMALY;
		setReading(m, 2, hourOf('2024-02-08', 2), FAILED);
		truth[2 * m.hours + at('2024-02-08', 2)] = TRUTH_FAILED;
		// a failure the truth does not know (a false flag)
		setReading(m, 1, hourOf('2024-02-09', 9), FAILED);
		const h = storeHealth(m, defaultHealthParams());
		const score = scoreHealth(h, { ...m, truth });
		expect(score.failures).toMatchObject({ planted: 2, found: 2, flagged: 3, correct: 2 });
		expect(score.failures.recall).toBe(1);
		expect(score.failures.precision).toBeCloseTo(2 / 3, 12);
		expect(score.stuck).toMatchObject({ planted: 1, found: 1, recall: 1 });
		expect(score.anomalies.planted).toBe(1);
		expect(score.anomalies.found).toBe(1);
		const sum = addScores([score, score]);
		expect(sum.failures).toMatchObject({ planted: 4, flagged: 6, recall: 1 });
	});

	it('refuses a truth of another shape', () => {
		const m = syntheticStore({ days: 7 });
		const h = storeHealth(m, defaultHealthParams());
		expect(() => scoreHealth(h, { ...m, truth: new Uint8Array(5) })).toThrow(
			'truth must hold sensors x hours'
		);
	});

	it("the simulator's opening hours are 60 a week", () => {
		expect(simulatedOpenHours().reduce((a, b) => a + b, 0)).toBe(60);
	});
});

/** The client's five stores over two years, scored store by store and together. */
function scoreClientStores(generator: GeneratorKind, model: FootfallModel) {
	const params = {
		generator,
		model,
		seed: 'quality',
		start: '2023-01-01',
		end: '2024-12-31',
		stores: clientStores()
	};
	const stores = storeMatricesFromReadings(
		simulate(params),
		params.stores.map((s) => s.name)
	);
	const scores = stores.map(({ matrix, truth }) =>
		scoreHealth(storeHealth(matrix, defaultHealthParams()), { ...matrix, truth })
	);
	return { all: addScores(scores), scores };
}

describe('measured quality on seeded runs (issue 5, item 7)', () => {
	it.each([['original'], ['rich']] as [FootfallModel][])(
		'%s model: failures recall >= 0.95 and precision >= 0.9, anomalies recall >= 0.9',
		(model) => {
			const { all, scores } = scoreClientStores('seeded', model);
			expect(all.failures.planted).toBeGreaterThan(500);
			expect(all.anomalies.planted).toBeGreaterThan(5000);
			expect(all.failures.recall).toBeGreaterThanOrEqual(0.95);
			expect(all.failures.precision).toBeGreaterThanOrEqual(0.9);
			expect(all.anomalies.recall).toBeGreaterThanOrEqual(0.9);
			// and store by store, the one-sensor store included
			for (const s of scores) {
				expect(s.failures.recall).toBeGreaterThanOrEqual(0.95);
				expect(s.anomalies.recall).toBeGreaterThanOrEqual(0.9);
			}
			if (model === 'rich') {
				// the silent stuck-at-zero outages are found by the zero flag
				expect(all.stuck.planted).toBeGreaterThan(50);
				expect(all.stuck.recall).toBeGreaterThanOrEqual(0.95);
			}
		}
	);
});
