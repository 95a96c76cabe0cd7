/**
 * The session's second reader (`helper.ts`): the plan made with a helper reading about half
 * of the original-layout files is exactly the plan made alone (device-days, summaries,
 * errors, notes, hashes); a helper that fails, or gives a file back, leaves that file to
 * the session; only plain original-layout parts come back from a helper.
 */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/lib/ingest/hash';
import {
	DIGEST_MAX_BYTES,
	helpable,
	helpedBuffers,
	readHelpedParts,
	subtleDigest,
	type PartHelper
} from '../../../src/lib/ingest/helper';
import { IngestSession } from '../../../src/lib/ingest/session';
import type { ByteSource, IngestOptions } from '../../../src/lib/ingest/types';
import { bytesOf, e4Temp, e4Text, memorySource } from './helpers';

const digest = async (bytes: Uint8Array) => sha256Hex(bytes);

/** Original-layout files of `days` device-days (a few seconds each), plus oddities. */
function drop(days: number) {
	const files: ReturnType<typeof memorySource>[] = [];
	for (let d = 0; d < days; d++) {
		const dir = `fleet/2021/02/0${1 + (d % 9)}/device_${String(d).padStart(3, '0')}`;
		const seconds = 50 + 13 * d;
		const on = Array.from({ length: seconds }, (_, s) => (s % 17 < 12 ? 1 : 0)).join('\n');
		const temp = Array.from({ length: seconds * 4 }, (_, i) => 3300 + ((i * 7) % 23)).join('\n');
		files.push(memorySource(`${dir}/on_wrist.csv`, bytesOf(on + '\n')));
		if (d !== 2) files.push(memorySource(`${dir}/temperature.csv`, bytesOf(temp + '\n')));
	}
	// a bad line, an on-wrist value other than 0/1, an empty file, a table and an E4 file
	files.push(memorySource('fleet/2021/02/05/device_900/temperature.csv', bytesOf('3300\nabc\n')));
	files.push(memorySource('fleet/2021/02/05/device_901/on_wrist.csv', bytesOf('1\n2\n1\n')));
	files.push(memorySource('fleet/2021/02/05/device_902/on_wrist.csv', bytesOf('')));
	files.push(
		memorySource(
			'long.csv',
			bytesOf('device,timestamp,signal,value\nd1,2021-02-02T10:00:00Z,temp,33.1\n')
		)
	);
	files.push(memorySource('s/TEMP.csv', bytesOf(e4Text(e4Temp(20), 4))));
	return files;
}

/** A helper in this thread, recording what it was handed. */
function localHelper(sources: readonly ByteSource[]) {
	const handed: string[] = [];
	const helper: PartHelper = {
		read: (indices: number[], options: IngestOptions) => {
			handed.push(...indices.map((i) => sources[i].path));
			return readHelpedParts(
				indices.map((i) => sources[i]),
				options,
				digest
			);
		}
	};
	return { helper, handed };
}

describe('a session with a helper', () => {
	it('makes exactly the plan it makes alone, hashes included', async () => {
		const alone = await new IngestSession({ digest }).plan(drop(9));
		const files = drop(9);
		const { helper, handed } = localHelper(files);
		const session = new IngestSession({ digest });
		const helped = await session.plan(files, {}, {}, helper);
		expect(helped).toEqual(alone);
		expect(session.stats.read).toEqual(files.map((f) => f.path));
		// about half of the original-layout bytes, never the table or the E4 file
		expect(handed.length).toBeGreaterThan(5);
		expect(handed.every(helpable)).toBe(true);
		const size = (paths: string[]) =>
			files.filter((f) => paths.includes(f.path)).reduce((a, f) => a + f.size, 0);
		const originals = files.filter((f) => helpable(f.path)).map((f) => f.path);
		expect(size(handed)).toBeLessThanOrEqual(size(originals) / 2);
		expect(size(handed)).toBeGreaterThan(size(originals) / 3);
		// each file read once, by one of the two
		expect(files.map((f) => f.reads)).toEqual(files.map(() => 1));
	});

	it('keeps the helped parts: a second plan reads nothing and hands nothing out', async () => {
		const files = drop(4);
		const { helper, handed } = localHelper(files);
		const session = new IngestSession({ digest });
		const first = await session.plan(files, {}, {}, helper);
		const count = handed.length;
		const second = await session.plan(files, {}, {}, helper);
		expect(handed.length).toBe(count);
		expect(session.stats.read).toEqual([]);
		expect(second).toEqual(first);
	});

	it('reads every file itself when the helper fails, or the ones it gives back', async () => {
		const alone = await new IngestSession({ digest }).plan(drop(6));
		const failing: PartHelper = { read: async () => Promise.reject(new Error('crashed')) };
		const files = drop(6);
		expect(await new IngestSession({ digest }).plan(files, {}, {}, failing)).toEqual(alone);
		expect(files.map((f) => f.reads)).toEqual(files.map(() => 1));

		const again = drop(6);
		const { helper } = localHelper(again);
		const halfBack: PartHelper = {
			read: async (indices, options) =>
				(await helper.read(indices, options)).map((p, n) => (n % 2 ? null : p))
		};
		expect(await new IngestSession({ digest }).plan(again, {}, {}, halfBack)).toEqual(alone);
	});
});

describe('readHelpedParts', () => {
	it('gives the part and hash of an original-layout file, with arrays to transfer', async () => {
		const bytes = bytesOf('3300\n3301\n3302\n');
		const [got] = await readHelpedParts(
			[memorySource('2021/02/04/device_015/temperature.csv', bytes)],
			{},
			digest
		);
		expect(got?.hash).toBe(sha256Hex(bytes));
		expect(Array.from(got!.part.originals[0].values!)).toEqual([3300, 3301, 3302]);
		expect(helpedBuffers([got, null])).toEqual([got!.part.originals[0].values!.buffer]);
	});

	it('gives back (null) what is not plain original-layout data, or cannot be read', async () => {
		const unreadable: ByteSource = {
			path: 'x/2021/02/04/device_001/on_wrist.csv',
			size: 4,
			lastModified: 0,
			read: () => Promise.reject(new Error('gone'))
		};
		const parquet = new Uint8Array([0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0, 0x50, 0x41, 0x52, 0x31]);
		const got = await readHelpedParts([
			unreadable,
			memorySource('a/temperature.csv', bytesOf(e4Text(e4Temp(5), 4))), // E4 by content
			memorySource('b/temperature.csv', parquet),
			memorySource('c/2021/02/04/device_002/on_wrist.csv', bytesOf('1\n0\n'))
		]);
		expect(got.map((p) => p === null)).toEqual([true, true, true, false]);
		expect(got[3]!.hash).toBeNull(); // no digest given
	});

	it('hashes files up to DIGEST_MAX_BYTES only', async () => {
		const big: ByteSource = {
			path: 'd/2021/02/04/device_003/on_wrist.csv',
			size: DIGEST_MAX_BYTES + 2,
			lastModified: 0,
			read: async () => {
				const b = new Uint8Array(DIGEST_MAX_BYTES + 2).fill(0x31);
				for (let i = 1; i < b.length; i += 2) b[i] = 10;
				return b;
			}
		};
		const [got] = await readHelpedParts([big], {}, digest);
		expect(got?.hash).toBeNull();
		expect(got?.part.originals[0].values?.length).toBe((DIGEST_MAX_BYTES + 2) / 2);
	});
});

describe('subtleDigest', () => {
	it('is the SHA-256 in hex, as the incremental one computes it; undefined without WebCrypto', async () => {
		const d = subtleDigest(globalThis.crypto.subtle)!;
		for (const text of ['', 'abc', 'x'.repeat(1000)]) {
			expect(await d(bytesOf(text))).toBe(sha256Hex(bytesOf(text)));
		}
		expect(subtleDigest(undefined)).toBeUndefined();
	});
});
