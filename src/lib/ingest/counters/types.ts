/**
 * Vocabulary of reading people's own footfall counter files: how a table's columns map to
 * time, store, sensor and count (`CounterMapping`, which a person can correct), what one
 * file held and what was done to it (`CounterFileReport`), and the merged result the
 * footfall explorer loads (`CounterData`). Plain data: it crosses a worker boundary by
 * structured clone (the reading columns are transferred).
 */
import type { ReadingColumns } from '../../domain/footfall';
import type { IngestError, ParquetDecoder, TableColumn, TableFormat } from '../types';

/**
 * How the time column's text is read. `iso`: ISO 8601, with or without a UTC offset.
 * `mdy` / `dmy`: `MM/DD/YYYY` or `DD/MM/YYYY` (also `.` or `-` separated), an optional
 * `hh:mm[:ss]` and an optional AM/PM. `s` / `ms`: epoch numbers (read as UTC wall-clock).
 */
export type CounterTimeFormat = 'iso' | 'mdy' | 'dmy' | 's' | 'ms';

interface MappingBase {
	/**
	 * The time column: a timestamp, or a date when `hour` names the hour-of-day column.
	 * Null: the proposal found none (the mapping is incomplete).
	 */
	time: string | null;
	/** Hour-of-day column (0-23, or 1-24 read as hour-ending) beside a date column, or null. */
	hour: string | null;
	timeFormat: CounterTimeFormat;
	/** Store (shop, site) column, or null: then every reading belongs to `storeName`. */
	store: string | null;
	storeName: string;
}

/** One reading per row: time, (store,) sensor, count. The original's file is one of these. */
export interface LongCounterMapping extends MappingBase {
	shape: 'long';
	/** Sensor (counter, door) column, or null: then every row is the one sensor `sensorName`. */
	sensor: string | null;
	sensorName: string;
	count: string | null;
}

/** One row per time, one numeric column per sensor (a bridge counter per direction). */
export interface WideCounterMapping extends MappingBase {
	shape: 'wide';
	/** The sensor columns; each column's label is `labels[i]` (the column name by default). */
	sensors: string[];
	/** Sensor labels, parallel to `sensors` (e.g. the names without a common prefix). */
	labels: string[];
	/**
	 * A column equal to the sum of the sensor columns, left out (it would count every
	 * reading twice); null when there is none.
	 */
	total: string | null;
}

export type CounterMapping = LongCounterMapping | WideCounterMapping;

export interface CounterProposal {
	mapping: CounterMapping;
	/** True when every role the shape needs has a column. */
	complete: boolean;
	/** What is missing, in words, for the person to fill in. */
	missing: string[];
	/** How the columns were chosen and read, in words. */
	notes: string[];
}

/**
 * `original`: the original's `date,hour,shop,sensor_id,count,units` file. `long`: another
 * table with one reading per row. `wide`: a table with one column per sensor.
 */
export type CounterShape = 'original' | 'long' | 'wide';

/** A day on which the clocks changed: 23 hours (one skipped) or 25 (one repeated). */
export interface DstDay {
	/** `YYYY-MM-DD`, wall-clock. */
	day: string;
	hours: 23 | 25;
	/** The wall-clock hour skipped (23) or repeated (25), 0-23. */
	hour: number;
	/** How it was recognised: from the UTC offsets, or from the calendar (no offsets). */
	by: 'offsets' | 'calendar';
}

/** What one file held and what was done to it. Counts are of readings (long: rows). */
export interface CounterFileReport {
	path: string;
	shape: CounterShape;
	format: TableFormat;
	/** The mapping it was read with. */
	mapping: CounterMapping;
	/** Data rows in the file (the header not counted). */
	rowsRead: number;
	/** Rows that gave at least one kept reading. */
	rowsKept: number;
	/** Readings kept (before hourly sums): rows of a long table, sensor cells of a wide one. */
	readingsKept: number;
	/** Sensor-hours this file contributed to the data (after sums). */
	hours: number;
	/** Readings dropped as exact duplicates of another (same sensor, time and count). */
	duplicates: number;
	/** Sensor-times read with different counts; one reading kept by the rule in the README. */
	conflicts: number;
	/** Readings dropped because a needed cell was NULL or blank. */
	nullCells: number;
	/** Readings dropped because a cell could not be read (not a number, not a time...). */
	badCells: number;
	/** Kept readings of -1 (measurement failed). */
	failed: number;
	/** Kept readings of -2 (shop closed). */
	closed: number;
	/** Sensor-hours absent between the store's first and last hour in this file. */
	missingHours: number;
	dstDays: DstDay[];
	/** Readings finer than hourly summed into their hour. */
	subHourly: number;
	/** Things wrong with the data, each naming the file, and the row and column where one applies. */
	problems: string[];
	/** How the file was read (mapping choices, units, assumptions), in words. */
	notes: string[];
}

/** A store of the loaded files. */
export interface CounterStore {
	name: string;
	/** Sensor labels; a sensor's number in the data is its index here. */
	sensors: string[];
	/** The store's first reading, naive wall-clock `YYYY-MM-DDTHH:mm`. */
	opened: string;
}

/** The footfall explorer's data from counter files. */
export interface CounterData {
	stores: CounterStore[];
	/**
	 * One row per present sensor-hour, ordered by store, sensor, hour; `truth` all 0 (real
	 * data carries no ground truth). Missing hours have no row.
	 */
	columns: ReadingColumns;
	/** First and last day with a reading, `YYYY-MM-DD`. */
	start: string;
	end: string;
	files: CounterFileReport[];
}

/** A column of a counter table without its values: what the mapping form offers. */
export interface CounterColumnInfo {
	name: string;
	kind: TableColumn['kind'];
	/** A few values as text, for the person to recognise the column. */
	examples: string[];
}

/** A table's proposed mapping and the one applied, for the person to confirm or correct. */
export interface CounterTableInfo {
	path: string;
	format: TableFormat;
	rows: number;
	columns: CounterColumnInfo[];
	proposal: CounterProposal;
	/** The mapping used (the person's or the proposal); null when none could be applied. */
	applied: CounterMapping | null;
}

/** What `readCounters` returns. */
export interface CounterRead {
	/** Null when no file gave a reading. */
	data: CounterData | null;
	tables: CounterTableInfo[];
	/** Files that could not be read, or could not be used, each message naming the file. */
	errors: IngestError[];
	/** Files deliberately not read (system files), with why. */
	skipped: { path: string; reason: string }[];
}

export interface CounterOptions {
	/** Files (and zip entries) larger than this are reported, not read. Default 256 MiB. */
	maxFileBytes?: number;
	/** Sensor-hours over all files beyond this are refused. Default 20 million. */
	maxHours?: number;
	/** Mappings the person corrected, by file path (normalised, as in the reports). */
	mappings?: Record<string, CounterMapping>;
	/** Reads Parquet files; without it a Parquet file is reported. */
	decodeParquet?: ParquetDecoder;
}

export const DEFAULT_MAX_COUNTER_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MAX_COUNTER_HOURS = 20_000_000;
