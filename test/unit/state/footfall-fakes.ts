/**
 * The rune class `FootfallState` with fake workers, a fake database and an in-memory
 * address, for the state tests.
 */
import { FootfallState, type FootfallDeps } from '../../../src/lib/state/footfall.svelte';
import { defaultSimulation, type SimulationParams } from '../../../src/lib/domain/footfall';
import { planChunks } from '../../../src/lib/simulation/footfall';
import type { Query } from '../../../src/lib/db/client';
import { memoryUrl, type MemoryUrl } from '../../../src/lib/state/url';
import { fakeDb } from './fake-db';

export const isHeatmap = (q: Query) => q.sql.includes('AS day');

/** Rows that say which query produced them: count = index of the store in the demo. */
export function answer(q: Query) {
	const names = defaultSimulation().stores.map((s) => s.name);
	const store = q.params.find((p) => typeof p === 'string' && names.includes(p));
	if (isHeatmap(q))
		return [
			{
				sensor: 0,
				day: 0,
				hour: 9,
				count: names.indexOf(store as string),
				status: 'OK',
				anomaly: 0
			}
		];
	return [
		{
			t: 0,
			count: names.indexOf(store as string),
			avg_count_4days: 1,
			perc_diff: 0,
			failed: 0,
			anomalies: 0
		}
	];
}

export interface SetupOptions {
	/** Holds a query until it resolves. */
	gate?: (q: Query) => Promise<void> | undefined;
	/** The address; an empty one by default. */
	url?: MemoryUrl;
	/** The clock; each call advances 5 ms by default. */
	now?: () => number;
	/** Holds each run before its first chunk until it resolves. */
	runGate?: () => Promise<void> | undefined;
}

export function setup(opts: SetupOptions = {}) {
	const fake = fakeDb({ answer, gate: opts.gate });
	const url = opts.url ?? memoryUrl();
	let clock = 0;
	const runs: SimulationParams[] = [];
	const deps: FootfallDeps = {
		getDb: async () => fake.db,
		runSimulation: async function* (params: SimulationParams, onProgress) {
			runs.push(params);
			const plan = planChunks(params, 2); // throws the simulator's message for bad params
			await opts.runGate?.();
			let done = 0;
			for (const chunk of plan) {
				onProgress({
					chunksDone: ++done,
					chunks: plan.length,
					readingsDone: done * 10,
					readingsTotal: plan.length * 10
				});
				yield { chunk, ipc: new Uint8Array(4), length: 10 };
			}
		},
		now: opts.now ?? (() => (clock += 5)),
		afterPaint: async () => {
			fake.log.push('paint');
		},
		url
	};
	return { state: new FootfallState(deps), log: fake.log, url, runs };
}
