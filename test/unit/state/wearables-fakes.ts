/**
 * The wearable page's rune class with the real kernel and ingest behind fake workers, a
 * fake database and an in-memory address: what the state tests share.
 */
import { readFile } from 'node:fs/promises';
import { detectBothModes } from '../../../src/lib/detection';
import type { DeviceDay } from '../../../src/lib/domain/wearables';
import { planIngest } from '../../../src/lib/ingest';
import { generateFleet } from '../../../src/lib/simulation/fleet';
import type { PlannedFiles } from '../../../src/lib/rpc/detect';
import { WearablesState, type WearablesDeps } from '../../../src/lib/state/wearables.svelte';
import { memoryUrl } from '../../../src/lib/state/url';
import { sha256Hex } from '../../../src/lib/ingest/hash';
import { fakeDb } from './fake-db';

export const FIXTURE = 'test/fixtures/fd2s/2021/02/04/device_015';
export const fleet = generateFleet({ devices: 13, days: ['2021-02-04'] });

export function setup(overrides: Partial<WearablesDeps> = {}) {
	const detected: string[] = [];
	const fake = fakeDb();
	const deps: WearablesDeps = {
		demoFleet: async () => fleet,
		demoZip: async () => new Uint8Array([80, 75, 5, 6]),
		planFiles: async (sources, mappings) => {
			const files = await Promise.all(
				sources.map(async (s) => ({
					path: s.path,
					size: s.file.size,
					bytes: new Uint8Array(await s.file.arrayBuffer())
				}))
			);
			const plan = planIngest(files);
			void mappings;
			return {
				...plan,
				tables: []
			} satisfies PlannedFiles;
		},
		detectAll: async (records: readonly DeviceDay[], params, options) => {
			const out = [];
			for (const r of records) {
				if (options.cancelled?.()) throw new Error('cancelled');
				detected.push(`${r.device} ${r.day}`);
				out.push(detectBothModes(r, params));
			}
			options.onProgress?.({ done: records.length, total: records.length });
			return out;
		},
		detectWithSeries: async (record, params) => detectBothModes(record, params, { series: true }),
		getDb: async () => fake.db,
		workers: async () => 2,
		paramsDelayMs: 0,
		url: memoryUrl(),
		hashFile: async (file) => sha256Hex(new Uint8Array(await file.arrayBuffer())),
		now: () => 0,
		...overrides
	};
	return { s: new WearablesState(deps), detected, log: fake.log };
}

export async function fixtureSources(prefix = 'fd2s/2021/02/04/device_015') {
	return Promise.all(
		['on_wrist.csv', 'temperature.csv', 'ppg_green.csv'].map(async (name) => ({
			path: `${prefix}/${name}`,
			file: new File([await readFile(`${FIXTURE}/${name}`)], name)
		}))
	);
}
