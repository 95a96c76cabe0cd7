/**
 * The wearable page's plain (non-reactive) stores: the person's files by path, and the
 * detection results by device-day, data fingerprint and parameters, so that adding a file
 * detects only the device-days it changed. The rune class holds one of each and publishes
 * immutable snapshots (`paths()`, `collect()`) to its reactive fields.
 */
import type { DeviceDay } from '../domain/wearables';
import type { IngestSource } from '../rpc/detect';
import type { BothModes, LoadedDay } from './wearables-rows';

/** Files by their relative path; a file added under a path already held replaces it. */
export class FileStore {
	#files = new Map<string, File>();

	/** Adds `sources`; returns how many replaced a file of the same path. */
	add(sources: readonly IngestSource[]): number {
		let replaced = 0;
		for (const s of sources) {
			if (this.#files.delete(s.path)) replaced++;
			this.#files.set(s.path, s.file);
		}
		return replaced;
	}

	clear(): void {
		this.#files.clear();
	}

	get size(): number {
		return this.#files.size;
	}

	/** Paths in the order they were (last) added. */
	paths(): string[] {
		return [...this.#files.keys()];
	}

	sources(): IngestSource[] {
		return [...this.#files].map(([path, file]) => ({ path, file }));
	}

	/** What a file's results depend on: its path, size and modification time. */
	stamp(path: string): string {
		const f = this.#files.get(path);
		return f ? `${path}:${f.size}:${f.lastModified}` : path;
	}
}

interface Cached {
	fingerprint: string;
	params: string;
	result: BothModes;
}

/** Results by device-day key, valid for one data fingerprint and one parameter set. */
export class ResultCache {
	#entries = new Map<string, Cached>();

	#valid(day: LoadedDay, params: string): Cached | null {
		const c = this.#entries.get(day.key);
		return c && c.fingerprint === day.fingerprint && c.params === params ? c : null;
	}

	/** The device-days without a valid result for `params`. */
	missing(days: readonly LoadedDay[], params: string): LoadedDay[] {
		return days.filter((d) => !this.#valid(d, params));
	}

	set(day: LoadedDay, params: string, result: BothModes): void {
		this.#entries.set(day.key, { fingerprint: day.fingerprint, params, result });
	}

	/** The valid results of `days`, by key (a new map each time). */
	collect(days: readonly LoadedDay[], params: string): ReadonlyMap<string, BothModes> {
		const out = new Map<string, BothModes>();
		for (const d of days) {
			const c = this.#valid(d, params);
			if (c) out.set(d.key, c.result);
		}
		return out;
	}

	/** Forgets device-days that are no longer loaded. */
	keep(days: readonly LoadedDay[]): void {
		const keys = new Set(days.map((d) => d.key));
		for (const k of [...this.#entries.keys()]) if (!keys.has(k)) this.#entries.delete(k);
	}

	get size(): number {
		return this.#entries.size;
	}
}

/** True when `key` is one of `days`. */
export function hasDay(days: readonly LoadedDay[], key: string | null): boolean {
	return key !== null && days.some((d) => d.key === key);
}

/** Records of `days`, in order. */
export const recordsOf = (days: readonly LoadedDay[]): DeviceDay[] => days.map((d) => d.record);

/** An empty result map (a fresh one: the state replaces, never mutates, its maps). */
export const noResults = (): ReadonlyMap<string, BothModes> => new Map();

/** Now as an ISO time, for report stamps. */
export const isoNow = (): string => new Date(Date.now()).toISOString();
