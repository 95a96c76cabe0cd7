/**
 * Vocabulary of the ingest step: what a dropped file is (`SniffResult`), what it
 * contains (`FileSummary`), what could not be read (`IngestError`), and the device-days
 * the detection kernel can run on (`IngestedDeviceDay`). Plain data: it crosses a worker
 * boundary by structured clone.
 */
import type { DeviceDay } from '../domain/wearables';

/** One dropped or picked file, already read. The UI/worker layer builds these. */
export interface IngestFile {
	/** Relative path as dropped, `/` or `\` separated, e.g. `2021/02/04/device_015/temperature.csv`. */
	path: string;
	bytes: Uint8Array;
	/**
	 * The file's size when known before reading (File.size). A caller may pass a file over
	 * the size limit with empty `bytes` and its `size`: it is reported, never read.
	 */
	size?: number;
}

/**
 * A file that can be read in slices: a browser `File` in the worker, a file on disk in
 * Node. `size` and `lastModified` identify a version of it (with `path`).
 */
export interface ByteSource {
	path: string;
	size: number;
	/** Unix ms of the last change (File.lastModified). */
	lastModified: number;
	/** Bytes [start, end) of the file. */
	read(start: number, end: number): Promise<Uint8Array>;
}

/** Limits of a plan: plain data, so they cross a worker boundary. */
export interface IngestOptions {
	/** Files (and zip entries) larger than this are reported instead of read. Default 512 MiB. */
	maxFileBytes?: number;
	/** Zips inside zips are opened down to this depth. Default 2. */
	maxZipDepth?: number;
}

/**
 * Reads a Parquet file's bytes into a `Table` (path and format `parquet`), or says why it
 * cannot, in words without the file's name. Synchronous: the caller loads the decoder
 * (parquet-wasm, `src/lib/arrow/parquet.ts`) before planning, so this module stays free of
 * wasm.
 */
export type ParquetDecoder = (
	path: string,
	bytes: Uint8Array
) =>
	| Table
	| {
			error: string;
			/** The reader is not loaded yet: load it and read again. */ wanted?: boolean;
	  };

/** `IngestOptions` and the hooks of the caller's environment (not cloneable). */
export interface PlanOptions extends IngestOptions {
	/** Parquet files (and zip entries) are read with this; without it they are reported. */
	decodeParquet?: ParquetDecoder;
}

export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

/** The three signals of the original layout, by their file names. */
export type OriginalSignal = 'on_wrist' | 'temperature' | 'ppg_green';

/** Files of an Empatica E4 session export, by their file names (lower case). */
export type E4Signal = 'temp' | 'bvp' | 'eda' | 'hr' | 'acc' | 'ibi';

/** The detection kernel's three inputs. */
export type TargetSignal = 'onWrist' | 'temperature' | 'ppg';

export type TableFormat = 'csv' | 'tsv' | 'json' | 'ndjson' | 'parquet';

export type SniffErrorReason = 'empty' | 'too-large' | 'binary' | 'encoding' | 'unrecognised';

/** What a file is, from its content (its name is only a hint). */
export type SniffResult =
	| {
			kind: 'original';
			signal: OriginalSignal;
			/** True when the name did not say which signal and the values were used. */
			guessed: boolean;
			notes: string[];
	  }
	| {
			kind: 'e4';
			signal: E4Signal;
			guessed: boolean;
			notes: string[];
	  }
	| {
			kind: 'table';
			format: TableFormat;
			/** Field separator of CSV/TSV (`,` `;` or tab); null for JSON. */
			delimiter: string | null;
			notes: string[];
	  }
	| { kind: 'zip'; notes: string[] }
	/** `PAR1` magic: read by `PlanOptions.decodeParquet` when given. */
	| { kind: 'parquet'; notes: string[] }
	| { kind: 'skip'; reason: string; notes: string[] }
	| { kind: 'error'; reason: SniffErrorReason; message: string; notes: string[] };

export type SummaryKind = 'original' | 'e4' | 'table';

/** What one file (or one device/day/signal of a table) holds. */
export interface FileSummary {
	path: string;
	kind: SummaryKind;
	device: string | null;
	/** `YYYY-MM-DD` (UTC for E4 and tables). */
	day: string | null;
	/** The file's signal in its own vocabulary (`temperature`, `bvp`, `acc`, a table's name...). */
	signal: string | null;
	/** Which kernel input it feeds, or null when the detection does not use it. */
	target: TargetSignal | null;
	/** Nominal (original, E4 header) or inferred (tables: median step) rate; NaN when unknown. */
	rateHz: number;
	samples: number;
	durationS: number;
	/** Unix milliseconds of the first sample; null when the file has no clock (original layout). */
	startMs: number | null;
	/** Steps longer than 1.5 median steps (tables only; 0 otherwise). */
	gaps: number;
	/** Seconds missing in those gaps. */
	gapSeconds: number;
	/** Things wrong with the data, in words. */
	problems: string[];
	/** How the data was read: guesses, units, assumptions, in words. */
	notes: string[];
}

/** A file that could not be read, or could not be placed, in words that name it. */
export interface IngestError {
	path: string;
	message: string;
}

export type DeviceDaySource = 'original' | 'e4' | 'table';

/** A device-day ready for the detection kernel, with where it came from. */
export interface IngestedDeviceDay {
	/** Unique within a plan: the source and its folder, session or table. */
	id: string;
	source: DeviceDaySource;
	record: DeviceDay;
	/** Paths of the files it was built from. */
	files: string[];
	/** Unix milliseconds of the kernel's sample 0; null for the original layout (no clock). */
	startMs: number | null;
	notes: string[];
}

/** A column of a parsed table: numbers, ISO times (as unix ms) or dictionary-coded text. */
export type TableColumn =
	| { name: string; kind: 'number'; values: Float64Array; bad: number; firstBad: string | null }
	| { name: string; kind: 'time'; values: Float64Array; bad: number; firstBad: string | null }
	| { name: string; kind: 'text'; codes: Int32Array; dict: string[] };

/** A long or wide table, columnar; missing cells are NaN (numbers, times) or -1 (text). */
export interface Table {
	path: string;
	format: TableFormat;
	rows: number;
	columns: TableColumn[];
	/** Problems met while parsing (ragged rows, bad cells), in words. */
	problems: string[];
}

/** How a time column is read. `iso` for text times; epoch units for numbers. */
export type TimeUnit = 'iso' | 's' | 'ms' | 'us' | 'ns';

export type TemperatureUnit = 'celsius' | 'cents';

/** One row per sample: device, time, signal name, value. */
export interface LongMapping {
	shape: 'long';
	/** Column of device ids, or null: then every row belongs to `deviceName`. */
	device: string | null;
	deviceName: string;
	timestamp: string | null;
	timeUnit: TimeUnit;
	signal: string | null;
	value: string | null;
	/** Which kernel input each value of the signal column feeds (null: not used). */
	signalValues: Record<string, TargetSignal | null>;
	temperatureUnit: TemperatureUnit;
}

/** One column per signal. */
export interface WideMapping {
	shape: 'wide';
	device: string | null;
	deviceName: string;
	timestamp: string | null;
	timeUnit: TimeUnit;
	signals: Partial<Record<TargetSignal, string>>;
	temperatureUnit: TemperatureUnit;
}

export type TableMapping = LongMapping | WideMapping;

export interface MappingProposal {
	mapping: TableMapping;
	/** True when every role the shape needs has a column. */
	complete: boolean;
	/** What is missing, in words, for the person to fill in. */
	missing: string[];
	notes: string[];
}

/** What applying a mapping to one table produced. */
export interface TableIngest {
	deviceDays: IngestedDeviceDay[];
	summaries: FileSummary[];
	errors: IngestError[];
}

/** A table waiting for the person to confirm or correct its mapping. */
export interface PendingTable {
	path: string;
	table: Table;
	proposal: MappingProposal;
	/** The mapping the plan's device-days were built with (null: none was applied). */
	applied: TableMapping | null;
	/**
	 * Read in slices (a large CSV/TSV/NDJSON): `table` holds the columns' names, kinds and
	 * dictionaries and the row count, not their values; a new mapping re-reads the file.
	 */
	streamed?: boolean;
}

export interface IngestPlan {
	deviceDays: IngestedDeviceDay[];
	summaries: FileSummary[];
	errors: IngestError[];
	/** Files deliberately not read (system files, E4 side files), with why. */
	skipped: { path: string; reason: string }[];
	tables: PendingTable[];
}
