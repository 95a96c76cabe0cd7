/**
 * Simulator throughput, one thread: readings per second of both generators on the
 * default demo (~35k readings) and on the client's 39 sensors over 10 years (~3.4M).
 * `numpy` is measured warm (draw table filled by an earlier run, as in a worker that has
 * simulated before) and cold (table cleared before every run, as in a fresh worker).
 * `seeded` also runs the rich model (profiles, season, trend, sensor age and outages
 * with the default rich parameters), row `seeded rich`.
 *
 * Run: `npx tsx bench/simulation.ts` (or through `bench/index.ts`).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientStores, defaultSimulation } from '../src/lib/domain/footfall';
import type { FootfallModel, GeneratorKind, SimulationParams } from '../src/lib/domain/footfall';
import { countReadings, simulate } from '../src/lib/simulation/footfall';
import { clearSeedCache } from '../src/lib/simulation/numpy-footfall';
import { machine, median, saveResults } from './machine';

interface Case {
	name: string;
	params: SimulationParams;
	reps: number;
}

interface Row {
	case: string;
	generator: GeneratorKind;
	model: FootfallModel;
	cache: 'warm' | 'cold' | 'n/a';
	readings: number;
	reps: number;
	medianMs: number;
	minMs: number;
	readingsPerSecond: number;
	targetPerSecond: number | null;
}

const CASES: Case[] = [
	{ name: 'default demo (5 stores, 38 days)', params: defaultSimulation(), reps: 41 },
	{
		name: '39 sensors x 10 years',
		params: {
			...defaultSimulation(),
			start: '2015-01-01',
			end: '2024-12-31',
			stores: clientStores()
		},
		reps: 15
	}
];

/** Targets on the 10-year case (the brief): numpy >= 50M/s, seeded >= 40M/s. */
const TARGETS: Record<GeneratorKind, number> = { numpy: 50e6, seeded: 40e6 };

function measure(params: SimulationParams, reps: number, cold: boolean): number[] {
	const times: number[] = [];
	let sink = 0;
	for (let r = -2; r < reps; r++) {
		if (cold) clearSeedCache();
		const t0 = performance.now();
		const cols = simulate(params);
		const t1 = performance.now();
		sink += cols.count[cols.length >> 1];
		if (r >= 0) times.push(t1 - t0); // the first two runs warm up the JIT
	}
	if (Number.isNaN(sink)) throw new Error('unreachable');
	return times;
}

export async function run() {
	const rows: Row[] = [];
	for (const c of CASES) {
		const runs = [
			['numpy', 'original'],
			['seeded', 'original'],
			['seeded', 'rich']
		] as const;
		for (const [generator, model] of runs) {
			const params: SimulationParams = { ...c.params, generator };
			if (model === 'rich') params.model = model;
			const readings = countReadings(params);
			const modes = generator === 'numpy' ? (['warm', 'cold'] as const) : (['n/a'] as const);
			for (const cache of modes) {
				const times = measure(params, c.reps, cache === 'cold');
				const ms = median(times);
				rows.push({
					case: c.name,
					generator,
					model,
					cache,
					readings,
					reps: c.reps,
					medianMs: round(ms, 3),
					minMs: round(Math.min(...times), 3),
					readingsPerSecond: Math.round(readings / (ms / 1000)),
					targetPerSecond: c.name.includes('10 years') ? TARGETS[generator] : null
				});
			}
		}
	}
	printTable(rows);
	const results = {
		what: 'simulate(params) in one thread, median of repetitions after 2 warm-up runs',
		rows
	};
	saveResults('simulation', results);
	return results;
}

function round(x: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}

function printTable(rows: Row[]): void {
	const head = ['case', 'generator', 'cache', 'readings', 'median ms', 'M readings/s', 'target'];
	const body = rows.map((r) => [
		r.case,
		r.model === 'rich' ? `${r.generator} rich` : r.generator,
		r.cache,
		r.readings.toLocaleString('en-US'),
		r.medianMs.toFixed(2),
		(r.readingsPerSecond / 1e6).toFixed(1),
		r.targetPerSecond === null
			? ''
			: `${r.targetPerSecond / 1e6}M ${r.readingsPerSecond >= r.targetPerSecond ? 'ok' : 'MISSED'}`
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
	const m = machine();
	console.log(`simulation: ${m.cpu}, node ${m.node}, ${m.platform}`);
	console.log(line(head));
	console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
	for (const b of body) console.log(line(b));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	await run();
}
