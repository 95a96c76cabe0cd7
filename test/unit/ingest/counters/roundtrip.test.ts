/**
 * A whole data file as the original's downloader wrote it, from the simulator: every
 * reading of the client's five stores (39 sensors, 2024-07-01 to 08-07), each store's rows
 * backwards, about 1 % with one field replaced by NULL. Read back, the kept readings equal the
 * simulation's, and sensors 0..19 keep their numbers.
 */
import { describe, expect, it } from 'vitest';
import { defaultSimulation } from '../../../../src/lib/domain/footfall';
import { readCounters } from '../../../../src/lib/ingest/counters';
import { simulate } from '../../../../src/lib/simulation/footfall';
import { hourText, onlyReport, textFile } from './helpers';

describe('a simulated dat.csv', () => {
	const params = { ...defaultSimulation(), generator: 'numpy' as const };
	const sim = simulate(params);
	const names = params.stores.map((s) => s.name);
	const blocks: string[][] = names.map(() => []);
	const nulled = new Set<number>();
	let seed = 7;
	for (let i = 0; i < sim.length; i++) {
		const t = hourText(sim.hour[i]);
		const fields = [
			t.slice(0, 10),
			String(Number(t.slice(11, 13))),
			names[sim.store[i]],
			String(sim.sensor[i]),
			String(sim.count[i])
		];
		seed = (seed * 1103515245 + 12345) % 2147483648;
		if (seed % 100 === 0) {
			fields[(seed >>> 16) % 5] = 'NULL';
			nulled.add(i);
		}
		blocks[sim.store[i]].push([...fields, sim.count[i] >= 0 ? 'visits' : ''].join(','));
	}
	// each store's rows backwards: no sensor's hours are in order
	const text = ['date,hour,shop,sensor_id,count,units', ...blocks.flatMap((b) => b.reverse())].join(
		'\n'
	);
	const read = readCounters([textFile('dat.csv', text)]);
	const report = onlyReport(read);

	it('keeps every reading without a NULL and drops the others', () => {
		expect(nulled.size).toBeGreaterThan(200);
		expect(report.rowsRead).toBe(sim.length);
		expect(report.nullCells).toBe(nulled.size);
		expect(report.rowsKept).toBe(sim.length - nulled.size);
		// a NULL at a store's first or last hour shortens its span instead of leaving a gap
		expect(report.missingHours).toBeLessThanOrEqual(nulled.size);
		expect(report.missingHours).toBeGreaterThanOrEqual(nulled.size - 10);
	});

	it('has the five stores with their sensor numbers', () => {
		expect(read.data!.stores.map((s) => s.name)).toEqual(names);
		expect(read.data!.stores.map((s) => s.sensors.length)).toEqual(
			params.stores.map((s) => s.sensors)
		);
		expect(read.data!.stores[1].sensors).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
		expect(read.data!.start).toBe(params.start);
		expect(read.data!.end).toBe(params.end);
	});

	it('gives the simulation readings back, in the simulation order', () => {
		const c = read.data!.columns;
		const keep = Array.from({ length: sim.length }, (_, i) => i).filter((i) => !nulled.has(i));
		expect(c.length).toBe(keep.length);
		let same = 0;
		keep.forEach((i, k) => {
			if (
				c.store[k] === sim.store[i] &&
				c.sensor[k] === sim.sensor[i] &&
				c.hour[k] === sim.hour[i] &&
				c.count[k] === sim.count[i]
			) {
				same++;
			}
		});
		expect(same).toBe(keep.length);
		expect(report.failed).toBe(keep.filter((i) => sim.count[i] === -1).length);
	});
});
