/**
 * Detection worker: exposes `DetectApi` over comlink. All the work is in
 * `src/lib/detection`; this file runs both modes on the records it is handed and moves the
 * results out, transferring their typed-array buffers instead of copying them. One work
 * buffer serves every record (grown when a longer one comes): allocating it per record and
 * mode cost about a third of the temperature rules' time.
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

let scratch = new Int32Array(0);

/** The work buffer, grown to at least `n` elements. */
function scratchFor(n: number): Int32Array {
	if (scratch.length < n) scratch = new Int32Array(n);
	return scratch;
}

const api: DetectApi = {
	async detect(records, params) {
		const results = records.map((r) =>
			detectBothModes(r, params, { scratch: scratchFor(r.temperature.length) })
		);
		return Comlink.transfer(results, buffers(results));
	},
	async detectWithSeries(record, params) {
		const result = detectBothModes(record, params, {
			series: true,
			scratch: scratchFor(record.temperature.length)
		});
		return Comlink.transfer(result, buffers([result]));
	}
};

Comlink.expose(api);
