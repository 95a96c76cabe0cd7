/**
 * Pure CSV writing (RFC 4180): comma separated, CRLF line ends, a field is quoted when
 * it holds a comma, a double quote, CR or LF, and quotes inside are doubled. Missing
 * values (null, undefined, NaN, infinities) are empty fields. No DOM: the page turns the
 * text into a Blob.
 *
 * Footfall times are naive wall-clock times (no time zone): epoch milliseconds read with
 * UTC functions. The time column says so in its name, `time_local`, and holds
 * `YYYY-MM-DDTHH:mm`.
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
	/** Header cell. */
	header: string;
	/** The field of one row. */
	value: (row: T) => CsvValue;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted when RFC 4180 requires it. */
export function csvField(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	const text = String(value);
	return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV document: a header line, then one line per row, each ending in CRLF. */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
	const lines = [columns.map((c) => csvField(c.header)).join(',')];
	for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(','));
	return lines.join('\r\n') + '\r\n';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Epoch ms of a naive wall-clock time -> `YYYY-MM-DDTHH:mm` (read with UTC functions). */
export function isoLocalMinute(ms: number): string {
	const d = new Date(ms);
	const y = d.getUTCFullYear();
	const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : String(y);
	return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** The columns of a footfall row that the explorer charts and tabulates. */
export interface FootfallCsvRow {
	/** Start of the bucket, epoch ms of naive wall-clock time. */
	t: number;
	count: number;
	avg_count_4days: number | null;
	perc_diff: number | null;
	failed: number;
	anomalies: number;
	/** The reading's status, on rows of one sensor's hourly readings only. */
	status?: string | null;
}

/** The footfall rows behind the chart, one line per bucket. */
export const FOOTFALL_COLUMNS: readonly CsvColumn<FootfallCsvRow>[] = [
	{ header: 'time_local', value: (r) => isoLocalMinute(r.t) },
	{ header: 'count', value: (r) => r.count },
	{ header: 'avg_count_4days', value: (r) => r.avg_count_4days },
	{ header: 'perc_diff', value: (r) => r.perc_diff },
	{ header: 'failed', value: (r) => r.failed },
	{ header: 'anomalies', value: (r) => r.anomalies }
];

const STATUS_COLUMN: CsvColumn<FootfallCsvRow> = { header: 'status', value: (r) => r.status };

/** The rows behind the chart; a `status` column is added when the rows are single readings. */
export function footfallCsv(rows: readonly FootfallCsvRow[]): string {
	const readings = rows.some((r) => r.status != null);
	return toCsv(readings ? [...FOOTFALL_COLUMNS, STATUS_COLUMN] : FOOTFALL_COLUMNS, rows);
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** What a footfall export contains, for its file name. */
export interface FootfallFileSpec {
	store: string;
	/** null = the store total. */
	sensor: number | null;
	resolution: string;
	/** ISO weekdays, Monday = 1 ... Sunday = 7. */
	weekdays: readonly number[];
	from: string;
	to: string;
	hourFrom: number;
	hourTo: number;
}

/** A file-name-safe token: letters, digits and '-' only. */
export function fileToken(text: string): string {
	const t = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9-]+/g, '-')
		.replace(/-+/g, '-')
		.replace(/^-|-$/g, '');
	return t || 'x';
}

/** Weekdays as a short token: `Mon-Sat` for a run, `Mon-Wed-Fri` otherwise, '' for all seven. */
export function weekdaysToken(weekdays: readonly number[]): string {
	const days = [...new Set(weekdays)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
	if (days.length === 7) return '';
	if (days.length === 0) return 'no-days';
	const run = days.length > 2 && days[days.length - 1] - days[0] === days.length - 1;
	if (run) return `${DAY_NAMES[days[0] - 1]}-${DAY_NAMES[days[days.length - 1] - 1]}`;
	return days.map((d) => DAY_NAMES[d - 1]).join('-');
}

/**
 * The file name says what the file holds, e.g.
 * `footfall_Paris_sensor-12_hourly_2024-07-01_2024-08-07_Mon-Sat_h08-17.csv`.
 * The hour range appears only for hourly data that does not cover the whole day.
 */
export function footfallFileName(spec: FootfallFileSpec): string {
	const parts = [
		'footfall',
		fileToken(spec.store),
		spec.sensor === null ? 'total' : `sensor-${spec.sensor}`,
		fileToken(spec.resolution),
		spec.from,
		spec.to
	];
	const days = weekdaysToken(spec.weekdays);
	if (days) parts.push(days);
	if (spec.resolution === 'hourly' && (spec.hourFrom > 0 || spec.hourTo < 23)) {
		parts.push(
			`h${String(spec.hourFrom).padStart(2, '0')}-${String(spec.hourTo).padStart(2, '0')}`
		);
	}
	return parts.join('_') + '.csv';
}
