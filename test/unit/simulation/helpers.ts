/** Shared helpers of the simulation tests. */
import type {
	ReadingColumns,
	SimulationParams,
	StoreParams
} from '../../../src/lib/domain/footfall';
import { parseDay } from '../../../src/lib/simulation/footfall';

/** A store with the original Store() defaults unless overridden. */
export function store(over: Partial<StoreParams> = {}): StoreParams {
	return {
		name: 'Test',
		sensors: 3,
		opened: '2020-01-01T00:00',
		avg: 1000,
		std: 150,
		pFail: 0.05,
		pAnom: 0.2,
		...over
	};
}

export function params(over: Partial<SimulationParams> = {}): SimulationParams {
	return {
		generator: 'numpy',
		seed: 'test',
		start: '2024-01-01',
		end: '2024-01-31',
		stores: [store()],
		...over
	};
}

/** Hour index of `hour` o'clock on `YYYY-MM-DD`. */
export function hourOf(day: string, hour: number): number {
	return parseDay(day) * 24 + hour;
}

/** The row of (store, sensor, hour index), or -1. */
export function rowOf(c: ReadingColumns, storeIndex: number, sensor: number, hour: number): number {
	for (let i = 0; i < c.length; i++) {
		if (c.store[i] === storeIndex && c.sensor[i] === sensor && c.hour[i] === hour) return i;
	}
	return -1;
}

/** Concatenates column batches (the caller's view of chunked output). */
export function concat(parts: ReadingColumns[]): ReadingColumns {
	const length = parts.reduce((n, p) => n + p.length, 0);
	const out: ReadingColumns = {
		length,
		store: new Uint8Array(length),
		sensor: new Uint16Array(length),
		hour: new Int32Array(length),
		count: new Int32Array(length),
		truth: new Uint8Array(length)
	};
	let at = 0;
	for (const p of parts) {
		out.store.set(p.store, at);
		out.sensor.set(p.sensor, at);
		out.hour.set(p.hour, at);
		out.count.set(p.count, at);
		out.truth.set(p.truth, at);
		at += p.length;
	}
	return out;
}

/** Plain arrays, for readable `toEqual` failures on small batches. */
export function plain(c: ReadingColumns) {
	return {
		length: c.length,
		store: Array.from(c.store),
		sensor: Array.from(c.sensor),
		hour: Array.from(c.hour),
		count: Array.from(c.count),
		truth: Array.from(c.truth)
	};
}
