/**
 * Health worker: exposes `HealthApi` over comlink. All the work is in `src/lib/health`;
 * this file runs `storeHealth` on the store it is handed and moves the result out,
 * transferring its typed-array buffers instead of copying them.
 */
import * as Comlink from 'comlink';
import type { HealthApi } from './api';
import type { StoreHealth } from '../src/lib/domain/health';
import { storeHealth } from '../src/lib/health';

/** The distinct buffers behind the typed arrays of `h` (each listed once). */
function buffers(h: StoreHealth): ArrayBuffer[] {
	const all = new Set<ArrayBuffer>();
	for (const part of [h.hours, h.days, h.storeDays]) {
		for (const v of Object.values(part)) {
			if (ArrayBuffer.isView(v)) all.add(v.buffer as ArrayBuffer);
		}
	}
	all.add(h.open.buffer as ArrayBuffer);
	return [...all];
}

const api: HealthApi = {
	async health(matrix, params) {
		const result = storeHealth(matrix, params);
		return Comlink.transfer(result, buffers(result));
	}
};

Comlink.expose(api);
