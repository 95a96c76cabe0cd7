/**
 * What a file is, from its bytes first and its name second: zip and Parquet by their magic
 * numbers, binary by NUL / control bytes / invalid UTF-8 in the first KB, then the shape of
 * the first lines (E4 header, a single integer column, a header row, JSON).
 */
import { binaryReason, bomLength, headLines, isBlank, isParquet, isUtf16, isZip } from './bytes';
import { E4_NAMES, isE4Ibi, readE4Header } from './e4';
import { parseDecimal } from './numbers';
import { baseName, extension, isSystemFile, stem } from './paths';
import { DEFAULT_MAX_FILE_BYTES } from './types';
import type { E4Signal, IngestFile, IngestOptions, OriginalSignal, SniffResult } from './types';

const ORIGINAL_NAMES: Record<string, OriginalSignal> = {
	on_wrist: 'on_wrist',
	onwrist: 'on_wrist',
	wrist: 'on_wrist',
	temperature: 'temperature',
	ppg_green: 'ppg_green',
	ppg: 'ppg_green',
	green: 'ppg_green'
};

/** The original-layout signal a file name says, if any (`temperature.csv` -> temperature). */
export function originalSignalFromName(path: string): OriginalSignal | null {
	if (extension(path) !== 'csv' && extension(path) !== 'txt' && extension(path) !== '') return null;
	return (
		ORIGINAL_NAMES[
			stem(path)
				.toLowerCase()
				.replace(/[^a-z]+/g, '_')
		] ?? null
	);
}

/** The E4 signal a file name says, if any (`TEMP.csv` -> temp). */
export function e4SignalFromName(path: string): E4Signal | null {
	if (extension(path) !== 'csv') return null;
	return E4_NAMES[stem(path).toLowerCase()] ?? null;
}

/** E4 side files: not samples, skipped. */
const E4_SIDE_FILES = new Set(['tags.csv', 'info.txt']);

const INT_LINE = /^[+-]?\d+$/;

/**
 * The original-layout signal suggested by values alone: all 0/1 is on-wrist; the start-up
 * ramp 63, 126, 189 is PPG; slow values (many repeats) between 10 and 60 °C in cents are
 * temperature; anything else positive is PPG. Null when nothing fits.
 */
export function guessOriginalSignal(values: ArrayLike<number>): OriginalSignal | null {
	const n = values.length;
	if (n === 0) return null;
	let binary = true;
	let repeats = 0;
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v !== 0 && v !== 1) binary = false;
		if (v < min) min = v;
		if (v > max) max = v;
		if (i > 0 && v === values[i - 1]) repeats++;
	}
	if (binary) return 'on_wrist';
	if (n >= 3 && values[0] === 63 && values[1] === 126 && values[2] === 189) return 'ppg_green';
	const sorted = Array.from(values).sort((a, b) => a - b);
	const median = sorted[n >> 1];
	if (median >= 1000 && median <= 6000 && (n < 2 || repeats / (n - 1) >= 0.3)) return 'temperature';
	if (min >= 0 && max > 1) return 'ppg_green';
	return null;
}

function error(
	reason: Extract<SniffResult, { kind: 'error' }>['reason'],
	message: string
): SniffResult {
	return { kind: 'error', reason, message, notes: [] };
}

/** `1.5 MB`, `12 KB`, `300 bytes`. */
export function sizeText(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
	if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
	return `${bytes} bytes`;
}

/** What `file` is. Errors carry a message without the file's name (the caller adds it). */
export function sniff(file: IngestFile, options: IngestOptions = {}): SniffResult {
	const { path, bytes } = file;
	const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
	const size = file.size ?? bytes.length;
	if (isSystemFile(path)) return { kind: 'skip', reason: 'system file', notes: [] };
	if (size > limit) {
		return error(
			'too-large',
			`is ${sizeText(size)}, over the ${sizeText(limit)} limit: not read (split it or raise the limit)`
		);
	}
	const name = baseName(path).toLowerCase();
	if (E4_SIDE_FILES.has(name)) {
		return { kind: 'skip', reason: 'E4 side file (tags or device info), not samples', notes: [] };
	}
	if (bytes.length === 0) return error('empty', 'is empty (0 bytes)');
	if (isZip(bytes)) return { kind: 'zip', notes: [] };
	if (isParquet(bytes)) return { kind: 'parquet', notes: [] };
	if (isUtf16(bytes)) return error('encoding', 'is UTF-16 text: save it as UTF-8');
	const bom = bomLength(bytes);
	const why = binaryReason(bytes.subarray(bom));
	if (why) return error('binary', `is a binary file, not text (${why})`);
	if (isBlank(bytes, bom)) return error('empty', 'holds only white space');
	let first = bom;
	while (first < bytes.length && bytes[first] <= 32) first++;
	const c0 = bytes[first];
	if (c0 === 0x5b || c0 === 0x7b) {
		// `[` a JSON array; `{` one object or NDJSON (another line starting with `{`)
		const lines = headLines(bytes, bom, 2);
		const ndjson = c0 === 0x7b && lines.length > 1 && lines[1].text.startsWith('{');
		return {
			kind: 'table',
			format: ndjson || (c0 === 0x7b && extension(path) === 'ndjson') ? 'ndjson' : 'json',
			delimiter: null,
			notes: []
		};
	}
	const head = headLines(bytes, bom, 4096);
	const firstLine = head[0]?.text ?? '';
	const e4Name = e4SignalFromName(path);
	const originalName = originalSignalFromName(path);
	if (isE4Ibi(firstLine)) {
		return { kind: 'e4', signal: 'ibi', guessed: e4Name !== 'ibi', notes: [] };
	}
	const e4 = readE4Header(bytes, bom);
	if (e4) {
		if (e4Name && e4Name !== 'ibi') {
			return { kind: 'e4', signal: e4Name, guessed: false, notes: [] };
		}
		const rate = e4.rates[0];
		let signal: E4Signal;
		if (e4.starts.length === 3) signal = 'acc';
		else if (rate >= 16) signal = 'bvp';
		else if (rate <= 1) signal = 'hr';
		else {
			const body = head.slice(2).map((l) => Number(l.text));
			const sorted = body.filter(Number.isFinite).sort((a, b) => a - b);
			const median = sorted[sorted.length >> 1];
			signal = median >= 15 && median <= 45 ? 'temp' : 'eda';
		}
		return {
			kind: 'e4',
			signal,
			guessed: true,
			notes: [
				`recognised as an E4 ${signal.toUpperCase()} file by its content (start time, ${rate} Hz${e4.starts.length === 3 ? ', three columns' : ''})`
			]
		};
	}
	const singleColumn = head.every((l) => !/[,;\t]/.test(l.text));
	const integerLines = head.filter((l) => INT_LINE.test(l.text));
	// mostly integers: an original file with a few bad lines, which the parser will name
	const integers =
		integerLines.length === head.length ||
		(singleColumn && head.length >= 10 && integerLines.length >= 0.9 * head.length);
	if (integers || (originalName && singleColumn)) {
		if (originalName) return { kind: 'original', signal: originalName, guessed: false, notes: [] };
		const values = integerLines.map((l) => Number(l.text));
		const guess = guessOriginalSignal(values);
		if (!guess) {
			return error(
				'unrecognised',
				'is a single column of integers, but its name and values do not say which signal it is (name it on_wrist.csv, temperature.csv or ppg_green.csv)'
			);
		}
		return {
			kind: 'original',
			signal: guess,
			guessed: true,
			notes: [
				`recognised as ${guess}.csv of the original layout by its values (its name does not say)`
			]
		};
	}
	if (singleColumn && head.every((l) => Number.isFinite(parseNumber(l.text)))) {
		return error(
			'unrecognised',
			'is a single column of numbers without the E4 start-time and rate lines or a header: its signal and rate are unknown'
		);
	}
	const tab = firstLine.includes('\t');
	const semi = (firstLine.match(/;/g) ?? []).length;
	const comma = (firstLine.match(/,/g) ?? []).length;
	const delimiter = tab ? '\t' : semi > comma ? ';' : ',';
	const cells = firstLine.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ''));
	if (cells.length > 1 && cells.every((c) => Number.isFinite(parseNumber(c)))) {
		return error(
			'unrecognised',
			`has ${cells.length} columns of numbers but no header line: name the columns (timestamp, device, signal, value, or one column per signal)`
		);
	}
	const notes: string[] = [];
	if (e4Name) notes.push(`named like an E4 ${e4Name.toUpperCase()} file, but has a header row`);
	return {
		kind: 'table',
		format: tab ? 'tsv' : 'csv',
		delimiter,
		notes
	};
}

function parseNumber(text: string): number {
	const b = new TextEncoder().encode(text);
	return parseDecimal(b, 0, b.length);
}
