/**
 * Empatica E4 session exports: TEMP, BVP, EDA, HR (one column), ACC (three columns).
 * Line 1 holds the start time (unix seconds, UTC) of each column, line 2 the sample rate;
 * samples follow, one row per line. IBI.csv (start time and "IBI", then time/interval
 * pairs), tags.csv and info.txt have other shapes and are not samples.
 */
import { NL } from './bytes';
import { describeColumnError, parseDecimal, parseNumberRows } from './numbers';
import type { E4Signal, TargetSignal } from './types';

/** Plausible start times: 2000-01-01 to 2100-01-01. */
const MIN_START = 946684800;
const MAX_START = 4102444800;

export const E4_NAMES: Record<string, E4Signal> = {
	temp: 'temp',
	bvp: 'bvp',
	eda: 'eda',
	hr: 'hr',
	acc: 'acc',
	ibi: 'ibi'
};

/** What the detection uses each E4 signal for. */
export const E4_TARGET: Record<E4Signal, TargetSignal | null> = {
	temp: 'temperature',
	bvp: 'ppg',
	eda: null,
	hr: null,
	acc: null,
	ibi: null
};

/** Multiplier into the kernel's integer units: °C to cents; BVP to hundredths (lossless). */
export const E4_SCALE: Record<E4Signal, number> = {
	temp: 100,
	bvp: 100,
	eda: 1,
	hr: 1,
	acc: 1,
	ibi: 1
};

export interface E4Header {
	starts: number[];
	rates: number[];
	/** Byte offset of line 3. */
	bodyStart: number;
}

function readLine(bytes: Uint8Array, start: number): { s: number; e: number; next: number } {
	let e = bytes.indexOf(NL, start);
	const next = e < 0 ? bytes.length : e + 1;
	if (e < 0) e = bytes.length;
	return { s: start, e, next };
}

function numbersOf(bytes: Uint8Array, s: number, e: number): number[] {
	const out: number[] = [];
	let from = s;
	for (let j = s; j <= e; j++) {
		if (j === e || bytes[j] === 44) {
			out.push(parseDecimal(bytes, from, j));
			from = j + 1;
		}
	}
	return out;
}

/** The two header lines of an E4 file, or null when the file does not start with them. */
export function readE4Header(bytes: Uint8Array, start: number): E4Header | null {
	const l1 = readLine(bytes, start);
	const l2 = readLine(bytes, l1.next);
	if (l1.next >= bytes.length && l1.e === bytes.length) return null;
	const starts = numbersOf(bytes, l1.s, l1.e);
	const rates = numbersOf(bytes, l2.s, l2.e);
	if (starts.length === 0 || starts.length !== rates.length || starts.length > 3) return null;
	if (!starts.every((t) => t >= MIN_START && t <= MAX_START)) return null;
	if (!rates.every((r) => r > 0 && r <= 1000)) return null;
	return { starts, rates, bodyStart: l2.next };
}

/** An IBI.csv: its first line is the start time and the word IBI. */
export function isE4Ibi(firstLine: string): boolean {
	return /^\s*\d{9,10}(\.\d*)?\s*,\s*IBI\s*$/i.test(firstLine);
}

export interface E4Data {
	signal: E4Signal;
	/** Start time of the first column, unix seconds. */
	start: number;
	rateHz: number;
	columns: Float64Array[];
	rows: number;
	problems: string[];
}

/** Parses an E4 sample file; an error string names what is wrong (the caller names the file). */
export function parseE4(
	bytes: Uint8Array,
	start: number,
	signal: E4Signal
): E4Data | { error: string } {
	const header = readE4Header(bytes, start);
	if (!header) {
		return {
			error:
				'does not start with the E4 header (line 1: start time in unix seconds, line 2: sample rate in Hz)'
		};
	}
	const ncol = header.starts.length;
	const expected = signal === 'acc' ? 3 : 1;
	if (ncol !== expected) {
		return {
			error: `has ${ncol} columns in its E4 header, ${signal.toUpperCase()} has ${expected}`
		};
	}
	const problems: string[] = [];
	if (new Set(header.starts).size > 1 || new Set(header.rates).size > 1) {
		problems.push(
			`columns disagree on start or rate (${header.starts.join(', ')} / ${header.rates.join(', ')}): the first is used`
		);
	}
	const body = parseNumberRows(bytes, header.bodyStart, ncol, 3);
	if (body.error) return { error: describeColumnError(body.error) };
	return {
		signal,
		start: header.starts[0],
		rateHz: header.rates[0],
		columns: body.columns,
		rows: body.rows,
		problems
	};
}
