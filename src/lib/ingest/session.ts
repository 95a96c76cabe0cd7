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
 *
 * Hashes: with a `digest` hook, every file read whole (up to `DIGEST_MAX_BYTES`) gets its
 * SHA-256 from the bytes just read (the worker passes WebCrypto's, native): the page then
 * need not read every file a second time, and hash it in JavaScript on its own thread, to
 * name it in a link. The hash is cached with the file's part.
 *
 * A helper (`helper.ts`, the ingest worker's second worker) may read about half of the
 * original-layout files at the same time; its parts are cached and assembled like the
 * session's own, in the order of the files.
 */
import { displayName, normalisePath } from './paths';
import { DIGEST_MAX_BYTES, helpable, type Digest, type PartHelper } from './helper';
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

/** The environment's Parquet reader and hash function. */
export interface SessionHooks {
	decodeParquet?: ParquetDecoder;
	/** Loads the decoder; called when it answered `wanted` (not loaded yet). */
	loadParquet?: () => Promise<void>;
	/**
	 * The SHA-256 of a file's bytes in lower-case hex (the worker passes WebCrypto's). It
	 * must not keep or change `bytes` after it returns (WebCrypto copies them at once).
	 */
	digest?: Digest;
}

/** A plan with the SHA-256 of the files the session has read whole. */
export interface SessionPlan extends IngestPlan {
	/**
	 * Hex SHA-256 by source path (as given to `plan`), for the files read whole now or in
	 * an earlier plan; none without a `digest` hook, for files read in slices or over
	 * `DIGEST_MAX_BYTES`, or when hashing failed.
	 */
	hashes: Record<string, string>;
}

/** What the last `plan` did: files read, and files taken from the cache. */
export interface SessionStats {
	read: string[];
	reused: string[];
}

interface Cached {
	part: FilePart;
	/** The file's SHA-256, when it was read whole and hashed (null when it was not). */
	hash: Promise<string | null>;
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

/**
 * The positions of the files a helper reads: original-layout files read whole, given out
 * in turn so that the helper's bytes stay at or under this session's (which also has the
 * other files, and assembles the plan).
 */
function handOut<T extends { path: string; source: ByteSource }>(
	todo: readonly T[],
	whole: (t: T) => boolean
): number[] {
	const out: number[] = [];
	let own = 0;
	let helped = 0;
	for (const [i, t] of todo.entries()) {
		if (!whole(t)) continue;
		if (helpable(t.path) && helped + t.source.size <= own) {
			out.push(i);
			helped += t.source.size;
		} else own += t.source.size;
	}
	return out;
}

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
	 * With a `helper`, about half of the original-layout files to read (by size) are read by
	 * it, beside this session's reading; the plan is the same.
	 */
	async plan(
		sources: readonly ByteSource[],
		mappings: Record<string, TableMapping> = {},
		options: SessionOptions = {},
		helper?: PartHelper
	): Promise<SessionPlan> {
		const keys = new Set<string>();
		const todo = sources.map((source) => {
			const key = sourceKey(source);
			const path = normalisePath(source.path);
			const wanted = mappings[path] ? JSON.stringify(mappings[path]) : null;
			const hit = this.#cache.get(key);
			return { source, key, path, hit: hit && fits(hit, wanted) ? hit : null };
		});
		const parts: FilePart[] = new Array(todo.length);
		const hashes: Promise<string | null>[] = new Array(todo.length);
		const whole = (t: (typeof todo)[number]) =>
			!t.hit && t.source.size <= Math.min(streamAbove(options), maxBytes(options));
		const handed = helper ? handOut(todo, whole) : [];
		const helped = handed.length
			? helper!.read(handed, options).then(
					(r) => r,
					() => null
				)
			: null;
		const handedSet = new Set(handed);
		const mine = (i: number) => whole(todo[i]) && !handedSet.has(i);
		// files read whole are fetched a few ahead, so reading one overlaps parsing another
		const ahead = new Map<number, Promise<Uint8Array | Error>>();
		let fetched = 0;
		const fetchAhead = () => {
			while (ahead.size < READ_AHEAD && fetched < todo.length) {
				const i = fetched++;
				if (!mine(i)) continue;
				const { source } = todo[i];
				ahead.set(
					i,
					source.read(0, source.size).catch((e) => (e instanceof Error ? e : new Error(String(e))))
				);
			}
		};
		const keep = (i: number, cached: Cached, cache: boolean) => {
			if (cache) this.#cache.set(todo[i].key, cached);
			parts[i] = cached.part;
			hashes[i] = cached.hash;
		};
		for (const [i, { source, key, path, hit }] of todo.entries()) {
			keys.add(key);
			if (hit) {
				parts[i] = hit.part;
				hashes[i] = hit.hash;
				continue;
			}
			if (handedSet.has(i)) continue;
			fetchAhead();
			const bytes = ahead.get(i);
			ahead.delete(i);
			const read = await this.#read(source, mappings[path], options, bytes);
			keep(i, read.cached, read.cache);
		}
		const got = helped ? await helped : null;
		for (const [n, i] of handed.entries()) {
			const h = got?.[n];
			if (h && !h.part.parquetWanted) {
				keep(i, { part: h.part, sliced: null, hash: Promise.resolve(h.hash) }, true);
			} else {
				const { source, path } = todo[i];
				const read = await this.#read(source, mappings[path], options);
				keep(i, read.cached, read.cache);
			}
		}
		for (const key of this.#cache.keys()) if (!keys.has(key)) this.#cache.delete(key);
		this.stats = {
			read: todo.filter((t) => !t.hit).map((t) => t.path),
			reused: todo.filter((t) => t.hit).map((t) => t.path)
		};
		let plan = assemblePlan(parts);
		for (const [path, mapping] of Object.entries(mappings)) {
			const t = plan.tables.find((x) => x.path === path);
			if (t && !t.streamed) plan = remapTable(plan, path, mapping);
		}
		const known = await Promise.all(hashes);
		const byPath: Record<string, string> = {};
		todo.forEach((t, i) => {
			if (known[i]) byPath[t.source.path] = known[i];
		});
		return { ...ownArrays(plan), hashes: byPath };
	}

	/** The SHA-256 of `bytes` when there is a hook and they are small enough; failures give null. */
	#digest(bytes: Uint8Array): Promise<string | null> {
		const { digest } = this.#hooks;
		if (!digest || bytes.length > DIGEST_MAX_BYTES) return NO_HASH;
		try {
			return digest(bytes).catch(() => null);
		} catch {
			return NO_HASH;
		}
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
		const whole = (part: FilePart) => ({
			cached: { part, sliced: null, hash: NO_HASH },
			cache: true
		});
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
					return { cached: { part, sliced, hash: NO_HASH }, cache: true };
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
			const hash = this.#digest(bytes); // from the bytes as read (WebCrypto copies them)
			const file = { path, size: source.size, bytes };
			let part = readFilePart(file, { ...options, decodeParquet: this.#hooks.decodeParquet });
			if (part.parquetWanted && this.#hooks.loadParquet) {
				await this.#hooks.loadParquet();
				part = readFilePart(file, { ...options, decodeParquet: this.#hooks.decodeParquet });
			}
			return { cached: { part, sliced: null, hash }, cache: !part.parquetWanted };
		} catch (e) {
			const part = emptyPart();
			const why = e instanceof Error ? e.message : String(e);
			part.errors.push({ path, message: `${path}: the browser could not read it (${why})` });
			return { cached: { part, sliced: null, hash: NO_HASH }, cache: false };
		}
	}
}

const NO_HASH: Promise<string | null> = Promise.resolve(null);

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
