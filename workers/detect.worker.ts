/**
 * Detection worker: exposes `DetectApi` over comlink. All the work is in
 * `src/lib/detection`; this file runs both modes on the records it is handed and moves the
 * results out, transferring their typed-array buffers instead of copying them.
 */
import * as Comlink from 'comlink';
import type { DetectApi, DetectedDeviceDay } from './api';
import { detectBothModes } from '../src/lib/detection';

/** The distinct buffers behind the typed arrays of `results` (each listed once). */
function buffers(results: DetectedDeviceDay[]): ArrayBuffer[] {
	const all = new Set<ArrayBuffer>();
	for (const r of results) {
		for (const v of [r.original, r['wear-aware']]) {
			const p = v.quality.pulse;
			for (const a of [p.start, p.bpm, p.correlation]) all.add(a.buffer as ArrayBuffer);
			const s = v.temperature.series;
			if (s) {
				for (const a of [s.index, s.value, s.mean, s.std, s.segments]) {
					all.add(a.buffer as ArrayBuffer);
				}
			}
		}
	}
	return [...all];
}

const api: DetectApi = {
	async detect(records, params) {
		const results = records.map((r) => detectBothModes(r, params));
		return Comlink.transfer(results, buffers(results));
	},
	async detectWithSeries(record, params) {
		const result = detectBothModes(record, params, { series: true });
		return Comlink.transfer(result, buffers([result]));
	}
};

Comlink.expose(api);
