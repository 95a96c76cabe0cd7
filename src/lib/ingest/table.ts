/**
 * Long and wide tables into columns: CSV/TSV (RFC 4180 quotes, `,` `;` or tab) read over
 * bytes, JSON arrays and NDJSON of records. Each column is typed from its first 1000
 * non-missing cells: numbers (Float64Array), ISO times (unix ms, Float64Array) or text
 * (dictionary codes, Int32Array). Cells that do not fit their column's type are NaN and
 * counted as bad.
 */
import { bomLength, countLines, decode, NL } from './bytes';
import { parseDecimal } from './numbers';
import { parseIsoBytes, parseIsoString } from './timestamps';
import type { Table, TableColumn, TableFormat } from './types';

const QUOTE = 34;
const INFER_ROWS = 1000;
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', 'nil', '-']);

export function isMissingText(s: string): boolean {
	return MISSING.has(s.trim().toLowerCase());
}

type Kind = 'number' | 'time' | 'text';

/**
 * A column is numbers (or times) when at least 90 % of its sampled cells are: a stray
 * 'n/a' or 'warm' then counts as a bad cell instead of turning the column into text.
 */
function kindOf(seen: number, numbers: number, times: number): Kind {
	if (seen === 0) return 'number';
	if (numbers >= 0.9 * seen) return 'number';
	if (times >= 0.9 * seen) return 'time';
	return 'text';
}

function inferKind(samples: string[]): Kind {
	let numbers = 0;
	let times = 0;
	let seen = 0;
	for (const raw of samples) {
		const s = raw.trim();
		if (isMissingText(s)) continue;
		seen++;
		if (s !== '' && Number.isFinite(Number(s))) numbers++;
		else if (Number.isFinite(parseIsoString(s))) times++;
	}
	return kindOf(seen, numbers, times);
}

/** Unique, non-empty column names: `column_3` for a blank one, `name_2` for a repeat. */
export function uniqueNames(raw: string[]): string[] {
	const seen = new Set<string>();
	return raw.map((r, i) => {
		let name = r.trim() || `column_${i + 1}`;
		if (seen.has(name)) {
			let k = 2;
			while (seen.has(`${name}_${k}`)) k++;
			name = `${name}_${k}`;
		}
		seen.add(name);
		return name;
	});
}

type CellFn = (
	col: number,
	s: number,
	e: number,
	quoted: boolean,
	escaped: boolean,
	line: number
) => void;

/**
 * Walks delimited rows from `start`: `cell` for each cell (content range without quotes),
 * `row` at each row's end with its first line and field count. Blank lines are skipped.
 * Returns the number of the line after the last, and whether a quote was left open.
 */
function scanRows(
	bytes: Uint8Array,
	start: number,
	delim: number,
	firstLine: number,
	cell: CellFn,
	row: (line: number, fields: number) => boolean | void
): { openQuoteLine: number; next: number; line: number } {
	const n = bytes.length;
	let i = start;
	let line = firstLine;
	let openQuoteLine = 0;
	while (i < n) {
		let b = i;
		while (b < n && (bytes[b] === 32 || bytes[b] === 13 || (bytes[b] === 9 && delim !== 9))) b++;
		if (b >= n) {
			i = n;
			break;
		}
		if (bytes[b] === NL) {
			i = b + 1;
			line++;
			continue;
		}
		const rowLine = line;
		let col = 0;
		for (;;) {
			let s = i;
			while (s < n && bytes[s] === 32) s++;
			if (s < n && bytes[s] === QUOTE) {
				let j = s + 1;
				let escaped = false;
				for (;;) {
					if (j >= n) {
						openQuoteLine = rowLine;
						break;
					}
					const c = bytes[j];
					if (c === QUOTE) {
						if (j + 1 < n && bytes[j + 1] === QUOTE) {
							escaped = true;
							j += 2;
							continue;
						}
						break;
					}
					if (c === NL) line++;
					j++;
				}
				cell(col++, s + 1, Math.min(j, n), true, escaped, rowLine);
				i = j + 1;
				while (i < n && bytes[i] !== delim && bytes[i] !== NL) i++;
			} else {
				let j = i;
				while (j < n && bytes[j] !== delim && bytes[j] !== NL) j++;
				let e = j;
				if (e > i && bytes[e - 1] === 13) e--;
				cell(col++, i, e, false, false, rowLine);
				i = j;
			}
			if (i < n && bytes[i] === delim) {
				i++;
				continue;
			}
			i++;
			line++;
			break;
		}
		if (row(rowLine, col) === false) break;
	}
	return { openQuoteLine, next: Math.min(i, n), line };
}

function cellText(bytes: Uint8Array, s: number, e: number, escaped: boolean): string {
	const t = decode(bytes, s, e);
	return (escaped ? t.replace(/""/g, '"') : t).trim();
}

/** Parses a CSV/TSV file with a header line into a columnar table. */
export function parseDelimited(
	path: string,
	bytes: Uint8Array,
	delimiter: string,
	format: TableFormat
): Table {
	const delim = delimiter.charCodeAt(0);
	const problems: string[] = [];
	const headerCells: string[] = [];
	const head = scanRows(
		bytes,
		bomLength(bytes),
		delim,
		1,
		(_c, s, e, _q, esc) => headerCells.push(cellText(bytes, s, e, esc)),
		() => false
	);
	const header = uniqueNames(headerCells);
	const bodyStart = head.next;
	const bodyLine = head.line;
	const ncol = header.length;
	// infer kinds from the first rows
	const samples: string[][] = header.map(() => []);
	let sampled = 0;
	scanRows(
		bytes,
		bodyStart,
		delim,
		bodyLine,
		(c, s, e, _q, esc) => {
			if (c < ncol) samples[c].push(cellText(bytes, s, e, esc));
		},
		() => ++sampled < INFER_ROWS
	);
	const kinds = samples.map(inferKind);
	const cap = Math.max(1, countLines(bytes, bodyStart));
	const nums = kinds.map((k) => (k === 'text' ? null : new Float64Array(cap)));
	const codes = kinds.map((k) => (k === 'text' ? new Int32Array(cap) : null));
	const dicts: string[][] = header.map(() => []);
	const index: Map<string, number>[] = header.map(() => new Map());
	const prevS = new Int32Array(ncol).fill(-1);
	const prevE = new Int32Array(ncol).fill(-1);
	const prevCode = new Int32Array(ncol).fill(-1);
	const bad = new Float64Array(ncol);
	const firstBad: (string | null)[] = header.map(() => null);
	let rows = 0;
	let ragged = 0;
	let firstRagged = '';
	const filled = new Uint8Array(ncol);
	const zoned = { zoned: false };
	let unzoned = 0;
	const { openQuoteLine } = scanRows(
		bytes,
		bodyStart,
		delim,
		bodyLine,
		(c, s, e, quoted, esc, line) => {
			if (c >= ncol) return;
			filled[c] = 1;
			const kind = kinds[c];
			if (kind === 'text') {
				const ps = prevS[c];
				let same = ps >= 0 && prevE[c] - ps === e - s;
				if (same) {
					for (let k = 0; k < e - s; k++) {
						if (bytes[ps + k] !== bytes[s + k]) {
							same = false;
							break;
						}
					}
				}
				let code: number;
				if (same) code = prevCode[c];
				else {
					const t = cellText(bytes, s, e, quoted && esc);
					if (isMissingText(t)) code = -1;
					else {
						const found = index[c].get(t);
						if (found === undefined) {
							code = dicts[c].length;
							dicts[c].push(t);
							index[c].set(t, code);
						} else code = found;
					}
					prevS[c] = s;
					prevE[c] = e;
					prevCode[c] = code;
				}
				codes[c]![rows] = code;
				return;
			}
			let v = kind === 'number' ? parseDecimal(bytes, s, e) : parseIsoBytes(bytes, s, e, zoned);
			if (Number.isNaN(v)) {
				const t = cellText(bytes, s, e, esc);
				if (!isMissingText(t)) {
					bad[c]++;
					if (firstBad[c] === null) firstBad[c] = `line ${line}: '${t.slice(0, 60)}'`;
				}
				v = NaN;
			} else if (kind === 'time' && !zoned.zoned) unzoned++;
			nums[c]![rows] = v;
		},
		(line, fields) => {
			for (let c = 0; c < ncol; c++) {
				if (!filled[c]) {
					if (kinds[c] === 'text') codes[c]![rows] = -1;
					else nums[c]![rows] = NaN;
				}
				filled[c] = 0;
			}
			if (fields !== ncol) {
				ragged++;
				if (!firstRagged) firstRagged = `line ${line} has ${fields}`;
			}
			rows++;
		}
	);
	if (openQuoteLine) problems.push(`a quote opened on line ${openQuoteLine} is never closed`);
	if (ragged) {
		problems.push(
			`${ragged} row${ragged === 1 ? '' : 's'} do not have the header's ${ncol} fields (first: ${firstRagged})`
		);
	}
	if (unzoned) problems.push(`times without a zone read as UTC (${unzoned} cells)`);
	const columns: TableColumn[] = header.map((name, c) => {
		if (kinds[c] === 'text') {
			return { name, kind: 'text', codes: codes[c]!.slice(0, rows), dict: dicts[c] };
		}
		return {
			name,
			kind: kinds[c] as 'number' | 'time',
			values: nums[c]!.slice(0, rows),
			bad: bad[c],
			firstBad: firstBad[c]
		};
	});
	return { path, format, rows, columns, problems };
}

/** Records (JSON objects) into a columnar table; keys in first-seen order. */
export function tableFromRecords(
	path: string,
	format: TableFormat,
	records: Record<string, unknown>[],
	problems: string[] = []
): Table {
	const names: string[] = [];
	const seen = new Map<string, number>();
	for (const r of records) {
		for (const k of Object.keys(r)) {
			if (!seen.has(k)) {
				seen.set(k, names.length);
				names.push(k);
			}
		}
	}
	const rows = records.length;
	let unzoned = 0;
	const columns: TableColumn[] = names.map((name) => {
		const cells = records.map((r) => r[name]);
		const kind = inferRecordKind(cells);
		if (kind === 'text') {
			const dict: string[] = [];
			const idx = new Map<string, number>();
			const codes = new Int32Array(rows);
			for (let i = 0; i < rows; i++) {
				const v = cells[i];
				const t =
					v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : JSON.stringify(v);
				if (isMissingText(t)) {
					codes[i] = -1;
					continue;
				}
				let code = idx.get(t);
				if (code === undefined) {
					code = dict.length;
					dict.push(t);
					idx.set(t, code);
				}
				codes[i] = code;
			}
			return { name, kind: 'text', codes, dict };
		}
		const isTime = kind === 'time';
		const values = new Float64Array(rows);
		let bad = 0;
		let firstBad: string | null = null;
		const z = { zoned: false };
		for (let i = 0; i < rows; i++) {
			const v = cells[i];
			let x = NaN;
			if (typeof v === 'number') x = isTime ? NaN : v;
			else if (typeof v === 'boolean') x = v ? 1 : 0;
			else if (typeof v === 'string' && !isMissingText(v)) {
				x = isTime ? parseIsoString(v.trim(), z) : Number(v.trim());
				if (isTime && Number.isFinite(x) && !z.zoned) unzoned++;
			} else if (v !== null && v !== undefined && typeof v !== 'string') x = NaN;
			if (Number.isNaN(x) && v !== null && v !== undefined) {
				if (!(typeof v === 'string' && isMissingText(v))) {
					bad++;
					if (firstBad === null) firstBad = `record ${i + 1}: ${JSON.stringify(v).slice(0, 60)}`;
				}
			}
			values[i] = x;
		}
		return { name, kind: isTime ? 'time' : 'number', values, bad, firstBad };
	});
	if (unzoned) problems.push(`times without a zone read as UTC (${unzoned} cells)`);
	return { path, format, rows, columns, problems };
}

function inferRecordKind(cells: unknown[]): Kind {
	let numbers = 0;
	let times = 0;
	let seen = 0;
	for (let i = 0; i < cells.length && seen < INFER_ROWS; i++) {
		const v = cells[i];
		if (v === null || v === undefined || (typeof v === 'string' && isMissingText(v))) continue;
		seen++;
		if (typeof v === 'number' || typeof v === 'boolean') numbers++;
		else if (typeof v === 'string') {
			if (Number.isFinite(Number(v.trim()))) numbers++;
			else if (Number.isFinite(parseIsoString(v.trim()))) times++;
		}
	}
	return kindOf(seen, numbers, times);
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON array of records (or an object holding one, e.g. `{ "data": [...] }`). */
export function parseJsonTable(path: string, bytes: Uint8Array): Table | { error: string } {
	let value: unknown;
	try {
		value = JSON.parse(decode(bytes, bomLength(bytes)));
	} catch (e) {
		return { error: `is not valid JSON (${(e as Error).message})` };
	}
	const problems: string[] = [];
	if (isRecord(value)) {
		const arrays = Object.entries(value).filter(
			([, v]) => Array.isArray(v) && v.length > 0 && isRecord(v[0])
		);
		if (arrays.length !== 1) {
			return { error: 'is a JSON object, not an array of records ({ "timestamp": ..., ... })' };
		}
		problems.push(`records read from its "${arrays[0][0]}" field`);
		value = arrays[0][1];
	}
	if (!Array.isArray(value)) return { error: 'is JSON but not an array of records' };
	const records: Record<string, unknown>[] = [];
	let notRecords = 0;
	for (const r of value) {
		if (isRecord(r)) records.push(r);
		else notRecords++;
	}
	if (records.length === 0) return { error: 'holds no records (objects) in its JSON array' };
	if (notRecords) problems.push(`${notRecords} array items are not records: skipped`);
	return tableFromRecords(path, 'json', records, problems);
}

/** Newline-delimited JSON: one record per line. */
export function parseNdjsonTable(path: string, bytes: Uint8Array): Table | { error: string } {
	const records: Record<string, unknown>[] = [];
	let badLines = 0;
	let firstBad = '';
	let i = bomLength(bytes);
	let line = 0;
	while (i < bytes.length) {
		line++;
		let e = bytes.indexOf(NL, i);
		if (e < 0) e = bytes.length;
		const text = decode(bytes, i, e).trim();
		i = e + 1;
		if (text === '') continue;
		let v: unknown;
		try {
			v = JSON.parse(text);
		} catch {
			v = undefined;
		}
		if (isRecord(v)) records.push(v);
		else {
			badLines++;
			if (!firstBad) firstBad = `line ${line}: '${text.slice(0, 60)}'`;
		}
	}
	if (records.length === 0) {
		return { error: `holds no JSON records${firstBad ? ` (${firstBad})` : ''}` };
	}
	const problems = badLines
		? [
				`${badLines} line${badLines === 1 ? ' is' : 's are'} not a JSON record: skipped (${firstBad})`
			]
		: [];
	return tableFromRecords(path, 'ndjson', records, problems);
}

/** A column by name, or undefined. */
export function column(table: Table, name: string | null): TableColumn | undefined {
	return name === null ? undefined : table.columns.find((c) => c.name === name);
}
