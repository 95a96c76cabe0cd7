/**
 * One counter table through its mapping into readings: each row (long) or each sensor
 * cell of a row (wide) becomes (sensor, wall time, offset, count) in the shared sink.
 * A reading whose time, store, sensor or count cell is NULL or blank is dropped, as the
 * original did, and counted; a cell that cannot be read (not a time, not a whole number,
 * a negative count other than the codes -1 and -2) is dropped and named in the file's
 * problems with its row and column.
 */
import { bomLength, headLines } from '../bytes';
import { displayName } from '../paths';
import { column, isMissingText } from '../table';
import { sampleMedian } from '../timestamps';
import type { IngestFile, Table, TableColumn } from '../types';
import { delimitedColumnTexts, recordFieldTexts } from './cells';
import { NO_OFFSET, type FileStats, type ReadingSink } from './rows';
import { MS_DAY, MS_HOUR, parseHourText, parseIsoWall, parseWallText } from './times';
import type { CounterMapping } from './types';

const INT32_MAX = 2147483647;

/** Row states of a resolved column. */
const OK = 0;
const NULL = 1;
const BAD = 2;

/** A table with the bytes it came from (to read a column's raw text again when needed). */
export interface CounterTable {
	file: IngestFile;
	table: Table;
	/** CSV/TSV field separator; null for JSON, NDJSON and Parquet. */
	delimiter: string | null;
}

/** The raw text of column `name` of every row, or null when the format has none to give. */
function rawTexts(src: CounterTable, name: string): string[] | null {
	const { table, file, delimiter } = src;
	const idx = table.columns.findIndex((c) => c.name === name);
	if (idx < 0) return null;
	let texts: string[] | null = null;
	if (delimiter !== null) texts = delimitedColumnTexts(file.bytes, delimiter, idx);
	else if (table.format === 'json' || table.format === 'ndjson') {
		try {
			texts = recordFieldTexts(file.bytes, table.format, name);
		} catch {
			texts = null;
		}
	}
	return texts && texts.length === table.rows ? texts : null;
}

/** Does the first data row's time text carry a UTC offset? (Then every row is read again.) */
function firstTimeHasOffset(src: CounterTable, name: string): boolean {
	const { table, file, delimiter } = src;
	if (table.format === 'parquet') return false;
	if (delimiter === null) return true; // JSON: small files, read them again
	const idx = table.columns.findIndex((c) => c.name === name);
	const lines = headLines(file.bytes, bomLength(file.bytes), 2);
	if (lines.length < 2) return false;
	const cell = (lines[1].text.split(delimiter)[idx] ?? '').trim().replace(/^"|"$/g, '');
	return parseIsoWall(cell).offset !== null;
}

interface Resolved {
	state: Uint8Array;
	/** The raw text of a BAD cell (for messages), by row. */
	badText: Map<number, string>;
}

/**
 * NULL / BAD states of a numeric column's NaN cells: the table reader gives NaN for both,
 * so when it counted bad cells their raw text is read again to tell them apart.
 */
function numberStates(
	src: CounterTable,
	c: Extract<TableColumn, { kind: 'number' | 'time' }>
): Resolved {
	const n = c.values.length;
	const state = new Uint8Array(n);
	const badText = new Map<number, string>();
	const raw = c.bad > 0 ? rawTexts(src, c.name) : null;
	for (let r = 0; r < n; r++) {
		if (!Number.isNaN(c.values[r])) continue;
		if (raw && !isMissingText(raw[r])) {
			state[r] = BAD;
			badText.set(r, raw[r]);
		} else state[r] = NULL;
	}
	return { state, badText };
}

interface Times {
	wall: Float64Array;
	offset: Int16Array;
	state: Uint8Array;
	badText: Map<number, string>;
	/** Which column a BAD time came from (the time or the hour column). */
	badColumn: Map<number, string>;
	zoned: number;
}

/** Wall-clock time and offset of every row, from the time column (and the hour column). */
function resolveTimes(src: CounterTable, mapping: CounterMapping, stats: FileStats): Times {
	const { table } = src;
	const n = table.rows;
	const wall = new Float64Array(n);
	const offset = new Int16Array(n).fill(NO_OFFSET);
	const state = new Uint8Array(n);
	const badText = new Map<number, string>();
	const badColumn = new Map<number, string>();
	let zoned = 0;
	const c = column(table, mapping.time)!;
	const setBad = (r: number, text: string, col: string) => {
		state[r] = BAD;
		badText.set(r, text);
		badColumn.set(r, col);
	};
	if (c.kind === 'text') {
		const cache = new Map<number, { wall: number; offset: number | null }>();
		const format =
			mapping.timeFormat === 's' || mapping.timeFormat === 'ms' ? 'iso' : mapping.timeFormat;
		for (let r = 0; r < n; r++) {
			const code = c.codes[r];
			if (code < 0) {
				state[r] = NULL;
				continue;
			}
			let t = cache.get(code);
			if (!t) {
				t = parseWallText(c.dict[code], format);
				cache.set(code, t);
			}
			if (!Number.isFinite(t.wall)) setBad(r, c.dict[code], c.name);
			else {
				wall[r] = t.wall;
				if (t.offset !== null) {
					offset[r] = t.offset;
					zoned++;
				}
			}
		}
	} else {
		const states = numberStates(src, c);
		// epoch numbers: the unit chosen, else told by size (seconds below 1e11)
		const epochScale =
			c.kind === 'time' || mapping.timeFormat === 'ms'
				? 1
				: mapping.timeFormat === 's' || !(sampleMedian(c.values) >= 1e11)
					? 1000
					: 1;
		let raw: string[] | null = null;
		if (c.kind === 'time' && hasTimeOfDay(c.values) && firstTimeHasOffset(src, c.name)) {
			raw = rawTexts(src, c.name);
			if (!raw)
				stats.notes.push(
					`the UTC offsets of column '${c.name}' could not be read again: times read as UTC`
				);
		}
		for (let r = 0; r < n; r++) {
			if (states.state[r] === NULL) state[r] = NULL;
			else if (states.state[r] === BAD) setBad(r, states.badText.get(r)!, c.name);
			else if (raw) {
				const t = parseIsoWall(raw[r]);
				if (!Number.isFinite(t.wall)) setBad(r, raw[r], c.name);
				else {
					wall[r] = t.wall;
					if (t.offset !== null) {
						offset[r] = t.offset;
						zoned++;
					}
				}
			} else wall[r] = c.kind === 'time' ? c.values[r] : c.values[r] * epochScale;
		}
	}
	if (mapping.hour !== null) addHours(src, mapping.hour, { wall, state }, setBad, stats);
	return { wall, offset, state, badText, badColumn, zoned };
}

function hasTimeOfDay(values: Float64Array): boolean {
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (Number.isFinite(v) && v % MS_DAY !== 0) return true;
	}
	return false;
}

/** Adds the hour-of-day column to the dates (1-24 is read as hour-ending: 24 is 23:00). */
function addHours(
	src: CounterTable,
	name: string,
	t: { wall: Float64Array; state: Uint8Array },
	setBad: (r: number, text: string, col: string) => void,
	stats: FileStats
) {
	const c = column(src.table, name)!;
	const n = src.table.rows;
	const hours = new Float64Array(n).fill(NaN);
	const hstate = new Uint8Array(n);
	const hbad = new Map<number, string>();
	if (c.kind === 'text') {
		for (let r = 0; r < n; r++) {
			const code = c.codes[r];
			if (code < 0) hstate[r] = NULL;
			else {
				const h = parseHourText(c.dict[code]);
				if (Number.isNaN(h)) {
					hstate[r] = BAD;
					hbad.set(r, c.dict[code]);
				} else hours[r] = h;
			}
		}
	} else {
		const s = numberStates(src, c);
		for (let r = 0; r < n; r++) {
			hstate[r] = s.state[r];
			if (s.state[r] === BAD) hbad.set(r, s.badText.get(r)!);
			else if (s.state[r] === OK) hours[r] = c.values[r];
		}
	}
	let min = Infinity;
	let max = -Infinity;
	for (let r = 0; r < n; r++) {
		const h = hours[r];
		if (hstate[r] !== OK) continue;
		if (!Number.isInteger(h) || h < 0 || h > 24) {
			hstate[r] = BAD;
			hbad.set(r, String(h));
			continue;
		}
		if (h < min) min = h;
		if (h > max) max = h;
	}
	const ending = min >= 1 && max === 24;
	if (ending)
		stats.notes.push(`hours in '${name}' run 1-24: read as hour-ending (24 is 23:00-24:00)`);
	for (let r = 0; r < n; r++) {
		if (t.state[r] !== OK) continue;
		if (hstate[r] === NULL) t.state[r] = NULL;
		else if (hstate[r] === BAD || (!ending && hours[r] === 24)) {
			setBad(r, hbad.get(r) ?? String(hours[r]), name);
		} else {
			const h = ending ? hours[r] - 1 : hours[r];
			t.wall[r] = Math.floor(t.wall[r] / MS_DAY) * MS_DAY + h * MS_HOUR;
		}
	}
}

/**
 * A number standing for a row's raw cell of a store or sensor column (its text code or its
 * value; 0 without a column): equal numbers are equal labels. NaN for a missing cell, which
 * equals nothing.
 */
function rawKey(src: CounterTable, name: string | null): (r: number) => number {
	const c = column(src.table, name);
	if (!c) return () => 0;
	if (c.kind === 'text') return (r) => (c.codes[r] < 0 ? NaN : c.codes[r]);
	return (r) => c.values[r];
}

/** Labels of a store or sensor column by row (null: NULL or blank). */
function labeler(
	src: CounterTable,
	name: string | null,
	fixed: string
): (r: number) => string | null {
	const c = column(src.table, name);
	if (!c) return () => fixed;
	if (c.kind === 'text') return (r) => (c.codes[r] < 0 ? null : c.dict[c.codes[r]]);
	const cache = new Map<number, string>();
	return (r) => {
		const v = c.values[r];
		if (Number.isNaN(v)) return null;
		let s = cache.get(v);
		if (s === undefined) {
			s = c.kind === 'time' ? new Date(v).toISOString() : String(v);
			cache.set(v, s);
		}
		return s;
	};
}

/**
 * Reads `src` through `mapping` into `sink`, counting drops and naming bad cells in
 * `stats`. The mapping must have been checked (`mappingProblems`).
 */
export function extractReadings(
	src: CounterTable,
	mapping: CounterMapping,
	fileIndex: number,
	sink: ReadingSink,
	stats: FileStats
): void {
	const name = displayName(src.file.path);
	const { table } = src;
	const n = table.rows;
	const times = resolveTimes(src, mapping, stats);
	if (times.zoned > 0 && times.zoned < n) {
		stats.notes.push(
			`${times.zoned} of ${n} times carry a UTC offset; the others are read as wall-clock time`
		);
	}
	const storeLabel = labeler(src, mapping.store, mapping.storeName.trim() || 'store');
	let lastStore: string | null = null;
	let lastStoreIdx = -1;
	const storeIdx = (label: string) => {
		if (label !== lastStore) {
			lastStore = label;
			lastStoreIdx = sink.storeOf(label);
		}
		return lastStoreIdx;
	};
	const log = stats.log;
	const badCell = (r: number, col: string, text: string, why: string) => {
		stats.badCells++;
		log.add(
			`bad:${col}:${why}`,
			`${name}: data row ${r + 1}, column '${col}': '${text.slice(0, 60)}' ${why}; the reading is dropped`,
			(k) => `${name}: ${k} more data rows where column '${col}' ${why}`
		);
	};
	/** The count of a numeric cell, or NaN after counting why it is dropped. */
	const countOf = (v: number, r: number, col: string, state: Resolved): number => {
		if (state.state[r] === NULL) {
			stats.nullCells++;
			return NaN;
		}
		if (state.state[r] === BAD) {
			badCell(r, col, state.badText.get(r)!, 'is not a number');
			return NaN;
		}
		if (!Number.isInteger(v)) {
			badCell(r, col, String(v), 'is not a whole number');
			return NaN;
		}
		if (v < -2) {
			badCell(r, col, String(v), 'is negative but not a code (-1 failed, -2 shop closed)');
			return NaN;
		}
		if (v > INT32_MAX) {
			badCell(r, col, String(v), 'is too large for a count');
			return NaN;
		}
		return v;
	};
	const timeOk = (r: number): boolean => {
		if (times.state[r] === OK) return true;
		if (times.state[r] === BAD) {
			const col = times.badColumn.get(r)!;
			badCell(
				r,
				col,
				times.badText.get(r)!,
				col === mapping.hour ? 'is not an hour of the day (0-23)' : 'is not a time'
			);
		}
		return false;
	};

	if (mapping.shape === 'long') {
		const sensorLabel = labeler(src, mapping.sensor, mapping.sensorName.trim() || 'sensor');
		const countCol = column(table, mapping.count) as Extract<TableColumn, { kind: 'number' }>;
		const countStates = numberStates(src, countCol);
		// rows of one sensor usually follow each other: the raw cells (a text code or a
		// number) of the previous row skip the label lookups
		const storeRaw = rawKey(src, mapping.store);
		const sensorRaw = rawKey(src, mapping.sensor);
		let lastStoreRaw = NaN;
		let lastSensorRaw = NaN;
		let lastSensor = -1;
		for (let r = 0; r < n; r++) {
			const sr = storeRaw(r);
			const nr = sensorRaw(r);
			if (sr === lastStoreRaw && nr === lastSensorRaw) {
				if (times.state[r] !== OK) {
					if (times.state[r] === NULL) stats.nullCells++;
					else timeOk(r);
					continue;
				}
				const count = countOf(countCol.values[r], r, countCol.name, countStates);
				if (!Number.isNaN(count)) {
					sink.push(lastSensor, times.wall[r], times.offset[r], count, fileIndex, r);
				}
				continue;
			}
			const store = storeLabel(r);
			const sensor = sensorLabel(r);
			if (times.state[r] === NULL || store === null || sensor === null) {
				stats.nullCells++;
				continue;
			}
			if (!timeOk(r)) continue;
			const count = countOf(countCol.values[r], r, countCol.name, countStates);
			if (Number.isNaN(count)) continue;
			lastSensor = sink.sensorOf(storeIdx(store), sensor);
			lastStoreRaw = sr;
			lastSensorRaw = nr;
			sink.push(lastSensor, times.wall[r], times.offset[r], count, fileIndex, r);
		}
		return;
	}

	const cols = mapping.sensors.map(
		(s) => column(table, s) as Extract<TableColumn, { kind: 'number' }>
	);
	const states = cols.map((c) => numberStates(src, c));
	const labels = mapping.labels.map((l, k) => l.trim() || mapping.sensors[k]);
	let lastStoreForSensors = -1;
	let sensorIds: number[] = [];
	for (let r = 0; r < n; r++) {
		const store = storeLabel(r);
		if (times.state[r] === NULL || store === null) {
			stats.nullCells += cols.length;
			continue;
		}
		if (!timeOk(r)) continue;
		const si = storeIdx(store);
		if (si !== lastStoreForSensors) {
			lastStoreForSensors = si;
			sensorIds = labels.map((l) => sink.sensorOf(si, l));
		}
		for (let k = 0; k < cols.length; k++) {
			const count = countOf(cols[k].values[r], r, cols[k].name, states[k]);
			if (Number.isNaN(count)) continue;
			sink.push(sensorIds[k], times.wall[r], times.offset[r], count, fileIndex, r);
		}
	}
}
