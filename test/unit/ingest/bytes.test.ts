/**
 * `headLines`, what the sniffer looks at: the window is decoded once and cut at newlines,
 * and must give exactly the lines a decode of each line on its own gives (invalid UTF-8,
 * byte order marks, CRLF, blank lines, a window that cuts a line).
 */
import { describe, expect, it } from 'vitest';
import { headLines } from '../../../src/lib/ingest/bytes';
import { bytesOf } from './helpers';

/** The straightforward reference: one decode per line. */
function perLine(bytes: Uint8Array, start: number, max: number, maxBytes = 65536) {
	const decoder = new TextDecoder('utf-8');
	const end = Math.min(bytes.length, start + maxBytes);
	const out: { text: string; line: number }[] = [];
	let i = start;
	let line = 1;
	while (i < end && out.length < max) {
		let j = bytes.indexOf(10, i);
		const complete = j >= 0 && j < end;
		if (!complete) j = end;
		if (!complete && end < bytes.length) break;
		const text = decoder.decode(bytes.subarray(i, j)).trim();
		if (text !== '') out.push({ text, line });
		i = j + 1;
		line++;
	}
	return out;
}

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Bytes a sniffer may meet: digits, spaces, CR, LF, commas, a BOM, UTF-8 and broken UTF-8. */
const PIECES = [
	'1',
	'42',
	'-7',
	' ',
	'\t',
	'\r',
	'\n',
	'\n',
	'\n',
	',',
	'é',
	'°C',
	'\uFEFF',
	'\u00A0',
	[0xc3],
	[0xe2, 0x82],
	[0xff],
	[0x80]
];

function randomBytes(next: () => number, length: number): Uint8Array {
	const parts: number[] = [];
	while (parts.length < length) {
		const p = PIECES[Math.floor(next() * PIECES.length)];
		parts.push(...(typeof p === 'string' ? bytesOf(p) : p));
	}
	return new Uint8Array(parts);
}

describe('headLines', () => {
	it('gives the first non-blank lines, trimmed, with their line numbers', () => {
		const bytes = bytesOf('\uFEFFa,b\r\n\r\n  3 \n4\n');
		expect(headLines(bytes, 3, 10)).toEqual([
			{ text: 'a,b', line: 1 },
			{ text: '3', line: 3 },
			{ text: '4', line: 4 }
		]);
		expect(headLines(bytes, 3, 2)).toEqual([
			{ text: 'a,b', line: 1 },
			{ text: '3', line: 3 }
		]);
		expect(headLines(bytes, 3, 0)).toEqual([]);
	});

	it('drops a line the window cuts, unless it is the last line of the file', () => {
		const bytes = bytesOf('12\n345\n6789');
		expect(headLines(bytes, 0, 10, 5)).toEqual([{ text: '12', line: 1 }]);
		expect(headLines(bytes, 0, 10, 2)).toEqual([]);
		expect(headLines(bytes, 0, 10, 100).map((l) => l.text)).toEqual(['12', '345', '6789']);
		expect(headLines(bytes, 3, 10, 8).map((l) => l.text)).toEqual(['345', '6789']);
	});

	it('equals one decode per line on 2,000 random inputs and windows', () => {
		const next = random(20210204);
		for (let n = 0; n < 2000; n++) {
			const bytes = randomBytes(next, 1 + Math.floor(next() * 120));
			const start = Math.floor(next() * Math.min(4, bytes.length));
			const max = 1 + Math.floor(next() * 12);
			const window = 1 + Math.floor(next() * 140);
			expect(headLines(bytes, start, max, window)).toEqual(perLine(bytes, start, max, window));
		}
	});
});
