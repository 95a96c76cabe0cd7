/**
 * The SHA-256 of dropped files and their check against a link's file references: the
 * digest equals Node's `crypto` for every length around the block boundaries and for any
 * slicing of the input; `hashBlob` reads slice by slice; `checkFiles` tells matching,
 * renamed, different and missing files apart.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	LINK_HASH_DIGITS,
	Sha256,
	checkFiles,
	fileRef,
	hashBlob,
	sameName,
	sha256Hex
} from '../../../src/lib/ingest/hash';

const nodeHex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const text = (s: string) => new TextEncoder().encode(s);

/** Deterministic pseudo-random bytes (xorshift32). */
function bytesOf(n: number, seed = 1): Uint8Array {
	const out = new Uint8Array(n);
	let x = seed | 0 || 1;
	for (let i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		out[i] = x & 0xff;
	}
	return out;
}

describe('Sha256', () => {
	it('gives the FIPS 180-4 test vectors', () => {
		expect(sha256Hex(text(''))).toBe(
			'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
		);
		expect(sha256Hex(text('abc'))).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		expect(sha256Hex(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
			'248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
		);
	});

	it('equals node:crypto for every length from 0 to 300 bytes (all padding cases)', () => {
		for (let n = 0; n <= 300; n++) {
			const b = bytesOf(n, n + 7);
			expect(sha256Hex(b), `length ${n}`).toBe(nodeHex(b));
		}
	});

	it('gives the same digest however the input is sliced', () => {
		const b = bytesOf(10_000, 42);
		const want = nodeHex(b);
		let seed = 99;
		for (let round = 0; round < 50; round++) {
			const h = new Sha256();
			let at = 0;
			while (at < b.length) {
				seed = (seed * 1103515245 + 12345) >>> 0;
				const len = seed % 200; // includes empty slices
				h.update(b.subarray(at, at + len));
				at += len;
			}
			expect(h.hex()).toBe(want);
		}
	});

	it('hashes a megabyte of bytes like node:crypto', () => {
		const b = bytesOf(1 << 20, 5);
		expect(sha256Hex(b)).toBe(nodeHex(b));
	});

	it('refuses to be updated or read after its digest was taken', () => {
		const h = new Sha256().update(text('x'));
		h.digest();
		expect(() => h.update(text('y'))).toThrow(/after the digest/);
		expect(() => h.digest()).toThrow(/already taken/);
	});
});

describe('hashBlob', () => {
	it('reads a Blob slice by slice and reports progress', async () => {
		const b = bytesOf(1_000_003, 3);
		const progress: number[] = [];
		const hex = await hashBlob(new Blob([b as BlobPart]), {
			sliceBytes: 100_000,
			onProgress: (n) => progress.push(n)
		});
		expect(hex).toBe(nodeHex(b));
		expect(progress).toHaveLength(11);
		expect(progress.at(-1)).toBe(1_000_003);
	});

	it('hashes an empty file', async () => {
		expect(await hashBlob(new Blob([]))).toBe(nodeHex(new Uint8Array(0)));
	});
});

describe('file references', () => {
	it('keep a 16-digit prefix of the hash', () => {
		const ref = fileRef('a/b.csv', 3, sha256Hex(text('abc')));
		expect(ref).toEqual({ name: 'a/b.csv', size: 3, sha256: 'ba7816bf8f01cfea' });
		expect(ref.sha256).toHaveLength(LINK_HASH_DIGITS);
	});

	it('name the same file when one path ends with the other’s segments', () => {
		expect(sameName('2021/02/02/device_015/ppg.csv', 'device_015/ppg.csv')).toBe(true);
		expect(sameName('ppg.csv', 'data/2021/ppg.csv')).toBe(true);
		expect(sameName('x_ppg.csv', 'ppg.csv')).toBe(false);
		expect(sameName('a/ppg.csv', 'b/ppg.csv')).toBe(false);
	});
});

describe('checkFiles', () => {
	const h = (s: string) => sha256Hex(text(s));
	const need = [
		fileRef('d/on_wrist.csv', 10, h('on')),
		fileRef('d/temperature.csv', 20, h('temp')),
		fileRef('d/ppg_green.csv', 30, h('ppg'))
	];

	it('says every file is missing when nothing was dropped', () => {
		const { checks, unused } = checkFiles(need, []);
		expect(checks.map((c) => c.status)).toEqual(['missing', 'missing', 'missing']);
		expect(unused).toEqual([]);
	});

	it('matches by content and name, tells a different file by its name, and lists the rest', () => {
		const dropped = [
			{ name: 'x/d/on_wrist.csv', size: 10, sha256: h('on') }, // full hash, longer path
			{ name: 'd/temperature.csv', size: 20, sha256: h('TEMP') }, // same size, other bytes
			{ name: 'notes.txt', size: 5, sha256: h('notes') }
		];
		const { checks, unused } = checkFiles(need, dropped);
		expect(checks[0]).toEqual({ need: need[0], status: 'ok', by: 'x/d/on_wrist.csv' });
		expect(checks[1]).toMatchObject({
			status: 'different',
			by: 'd/temperature.csv',
			why: 'same size, different content (SHA-256)'
		});
		expect(checks[2]).toEqual({ need: need[2], status: 'missing' });
		expect(unused.map((u) => u.name)).toEqual(['d/temperature.csv', 'notes.txt']);
	});

	it('says by how many bytes a different file differs', () => {
		const { checks } = checkFiles(need.slice(2), [
			{ name: 'd/ppg_green.csv', size: 31, sha256: h('ppg!') }
		]);
		expect(checks[0]).toMatchObject({
			status: 'different',
			why: '31 bytes instead of 30'
		});
	});

	it('accepts a renamed file with the same content, each dropped file used once', () => {
		const same = fileRef('copy/a.csv', 4, h('same'));
		const twice = [fileRef('a.csv', 4, h('same')), fileRef('b.csv', 4, h('same'))];
		const { checks, unused } = checkFiles(twice, [same]);
		expect(checks.map((c) => c.status)).toEqual(['ok', 'missing']);
		expect(checks[0]).toMatchObject({ by: 'copy/a.csv' });
		expect(unused).toEqual([]);
	});

	it('prefers the file of the same name when two have the same content', () => {
		const dropped = [fileRef('other.csv', 4, h('same')), fileRef('a.csv', 4, h('same'))];
		const { checks } = checkFiles([fileRef('a.csv', 4, h('same'))], dropped);
		expect(checks[0]).toMatchObject({ status: 'ok', by: 'a.csv' });
	});

	it('compares a short hash of the link with the prefix of a longer one', () => {
		const full = h('abc');
		const { checks } = checkFiles(
			[{ name: 'f', size: 3, sha256: full.slice(0, 8) }],
			[{ name: 'f', size: 3, sha256: full }]
		);
		expect(checks[0].status).toBe('ok');
	});
});
