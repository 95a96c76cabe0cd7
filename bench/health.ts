/**
 * Footfall sensor health in one thread: `storeHealth` on the client's five stores (39
 * sensors) over ten years, 2015-2024 (3.4M readings), for the original model and the
 * rich one; the first (cold) run and the median of the warm runs, in ms and readings/s.
 * Then the measured quality of the flags against the simulator's ground truth
 * (precision and recall of failures, anomalies and silent stuck-at-zero outages), for
 * both models and both generators.
 *
 * Run: `npx tsx bench/health.ts` (or `npm run bench -- health`).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
	clientStores,
	type FootfallModel,
	type GeneratorKind,
	type SimulationParams
} from '../src/lib/domain/footfall';
import {
	addScores,
	defaultHealthParams,
	scoreHealth,
	storeHealth,
	storeMatricesFromReadings,
	type Confusion
} from '../src/lib/health';
import { simulate } from '../src/lib/simulation/footfall';
import { median, saveResults } from './machine';

const RUNS = 5;
const TARGET_MS = 2000;

function simulation(generator: GeneratorKind, model: FootfallModel): SimulationParams {
	return {
		generator,
		model,
		seed: 'sensors-and-more',
		start: '2015-01-01',
		end: '2024-12-31',
		stores: clientStores()
	};
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const brief = (c: Confusion) => ({
	planted: c.planted,
	flagged: c.flagged,
	recall: round(c.recall),
	precision: round(c.precision)
});

export async function run() {
	const params = defaultHealthParams();
	const loadBefore = loadavg()[0];
	const speed = [];
	const quality = [];
	for (const [generator, model] of [
		['seeded', 'original'],
		['seeded', 'rich'],
		['numpy', 'original']
	] as [GeneratorKind, FootfallModel][]) {
		const sim = simulation(generator, model);
		const readings = simulate(sim);
		const stores = storeMatricesFromReadings(
			readings,
			sim.stores.map((s) => s.name)
		);
		const times: number[] = [];
		let results = stores.map(() => null as ReturnType<typeof storeHealth> | null);
		for (let r = 0; r < RUNS + 1; r++) {
			const t0 = performance.now();
			results = stores.map((s) => storeHealth(s.matrix, params));
			times.push(performance.now() - t0);
		}
		const cold = times[0];
		const warm = median(times.slice(1));
		const row = {
			generator,
			model,
			readings: readings.length,
			sensors: stores.reduce((n, s) => n + s.matrix.sensors, 0),
			coldMs: Math.round(cold),
			medianMs: Math.round(warm),
			mReadingsPerS: round(readings.length / warm / 1000, 1),
			hourFlags: results.reduce((n, h) => n + (h?.hours.length ?? 0), 0)
		};
		speed.push(row);
		console.log(
			`${generator}/${model}: ${row.readings} readings, ${row.sensors} sensors: cold ${row.coldMs} ms, median ${row.medianMs} ms (${row.mReadingsPerS}M readings/s; target < ${TARGET_MS} ms)`
		);
		const scores = stores.map(({ matrix, truth }, i) =>
			scoreHealth(results[i]!, { ...matrix, truth })
		);
		const all = addScores(scores);
		const q = {
			generator,
			model,
			failures: brief(all.failures),
			anomalies: brief(all.anomalies),
			stuck: brief(all.stuck),
			byStore: scores.map((s, i) => ({
				store: stores[i].matrix.store,
				failures: brief(s.failures),
				anomalies: brief(s.anomalies)
			}))
		};
		quality.push(q);
		console.log(
			`  failures recall ${q.failures.recall} precision ${q.failures.precision} (${q.failures.planted} planted); anomalies recall ${q.anomalies.recall} precision ${q.anomalies.precision} (${q.anomalies.planted}); stuck recall ${q.stuck.recall} (${q.stuck.planted})`
		);
	}
	saveResults('health', {
		what: 'footfall sensor health, one thread: the five client stores (39 sensors) x 2015-2024',
		params,
		runs: RUNS,
		// other jobs on the machine slow single figures down: the 1-minute load average
		loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0], 2) },
		target: `< ${TARGET_MS} ms; failures recall >= 0.95, precision >= 0.9; anomalies recall >= 0.9`,
		speed,
		quality
	});
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
