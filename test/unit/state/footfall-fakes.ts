/**
 * The rune class `FootfallState` with fake workers (simulation, health, counter files), a
 * fake database and an in-memory address, for the state tests.
 */
import { FootfallState, type FootfallDeps } from '../../../src/lib/state/footfall.svelte';
import { defaultSimulation, type SimulationParams } from '../../../src/lib/domain/footfall';
import { planChunks } from '../../../src/lib/simulation/footfall';
import type { Query } from '../../../src/lib/db/client';
import { memoryUrl, type MemoryUrl } from '../../../src/lib/state/url';
import type { FilesRead, CounterSource } from '../../../src/lib/state/footfall-files';
import type { StoreHealth, StoreMatrix } from '../../../src/lib/domain/health';
import { defaultHealthParams } from '../../../src/lib/health/params';
import { fakeDb } from './fake-db';

/** The health step's queries: each store's readings as lists, and the trend rows. */
export const isMatrix = (q: Query) => q.sql.includes('list(hour');
export const isTrend = (q: Query) => q.sql.includes('period_days');
/** The heatmap's queries (hour cells or day cells). */
export const isHeatmap = (q: Query) => q.sql.includes('AS day') && !isTrend(q) && !isMatrix(q);

/**
 * Rows that say which query produced them: count = index of the store in the demo. The
 * health step's matrix and trend queries get no rows.
 */
export function answer(q: Query) {
	if (isMatrix(q) || isTrend(q)) return [];
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
	/** What reading counter files gives (default: nothing, each file "not a counter file"). */
	readCounters?: (sources: CounterSource[]) => Promise<FilesRead>;
	/** Holds each health check until it resolves. */
	healthGate?: () => Promise<void> | undefined;
	/** Called at each wait for a paint. */
	afterPaint?: () => void;
	/** Holds each storing of health results until it resolves. */
	storeGate?: () => Promise<void> | undefined;
}

/** A stand-in for SHA-256 in tests: 16 hex digits of two FNV-1a hashes of the text. */
export function fakeHash(text: string): string {
	let a = 0x811c9dc5;
	let b = 0x01000193;
	for (let i = 0; i < text.length; i++) {
		a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
		b = Math.imul(b ^ text.charCodeAt(i), 0x811c9dc5) >>> 0;
	}
	return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** A health result with nothing flagged, for a matrix. */
export function quietHealth(m: StoreMatrix): StoreHealth {
	const days = m.hours / 24;
	const sd = (n: number) => ({
		length: n,
		sensor: new Uint16Array(n),
		day: new Int32Array(n),
		openHours: new Uint8Array(n),
		failed: new Uint8Array(n),
		zero: new Uint8Array(n),
		missing: new Uint8Array(n),
		anomalies: new Uint8Array(n),
		count: new Float64Array(n),
		expected: new Float64Array(n),
		siblingRatio: new Float64Array(n),
		flags: new Uint8Array(n)
	});
	return {
		storeIdx: m.storeIdx,
		store: m.store,
		hours: {
			length: 0,
			sensor: new Uint16Array(0),
			hour: new Int32Array(0),
			kind: new Uint8Array(0),
			count: new Int32Array(0),
			expected: new Float64Array(0),
			low: new Float64Array(0),
			high: new Float64Array(0)
		},
		days: sd(m.sensors * days),
		storeDays: {
			length: 0,
			day: new Int32Array(0),
			count: new Float64Array(0),
			expected: new Float64Array(0),
			low: new Float64Array(0),
			high: new Float64Array(0),
			abnormal: new Uint8Array(0)
		},
		open: new Uint8Array(168)
	};
}

export function setup(opts: SetupOptions = {}) {
	const fake = fakeDb({ answer, gate: opts.gate });
	const url = opts.url ?? memoryUrl();
	let clock = 0;
	const runs: SimulationParams[] = [];
	const checked: StoreMatrix[][] = [];
	const stored: StoreHealth[][] = [];
	const read: CounterSource[][] = [];
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
			opts.afterPaint?.();
		},
		url,
		runHealth: async (matrices) => {
			checked.push(matrices);
			await opts.healthGate?.();
			return matrices.map(quietHealth);
		},
		storeHealth: async (_db, results) => {
			fake.log.push('store health');
			await opts.storeGate?.();
			stored.push(results);
			fake.log.push('health stored');
		},
		healthParams: defaultHealthParams,
		readCounters: async (sources) => {
			read.push(sources);
			if (opts.readCounters) return opts.readCounters(sources);
			return {
				data: null,
				files: sources.map((s) => ({
					name: s.path,
					ok: false,
					summary: 'not a counter file',
					notes: []
				}))
			};
		},
		hashFile: async (file) => fakeHash(await file.text())
	};
	return { state: new FootfallState(deps), log: fake.log, url, runs, checked, stored, read };
}
