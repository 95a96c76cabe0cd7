/**
 * Parquet files to and from the ingest module's columnar `Table` and Arrow, with
 * `parquet-wasm` (its ESM build; the only importer of it). DuckDB-WASM 1.32 has no
 * Parquet built in (it would download an extension; STACK-NOTES).
 *
 * - The wasm (4.95 MB, 1.6 MB gzipped) is a file of this site (a Vite `?url` asset) and is
 *   fetched and compiled on first use only: `readParquet` / `writeParquet` call
 *   `initParquet()`, or a caller does it ahead (the ingest worker, when a Parquet file
 *   arrives). Nothing compiles code from strings (parquet-wasm's glue has no `eval`; Arrow
 *   vectors are built from buffers, not with apache-arrow's builders, whose null check is
 *   a `new Function`): a CSP of `script-src 'self' 'wasm-unsafe-eval'` allows it.
 * - Node (tests): `initParquet(bytes)` with the wasm read from
 *   `node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm`; the default URL is for browsers.
 * - Reading: Parquet -> Arrow IPC (in wasm) -> apache-arrow 17 `tableFromIPC` -> the
 *   ingest `Table`: integers, floats, decimals and booleans become `number` columns
 *   (Float64, NaN for null); timestamps and dates `time` columns (unix ms; a timestamp
 *   without a zone is read as UTC, noted as a problem like naive ISO text in a CSV); text
 *   (plain or dictionary-encoded) `text` columns, dictionary-coded like the CSV reader's,
 *   and read as ISO times when at least 90 % of the first 1000 cells are. Columns of other
 *   types (lists, structs, binary, time of day) are left out and named in the problems.
 * - Writing: typed-array / plain-array columns, an Arrow table or Arrow IPC bytes ->
 *   parquet-wasm `writeParquet` (Snappy by default): the export of issue 4.
 */
import {
	Bool,
	DataType,
	Float64,
	Table as ArrowTable,
	TimeUnit,
	Timestamp,
	Utf8,
	makeData,
	makeVector,
	tableFromIPC,
	tableToIPC,
	util
} from 'apache-arrow';
import type { Data, Vector } from 'apache-arrow';
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { parquetCutShort } from '../ingest/bytes';
import { isMissingText, uniqueNames } from '../ingest/table';
import { parseIsoString } from '../ingest/timestamps';
import type { ParquetDecoder, Table, TableColumn } from '../ingest/types';

type ParquetWasm = typeof import('parquet-wasm/esm');

/** Where the wasm comes from: a URL (browsers), its bytes or a compiled module (Node). */
export type ParquetWasmSource = string | URL | Response | BufferSource | WebAssembly.Module;

let wasm: ParquetWasm | null = null;
let loading: Promise<ParquetWasm> | null = null;

function why(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

/**
 * Loads parquet-wasm once (later calls share the first load; a failed load may be
 * retried). `source` defaults to the site's own copy of the wasm (a Vite asset URL).
 */
export function initParquet(
	source?: ParquetWasmSource | Promise<ParquetWasmSource>
): Promise<void> {
	if (wasm) return Promise.resolve();
	if (!loading) {
		const p = (async () => {
			try {
				const mod = await import('parquet-wasm/esm');
				await mod.default({ module_or_path: source ?? wasmUrl });
				wasm = mod;
				return mod;
			} catch (e) {
				const hint =
					source === undefined && typeof window === 'undefined' && typeof self === 'undefined'
						? '; outside a browser pass the wasm bytes to initParquet()'
						: '';
				throw new Error(`the Parquet reader could not be loaded (${why(e)}${hint})`, { cause: e });
			}
		})();
		loading = p;
		p.catch(() => {
			if (loading === p) loading = null;
		});
	}
	return loading.then(() => undefined);
}

/** True once `initParquet` has finished: the `…Sync` functions work from then on. */
export function parquetReady(): boolean {
	return wasm !== null;
}

function ready(): ParquetWasm {
	if (!wasm) throw new Error('the Parquet reader is not loaded: await initParquet() first');
	return wasm;
}

/**
 * Decodes a Parquet file into the ingest `Table` (needs `initParquet` done). Never throws
 * for a bad file: the error is a message without the file's name (the caller adds it).
 */
export const decodeParquet: ParquetDecoder = (path, bytes) => {
	let pw: ParquetWasm;
	try {
		pw = ready();
	} catch (e) {
		return { error: why(e) };
	}
	const cut = parquetCutShort(bytes);
	if (cut) return { error: cut };
	let ipc: Uint8Array;
	try {
		ipc = pw.readParquet(bytes, { batchSize: 65536 }).intoIPCStream();
	} catch (e) {
		return {
			error: `the Parquet file is damaged or uses a feature this reader lacks, nothing in it was read (${why(e)})`
		};
	}
	let arrow: ArrowTable;
	try {
		arrow = tableFromIPC(ipc);
	} catch (e) {
		return {
			error: `the Parquet file holds a column type this build cannot read, nothing in it was read (${why(e)})`
		};
	}
	return arrowToTable(arrow, path);
};

/** `decodeParquet` that throws, the message starting with `path`. */
export function readParquetSync(bytes: Uint8Array, path = 'table.parquet'): Table {
	const r = decodeParquet(path, bytes);
	if ('error' in r) throw new Error(`${path}: ${r.error}`);
	return r;
}

/** Reads a Parquet file (loading the wasm on first use) into the ingest `Table`. */
export async function readParquet(bytes: Uint8Array, path = 'table.parquet'): Promise<Table> {
	await initParquet();
	return readParquetSync(bytes, path);
}

// --- Arrow -> ingest Table ---------------------------------------------------------------

/** The parts of an apache-arrow `Data` chunk read here. */
interface Chunk {
	type: DataType;
	length: number;
	offset: number;
	nullCount: number;
	values: ArrayLike<number | bigint> & { buffer: ArrayBufferLike; byteOffset: number };
	valueOffsets: Int32Array | BigInt64Array;
	nullBitmap: Uint8Array | undefined;
	dictionary?: Vector;
}

function chunksOf(vec: Vector): Chunk[] {
	return vec.data as unknown as Chunk[];
}

/** Validity of row i of a chunk (offset 0 assumed by the callers' fast paths). */
function validity(c: Chunk): ((i: number) => boolean) | null {
	const bits = c.nullBitmap;
	if (c.nullCount <= 0 || !bits || bits.length === 0) return null;
	const o = c.offset;
	return (i) => ((bits[(o + i) >> 3] >> ((o + i) & 7)) & 1) === 1;
}

/** Each value of an Int64/Uint64 buffer as a number (exact below 2^53), no BigInt per value. */
function int64At(values: Chunk['values'], signed: boolean): (i: number) => number {
	const halves = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
	return signed
		? (i) => halves[2 * i + 1] * 4294967296 + (halves[2 * i] >>> 0)
		: (i) => (halves[2 * i + 1] >>> 0) * 4294967296 + (halves[2 * i] >>> 0);
}

/** A cell as a number via apache-arrow's own `get` (the slow path for rare types). */
function asNumber(v: unknown): number {
	if (v === null || v === undefined) return NaN;
	if (typeof v === 'number') return v;
	if (typeof v === 'bigint') return Number(v);
	if (typeof v === 'boolean') return v ? 1 : 0;
	if (v instanceof Date) return v.getTime();
	return Number(v);
}

function fillGeneric(c: Chunk, out: Float64Array, at: number, read: (v: unknown) => number) {
	const vec = makeVector(c as unknown as Data);
	for (let i = 0; i < c.length; i++) out[at + i] = read(vec.get(i));
}

/** Fills `out[at, at + c.length)` with a numeric chunk's values (NaN for null). */
function fillNumbers(c: Chunk, out: Float64Array, at: number, scale = 1) {
	const t = c.type;
	const n = c.length;
	if (c.offset !== 0 || DataType.isDecimal(t) || (DataType.isFloat(t) && t.precision === 0)) {
		if (DataType.isDecimal(t)) {
			const s = t.scale;
			type BN = Parameters<typeof util.bigNumToNumber>[0];
			fillGeneric(c, out, at, (v) => (v === null ? NaN : util.bigNumToNumber(v as BN, s)));
		} else if (DataType.isTimestamp(t)) {
			fillGeneric(c, out, at, asNumber); // apache-arrow's get is in ms already
		} else fillGeneric(c, out, at, (v) => asNumber(v) * scale);
		return;
	}
	if (DataType.isBool(t)) {
		const bits = c.values as unknown as Uint8Array;
		for (let i = 0; i < n; i++) out[at + i] = (bits[i >> 3] >> (i & 7)) & 1;
	} else if (DataType.isNull(t)) {
		out.fill(NaN, at, at + n);
	} else if (
		(DataType.isInt(t) && t.bitWidth === 64) ||
		DataType.isTimestamp(t) ||
		DataType.isDuration(t)
	) {
		const get = int64At(c.values, !DataType.isInt(t) || t.isSigned);
		if (scale === 1) for (let i = 0; i < n; i++) out[at + i] = get(i);
		else for (let i = 0; i < n; i++) out[at + i] = get(i) * scale;
	} else if (DataType.isInt(t) || DataType.isFloat(t)) {
		const v = c.values as unknown as ArrayLike<number>;
		if (scale === 1) out.set((v as Float64Array).subarray(0, n), at);
		else for (let i = 0; i < n; i++) out[at + i] = v[i] * scale;
	} else {
		fillGeneric(c, out, at, (v) => asNumber(v) * scale);
		return;
	}
	const valid = validity(c);
	if (valid) for (let i = 0; i < n; i++) if (!valid(i)) out[at + i] = NaN;
}

/** Milliseconds per unit of an Arrow timestamp. */
function msPer(unit: TimeUnit): number {
	return unit === TimeUnit.SECOND
		? 1000
		: unit === TimeUnit.MILLISECOND
			? 1
			: unit === TimeUnit.MICROSECOND
				? 1e-3
				: 1e-6;
}

/** Text cells to dictionary codes, decoding each distinct byte string about once. */
class TextCodes {
	readonly dict: string[] = [];
	readonly #index = new Map<string, number>();
	readonly #byHash = new Map<number, { bytes: Uint8Array; code: number }>();
	readonly #decoder = new TextDecoder();

	code(text: string): number {
		const t = text.trim();
		if (isMissingText(t)) return -1;
		let code = this.#index.get(t);
		if (code === undefined) {
			code = this.dict.length;
			this.dict.push(t);
			this.#index.set(t, code);
		}
		return code;
	}

	codeOfBytes(bytes: Uint8Array, start: number, end: number): number {
		let h = 0x811c9dc5 ^ (end - start);
		for (let k = start; k < end; k++) h = Math.imul(h ^ bytes[k], 0x01000193);
		const hit = this.#byHash.get(h);
		if (hit && hit.bytes.length === end - start) {
			let same = true;
			for (let k = 0; k < hit.bytes.length; k++) {
				if (hit.bytes[k] !== bytes[start + k]) {
					same = false;
					break;
				}
			}
			if (same) return hit.code;
		}
		const code = this.code(this.#decoder.decode(bytes.subarray(start, end)));
		if (!hit && this.#byHash.size < 65536) {
			this.#byHash.set(h, { bytes: bytes.slice(start, end), code });
		}
		return code;
	}
}

function fillText(
	c: Chunk,
	out: Int32Array,
	at: number,
	codes: TextCodes,
	seen: WeakMap<object, Int32Array>
) {
	const n = c.length;
	const valid = validity(c);
	if (DataType.isDictionary(c.type) && c.dictionary) {
		const dict = c.dictionary;
		let map = seen.get(dict);
		if (!map || map.length < dict.length) {
			map = new Int32Array(dict.length);
			for (let k = 0; k < dict.length; k++) {
				const v = dict.get(k);
				map[k] = v === null || v === undefined ? -1 : codes.code(String(v));
			}
			seen.set(dict, map);
		}
		const m = map;
		if (c.offset !== 0) {
			const vec = makeVector(c as unknown as Data);
			for (let i = 0; i < n; i++) {
				const v = vec.get(i);
				out[at + i] = v === null || v === undefined ? -1 : codes.code(String(v));
			}
			return;
		}
		const idx = c.values;
		const big = idx instanceof BigInt64Array || idx instanceof BigUint64Array;
		for (let i = 0; i < n; i++) {
			if (valid && !valid(i)) out[at + i] = -1;
			else out[at + i] = m[big ? Number(idx[i]) : (idx[i] as number)];
		}
		return;
	}
	if (c.offset !== 0 || !c.valueOffsets) {
		const vec = makeVector(c as unknown as Data);
		for (let i = 0; i < n; i++) {
			const v = vec.get(i);
			out[at + i] = v === null || v === undefined ? -1 : codes.code(String(v));
		}
		return;
	}
	const bytes = c.values as unknown as Uint8Array;
	const offs = c.valueOffsets;
	const small = offs instanceof Int32Array;
	let prevS = -1;
	let prevE = -1;
	let prevCode = -1;
	for (let i = 0; i < n; i++) {
		if (valid && !valid(i)) {
			out[at + i] = -1;
			continue;
		}
		const s = small ? offs[i] : Number(offs[i]);
		const e = small ? offs[i + 1] : Number(offs[i + 1]);
		// a run of the same text (a long table's device or signal) costs a byte compare
		let same = prevS >= 0 && prevE - prevS === e - s;
		if (same) {
			for (let k = 0; k < e - s; k++) {
				if (bytes[prevS + k] !== bytes[s + k]) {
					same = false;
					break;
				}
			}
		}
		if (!same) {
			prevCode = codes.codeOfBytes(bytes, s, e);
			prevS = s;
			prevE = e;
		}
		out[at + i] = prevCode;
	}
}

type Kind = 'number' | 'time' | 'text';

function kindOf(type: DataType): Kind | null {
	if (DataType.isDictionary(type)) {
		const v = type.dictionary;
		if (DataType.isUtf8(v) || DataType.isLargeUtf8(v)) return 'text';
		return kindOf(v) === 'number' ? 'number' : null;
	}
	if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'text';
	if (DataType.isTimestamp(type) || DataType.isDate(type)) return 'time';
	if (
		DataType.isInt(type) ||
		DataType.isFloat(type) ||
		DataType.isDecimal(type) ||
		DataType.isBool(type) ||
		DataType.isDuration(type) ||
		DataType.isNull(type)
	) {
		return 'number';
	}
	return null;
}

const INFER_CELLS = 1000;

/** A text column that holds ISO times (at least 90 % of its first 1000 cells) as a time column. */
function textAsTime(
	name: string,
	codes: Int32Array,
	dict: string[],
	problems: string[]
): TableColumn | null {
	let seen = 0;
	let times = 0;
	for (let i = 0; i < codes.length && seen < INFER_CELLS; i++) {
		const c = codes[i];
		if (c < 0) continue;
		seen++;
		if (Number.isFinite(parseIsoString(dict[c]))) times++;
	}
	if (seen === 0 || times < 0.9 * seen) return null;
	const ms = new Float64Array(dict.length);
	const zoned = new Uint8Array(dict.length);
	for (let k = 0; k < dict.length; k++) {
		const z = { zoned: false };
		ms[k] = parseIsoString(dict[k], z);
		zoned[k] = z.zoned ? 1 : 0;
	}
	const values = new Float64Array(codes.length);
	let bad = 0;
	let firstBad: string | null = null;
	let unzoned = 0;
	for (let i = 0; i < codes.length; i++) {
		const c = codes[i];
		if (c < 0) {
			values[i] = NaN;
			continue;
		}
		values[i] = ms[c];
		if (Number.isNaN(ms[c])) {
			bad++;
			if (firstBad === null) firstBad = `row ${i + 1}: '${dict[c].slice(0, 60)}'`;
		} else if (!zoned[c]) unzoned++;
	}
	if (unzoned) {
		problems.push(`times without a zone read as UTC (${unzoned} cells of column '${name}')`);
	}
	return { name, kind: 'time', values, bad, firstBad };
}

/**
 * An Arrow table (e.g. decoded from Parquet) as the ingest module's `Table`, in the shape
 * the CSV reader produces (see the module comment for the types).
 */
export function arrowToTable(arrow: ArrowTable, path: string): Table {
	const rows = arrow.numRows;
	const fields = arrow.schema.fields;
	const names = uniqueNames(fields.map((f) => f.name));
	const problems: string[] = [];
	const columns: TableColumn[] = [];
	fields.forEach((field, j) => {
		const name = names[j];
		const vec = arrow.getChildAt(j);
		const kind = kindOf(field.type);
		if (!vec || kind === null) {
			problems.push(
				`column '${name}' (${String(field.type)}) is not numbers, times or text: not read`
			);
			return;
		}
		if (kind === 'text') {
			const codes = new Int32Array(rows);
			const text = new TextCodes();
			const seen = new WeakMap<object, Int32Array>();
			let at = 0;
			for (const c of chunksOf(vec)) {
				fillText(c, codes, at, text, seen);
				at += c.length;
			}
			columns.push(
				textAsTime(name, codes, text.dict, problems) ?? {
					name,
					kind: 'text',
					codes,
					dict: text.dict
				}
			);
			return;
		}
		const values = new Float64Array(rows);
		let at = 0;
		for (const c of chunksOf(vec)) {
			if (DataType.isTimestamp(c.type)) fillNumbers(c, values, at, msPer(c.type.unit));
			else if (DataType.isDate(c.type)) fillGeneric(c, values, at, asNumber);
			else if (DataType.isDictionary(c.type)) fillGeneric(c, values, at, asNumber);
			else fillNumbers(c, values, at);
			at += c.length;
		}
		if (DataType.isTimestamp(field.type) && !field.type.timezone) {
			problems.push(`column '${name}': timestamps without a time zone read as UTC`);
		}
		columns.push({ name, kind, values, bad: 0, firstBad: null });
	});
	return { path, format: 'parquet', rows, columns, problems };
}

// --- writing -----------------------------------------------------------------------------

type NumericArray =
	| Float64Array
	| Float32Array
	| Int32Array
	| Int16Array
	| Int8Array
	| Uint32Array
	| Uint16Array
	| Uint8Array
	| BigInt64Array;

/** One column to write: a typed array, or plain numbers, strings or booleans (null: missing). */
export interface ParquetColumn {
	name: string;
	values:
		| NumericArray
		| readonly (number | null)[]
		| readonly (string | null)[]
		| readonly (boolean | null)[];
	/** The numbers are unix milliseconds: written as a UTC timestamp (NaN and null: missing). */
	timestamp?: boolean;
}

export type ParquetCompression = 'uncompressed' | 'snappy' | 'gzip' | 'brotli' | 'zstd' | 'lz4';

export interface WriteParquetOptions {
	/** Default `snappy`, which every Parquet reader reads. */
	compression?: ParquetCompression;
}

/** A validity bitmap (1: valid) of `n` cells, or none when every cell is valid. */
function validityBits(n: number, valid: (i: number) => boolean) {
	const bits = new Uint8Array((n + 7) >> 3);
	let nulls = 0;
	for (let i = 0; i < n; i++) {
		if (valid(i)) bits[i >> 3] |= 1 << (i & 7);
		else nulls++;
	}
	return nulls ? { nullBitmap: bits, nullCount: nulls } : { nullCount: 0 };
}

const isNull = (v: unknown) => v === null || v === undefined;

/*
 * Vectors are built from buffers (`makeData`), never with apache-arrow's builders
 * (`vectorFromArray`): a builder compiles its null check with `new Function`, which a CSP
 * without 'unsafe-eval' forbids.
 */

function numberVector(values: readonly unknown[]): Vector {
	const n = values.length;
	const data = Float64Array.from(values, (v) => (isNull(v) ? NaN : (v as number)));
	return makeVector(
		makeData({
			type: new Float64(),
			length: n,
			data,
			...validityBits(n, (i) => !isNull(values[i]))
		})
	);
}

function textVector(values: readonly unknown[]): Vector {
	const n = values.length;
	const encoder = new TextEncoder();
	const valueOffsets = new Int32Array(n + 1);
	let bytes = new Uint8Array(Math.max(64, n * 8));
	let end = 0;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (!isNull(v)) {
			const s = v as string;
			if (end + s.length * 3 > bytes.length) {
				const grown = new Uint8Array(Math.max(bytes.length * 2, end + s.length * 3));
				grown.set(bytes.subarray(0, end));
				bytes = grown;
			}
			end += encoder.encodeInto(s, bytes.subarray(end)).written;
		}
		valueOffsets[i + 1] = end;
	}
	return makeVector(
		makeData({
			type: new Utf8(),
			length: n,
			valueOffsets,
			data: bytes.subarray(0, end),
			...validityBits(n, (i) => !isNull(values[i]))
		})
	);
}

function boolVector(values: readonly unknown[]): Vector {
	const n = values.length;
	const data = new Uint8Array((n + 7) >> 3);
	for (let i = 0; i < n; i++) if (values[i] === true) data[i >> 3] |= 1 << (i & 7);
	return makeVector(
		makeData({ type: new Bool(), length: n, data, ...validityBits(n, (i) => !isNull(values[i])) })
	);
}

function timestampVector(values: ArrayLike<unknown>): Vector {
	const n = values.length;
	const ms = Float64Array.from({ length: n }, (_, i) => {
		const v = values[i];
		const x = isNull(v) ? NaN : Number(v);
		return Number.isFinite(x) ? Math.round(x) : NaN;
	});
	const data = BigInt64Array.from(ms, (x) => (Number.isNaN(x) ? 0n : BigInt(x)));
	return makeVector(
		makeData({
			type: new Timestamp(TimeUnit.MILLISECOND, 'UTC'),
			length: n,
			data,
			...validityBits(n, (i) => !Number.isNaN(ms[i]))
		})
	);
}

function plainVector(c: ParquetColumn): Vector {
	const values = c.values as readonly unknown[];
	const first = values.find((v) => !isNull(v));
	if (first === undefined) return numberVector(values);
	const kind = typeof first;
	if (!values.every((v) => isNull(v) || typeof v === kind)) {
		throw new TypeError(`writeParquet: column '${c.name}' mixes ${kind}s with other types`);
	}
	if (kind === 'number') return numberVector(values);
	if (kind === 'string') return textVector(values);
	if (kind === 'boolean') return boolVector(values);
	throw new TypeError(
		`writeParquet: column '${c.name}' holds ${kind}s, not numbers, strings or booleans`
	);
}

/** Columns as an apache-arrow table; every column must have the same length. */
export function columnsToArrow(columns: readonly ParquetColumn[]): ArrowTable {
	if (columns.length === 0) throw new RangeError('writeParquet: no columns');
	const length = columns[0].values.length;
	const seen = new Set<string>();
	const vectors: Record<string, Vector> = {};
	for (const c of columns) {
		if (seen.has(c.name)) throw new RangeError(`writeParquet: two columns named '${c.name}'`);
		seen.add(c.name);
		if (c.values.length !== length) {
			throw new RangeError(
				`writeParquet: column '${c.name}' has ${c.values.length} values, '${columns[0].name}' ${length}`
			);
		}
		if (c.timestamp) vectors[c.name] = timestampVector(c.values);
		else if (ArrayBuffer.isView(c.values)) vectors[c.name] = makeVector(c.values as NumericArray);
		else vectors[c.name] = plainVector(c);
	}
	return new ArrowTable(vectors);
}

function isColumns(
	input: readonly ParquetColumn[] | ArrowTable
): input is readonly ParquetColumn[] {
	return Array.isArray(input);
}

const COMPRESSION: Record<ParquetCompression, keyof ParquetWasm['Compression']> = {
	uncompressed: 'UNCOMPRESSED',
	snappy: 'SNAPPY',
	gzip: 'GZIP',
	brotli: 'BROTLI',
	zstd: 'ZSTD',
	lz4: 'LZ4_RAW'
};

/** Columns, an apache-arrow table or Arrow IPC stream bytes as a Parquet file (needs `initParquet`). */
export function writeParquetSync(
	input: readonly ParquetColumn[] | ArrowTable | Uint8Array,
	options: WriteParquetOptions = {}
): Uint8Array {
	const pw = ready();
	const ipc =
		input instanceof Uint8Array
			? input
			: tableToIPC(isColumns(input) ? columnsToArrow(input) : input, 'stream');
	const props = new pw.WriterPropertiesBuilder()
		.setCompression(pw.Compression[COMPRESSION[options.compression ?? 'snappy']])
		.setCreatedBy('sensors-and-more (parquet-wasm)')
		.build();
	return pw.writeParquet(pw.Table.fromIPCStream(ipc), props);
}

/** `writeParquetSync`, loading the wasm on first use. */
export async function writeParquet(
	input: readonly ParquetColumn[] | ArrowTable | Uint8Array,
	options: WriteParquetOptions = {}
): Promise<Uint8Array> {
	await initParquet();
	return writeParquetSync(input, options);
}
