/**
 * File identity for shared views: the SHA-256 of a dropped file, computed incrementally,
 * and the check of dropped files against the `FileRef`s (name, size, hash) a link lists.
 * Files never go into a URL; their name, size and hash do, so that whoever opens the link
 * can be asked for the same files and told which one is missing or different.
 *
 * SHA-256 is implemented here (FIPS 180-4) rather than taken from `crypto.subtle`:
 * - `crypto.subtle` exists only in secure contexts (https, localhost), and a static page
 *   served over plain http on a LAN host has none;
 * - `crypto.subtle.digest` takes the whole input at once, so a 1 GB file would be held in
 *   memory as one buffer; `Sha256` takes it slice by slice (`hashBlob` reads 4 MiB at a
 *   time and yields between slices, so the page stays responsive).
 * It is about 80 lines, tested against Node's `crypto` on every length around the block
 * boundaries and on random slicings (`test/unit/ingest/hash.test.ts`). Pure apart from
 * `hashBlob`, which reads a `Blob` (File) through its standard `slice().arrayBuffer()`.
 */
import type { FileRef } from '../url-state/types';

const K = new Uint32Array([
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
]);

const INIT = [
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
];

/** An incremental SHA-256: `update` with any number of byte slices, then `hex()` once. */
export class Sha256 {
	#h = new Int32Array(INIT);
	#w = new Int32Array(64);
	/** The unfinished block. */
	#block = new Uint8Array(64);
	#filled = 0;
	/** Bytes taken so far (exact up to 2^53). */
	#length = 0;
	#done = false;

	/** Adds `bytes` to the message. */
	update(bytes: Uint8Array): this {
		if (this.#done) throw new Error('Sha256: update after the digest was taken');
		this.#length += bytes.length;
		let i = 0;
		if (this.#filled > 0) {
			const take = Math.min(64 - this.#filled, bytes.length);
			this.#block.set(bytes.subarray(0, take), this.#filled);
			this.#filled += take;
			i = take;
			if (this.#filled < 64) return this;
			this.#compress(this.#block, 0);
			this.#filled = 0;
		}
		for (; i + 64 <= bytes.length; i += 64) this.#compress(bytes, i);
		if (i < bytes.length) {
			this.#block.set(bytes.subarray(i), 0);
			this.#filled = bytes.length - i;
		}
		return this;
	}

	/** The digest as 32 bytes; the hash cannot be updated afterwards. */
	digest(): Uint8Array {
		if (this.#done) throw new Error('Sha256: the digest was already taken');
		const bits = this.#length * 8;
		const pad = new Uint8Array((this.#filled < 56 ? 64 : 128) - this.#filled);
		pad[0] = 0x80;
		const view = new DataView(pad.buffer);
		view.setUint32(pad.length - 8, Math.floor(bits / 2 ** 32));
		view.setUint32(pad.length - 4, bits >>> 0);
		this.update(pad);
		this.#done = true;
		const out = new Uint8Array(32);
		const ov = new DataView(out.buffer);
		for (let j = 0; j < 8; j++) ov.setInt32(j * 4, this.#h[j]);
		return out;
	}

	/** The digest as 64 lowercase hex digits. */
	hex(): string {
		let s = '';
		for (const b of this.digest()) s += b.toString(16).padStart(2, '0');
		return s;
	}

	/** One 64-byte block of `m` at `at` into the state. */
	#compress(m: Uint8Array, at: number): void {
		const w = this.#w;
		for (let t = 0; t < 16; t++) {
			const p = at + t * 4;
			w[t] = (m[p] << 24) | (m[p + 1] << 16) | (m[p + 2] << 8) | m[p + 3];
		}
		for (let t = 16; t < 64; t++) {
			const a = w[t - 15];
			const b = w[t - 2];
			const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
			const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
			w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
		}
		const h = this.#h;
		let a = h[0];
		let b = h[1];
		let c = h[2];
		let d = h[3];
		let e = h[4];
		let f = h[5];
		let g = h[6];
		let hh = h[7];
		for (let t = 0; t < 64; t++) {
			const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
			const ch = (e & f) ^ (~e & g);
			const t1 = (hh + S1 + ch + K[t] + w[t]) | 0;
			const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
			const maj = (a & b) ^ (a & c) ^ (b & c);
			const t2 = (S0 + maj) | 0;
			hh = g;
			g = f;
			f = e;
			e = (d + t1) | 0;
			d = c;
			c = b;
			b = a;
			a = (t1 + t2) | 0;
		}
		h[0] = (h[0] + a) | 0;
		h[1] = (h[1] + b) | 0;
		h[2] = (h[2] + c) | 0;
		h[3] = (h[3] + d) | 0;
		h[4] = (h[4] + e) | 0;
		h[5] = (h[5] + f) | 0;
		h[6] = (h[6] + g) | 0;
		h[7] = (h[7] + hh) | 0;
	}
}

/** The SHA-256 of `bytes` as 64 lowercase hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
	return new Sha256().update(bytes).hex();
}

/** Bytes read from a file at a time by `hashBlob`. */
export const HASH_SLICE_BYTES = 4 * 1024 * 1024;

/** What `hashBlob` needs of a `Blob` / `File`. */
export interface SliceableBlob {
	readonly size: number;
	slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * The SHA-256 of a Blob or File, read `sliceBytes` at a time, so a large file is never
 * held whole (the browser reads each slice from disk; between slices the page runs).
 * `onProgress` gets the bytes hashed so far.
 */
export async function hashBlob(
	blob: SliceableBlob,
	options: { sliceBytes?: number; onProgress?: (bytes: number) => void } = {}
): Promise<string> {
	const step = Math.max(64, options.sliceBytes ?? HASH_SLICE_BYTES);
	const hash = new Sha256();
	for (let at = 0; at < blob.size; at += step) {
		const end = Math.min(blob.size, at + step);
		hash.update(new Uint8Array(await blob.slice(at, end).arrayBuffer()));
		options.onProgress?.(end);
	}
	return hash.hex();
}

/**
 * Hex digits of the hash a link keeps per file: 16 (64 bits) tells any two files of a
 * person's apart and keeps a link of a few hundred files short; the codec accepts 8-64.
 */
export const LINK_HASH_DIGITS = 16;

/** The reference a link keeps of a file: its name (path), size and the hash's prefix. */
export function fileRef(name: string, size: number, sha256: string): FileRef {
	return { name, size, sha256: sha256.slice(0, LINK_HASH_DIGITS) };
}

// ---------------------------------------------------------------------------------------
// Dropped files against the files a link asks for

/**
 * One file a link asks for, and what was dropped for it:
 * - `ok`: a dropped file has its size and hash (`by`: that file's name, which may differ);
 * - `different`: a file of that name was dropped, but its size or content differ;
 * - `missing`: nothing dropped matches it by content or by name.
 */
export type FileCheck =
	| { need: FileRef; status: 'ok'; by: string }
	| { need: FileRef; status: 'different'; by: string; why: string }
	| { need: FileRef; status: 'missing' };

/** `a/b/c.csv` and `x/a/b/c.csv` name the same file: one path ends with the other's segments. */
export function sameName(a: string, b: string): boolean {
	if (a === b) return true;
	const [long, short] = a.length > b.length ? [a, b] : [b, a];
	return long.endsWith(`/${short}`);
}

/** The full or prefix hash `need` keeps is that of `got` (a full or longer prefix). */
function sameContent(need: FileRef, got: FileRef): boolean {
	const n = need.sha256.length;
	return need.size === got.size && got.sha256.length >= n && got.sha256.slice(0, n) === need.sha256;
}

/**
 * Each needed file's status against the dropped files (their refs with full or prefix
 * hashes, at least as long as the needed ones), and the dropped files no needed file
 * matched by content (`unused`). A dropped file matches at most one needed file; content
 * decides, the name only tells a different file from a missing one.
 */
export function checkFiles(
	needed: readonly FileRef[],
	dropped: readonly FileRef[]
): { checks: FileCheck[]; unused: FileRef[] } {
	const used = new Set<number>();
	const checks: (FileCheck | null)[] = needed.map(() => null);
	// First by content with the same name, then by content under another name.
	for (const pass of [true, false]) {
		needed.forEach((need, i) => {
			if (checks[i]) return;
			const j = dropped.findIndex(
				(got, k) =>
					!used.has(k) && sameContent(need, got) && (!pass || sameName(need.name, got.name))
			);
			if (j < 0) return;
			used.add(j);
			checks[i] = { need, status: 'ok', by: dropped[j].name };
		});
	}
	const out = needed.map((need, i): FileCheck => {
		const done = checks[i];
		if (done) return done;
		const j = dropped.findIndex((got, k) => !used.has(k) && sameName(need.name, got.name));
		if (j < 0) return { need, status: 'missing' };
		const got = dropped[j];
		const why =
			got.size !== need.size
				? `${got.size.toLocaleString('en-US')} bytes instead of ${need.size.toLocaleString('en-US')}`
				: 'same size, different content (SHA-256)';
		return { need, status: 'different', by: got.name, why };
	});
	return { checks: out, unused: dropped.filter((_, k) => !used.has(k)) };
}
