/**
 * The footfall rows behind the chart as CSV and as Parquet columns, with the health
 * check's imputed totals: the export module's footfall columns (`time_local`, `count`,
 * baseline, difference, failed, anomalies, and `status` for one sensor's hourly readings)
 * plus `imputed_count` (visits with failed readings replaced by their expected counts) and
 * `imputed_share` (0-1) right after `count`. Before the health check has run the two
 * columns are empty. The two formats have the same columns in the same order. Pure.
 */
import type { ExportColumnSpec } from '../export/columns';
import { FOOTFALL_COLUMNS, toCsv, type CsvColumn, type FootfallCsvRow } from '../export/csv';

/** A row of the explorer as exported: the chart point with its imputed totals. */
export interface FootfallExportRow extends FootfallCsvRow {
	imputed_count: number | null;
	imputed_share: number | null;
}

const IMPUTED_COLUMNS: readonly CsvColumn<FootfallExportRow>[] = [
	{ header: 'imputed_count', value: (r) => r.imputed_count },
	{ header: 'imputed_share', value: (r) => r.imputed_share }
];

const STATUS_COLUMN: CsvColumn<FootfallExportRow> = { header: 'status', value: (r) => r.status };

/** The columns of `footfallExportCsv`: `status` only when the rows are single readings. */
export function footfallExportColumns(
	rows: readonly FootfallExportRow[]
): CsvColumn<FootfallExportRow>[] {
	const [time, count, ...rest] = FOOTFALL_COLUMNS;
	const columns: CsvColumn<FootfallExportRow>[] = [time, count, ...IMPUTED_COLUMNS, ...rest];
	if (rows.some((r) => r.status != null)) columns.push(STATUS_COLUMN);
	return columns;
}

/** The rows behind the chart, one CSV line per bucket (RFC 4180, CRLF). */
export function footfallExportCsv(rows: readonly FootfallExportRow[]): string {
	return toCsv(footfallExportColumns(rows), rows);
}

/**
 * The Parquet columns of the same rows: `time_local` a timestamp of the naive wall-clock
 * time, the others as in the CSV (`footfallExportColumns`).
 */
export function footfallExportSpec(
	rows: readonly FootfallExportRow[]
): ExportColumnSpec<FootfallExportRow>[] {
	return footfallExportColumns(rows).map((c, i) =>
		i === 0
			? { name: c.header, value: (r: FootfallExportRow) => r.t, timestamp: true }
			: {
					name: c.header,
					value: (r: FootfallExportRow) => {
						const v = c.value(r);
						return v === undefined ? null : v;
					}
				}
	);
}

/** The Parquet file's name beside a CSV name (`….csv` -> `….parquet`). */
export function parquetName(csvName: string): string {
	return csvName.replace(/\.csv$/, '') + '.parquet';
}
