/**
 * A second reader for the session: the ingest worker hands about half of a drop's
 * original-layout files to a helper worker, which reads, hashes and parses them with the same
 * `readFilePart` while the session reads the others, so a drop of many device-days uses two
 * cores instead of one (reading, hashing and parsing 190 MB took about 1.2 s of one thread).
 * The session assembles every part itself, in the order of the files, so the plan is the
 * one it would make alone.
 *
 * Only original-layout files go (by name): their parts are plain data with `Int32Array`s,
 * cheap to move between workers. A part that turns out to hold anything else (a table, an
 * E4 file, a Parquet file wanting its reader), or a file the helper could not read, comes
 * back as null and the session reads that file itself.
 */
import { normalisePath } from './paths';
import { readFilePart, type FilePart } from './plan';
import { originalSignalFromName } from './sniff';
import type { ByteSource, IngestOptions, ParquetDecoder } from './types';

/** Files read whole up to this size are hashed by a `digest` hook (the hash copies them). */
export const DIGEST_MAX_BYTES = 64 * 1024 * 1024;

/** A file read by a helper: its part, and its SHA-256 when it was hashed. */
export interface HelpedPart {
	part: FilePart;
	hash: string | null;
}

/**
 * Reads some of a plan's files elsewhere, beside the session's own reading. `read` gets
 * the positions, in the `plan` call's `sources`, of the files handed over, and resolves
 * with one result each, in that order (null: the session reads that file itself). A
 * rejection makes the session read all of them itself.
 */
export interface PartHelper {
	read(indices: number[], options: IngestOptions): Promise<(HelpedPart | null)[]>;
}

/** The SHA-256 of some bytes in lower-case hex. */
export type Digest = (bytes: Uint8Array) => Promise<string>;

/** True for the files a session may hand to a helper: original-layout names. */
export function helpable(path: string): boolean {
	return originalSignalFromName(normalisePath(path)) !== null;
}

/** A helped part holds only what a part of original-layout files holds. */
function plain(part: FilePart): boolean {
	return (
		!part.parquetWanted &&
		part.tables.length === 0 &&
		part.tableDays.length === 0 &&
		part.e4.length === 0
	);
}

/** A helper has no Parquet reader: a Parquet file asks for one, and goes back to the session. */
const noParquet: ParquetDecoder = () => ({ error: 'read by the ingest worker', wanted: true });

/** Files fetched ahead of the one being parsed (reading overlaps parsing). */
const READ_AHEAD = 4;

/**
 * What the helper worker does: reads each source whole, hashes it (`digest`, up to
 * `DIGEST_MAX_BYTES`) and parses it with `readFilePart`, as the session would; null for a
 * file it could not read or whose part is not plain original-layout data.
 */
export async function readHelpedParts(
	sources: readonly ByteSource[],
	options: IngestOptions = {},
	digest?: Digest
): Promise<(HelpedPart | null)[]> {
	const out: (HelpedPart | null)[] = [];
	const ahead: Promise<Uint8Array | null>[] = [];
	const fetch = (i: number) => {
		if (i < sources.length && !ahead[i]) {
			ahead[i] = sources[i].read(0, sources[i].size).catch(() => null);
		}
	};
	for (let i = 0; i < sources.length; i++) {
		for (let j = i; j < i + READ_AHEAD; j++) fetch(j);
		const bytes = await ahead[i];
		delete ahead[i];
		if (!bytes) {
			out.push(null);
			continue;
		}
		const hash =
			digest && bytes.length <= DIGEST_MAX_BYTES ? digest(bytes).catch(() => null) : null;
		const file = { path: normalisePath(sources[i].path), size: sources[i].size, bytes };
		let part: FilePart | null;
		try {
			part = readFilePart(file, { ...options, decodeParquet: noParquet });
		} catch {
			part = null; // never expected (bad files become errors): the session says why
		}
		out.push(part && plain(part) ? { part, hash: await hash } : null);
	}
	return out;
}

/** The distinct buffers behind the arrays of helped parts, to transfer them. */
export function helpedBuffers(parts: readonly (HelpedPart | null)[]): ArrayBuffer[] {
	const all = new Set<ArrayBuffer>();
	for (const p of parts) {
		for (const o of p?.part.originals ?? []) {
			if (o.values) all.add(o.values.buffer as ArrayBuffer);
		}
	}
	return [...all];
}

/** Lower-case hex of a digest's bytes. */
export function hex(digest: ArrayBuffer): string {
	let out = '';
	for (const b of new Uint8Array(digest)) out += b.toString(16).padStart(2, '0');
	return out;
}

/** What `subtleDigest` needs of WebCrypto's `SubtleCrypto`. */
export interface SubtleLike {
	digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/**
 * A `Digest` over WebCrypto (native SHA-256; it copies the bytes at once), or undefined
 * without it (a page on plain http off localhost has no `crypto.subtle`).
 */
export function subtleDigest(subtle: SubtleLike | undefined): Digest | undefined {
	if (!subtle) return undefined;
	return async (bytes) => hex(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}
