/**
 * Long tables too large to hold as text (a 1 GB CSV): read in slices through the same
 * table reader and mapping accumulator as a whole file, so memory is bounded by the
 * samples kept (12 bytes each) plus one slice, never the text nor an object per row.
 *
 * The first slice (the head) gives the columns, their kinds and the proposed mapping; a
 * corrected mapping is applied by reading the file again. Each later slice is appended to
 * the unfinished last row of the one before, so a slice may end anywhere (inside a number,
 * a quoted field, a CRLF) and the rows read are the rows of the whole file.
 */
import { proposeMapping, MappingAccumulator } from './mapping';
import { displayName } from './paths';
import { emptyPart, incompleteProposalError, type FilePart } from './plan';
import { sizeText } from './sniff';
import { DelimitedReader, NdjsonReader, type TableReader } from './table';
import type {
	ByteSource,
	PendingTable,
	SniffResult,
	Table,
	TableColumn,
	TableMapping
} from './types';

/** Bytes read for sniffing and the proposal. */
export const HEAD_BYTES = 4 * 1024 * 1024;
/** Bytes per later slice. */
export const SLICE_BYTES = 8 * 1024 * 1024;
/** Bytes a sample takes while a table is read: its time (8) and value (4). */
export const BYTES_PER_SAMPLE = 12;
/** Samples kept while reading, in bytes, above which a file is refused (1.5 GiB). */
export const DEFAULT_MAX_SAMPLE_BYTES = 1.5 * 1024 * 1024 * 1024;

export type StreamableKind = Extract<SniffResult, { kind: 'table' }> & {
	format: 'csv' | 'tsv' | 'ndjson';
};

/** CSV, TSV and NDJSON can be read in slices; a JSON array, Parquet and zips cannot. */
export function isStreamable(kind: SniffResult): kind is StreamableKind {
	return kind.kind === 'table' && kind.format !== 'json' && kind.format !== 'parquet';
}

export interface StreamOptions {
	/** The mapping to apply; without one, the proposal from the head (when complete). */
	mapping?: TableMapping;
	sliceBytes?: number;
	maxSampleBytes?: number;
	/** Called after each slice with the bytes read so far. */
	onProgress?: (read: number, size: number) => void;
}

/** `about 22.4 M rows`, `about 2400 rows`. */
function rowsText(rows: number): string {
	return rows >= 1e6 ? `${Math.round(rows / 1e5) / 10} M rows` : `${Math.round(rows)} rows`;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	if (a.length === 0) return b;
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}

/** Columns without values: names, kinds, dictionaries and bad-cell counts. */
function schemaColumns(
	columns: readonly TableColumn[],
	bad: { bad: number; firstBad: string | null }[]
): TableColumn[] {
	return columns.map((c, i) =>
		c.kind === 'text'
			? { name: c.name, kind: 'text', codes: new Int32Array(0), dict: c.dict }
			: {
					name: c.name,
					kind: c.kind,
					values: new Float64Array(0),
					bad: bad[i].bad,
					firstBad: bad[i].firstBad
				}
	);
}

function makeReader(kind: StreamableKind, head: Uint8Array, whole: boolean): TableReader {
	return kind.format === 'ndjson'
		? new NdjsonReader(head, whole)
		: new DelimitedReader(head, kind.delimiter ?? ',', whole);
}

/**
 * Reads the table `source` (sniffed from `head`, its first bytes) slice by slice into
 * device-days. Never throws for a bad file: the part carries an error naming it. The
 * part's pending table is `streamed` (no values kept).
 */
export async function streamTable(
	source: ByteSource,
	head: Uint8Array,
	kind: StreamableKind,
	options: StreamOptions = {}
): Promise<FilePart> {
	const { path, size } = source;
	const sliceBytes = options.sliceBytes ?? SLICE_BYTES;
	const maxSampleBytes = options.maxSampleBytes ?? DEFAULT_MAX_SAMPLE_BYTES;
	const part = emptyPart();
	const fail = (message: string) => {
		part.errors.push({ path, message: `${displayName(path)}: ${message}` });
		return part;
	};
	const whole = head.length >= size;
	let reader: TableReader;
	try {
		reader = makeReader(kind, head, whole);
	} catch (e) {
		return fail(`could not be read (${(e as Error).message})`);
	}
	const first = reader.read(head, whole);
	const headTable: Table = {
		path,
		format: kind.format,
		rows: first.rows,
		columns: first.columns,
		problems: []
	};
	const proposal = proposeMapping(headTable);
	const notes = [...kind.notes];
	if (!whole) {
		notes.push(
			`read in slices (${sizeText(size)}): the mapping was proposed from the first ${first.rows} rows`
		);
	}
	proposal.notes.unshift(...notes);
	const mapping = options.mapping ?? (proposal.complete ? proposal.mapping : null);
	const pending = (rows: number, columns: readonly TableColumn[]): PendingTable => ({
		path,
		table: {
			path,
			format: kind.format,
			rows,
			columns: schemaColumns(columns, reader.badCells()),
			problems: reader.problems()
		},
		proposal,
		applied: mapping,
		streamed: true
	});
	if (!mapping) {
		part.tables.push(pending(first.rows, first.columns));
		part.errors.push(incompleteProposalError(headTable, proposal, notes));
		return part;
	}
	// refuse what the tab cannot hold, from the head's bytes per row
	if (!whole && first.consumed > 0 && first.rows > 0) {
		const rows = (size * first.rows) / first.consumed;
		const need = rows * BYTES_PER_SAMPLE;
		if (need > maxSampleBytes) {
			return fail(
				`is ${sizeText(size)}, about ${rowsText(rows)}: its samples would take about ${sizeText(need)} in this tab, over the ${sizeText(maxSampleBytes)} it may use: not read (split it, e.g. by device or day)`
			);
		}
	}
	const acc = new MappingAccumulator(path, first.columns, mapping);
	if (acc.error) {
		part.tables.push(pending(first.rows, first.columns));
		part.errors.push(...acc.failure().errors);
		return part;
	}
	acc.add(first);
	let rows = first.rows;
	let carry = head.subarray(first.consumed);
	let offset = head.length;
	while (offset < size) {
		const end = Math.min(size, offset + sliceBytes);
		const slice = await source.read(offset, end);
		if (slice.length !== end - offset) {
			return fail(
				`changed while it was read (${slice.length} bytes where ${end - offset} were expected at offset ${offset})`
			);
		}
		const bytes = concat(carry, slice);
		const chunk = reader.read(bytes, end === size);
		acc.add(chunk);
		rows += chunk.rows;
		carry = bytes.slice(chunk.consumed);
		offset = end;
		options.onProgress?.(offset, size);
	}
	if (kind.format === 'ndjson' && rows === 0) {
		return fail('holds no JSON records');
	}
	const problems = reader.problems();
	const bad = reader.badCells();
	const result = acc.finish(
		problems,
		first.columns.map((c, i) => ({ name: c.name, kind: c.kind, ...bad[i] }))
	);
	part.tables.push(pending(rows, first.columns));
	part.tableDays.push(...result.deviceDays);
	part.summaries.push(...result.summaries);
	part.errors.push(...result.errors);
	return part;
}
