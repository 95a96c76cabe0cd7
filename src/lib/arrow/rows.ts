/**
 * Arrow query results -> plain row objects with JS numbers.
 *
 * Shared by the browser DuckDB client and the Node test client so both hand out
 * identical rows. DuckDB-WASM's Arrow output carries BIGINT as BigInt, HUGEINT and
 * DECIMAL as big-number objects, DATE as days and TIMESTAMP as BigInt microseconds;
 * this module turns every one of them into a number:
 *
 * | Arrow type                 | JS value                                            |
 * |----------------------------|-----------------------------------------------------|
 * | Int8..Int32, Uint8..Uint32 | number                                              |
 * | Int64, Uint64              | number when |v| <= 2^53 - 1, else decimal string     |
 * | Float16/32/64              | number                                              |
 * | Decimal (and HUGEINT sums) | number (nearest double)                             |
 * | Date, Timestamp            | epoch milliseconds (naive wall-clock read as UTC)   |
 * | Utf8, Bool, others         | what apache-arrow's `get` returns                   |
 * | null                       | null                                                |
 *
 * Builders in `db/sql` cast every output column to INTEGER, DOUBLE, VARCHAR or
 * TIMESTAMP anyway; this is the safety net for ad-hoc queries.
 */
import { TimeUnit, Type, util } from 'apache-arrow';
import type { DataType, RecordBatch, Table, Vector } from 'apache-arrow';

export type PlainRow = Record<string, unknown>;

/** BigInt -> number when exact, else its decimal string (never a silently wrong number). */
export function bigIntToNumber(v: bigint): number | string {
	return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)
		? Number(v)
		: v.toString();
}

/** A reader of cell i of one column of one record batch. */
type CellReader = (i: number) => unknown;

function readerFor(vec: Vector<DataType>): CellReader {
	const type = vec.type as DataType;
	const raw = readerNoNulls(vec, type);
	if (vec.nullCount === 0) return raw;
	return (i) => (vec.isValid(i) ? raw(i) : null);
}

/**
 * Reads 64-bit integers without allocating a BigInt per value: each value is two 32-bit
 * halves (little-endian, as on every wasm host), exact while |v| < 2^53.
 */
function int64Reader(
	arr: BigInt64Array | BigUint64Array,
	signed: boolean
): (i: number) => number | string {
	const halves = new Int32Array(arr.buffer, arr.byteOffset, arr.length * 2);
	return (i) => {
		const lo = halves[2 * i] >>> 0;
		const hi = halves[2 * i + 1];
		// hi in [-2^21, 2^21) keeps hi * 2^32 + lo within +-2^53 (unsigned: hi >= 0 only).
		if (signed ? hi >= -0x200000 && hi < 0x200000 : hi >= 0 && hi < 0x200000) {
			const v = hi * 4294967296 + lo;
			if (Number.isSafeInteger(v)) return v;
		}
		return bigIntToNumber(arr[i]);
	};
}

const decoder = new TextDecoder();

/**
 * Strings straight from the offsets and bytes, with short values interned: a result
 * column of labels (status, store names) repeats a handful of strings thousands of
 * times, and hashing a few bytes is several times cheaper than a TextDecoder call.
 */
function utf8Reader(vec: Vector<DataType>): CellReader {
	const data = vec.data[0] as unknown as {
		offset: number;
		values: Uint8Array;
		valueOffsets: Int32Array;
	};
	if (vec.data.length !== 1 || data.offset !== 0 || !(data.valueOffsets instanceof Int32Array)) {
		return (i) => vec.get(i);
	}
	const { values, valueOffsets } = data;
	const interned = new Map<number, { start: number; end: number; text: string }>();
	return (i) => {
		const start = valueOffsets[i];
		const end = valueOffsets[i + 1];
		if (end - start > 32) return decoder.decode(values.subarray(start, end));
		let h = 0x811c9dc5 ^ (end - start);
		for (let k = start; k < end; k++) h = Math.imul(h ^ values[k], 0x01000193);
		const hit = interned.get(h);
		if (hit && hit.end - hit.start === end - start) {
			let same = true;
			for (let k = 0; k < end - start; k++) {
				if (values[hit.start + k] !== values[start + k]) {
					same = false;
					break;
				}
			}
			if (same) return hit.text;
		}
		const text = decoder.decode(values.subarray(start, end));
		if (interned.size < 4096) interned.set(h, { start, end, text });
		return text;
	};
}

function readerNoNulls(vec: Vector<DataType>, type: DataType): CellReader {
	switch (type.typeId) {
		case Type.Int: {
			const t = type as unknown as { bitWidth: number; isSigned: boolean };
			if (t.bitWidth === 64) {
				return int64Reader(vec.toArray() as BigInt64Array | BigUint64Array, t.isSigned);
			}
			const arr = vec.toArray() as ArrayLike<number>;
			return (i) => arr[i];
		}
		case Type.Float: {
			if ((type as unknown as { precision: number }).precision === 0) return (i) => vec.get(i);
			const arr = vec.toArray() as ArrayLike<number>;
			return (i) => arr[i];
		}
		case Type.Decimal: {
			const scale = (type as unknown as { scale: number }).scale;
			return (i) => util.bigNumToNumber(vec.get(i), scale);
		}
		case Type.Timestamp: {
			const unit = (type as unknown as { unit: TimeUnit }).unit;
			const perMs =
				unit === TimeUnit.SECOND
					? 1e-3
					: unit === TimeUnit.MILLISECOND
						? 1
						: unit === TimeUnit.MICROSECOND
							? 1e3
							: 1e6;
			const read = int64Reader(vec.toArray() as BigInt64Array, true);
			return (i) => Number(read(i)) / perMs;
		}
		case Type.Utf8:
			return utf8Reader(vec);
		case Type.Date:
			// apache-arrow 17 already returns epoch milliseconds for DateDay and DateMillisecond.
			return (i) => Number(vec.get(i));
		default:
			return (i) => vec.get(i);
	}
}

function appendBatch(rows: PlainRow[], batch: RecordBatch): void {
	const names = batch.schema.fields.map((f) => f.name);
	const readers = names.map((_, j) => readerFor(batch.getChildAt(j) as Vector<DataType>));
	const n = batch.numRows;
	const k = names.length;
	// Cloning one template gives every row the same hidden class: about twice as fast
	// as growing each object key by key.
	const template: PlainRow = {};
	for (const name of names) template[name] = null;
	for (let i = 0; i < n; i++) {
		const row: PlainRow = { ...template };
		for (let j = 0; j < k; j++) row[names[j]] = readers[j](i);
		rows.push(row);
	}
}

/** Every row of an Arrow table (any apache-arrow copy) as a plain object. */
export function arrowToRows<T extends PlainRow = PlainRow>(table: Table): T[] {
	const rows: PlainRow[] = [];
	for (const batch of table.batches) appendBatch(rows, batch);
	return rows as T[];
}
