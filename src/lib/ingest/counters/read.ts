/**
 * `readCounters`: dropped counter files (zips opened) -> the footfall explorer's data, a
 * report per file, the tables with their proposed mappings, and an error per file that
 * could not be used. One bad file never stops the others: each is sniffed, parsed and
 * mapped on its own, and any failure, even an unexpected exception, becomes an error
 * naming it. Files are recognised by their content (the wearables' `sniff`); the name only
 * gives the store when no column does.
 */
import { displayName, normalisePath } from '../paths';
import { sniff } from '../sniff';
import { parseDelimited, parseJsonTable, parseNdjsonTable } from '../table';
import type { IngestError, IngestFile, Table, TableColumn } from '../types';
import { unzipEntries } from '../zip';
import { extractReadings, type CounterTable } from './extract';
import { mergeReadings } from './merge';
import { isOriginalTable, mappingProblems, proposeCounterMapping } from './propose';
import { newStats, ReadingSink, type FileStats } from './rows';
import { dayText, isSlashDate, parseIsoWall } from './times';
import {
	DEFAULT_MAX_COUNTER_BYTES,
	DEFAULT_MAX_COUNTER_HOURS,
	type CounterColumnInfo,
	type CounterFileReport,
	type CounterMapping,
	type CounterOptions,
	type CounterRead,
	type CounterTableInfo
} from './types';

const MAX_ZIP_DEPTH = 2;

/** A date or time, which no header names a column with. */
function isDateText(text: string): boolean {
	return Number.isFinite(parseIsoWall(text).wall) || isSlashDate(text);
}

function sizeText(n: number): string {
	return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${n} bytes`;
}

/** A parsed table, or why the file is not one. */
function parseTable(
	file: IngestFile,
	options: CounterOptions,
	maxBytes: number
): CounterTable | { error: string } | { zip: true } | { skip: string } {
	const kind = sniff(file, { maxFileBytes: maxBytes });
	switch (kind.kind) {
		case 'skip':
			return { skip: kind.reason };
		case 'error':
			// the wearables' words for a table without a header speak of devices and signals
			return {
				error:
					kind.reason === 'unrecognised'
						? 'has no header line naming its columns: a counter table needs one (time, store, sensor, count, or a column per sensor)'
						: kind.message
			};
		case 'zip':
			return { zip: true };
		case 'original':
		case 'e4':
			return {
				error:
					'is a column of numbers without a header line (a wearable recording?), not a counter table: a counter file needs a header naming its time, sensor and count columns'
			};
		case 'parquet': {
			if (!options.decodeParquet)
				return { error: 'is a Parquet file, and no Parquet reader was given' };
			const t = options.decodeParquet(file.path, file.bytes);
			return 'error' in t ? { error: t.error } : { file, table: t, delimiter: null };
		}
		case 'table': {
			if (kind.format === 'json' || kind.format === 'ndjson') {
				const t = (kind.format === 'json' ? parseJsonTable : parseNdjsonTable)(
					file.path,
					file.bytes
				);
				return 'error' in t ? { error: t.error } : { file, table: t, delimiter: null };
			}
			const t = parseDelimited(file.path, file.bytes, kind.delimiter ?? ',', kind.format);
			return { file, table: t, delimiter: kind.delimiter ?? ',' };
		}
	}
}

function columnInfo(c: TableColumn): CounterColumnInfo {
	const examples: string[] = [];
	if (c.kind === 'text') examples.push(...c.dict.slice(0, 3));
	else {
		for (let i = 0; i < c.values.length && examples.length < 3; i++) {
			const v = c.values[i];
			if (!Number.isFinite(v)) continue;
			examples.push(c.kind === 'time' ? new Date(v).toISOString().replace('.000Z', '') : String(v));
		}
	}
	return { name: c.name, kind: c.kind, examples };
}

function report(
	stats: FileStats,
	table: Table,
	mapping: CounterMapping,
	notes: string[],
	tableProblems: string[]
): CounterFileReport {
	let rowsKept = 0;
	for (let r = 0; r < stats.keptRow.length; r++) rowsKept += stats.keptRow[r];
	return {
		path: stats.path,
		shape: mapping.shape === 'long' && isOriginalTable(table) ? 'original' : mapping.shape,
		format: table.format,
		mapping,
		rowsRead: table.rows,
		rowsKept,
		readingsKept: stats.readingsKept,
		hours: stats.hours,
		duplicates: stats.duplicates,
		conflicts: stats.conflicts,
		nullCells: stats.nullCells,
		badCells: stats.badCells,
		failed: stats.failed,
		closed: stats.closed,
		missingHours: stats.missingHours,
		dstDays: [...stats.dst.entries()]
			.map(([day, d]) => ({ day, ...d }))
			.sort((a, b) => (a.day < b.day ? -1 : 1)),
		subHourly: stats.subHourly,
		problems: [...tableProblems, ...stats.problems, ...stats.log.sentences()],
		notes: [...notes, ...stats.notes]
	};
}

/**
 * Reads counter files: the original's `date,hour,shop,sensor_id,count,units`, long tables
 * (time, store, sensor, count) and wide ones (a time and a column per sensor), as CSV,
 * TSV, JSON, NDJSON, Parquet (with `options.decodeParquet`) or zips of them. Never throws
 * for a bad file. `options.mappings` replaces the proposed mapping of the files it names.
 */
export function readCounters(files: IngestFile[], options: CounterOptions = {}): CounterRead {
	const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_COUNTER_BYTES;
	const maxHours = options.maxHours ?? DEFAULT_MAX_COUNTER_HOURS;
	const errors: IngestError[] = [];
	const skipped: { path: string; reason: string }[] = [];
	const tables: CounterTableInfo[] = [];
	const sink = new ReadingSink();
	const stats: FileStats[] = [];
	const used: { table: Table; mapping: CounterMapping; notes: string[]; problems: string[] }[] = [];
	const fail = (path: string, message: string) =>
		errors.push({ path, message: `${displayName(path)}: ${message}` });

	const queue = files.map((f) => ({ file: { ...f, path: normalisePath(f.path) }, depth: 0 }));
	for (let q = 0; q < queue.length; q++) {
		const { file, depth } = queue[q];
		const path = file.path;
		try {
			const parsed = parseTable(file, options, maxBytes);
			if ('skip' in parsed) {
				skipped.push({ path, reason: parsed.skip });
				continue;
			}
			if ('error' in parsed) {
				fail(path, parsed.error);
				continue;
			}
			if ('zip' in parsed) {
				if (depth >= MAX_ZIP_DEPTH) {
					fail(path, `a zip inside ${depth} zips: not opened (the limit is ${MAX_ZIP_DEPTH})`);
					continue;
				}
				let opened;
				try {
					opened = unzipEntries(path, file.bytes, maxBytes);
				} catch (e) {
					fail(
						path,
						`the zip is damaged or truncated, nothing in it was read (${(e as Error).message})`
					);
					continue;
				}
				for (const t of opened.tooLarge) {
					fail(
						t.path,
						`is ${sizeText(t.size)} unzipped, over the ${sizeText(maxBytes)} limit: not read`
					);
				}
				if (opened.files.length === 0 && opened.tooLarge.length === 0)
					fail(path, 'the zip holds no files');
				for (const f of opened.files) queue.push({ file: f, depth: depth + 1 });
				continue;
			}
			const { table } = parsed;
			const dateName = table.columns.find((c) => isDateText(c.name));
			if (dateName && parsed.delimiter !== null) {
				fail(
					path,
					`has no header line naming its columns (its first line starts like data: '${dateName.name}'): a counter table needs one (time, store, sensor, count, or a column per sensor)`
				);
				continue;
			}
			if (table.rows === 0) {
				fail(path, 'has a header line but no rows of counts');
				continue;
			}
			if (table.columns.length < 2) {
				fail(
					path,
					`has a single column ('${table.columns[0]?.name ?? ''}'): a counter table needs at least a time column and a count column`
				);
				continue;
			}
			const proposal = proposeCounterMapping(table);
			const chosen = options.mappings?.[path] ?? null;
			const mapping = chosen ?? proposal.mapping;
			const problems = chosen
				? mappingProblems(table, chosen)
				: proposal.complete
					? mappingProblems(table, mapping)
					: [`missing ${proposal.missing.join(' and ')}`];
			tables.push({
				path,
				format: table.format,
				rows: table.rows,
				columns: table.columns.map(columnInfo),
				proposal,
				applied: problems.length ? null : mapping
			});
			if (problems.length) {
				fail(
					path,
					`cannot be read as counts: ${problems.join('; ')} (columns: ${table.columns.map((c) => c.name).join(', ')})`
				);
				continue;
			}
			if (stats.length >= 65535) {
				fail(path, 'is past the 65,535th file of this load: not read');
				continue;
			}
			const st = newStats(path, table.rows);
			const before = sink.length;
			extractReadings(parsed, mapping, stats.length, sink, st);
			const name = displayName(path);
			const tableProblems = table.problems
				.filter((p) => !p.startsWith('times without a zone'))
				.map((p) => `${name}: ${p}`);
			stats.push(st);
			used.push({
				table,
				mapping,
				notes: chosen ? ['read with the mapping given'] : proposal.notes,
				problems: tableProblems
			});
			if (sink.length === before) {
				const first = st.log.sentences()[0]?.slice(name.length + 2);
				fail(
					path,
					`no reading could be kept (${st.nullCells} with a NULL or blank cell, ${st.badCells} with a cell that could not be read${first ? `; the first: ${first}` : ''})`
				);
			}
		} catch (e) {
			fail(path, `could not be read (${e instanceof Error ? e.message : String(e)})`);
		}
	}
	if (sink.length === 0) return { data: null, tables, errors, skipped };
	const merged = mergeReadings(sink, stats, maxHours);
	if ('error' in merged) {
		errors.push({ path: '', message: `The files were not loaded: ${merged.error}.` });
		return { data: null, tables, errors, skipped };
	}
	const reports = stats.map((s, i) =>
		report(s, used[i].table, used[i].mapping, used[i].notes, used[i].problems)
	);
	return {
		data: { ...merged, files: reports },
		tables,
		errors,
		skipped
	};
}

/** `YYYY-MM-DD` of an hour index (hours since 1970-01-01 wall-clock). */
export function dayOfHour(hour: number): string {
	return dayText(hour * 3_600_000);
}
