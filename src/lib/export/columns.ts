/**
 * Rows of objects as columns of values, for columnar exports (Parquet): one array per
 * column, missing values (null, undefined, NaN, infinities) as null, so a writer can
 * type each column from its values. Pure; the Parquet writer (`arrow/parquet.ts`,
 * parquet-wasm) takes the result as its `ParquetColumn[]`.
 */

export type ColumnValue = string | number | boolean | null;

/** One column of an export: its name, how to read it from a row, its kind. */
export interface ExportColumnSpec<T> {
	name: string;
	value: (row: T) => ColumnValue | undefined;
	/**
	 * The numbers are milliseconds since 1970 read as UTC (a naive wall-clock time is
	 * stored that way too): the writer stores a timestamp. Say the basis in `name`
	 * (e.g. `time_local`).
	 */
	timestamp?: boolean;
}

export interface ExportColumn {
	name: string;
	values: (number | null)[] | (string | null)[] | (boolean | null)[];
	timestamp?: boolean;
}

function clean(v: ColumnValue | undefined): ColumnValue {
	if (v === undefined) return null;
	if (typeof v === 'number' && !Number.isFinite(v)) return null;
	return v;
}

/**
 * `rows` as one array per column of `spec`. A column whose values are not all of one
 * kind (number, string, boolean; nulls aside) is refused with its name: a file column
 * has one type.
 */
export function toColumns<T>(
	spec: readonly ExportColumnSpec<T>[],
	rows: readonly T[]
): ExportColumn[] {
	return spec.map((c) => {
		const values = rows.map((r) => clean(c.value(r)));
		const kinds = new Set(values.filter((v) => v !== null).map((v) => typeof v));
		if (kinds.size > 1) {
			throw new TypeError(`column '${c.name}' mixes ${[...kinds].sort().join(' and ')} values`);
		}
		const column: ExportColumn = { name: c.name, values: values as ExportColumn['values'] };
		if (c.timestamp) column.timestamp = true;
		return column;
	});
}
