/** Test support for ingest: files from text, the real fixture device, generated E4 exports. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ByteSource, IngestFile } from '../../../src/lib/ingest/types';

const encoder = new TextEncoder();

export function textFile(path: string, text: string): IngestFile {
	return { path, bytes: encoder.encode(text) };
}

export function bytesOf(text: string): Uint8Array {
	return encoder.encode(text);
}

export const FIXTURE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/fd2s');

export const FIXTURE_NAMES = ['on_wrist.csv', 'temperature.csv', 'ppg_green.csv'] as const;

/** The real device folder, as dropped: paths like `2021/02/04/device_015/temperature.csv`. */
export function fixtureFiles(prefix = ''): IngestFile[] {
	return FIXTURE_NAMES.map((name) => ({
		path: `${prefix}2021/02/04/device_015/${name}`,
		bytes: new Uint8Array(readFileSync(join(FIXTURE_ROOT, '2021/02/04/device_015', name)))
	}));
}

export function fixtureBytes(name: (typeof FIXTURE_NAMES)[number]): Uint8Array {
	return new Uint8Array(readFileSync(join(FIXTURE_ROOT, '2021/02/04/device_015', name)));
}

/** 2020-05-12T14:06:18Z, a unix start time as the E4 writes it. */
export const E4_START = 1589292378;

/** An E4 single-column file: start time, rate, then the values as text. */
export function e4Text(values: string[], rate: number, start = E4_START): string {
	return `${start.toFixed(6)}\n${rate.toFixed(6)}\n${values.join('\n')}\n`;
}

/** An E4 ACC file: three columns (x, y, z) at 32 Hz. */
export function e4AccText(rows: number, start = E4_START): string {
	const lines = [
		`${start.toFixed(6)}, ${start.toFixed(6)}, ${start.toFixed(6)}`,
		'32.000000, 32.000000, 32.000000'
	];
	for (let i = 0; i < rows; i++) lines.push(`${(i % 7) - 3}, ${10 + (i % 3)}, 62`);
	return lines.join('\n') + '\n';
}

/** TEMP (4 Hz, °C with two decimals) for `seconds` seconds: 33.00, 33.01, ... */
export function e4Temp(seconds: number): string[] {
	return Array.from({ length: seconds * 4 }, (_, i) => (33 + (i % 50) / 100).toFixed(2));
}

/** BVP (64 Hz) for `seconds` seconds: a 1.25 Hz wave centred on 0, two decimals. */
export function e4Bvp(seconds: number): string[] {
	return Array.from({ length: seconds * 64 }, (_, i) =>
		(80 * Math.sin((2 * Math.PI * 1.25 * i) / 64)).toFixed(2)
	);
}

export function e4Session(seconds: number, start = E4_START): Record<string, string> {
	return {
		'TEMP.csv': e4Text(e4Temp(seconds), 4, start),
		'BVP.csv': e4Text(e4Bvp(seconds), 64, start),
		'EDA.csv': e4Text(
			Array.from({ length: seconds * 4 }, (_, i) => (0.5 + i / 1000).toFixed(6)),
			4,
			start
		),
		'HR.csv': e4Text(
			Array.from({ length: Math.max(0, seconds - 10) }, () => '72.00'),
			1,
			start + 10
		),
		'ACC.csv': e4AccText(seconds * 32, start),
		'IBI.csv': `${start.toFixed(6)}, IBI\n12.345, 0.812\n13.157, 0.811\n`,
		'tags.csv': '',
		'info.txt': '.csv files in this archive are in the following format: ...\n'
	};
}

/**
 * A file held in memory as a `ByteSource` (what the worker makes of a `File`); `reads`
 * counts the slices asked for.
 */
export function memorySource(
	path: string,
	bytes: Uint8Array,
	lastModified = 1_700_000_000_000
): ByteSource & { reads: number } {
	const source = {
		path,
		size: bytes.length,
		lastModified,
		reads: 0,
		read: async (start: number, end: number) => {
			source.reads++;
			return bytes.slice(start, Math.min(end, bytes.length));
		}
	};
	return source;
}
