/**
 * Runs the benchmarks named on the command line (all by default) one after the other
 * and prints where their results were saved.
 */
import { machine } from './machine';

type Bench = { run: () => Promise<unknown> };
const benches: Record<string, () => Promise<Bench>> = {
	simulation: () => import('./simulation'),
	rollups: () => import('./rollups'),
	detection: () => import('./detection'),
	ingest: () => import('./ingest'),
	'detection-browser': () => import('./detection-browser'),
	browser: () => import('./browser'),
	health: () => import('./health')
};

const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : Object.keys(benches);
console.log(`Benchmarks on ${machine().cpu} (${machine().cores} cores), node ${machine().node}`);
for (const name of names) {
	const load = benches[name];
	if (!load)
		throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(benches).join(', ')}`);
	console.log(`\n## ${name}`);
	await (await load()).run();
}
