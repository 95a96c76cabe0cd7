/**
 * Long and wide tables into columns: CSV/TSV (RFC 4180 quotes, `,` `;` or tab) read over
 * bytes, JSON arrays and NDJSON of records. Each column is typed from its first 1000
 * non-missing cells: numbers (Float64Array), ISO times (unix ms, Float64Array) or text
 * (dictionary codes, Int32Array). Cells that do not fit their column's type are NaN and
 * counted as bad.
 *
 * CSV/TSV and NDJSON go through incremental readers (`DelimitedReader`, `NdjsonReader`):
 * a whole file is one slice, a large one many (`stream.ts`), and both give the same rows.
 */
import { bomLength, countLines, decode, NL } from './bytes';
import { parseDecimal } from './numbers';
import { isoMemo, parseIsoBytes, parseIsoString, type IsoMemo } from './timestamps';
import type { Table, TableColumn, TableFormat } from './types';

const QUOTE = 34;
const INFER_ROWS = 1000;
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', 'nil', '-']);

export function isMissingText(s: string): boolean {
	return MISSING.has(s.trim().toLowerCase());
}

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

/** The cells of the row being scanned, dispatched only once the row is known complete. */
class RowCells {
	s = new Int32Array(64);
	e = new Int32Array(64);
	flags = new Uint8Array(64);
	n = 0;
	push(s: number, e: number, quoted: boolean, escaped: boolean) {
		if (this.n === this.s.length) {
			const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
				const b = new (a.constructor as { new (n: number): T })(a.length * 2);
				b.set(a);
				return b;
			};
			this.s = grow(this.s);
			this.e = grow(this.e);
			this.flags = grow(this.flags);
		}
		this.s[this.n] = s;
		this.e[this.n] = e;
		this.flags[this.n] = (quoted ? 1 : 0) | (escaped ? 2 : 0);
		this.n++;
	}
}

/**
 * Walks delimited rows from `start`: `cell` for each cell (content range without quotes),
 * `row` at each row's end with its first line and field count. Blank lines are skipped.
 * When `final` is false the bytes are a slice of a longer file: a row is only read once its
 * newline is in the slice (a cut inside a number, a quoted field or a CRLF waits for the
 * next slice), and `next` is where the first unread row starts. Returns the number of
 * the line after the last, and whether a quote was left open (only when `final`).
 */
function scanRows(
	bytes: Uint8Array,
	start: number,
	delim: number,
	firstLine: number,
	final: boolean,
	cell: CellFn,
	row: (line: number, fields: number) => boolean | void
): { openQuoteLine: number; next: number; line: number } {
	const n = bytes.length;
	const cells = new RowCells();
	let i = start;
	let line = firstLine;
	let openQuoteLine = 0;
	while (i < n) {
		let b = i;
		while (b < n && (bytes[b] === 32 || bytes[b] === 13 || (bytes[b] === 9 && delim !== 9))) b++;
		if (b >= n) {
			if (final) i = n;
			break;
		}
		if (bytes[b] === NL) {
			i = b + 1;
			line++;
			continue;
		}
		const rowStart = i;
		const rowLine = line;
		let complete = true;
		cells.n = 0;
		for (;;) {
			let s = i;
			while (s < n && bytes[s] === 32) s++;
			if (s < n && bytes[s] === QUOTE) {
				let j = s + 1;
				let escaped = false;
				for (;;) {
					if (j >= n) {
						if (final) openQuoteLine = rowLine;
						else complete = false;
						break;
					}
					const c = bytes[j];
					if (c === QUOTE) {
						if (j + 1 < n && bytes[j + 1] === QUOTE) {
							escaped = true;
							j += 2;
							continue;
						}
						// a quote as the slice's last byte may be the first of an escaped pair
						if (j + 1 >= n && !final) complete = false;
						break;
					}
					if (c === NL) line++;
					j++;
				}
				if (!complete) break;
				cells.push(s + 1, Math.min(j, n), true, escaped);
				i = j + 1;
				while (i < n && bytes[i] !== delim && bytes[i] !== NL) i++;
			} else {
				let j = i;
				while (j < n && bytes[j] !== delim && bytes[j] !== NL) j++;
				let e = j;
				if (e > i && bytes[e - 1] === 13) e--;
				cells.push(i, e, false, false);
				i = j;
			}
			if (i < n && bytes[i] === delim) {
				i++;
				continue;
			}
			if (i >= n && !final) complete = false;
			i++;
			line++;
			break;
		}
		if (!complete) {
			i = rowStart;
			line = rowLine;
			break;
		}
		for (let k = 0; k < cells.n; k++) {
			const f = cells.flags[k];
			cell(k, cells.s[k], cells.e[k], (f & 1) === 1, (f & 2) === 2, rowLine);
		}
		if (row(rowLine, cells.n) === false) break;
	}
	return { openQuoteLine, next: Math.min(i, n), line };
}

function cellText(bytes: Uint8Array, s: number, e: number, escaped: boolean): string {
	const t = decode(bytes, s, e);
	return (escaped ? t.replace(/""/g, '"') : t).trim();
}

/** The rows a table reader completed from one slice of bytes, as columns. */
export interface TableChunk {
	rows: number;
	/** Columns of these rows only; text columns share one growing dictionary per column. */
	columns: TableColumn[];
	/** Bytes of the slice read; the rest starts an unfinished row, to be passed again. */
	consumed: number;
}

/**
 * An incremental table parser: its columns and their kinds come from a head of the file
 * (the whole file, or its first slice); then `read` turns consecutive slices of the file,
 * from byte 0, into columns. A slice may end anywhere: the unfinished last row is not read,
 * and the caller passes its bytes again, followed by the next slice. Parsing a whole file in
 * one `read` and in many gives the same rows, cells, dictionaries and problems.
 */
export interface TableReader {
	readonly names: string[];
	readonly kinds: Kind[];
	/** Rows of `bytes` (which continues where the last call stopped); `final` at the end of the file. */
	read(bytes: Uint8Array, final: boolean): TableChunk;
	/** The columns' bad-cell counts so far, by column index. */
	badCells(): { bad: number; firstBad: string | null }[];
	/** Problems met so far (ragged rows, bad records, an open quote), in words. */
	problems(): string[];
}

export type Kind = 'number' | 'time' | 'text';

/** Dictionary coding of a text column, shared by every slice of a file. */
class Dictionary {
	readonly values: string[] = [];
	readonly #index = new Map<string, number>();
	code(text: string): number {
		if (isMissingText(text)) return -1;
		let code = this.#index.get(text);
		if (code === undefined) {
			code = this.values.length;
			this.values.push(text);
			this.#index.set(text, code);
		}
		return code;
	}
}

/**
 * The raw bytes of a text column's first few distinct cells and their codes: a long
 * table's signal and device columns repeat a handful of values, found here by a byte
 * compare instead of decoding a string and looking it up.
 */
class RecentCells {
	static readonly MAX = 16;
	readonly #cells: Uint8Array[] = [];
	readonly #codes: number[] = [];
	/** The code of `bytes[s, e)`, or -2 when it is not among these cells. */
	find(bytes: Uint8Array, s: number, e: number): number {
		const len = e - s;
		const cells = this.#cells;
		for (let k = 0; k < cells.length; k++) {
			const cell = cells[k];
			if (cell.length !== len) continue;
			let j = 0;
			while (j < len && cell[j] === bytes[s + j]) j++;
			if (j === len) return this.#codes[k];
		}
		return -2;
	}
	add(bytes: Uint8Array, s: number, e: number, code: number) {
		if (this.#cells.length >= RecentCells.MAX) return;
		this.#cells.push(bytes.slice(s, e));
		this.#codes.push(code);
	}
}

/** Per-column bad-cell bookkeeping shared by the readers. */
class BadCells {
	readonly bad: number[];
	readonly firstBad: (string | null)[];
	constructor(n: number) {
		this.bad = new Array<number>(n).fill(0);
		this.firstBad = new Array<string | null>(n).fill(null);
	}
	add(c: number, where: string) {
		this.bad[c]++;
		if (this.firstBad[c] === null) this.firstBad[c] = where;
	}
	list() {
		return this.bad.map((bad, c) => ({ bad, firstBad: this.firstBad[c] }));
	}
}

function unzonedProblem(unzoned: number): string[] {
	return unzoned ? [`times without a zone read as UTC (${unzoned} cells)`] : [];
}

/** CSV/TSV: `delimiter` `,` `;` or tab; RFC 4180 quotes; a header line. */
export class DelimitedReader implements TableReader {
	readonly names: string[];
	readonly kinds: Kind[];
	readonly #delim: number;
	/** Where the body starts in the file, and its first line number. */
	readonly #bodyStart: number;
	#line: number;
	#started = false;
	readonly #dicts: Dictionary[];
	readonly #bad: BadCells;
	#ragged = 0;
	#firstRagged = '';
	#unzoned = 0;
	#openQuoteLine = 0;
	/** Rows and bytes read so far: the next slice's row estimate. */
	#rows = 0;
	#bytes = 0;
	/** Per text column, the bytes of its first distinct cells: a repeat needs no string. */
	readonly #recent: RecentCells[];
	/** Per time column, the date and minute of its last cell. */
	readonly #memos: IsoMemo[];

	/**
	 * `head` is the file's first bytes (`whole`: all of them). Its header line must be in
	 * it; kinds come from the first 1000 rows of it.
	 */
	constructor(head: Uint8Array, delimiter: string, whole: boolean) {
		this.#delim = delimiter.charCodeAt(0);
		const headerCells: string[] = [];
		const h = scanRows(
			head,
			bomLength(head),
			this.#delim,
			1,
			whole,
			(_c, s, e, _q, esc) => headerCells.push(cellText(head, s, e, esc)),
			() => false
		);
		if (!whole && headerCells.length === 0 && !isBlankBytes(head, bomLength(head))) {
			throw new Error(`the header line is longer than ${head.length} bytes`);
		}
		this.names = uniqueNames(headerCells);
		this.#bodyStart = h.next;
		this.#line = h.line;
		const samples: string[][] = this.names.map(() => []);
		let sampled = 0;
		const ncol = this.names.length;
		scanRows(
			head,
			this.#bodyStart,
			this.#delim,
			this.#line,
			whole,
			(c, s, e, _q, esc) => {
				if (c < ncol) samples[c].push(cellText(head, s, e, esc));
			},
			() => ++sampled < INFER_ROWS
		);
		this.kinds = samples.map(inferKind);
		this.#dicts = this.names.map(() => new Dictionary());
		this.#recent = this.names.map(() => new RecentCells());
		this.#memos = this.names.map(() => isoMemo());
		this.#bad = new BadCells(ncol);
	}

	read(bytes: Uint8Array, final: boolean): TableChunk {
		const start = this.#started ? 0 : this.#bodyStart;
		// a first slice shorter than the header: nothing read, pass it again with more
		if (start > bytes.length && !final) return this.#empty();
		this.#started = true;
		const { kinds, names } = this;
		const ncol = names.length;
		// rows to expect: counted in the first slice, then from its bytes per row (grown if short)
		let cap =
			this.#rows > 0
				? Math.ceil(((bytes.length - start) / (this.#bytes / this.#rows)) * 1.1) + 16
				: Math.max(1, countLines(bytes, start));
		const nums = kinds.map((k) => (k === 'text' ? null : new Float64Array(cap)));
		const codes = kinds.map((k) => (k === 'text' ? new Int32Array(cap) : null));
		const grow = () => {
			cap = Math.ceil(cap * 1.5) + 16;
			for (let c = 0; c < ncol; c++) {
				const n = nums[c];
				if (n) {
					nums[c] = new Float64Array(cap);
					nums[c]!.set(n);
				}
				const k = codes[c];
				if (k) {
					codes[c] = new Int32Array(cap);
					codes[c]!.set(k);
				}
			}
		};
		const dicts = this.#dicts;
		const recent = this.#recent;
		const memos = this.#memos;
		const bad = this.#bad;
		// the previous text cell of each column: a repeat costs a byte compare, no string
		const prevS = new Int32Array(ncol).fill(-1);
		const prevE = new Int32Array(ncol).fill(-1);
		const prevCode = new Int32Array(ncol).fill(-1);
		const filled = new Uint8Array(ncol);
		const zoned = { zoned: false };
		let rows = 0;
		const scan = scanRows(
			bytes,
			start,
			this.#delim,
			this.#line,
			final,
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
						const plain = !(quoted && esc);
						code = plain ? recent[c].find(bytes, s, e) : -2;
						if (code === -2) {
							code = dicts[c].code(cellText(bytes, s, e, !plain));
							if (plain) recent[c].add(bytes, s, e, code);
						}
						prevS[c] = s;
						prevE[c] = e;
						prevCode[c] = code;
					}
					codes[c]![rows] = code;
					return;
				}
				let v =
					kind === 'number'
						? parseDecimal(bytes, s, e)
						: parseIsoBytes(bytes, s, e, zoned, memos[c]);
				if (Number.isNaN(v)) {
					const t = cellText(bytes, s, e, esc);
					if (!isMissingText(t)) bad.add(c, `line ${line}: '${t.slice(0, 60)}'`);
					v = NaN;
				} else if (kind === 'time' && !zoned.zoned) this.#unzoned++;
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
					this.#ragged++;
					if (!this.#firstRagged) this.#firstRagged = `line ${line} has ${fields}`;
				}
				if (++rows === cap) grow();
			}
		);
		this.#line = scan.line;
		this.#rows += rows;
		this.#bytes += scan.next - start;
		if (final && scan.openQuoteLine) this.#openQuoteLine = scan.openQuoteLine;
		const fit = <T extends Float64Array | Int32Array>(a: T): T =>
			(a.length === rows ? a : a.slice(0, rows)) as T;
		const columns = names.map((name, c): TableColumn => {
			if (kinds[c] === 'text') {
				return { name, kind: 'text', codes: fit(codes[c]!), dict: dicts[c].values };
			}
			return {
				name,
				kind: kinds[c] as 'number' | 'time',
				values: fit(nums[c]!),
				bad: bad.bad[c],
				firstBad: bad.firstBad[c]
			};
		});
		return { rows, columns, consumed: scan.next };
	}

	#empty(): TableChunk {
		const columns = this.names.map((name, c): TableColumn =>
			this.kinds[c] === 'text'
				? { name, kind: 'text', codes: new Int32Array(0), dict: this.#dicts[c].values }
				: {
						name,
						kind: this.kinds[c] as 'number' | 'time',
						values: new Float64Array(0),
						bad: this.#bad.bad[c],
						firstBad: this.#bad.firstBad[c]
					}
		);
		return { rows: 0, columns, consumed: 0 };
	}

	badCells() {
		return this.#bad.list();
	}

	problems(): string[] {
		const problems: string[] = [];
		if (this.#openQuoteLine) {
			problems.push(`a quote opened on line ${this.#openQuoteLine} is never closed`);
		}
		if (this.#ragged) {
			problems.push(
				`${this.#ragged} row${this.#ragged === 1 ? '' : 's'} do not have the header's ${this.names.length} fields (first: ${this.#firstRagged})`
			);
		}
		return problems.concat(unzonedProblem(this.#unzoned));
	}
}

function isBlankBytes(bytes: Uint8Array, start: number): boolean {
	for (let i = start; i < bytes.length; i++) if (bytes[i] > 32) return false;
	return true;
}

/** A whole file through `reader` in one read: the columnar `Table`. */
export function readWholeTable(
	reader: TableReader,
	path: string,
	format: TableFormat,
	bytes: Uint8Array,
	problems: string[] = []
): Table {
	const chunk = reader.read(bytes, true);
	return {
		path,
		format,
		rows: chunk.rows,
		columns: chunk.columns,
		problems: [...problems, ...reader.problems()]
	};
}

/** Parses a CSV/TSV file with a header line into a columnar table. */
export function parseDelimited(
	path: string,
	bytes: Uint8Array,
	delimiter: string,
	format: TableFormat
): Table {
	return readWholeTable(new DelimitedReader(bytes, delimiter, true), path, format, bytes);
}

/**
 * Cells of records into columns of fixed names and kinds. Dictionaries, bad-cell counts and
 * the record count persist from call to call, so a file read in slices gives the columns
 * it would give in one piece.
 */
class RecordColumns {
	readonly #dicts: Dictionary[];
	readonly #bad: BadCells;
	#records = 0;
	unzoned = 0;
	constructor(
		readonly names: string[],
		readonly kinds: Kind[]
	) {
		this.#dicts = names.map(() => new Dictionary());
		this.#bad = new BadCells(names.length);
	}

	columns(records: Record<string, unknown>[]): TableColumn[] {
		const rows = records.length;
		const first = this.#records;
		this.#records += rows;
		return this.names.map((name, c): TableColumn => {
			if (this.kinds[c] === 'text') {
				const dict = this.#dicts[c];
				const codes = new Int32Array(rows);
				for (let i = 0; i < rows; i++) {
					const v = records[i][name];
					const t =
						v === null || v === undefined
							? ''
							: typeof v === 'string'
								? v.trim()
								: JSON.stringify(v);
					codes[i] = dict.code(t);
				}
				return { name, kind: 'text', codes, dict: dict.values };
			}
			const isTime = this.kinds[c] === 'time';
			const values = new Float64Array(rows);
			const z = { zoned: false };
			for (let i = 0; i < rows; i++) {
				const v = records[i][name];
				let x = NaN;
				if (typeof v === 'number') x = isTime ? NaN : v;
				else if (typeof v === 'boolean') x = v ? 1 : 0;
				else if (typeof v === 'string' && !isMissingText(v)) {
					x = isTime ? parseIsoString(v.trim(), z) : Number(v.trim());
					if (isTime && Number.isFinite(x) && !z.zoned) this.unzoned++;
				}
				if (Number.isNaN(x) && v !== null && v !== undefined) {
					if (!(typeof v === 'string' && isMissingText(v))) {
						this.#bad.add(c, `record ${first + i + 1}: ${JSON.stringify(v).slice(0, 60)}`);
					}
				}
				values[i] = x;
			}
			return {
				name,
				kind: isTime ? 'time' : 'number',
				values,
				bad: this.#bad.bad[c],
				firstBad: this.#bad.firstBad[c]
			};
		});
	}

	badCells() {
		return this.#bad.list();
	}
}

/** Keys of `records` in first-seen order, and each key's kind from its first cells. */
function recordSchema(records: Record<string, unknown>[]): { names: string[]; kinds: Kind[] } {
	const names: string[] = [];
	const seen = new Set<string>();
	for (const r of records) {
		for (const k of Object.keys(r)) {
			if (!seen.has(k)) {
				seen.add(k);
				names.push(k);
			}
		}
	}
	return { names, kinds: names.map((n) => inferRecordKind(records.map((r) => r[n]))) };
}

/** Records (JSON objects) into a columnar table; keys in first-seen order. */
export function tableFromRecords(
	path: string,
	format: TableFormat,
	records: Record<string, unknown>[],
	problems: string[] = []
): Table {
	const { names, kinds } = recordSchema(records);
	const cols = new RecordColumns(names, kinds);
	const columns = cols.columns(records);
	return {
		path,
		format,
		rows: records.length,
		columns,
		problems: [...problems, ...unzonedProblem(cols.unzoned)]
	};
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

/**
 * The JSON records of the lines in `bytes[start, end)`, and the lines that are not one.
 * `line` is the number of lines before `start`. A record lives only until its slice's
 * columns are built.
 */
function ndjsonLines(
	bytes: Uint8Array,
	start: number,
	end: number,
	line: number,
	onBad: (line: number, text: string) => void
): { records: Record<string, unknown>[]; line: number } {
	const records: Record<string, unknown>[] = [];
	let i = start;
	while (i < end) {
		line++;
		let e = bytes.indexOf(NL, i);
		if (e < 0 || e > end) e = end;
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
		else onBad(line, text);
	}
	return { records, line };
}

/** End of the last whole line of a slice (after its newline), or `start` when none is. */
function wholeLinesEnd(bytes: Uint8Array, start: number): number {
	const last = bytes.lastIndexOf(NL);
	return last < start ? start : last + 1;
}

/**
 * Newline-delimited JSON, one record per line, read in slices. The columns are the keys of
 * the head's records in first-seen order, typed from their first cells; a key first met
 * after the head (only possible when the head is a first slice) is counted, not read.
 */
export class NdjsonReader implements TableReader {
	readonly names: string[];
	readonly kinds: Kind[];
	readonly #cols: RecordColumns;
	#started = false;
	#line = 0;
	#badLines = 0;
	#firstBad = '';
	#extraKeys = 0;
	#firstExtra = '';

	constructor(head: Uint8Array, whole: boolean) {
		const start = bomLength(head);
		const end = whole ? head.length : wholeLinesEnd(head, start);
		const { records } = ndjsonLines(head, start, end, 0, () => {});
		({ names: this.names, kinds: this.kinds } = recordSchema(records));
		this.#cols = new RecordColumns(this.names, this.kinds);
	}

	read(bytes: Uint8Array, final: boolean): TableChunk {
		// a first slice must be long enough to tell whether it opens with a byte order mark
		if (!this.#started && bytes.length < 3 && !final) {
			return { rows: 0, columns: this.#cols.columns([]), consumed: 0 };
		}
		const start = this.#started ? 0 : bomLength(bytes);
		this.#started = true;
		const end = final ? bytes.length : wholeLinesEnd(bytes, start);
		const { records, line } = ndjsonLines(bytes, start, end, this.#line, (at, text) => {
			this.#badLines++;
			if (!this.#firstBad) this.#firstBad = `line ${at}: '${text.slice(0, 60)}'`;
		});
		this.#line = line;
		const known = new Set(this.names);
		for (const r of records) {
			for (const k in r) {
				if (!known.has(k)) {
					this.#extraKeys++;
					if (!this.#firstExtra) this.#firstExtra = k;
					break;
				}
			}
		}
		return { rows: records.length, columns: this.#cols.columns(records), consumed: end };
	}

	/** Line of the first line that is not a record, e.g. `line 3: 'oops'` ('' when none). */
	get firstBadLine(): string {
		return this.#firstBad;
	}

	badCells() {
		return this.#cols.badCells();
	}

	problems(): string[] {
		const problems: string[] = [];
		const n = this.#badLines;
		if (n) {
			problems.push(
				`${n} line${n === 1 ? ' is' : 's are'} not a JSON record: skipped (${this.#firstBad})`
			);
		}
		if (this.#extraKeys) {
			problems.push(
				`${this.#extraKeys} records have fields the first slice did not have (first: '${this.#firstExtra}'): not read`
			);
		}
		return problems.concat(unzonedProblem(this.#cols.unzoned));
	}
}

/** Newline-delimited JSON: one record per line. */
export function parseNdjsonTable(path: string, bytes: Uint8Array): Table | { error: string } {
	const reader = new NdjsonReader(bytes, true);
	const table = readWholeTable(reader, path, 'ndjson', bytes);
	if (table.rows === 0) {
		const first = reader.firstBadLine;
		return { error: `holds no JSON records${first ? ` (${first})` : ''}` };
	}
	return table;
}

/** A column by name, or undefined. */
export function column(table: Table, name: string | null): TableColumn | undefined {
	return name === null ? undefined : table.columns.find((c) => c.name === name);
}
