/**
 * `IngestSession`: the ingest worker's logic, kept free of the File API so Node tests run
 * it. Each `plan` gets every source the person has dropped so far (the page does not track
 * what is new); a source already read, the same path, size and lastModified, is not read
 * or parsed again: its `FilePart` comes from the session's cache, and only new or changed
 * files are read before all parts are assembled into one plan.
 *
 * How a file is read:
 * - up to `streamAboveBytes` (32 MiB): whole, through `readFilePart` like `planIngest`;
 * - larger CSV, TSV and NDJSON tables: in slices (`streamTable`), refused only when their
 *   samples would not fit the tab (`maxSampleBytes`);
 * - other larger files up to `maxFileBytes` (512 MiB): whole; above it, refused unread.
 *
 * Table mappings: a whole table keeps its parsed columns, so a corrected mapping is applied
 * to them (`remapTable`); a sliced table keeps no values, so a corrected mapping reads the
 * file again (and the part is cached under that mapping).
 */
import { displayName, normalisePath } from './paths';
import { assemblePlan, emptyPart, readFilePart, remapTable, type FilePart } from './plan';
import { sizeText, sniff } from './sniff';
import { HEAD_BYTES, isStreamable, streamTable } from './stream';
import {
	DEFAULT_MAX_FILE_BYTES,
	type ByteSource,
	type IngestOptions,
	type IngestPlan,
	type ParquetDecoder,
	type TableMapping
} from './types';

/** Files larger than this are read in slices when they are CSV, TSV or NDJSON tables. */
export const DEFAULT_STREAM_ABOVE_BYTES = 32 * 1024 * 1024;

export interface SessionOptions extends IngestOptions {
	/** Tables larger than this are read in slices. Default 32 MiB. */
	streamAboveBytes?: number;
	/** Bytes of the first slice: sniffing, column kinds, the proposal (default 4 MiB). */
	headBytes?: number;
	/** Bytes per later slice (default 8 MiB). */
	sliceBytes?: number;
	/** Samples a sliced table may keep, in bytes (12 a sample; default 1.5 GiB). */
	maxSampleBytes?: number;
}

/** The environment's Parquet reader: a decoder, and a way to load it when it asks. */
export interface SessionHooks {
	decodeParquet?: ParquetDecoder;
	/** Loads the decoder; called when it answered `wanted` (not loaded yet). */
	loadParquet?: () => Promise<void>;
}

/** What the last `plan` did: files read, and files taken from the cache. */
export interface SessionStats {
	read: string[];
	reused: string[];
}

interface Cached {
	part: FilePart;
	/**
	 * A sliced table: the mapping it was read with (JSON), and whether that was its own
	 * proposal (no mapping given). Null for a file read whole.
	 */
	sliced: { mapping: string; proposed: boolean } | null;
}

/** True when `hit` can stand for the file read under `wanted` (a mapping's JSON, or null). */
function fits(hit: Cached, wanted: string | null): boolean {
	if (!hit.sliced) return true;
	return wanted === null ? hit.sliced.proposed : wanted === hit.sliced.mapping;
}

/** Files read whole that are fetched ahead of the one being parsed. */
const READ_AHEAD = 8;

const maxBytes = (o: SessionOptions) => o.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
const streamAbove = (o: SessionOptions) => o.streamAboveBytes ?? DEFAULT_STREAM_ABOVE_BYTES;

/** The cache key of a version of a file. */
export function sourceKey(s: Pick<ByteSource, 'path' | 'size' | 'lastModified'>): string {
	return `${normalisePath(s.path)}\u0000${s.size}\u0000${s.lastModified}`;
}

export class IngestSession {
	readonly #hooks: SessionHooks;
	readonly #cache = new Map<string, Cached>();
	/** What the last `plan` call read and reused. */
	stats: SessionStats = { read: [], reused: [] };

	constructor(hooks: SessionHooks = {}) {
		this.#hooks = hooks;
	}

	/** Files held in the cache. */
	get cached(): number {
		return this.#cache.size;
	}

	/**
	 * The plan of every source, reading only those not read before, then applying each
	 * corrected table mapping. Files no longer among `sources` leave the cache. The plan's
	 * device-day arrays are the caller's (copies of cached ones), so they may be transferred.
	 */
	async plan(
		sources: readonly ByteSource[],
		mappings: Record<string, TableMapping> = {},
		options: SessionOptions = {}
	): Promise<IngestPlan> {
		const stats: SessionStats = { read: [], reused: [] };
		const keys = new Set<string>();
		const parts: FilePart[] = [];
		const todo = sources.map((source) => {
			const key = sourceKey(source);
			const path = normalisePath(source.path);
			const wanted = mappings[path] ? JSON.stringify(mappings[path]) : null;
			const hit = this.#cache.get(key);
			return { source, key, path, hit: hit && fits(hit, wanted) ? hit : null };
		});
		// files read whole are fetched a few ahead, so reading one overlaps parsing another
		const whole = (t: (typeof todo)[number]) =>
			!t.hit && t.source.size <= Math.min(streamAbove(options), maxBytes(options));
		const ahead = new Map<number, Promise<Uint8Array | Error>>();
		let fetched = 0;
		const fetchAhead = () => {
			while (ahead.size < READ_AHEAD && fetched < todo.length) {
				const i = fetched++;
				if (!whole(todo[i])) continue;
				const { source } = todo[i];
				ahead.set(
					i,
					source.read(0, source.size).catch((e) => (e instanceof Error ? e : new Error(String(e))))
				);
			}
		};
		for (const [i, { source, key, path, hit }] of todo.entries()) {
			keys.add(key);
			if (hit) {
				stats.reused.push(path);
				parts.push(hit.part);
				continue;
			}
			fetchAhead();
			const bytes = ahead.get(i);
			ahead.delete(i);
			stats.read.push(path);
			const read = await this.#read(source, mappings[path], options, bytes);
			if (read.cache) this.#cache.set(key, read.cached);
			parts.push(read.cached.part);
		}
		for (const key of this.#cache.keys()) if (!keys.has(key)) this.#cache.delete(key);
		this.stats = stats;
		let plan = assemblePlan(parts);
		for (const [path, mapping] of Object.entries(mappings)) {
			const t = plan.tables.find((x) => x.path === path);
			if (t && !t.streamed) plan = remapTable(plan, path, mapping);
		}
		return ownArrays(plan);
	}

	/** Reads one source; `cache` false when the failure may pass (unreadable, no Parquet reader). */
	async #read(
		source: ByteSource,
		mapping: TableMapping | undefined,
		options: SessionOptions,
		fetched?: Promise<Uint8Array | Error>
	): Promise<{ cached: Cached; cache: boolean }> {
		const path = normalisePath(source.path);
		const max = maxBytes(options);
		const whole = (part: FilePart) => ({ cached: { part, sliced: null }, cache: true });
		try {
			if (source.size > streamAbove(options)) {
				const head = await source.read(0, Math.min(source.size, options.headBytes ?? HEAD_BYTES));
				const kind = sniff({ path, bytes: head }, { ...options, maxFileBytes: Infinity });
				if (isStreamable(kind)) {
					const part = await streamTable({ ...source, path }, head, kind, {
						mapping,
						sliceBytes: options.sliceBytes,
						maxSampleBytes: options.maxSampleBytes
					});
					const applied = part.tables[0]?.applied ?? null;
					const sliced = { mapping: JSON.stringify(applied), proposed: !mapping };
					return { cached: { part, sliced }, cache: true };
				}
				if (source.size > max) {
					const part = emptyPart();
					const what = kind.kind === 'error' || kind.kind === 'skip' ? 'such' : kind.kind;
					part.errors.push({
						path,
						message: `${displayName(path)}: is ${sizeText(source.size)}, over the ${sizeText(max)} limit for ${what} files, which are read whole: not read (split it; CSV, TSV and NDJSON tables of any size are read in slices)`
					});
					return whole(part);
				}
			}
			if (source.size > max) {
				// reported from its size by the sniffer, never read
				return whole(readFilePart({ path, size: source.size, bytes: new Uint8Array(0) }, options));
			}
			const got = await (fetched ?? source.read(0, source.size));
			if (got instanceof Error) throw got;
			const bytes = got;
			const file = { path, size: source.size, bytes };
			let part = readFilePart(file, { ...options, decodeParquet: this.#hooks.decodeParquet });
			if (part.parquetWanted && this.#hooks.loadParquet) {
				await this.#hooks.loadParquet();
				part = readFilePart(file, { ...options, decodeParquet: this.#hooks.decodeParquet });
			}
			return { cached: { part, sliced: null }, cache: !part.parquetWanted };
		} catch (e) {
			const part = emptyPart();
			const why = e instanceof Error ? e.message : String(e);
			part.errors.push({ path, message: `${path}: the browser could not read it (${why})` });
			return { cached: { part, sliced: null }, cache: false };
		}
	}
}

/** The plan with copies of every device-day array, so the cache's stay intact when sent. */
function ownArrays(plan: IngestPlan): IngestPlan {
	return {
		...plan,
		deviceDays: plan.deviceDays.map((d) => ({
			...d,
			record: {
				...d.record,
				onWrist: d.record.onWrist.slice(),
				temperature: d.record.temperature.slice(),
				ppg: d.record.ppg.slice()
			}
		}))
	};
}
