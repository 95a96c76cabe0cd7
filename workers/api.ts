/**
 * The comlink APIs the workers expose. Types only: `src/lib/rpc` imports these to type
 * its proxies; the worker entries implement them.
 */
import type { ReadingColumns, SimulationParams } from '../src/lib/domain/footfall';
import type {
	DetectionMode,
	DetectionParams,
	DeviceDay,
	DeviceDayResult
} from '../src/lib/domain/wearables';
import type {
	FileSummary,
	IngestError,
	IngestedDeviceDay,
	MappingProposal,
	TableColumn,
	TableFormat,
	TableMapping
} from '../src/lib/ingest/types';
import type { SessionOptions } from '../src/lib/ingest/session';

/** A slice of a simulation: readings of sensors [sensorFrom, sensorTo) of one store. */
export interface SimulationChunk {
	store: number;
	sensorFrom: number;
	sensorTo: number;
}

export interface SimulateApi {
	/** Simulate one chunk; the column buffers are transferred to the caller. */
	simulate(params: SimulationParams, chunk: SimulationChunk): Promise<ReadingColumns>;
	/** Simulate one chunk and encode it as an Arrow IPC stream (bytes transferred). */
	simulateIPC(
		params: SimulationParams,
		chunk: SimulationChunk
	): Promise<{ ipc: Uint8Array; length: number }>;
}

// --- Wearable fault detection -------------------------------------------------------------

/** Both modes' verdicts of one device-day on the same parameters. */
export type DetectedDeviceDay = Record<DetectionMode, DeviceDayResult>;

export interface DetectApi {
	/**
	 * Both modes on every record, in order, without chart series. The pulse series'
	 * buffers are transferred to the caller.
	 */
	detect(records: DeviceDay[], params: DetectionParams): Promise<DetectedDeviceDay[]>;
	/** Both modes on one record with the temperature chart series (buffers transferred). */
	detectWithSeries(record: DeviceDay, params: DetectionParams): Promise<DetectedDeviceDay>;
}

/** A dropped or picked file and the relative path it was found at. `File` is cloneable. */
export interface IngestSource {
	path: string;
	file: File;
}

/** A column of a table, without its values: what the mapping form offers. */
export interface TableColumnInfo {
	name: string;
	kind: TableColumn['kind'];
	/** The distinct values of a text column (at most 200), for a signal column's values. */
	values: string[];
}

/** A table with its proposed and applied mapping, without its data. */
export interface PendingTableInfo {
	path: string;
	format: TableFormat;
	rows: number;
	columns: TableColumnInfo[];
	problems: string[];
	proposal: MappingProposal;
	applied: TableMapping | null;
}

/** `IngestPlan` as it crosses from the worker: the tables without their data. */
export interface PlannedFiles {
	deviceDays: IngestedDeviceDay[];
	summaries: FileSummary[];
	errors: IngestError[];
	skipped: { path: string; reason: string }[];
	tables: PendingTableInfo[];
	/**
	 * The SHA-256 (hex) of the files the worker read whole, by source path (WebCrypto,
	 * from the bytes it read), so the page need not read and hash them again; none for
	 * files read in slices, or where WebCrypto is missing (plain http off localhost).
	 */
	hashes?: Record<string, string>;
}

export interface IngestApi {
	/**
	 * Plan every one of `sources` (all the files dropped so far) through the worker's
	 * `IngestSession`: a file already read (same path, size, lastModified) comes from its
	 * cache, CSV/TSV/NDJSON tables over 32 MiB are read in slices, other files over
	 * `options.maxFileBytes` are reported, never read; then each corrected table mapping is
	 * applied (a sliced table is read again). The device-days' buffers are transferred to
	 * the caller.
	 */
	plan(
		sources: IngestSource[],
		mappings: Record<string, TableMapping>,
		options?: SessionOptions
	): Promise<PlannedFiles>;
	/** The demo fleet (`generateFleet()`), buffers transferred. */
	demoFleet(): Promise<DeviceDay[]>;
	/** The demo fleet's files in the original layout as a zip (`fleetZip`), bytes transferred. */
	demoZip(): Promise<Uint8Array>;
}

// --- Footfall sensor health ---------------------------------------------------------------

export interface HealthApi {
	/**
	 * `storeHealth` of one store (`src/lib/health`). The matrix's counts buffer is
	 * transferred in, every typed array of the result is transferred out.
	 */
	health(
		matrix: import('../src/lib/domain/health').StoreMatrix,
		params: import('../src/lib/domain/health').HealthParams
	): Promise<import('../src/lib/domain/health').StoreHealth>;
}

// --- Footfall counter files ---------------------------------------------------------------

/** What the counters worker answers: `readCounters`' result and the readings as Arrow IPC. */
export type CounterFilesRead = import('../src/lib/ingest/counters/types').CounterRead & {
	/**
	 * `data.columns` as an Arrow IPC stream (`readingsToIPC`: store_idx, sensor, hour, count,
	 * truth), ready for DuckDB like a simulation chunk; null when there is no data.
	 */
	ipc: Uint8Array | null;
};

export interface CountersApi {
	/**
	 * Read dropped counter files (files over `options.maxFileBytes` are reported, never
	 * read) with `readCounters`, each corrected mapping (by normalised path) replacing the
	 * proposed one. The reading columns and the IPC bytes are transferred to the caller.
	 */
	read(
		sources: IngestSource[],
		mappings?: Record<string, import('../src/lib/ingest/counters/types').CounterMapping>,
		options?: { maxFileBytes?: number; maxHours?: number }
	): Promise<CounterFilesRead>;
}
