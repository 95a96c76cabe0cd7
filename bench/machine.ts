import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';

/** What the figures were measured on, saved beside every result. */
export function machine() {
	return {
		cpu: cpus()[0]?.model ?? 'unknown',
		cores: cpus().length,
		memGiB: Math.round(totalmem() / 2 ** 30),
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
		date: new Date().toISOString()
	};
}

/** Median of a list of numbers (the list is not modified). */
export function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Writes `bench/results/<name>.json` with the machine description and the results. */
export function saveResults(name: string, results: unknown): string {
	mkdirSync('bench/results', { recursive: true });
	const path = `bench/results/${name}.json`;
	writeFileSync(path, JSON.stringify({ machine: machine(), results }, null, 2) + '\n');
	console.log(`saved ${path}`);
	return path;
}
