/**
 * `planIngest`: dropped files (zips opened, recursively) -> device-days for the kernel, a
 * summary per file, an error per file that could not be read, and the tables with their
 * proposed mappings. One bad file never stops the others: every file is read on its own
 * and every failure becomes an `IngestError` naming it.
 */
import { bomLength, parquetCutShort } from './bytes';
import { E4_SCALE, E4_TARGET, parseE4, type E4Data } from './e4';
import { applyMapping, proposeMapping } from './mapping';
import { assembleOriginal, readOriginalFile, type OriginalFile } from './original';
import {
	baseName,
	dirName,
	displayName,
	matchOriginalLayout,
	normalisePath,
	utcDay
} from './paths';
import { assembleDeviceDay, seriesEnd, TARGET_LABEL, type TimedSeries } from './series';
import { sniff } from './sniff';
import { parseDelimited, parseJsonTable, parseNdjsonTable } from './table';
import { unzipEntries } from './zip';
import { byDayDevice } from './order';
import { DEFAULT_MAX_FILE_BYTES } from './types';
import type {
	E4Signal,
	FileSummary,
	IngestError,
	IngestFile,
	IngestPlan,
	IngestedDeviceDay,
	MappingProposal,
	PendingTable,
	PlanOptions,
	Table,
	TableMapping,
	TargetSignal
} from './types';

export interface E4Entry {
	path: string;
	session: string;
	data: E4Data;
	notes: string[];
}

function sizeText(n: number): string {
	return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * What reading one dropped file gave (a zip: its entries too), before files are grouped
 * into device-days. Plain data that depends only on the file's bytes and the options, so
 * a caller may keep it and assemble it again with other files (`IngestSession`).
 */
export interface FilePart {
	errors: IngestError[];
	summaries: FileSummary[];
	skipped: { path: string; reason: string }[];
	tables: PendingTable[];
	/** The device-days of its tables (under their proposed mappings). */
	tableDays: IngestedDeviceDay[];
	/** Original-layout files placed by their path: grouped by folder when the plan is assembled. */
	originals: OriginalFile[];
	/** E4 files: grouped by session when the plan is assembled. */
	e4: E4Entry[];
	/** A Parquet file (or zip entry) met without a loaded reader (`PlanOptions.decodeParquet`). */
	parquetWanted: boolean;
}

export function emptyPart(): FilePart {
	return {
		errors: [],
		summaries: [],
		skipped: [],
		tables: [],
		tableDays: [],
		originals: [],
		e4: [],
		parquetWanted: false
	};
}

/**
 * Reads every file and zip entry; never throws for a bad file. Parquet files are read with
 * `options.decodeParquet` (the caller's parquet-wasm), and reported without it.
 */
export function planIngest(files: IngestFile[], options: PlanOptions = {}): IngestPlan {
	return assemblePlan(files.map((f) => readFilePart(f, options)));
}

/** Reads one file (a zip: its entries, zips within down to `maxZipDepth`) into a part. */
export function readFilePart(file: IngestFile, options: PlanOptions = {}): FilePart {
	const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
	const maxZipDepth = options.maxZipDepth ?? 2;
	const part = emptyPart();
	const { errors, summaries, skipped } = part;
	const fail = (path: string, message: string) =>
		errors.push({ path, message: `${displayName(path)}: ${message}` });
	const addTable = (table: Table, notes: string[]) => {
		const pending = planTable(table, notes);
		part.tables.push(pending.table);
		part.tableDays.push(...pending.result.deviceDays);
		summaries.push(...pending.result.summaries);
		errors.push(...pending.result.errors);
	};

	const queue: { file: IngestFile; depth: number }[] = [
		{ file: { ...file, path: normalisePath(file.path) }, depth: 0 }
	];
	for (let q = 0; q < queue.length; q++) {
		const { file, depth } = queue[q];
		const { path, bytes } = file;
		try {
			const kind = sniff(file, { maxFileBytes });
			switch (kind.kind) {
				case 'skip':
					skipped.push({ path, reason: kind.reason });
					break;
				case 'error':
					fail(path, kind.message);
					break;
				case 'zip': {
					if (depth >= maxZipDepth) {
						fail(path, `a zip inside ${depth} zips: not opened (the limit is ${maxZipDepth})`);
						break;
					}
					let opened;
					try {
						opened = unzipEntries(path, bytes, maxFileBytes);
					} catch (e) {
						fail(
							path,
							`the zip is damaged or truncated, nothing in it was read (${(e as Error).message})`
						);
						break;
					}
					for (const t of opened.tooLarge) {
						fail(
							t.path,
							`is ${sizeText(t.size)} unzipped, over the ${sizeText(maxFileBytes)} limit: not read`
						);
					}
					if (opened.files.length === 0 && opened.tooLarge.length === 0) {
						fail(path, 'the zip holds no files');
					}
					for (const f of opened.files) queue.push({ file: f, depth: depth + 1 });
					break;
				}
				case 'original': {
					const layout = matchOriginalLayout(path);
					if (layout && !layout.ok) {
						fail(path, layout.message);
						break;
					}
					const place = layout?.place ?? null;
					const r = readOriginalFile(path, bytes, kind.signal, place, kind.notes);
					summaries.push(r.summary);
					if (r.error) errors.push({ path, message: r.error });
					if (!place) {
						if (!r.error) {
							fail(
								path,
								`an original-layout ${kind.signal} file, but its path has no YYYY/MM/DD/<device>/ folders, so its device and day are unknown`
							);
						}
						break;
					}
					part.originals.push({
						path,
						place,
						signal: kind.signal,
						values: r.values,
						summary: r.summary
					});
					break;
				}
				case 'e4': {
					if (kind.signal === 'ibi') {
						skipped.push({
							path,
							reason:
								'E4 IBI.csv (inter-beat intervals as time/interval pairs): a different shape, not used'
						});
						break;
					}
					const data = parseE4(bytes, bomLength(bytes), kind.signal);
					if ('error' in data) {
						fail(path, data.error);
						break;
					}
					part.e4.push({ path, session: dirName(path), data, notes: kind.notes });
					break;
				}
				case 'parquet': {
					const cut = parquetCutShort(bytes);
					if (cut) {
						fail(path, cut);
						break;
					}
					if (!options.decodeParquet) {
						fail(
							path,
							'is a Parquet file, and this ingest was given no Parquet reader (PlanOptions.decodeParquet): not read'
						);
						break;
					}
					const decoded = options.decodeParquet(path, bytes);
					if ('error' in decoded) {
						if (decoded.wanted) part.parquetWanted = true;
						fail(path, decoded.error);
						break;
					}
					addTable(decoded.path === path ? decoded : { ...decoded, path }, kind.notes);
					break;
				}
				case 'table': {
					const parsed =
						kind.format === 'json'
							? parseJsonTable(path, bytes)
							: kind.format === 'ndjson'
								? parseNdjsonTable(path, bytes)
								: parseDelimited(path, bytes, kind.delimiter ?? ',', kind.format);
					if ('error' in parsed) {
						fail(path, parsed.error);
						break;
					}
					addTable(parsed, kind.notes);
					break;
				}
			}
		} catch (e) {
			fail(path, `could not be read (${(e as Error).message})`);
		}
	}
	return part;
}

/**
 * The plan of several files' parts: original-layout files grouped by folder, E4 files by
 * session (a second file of one signal in a group is an error naming both), device-days
 * that share a device and day noted, everything sorted by day and device. Parts are not
 * modified (device-days get their own notes), so they can be assembled again.
 */
export function assemblePlan(parts: readonly FilePart[]): IngestPlan {
	const errors: IngestError[] = [];
	const summaries: FileSummary[] = [];
	const skipped: { path: string; reason: string }[] = [];
	const tables: PendingTable[] = [];
	const deviceDays: IngestedDeviceDay[] = [];
	const originals = new Map<string, OriginalFile[]>();
	const e4 = new Map<string, E4Entry[]>();
	const fail = (path: string, message: string) =>
		errors.push({ path, message: `${displayName(path)}: ${message}` });
	for (const part of parts) {
		errors.push(...part.errors);
		summaries.push(...part.summaries);
		skipped.push(...part.skipped);
		tables.push(...part.tables);
		for (const d of part.tableDays) deviceDays.push({ ...d, notes: [...d.notes] });
		for (const o of part.originals) {
			const place = o.place;
			const group = originals.get(place.folder) ?? [];
			const twin = group.find((g) => g.signal === o.signal);
			if (twin) {
				fail(
					o.path,
					`a second ${o.signal} file for ${place.device} ${place.day} (the first is ${baseName(twin.path)}): ignored`
				);
				continue;
			}
			group.push(o);
			originals.set(place.folder, group);
		}
		for (const entry of part.e4) {
			const list = e4.get(entry.session) ?? [];
			const twin = list.find((x) => x.data.signal === entry.data.signal);
			if (twin) {
				fail(
					entry.path,
					`a second E4 ${entry.data.signal.toUpperCase()} file in this session (the first is ${baseName(twin.path)}): ignored`
				);
				continue;
			}
			list.push(entry);
			e4.set(entry.session, list);
		}
	}

	for (const [folder, group] of originals) deviceDays.push(assembleOriginal(folder, group));
	for (const [session, entries] of e4) {
		const r = assembleE4Session(session, entries);
		summaries.push(...r.summaries);
		if (r.deviceDay) deviceDays.push(r.deviceDay);
	}
	noteCollisions(deviceDays);
	deviceDays.sort(byDayDevice);
	return { deviceDays, summaries, errors, skipped, tables };
}

const COLLISION = 'the same device and day also comes from';

function isCollisionNote(n: string): boolean {
	return n.startsWith(COLLISION);
}

function noteCollisions(days: IngestedDeviceDay[]) {
	const byKey = new Map<string, IngestedDeviceDay[]>();
	for (const d of days) {
		const k = `${d.record.device}\u0000${d.record.day}`;
		byKey.set(k, [...(byKey.get(k) ?? []), d]);
	}
	for (const list of byKey.values()) {
		if (list.length < 2) continue;
		for (const d of list) {
			const others = list.filter((o) => o !== d).map((o) => o.files[0]);
			d.notes.push(`${COLLISION} ${others.join(', ')}: both kept`);
		}
	}
}

/** The error of a table no mapping could be proposed for, naming it and what is missing. */
export function incompleteProposalError(
	table: Pick<Table, 'path' | 'columns'>,
	proposal: MappingProposal,
	notes: string[]
): IngestError {
	const cols = table.columns.map((c) => c.name).join(', ');
	return {
		path: table.path,
		message: `${displayName(table.path)}: header not recognised, no mapping could be proposed: missing ${proposal.missing.join(' and ')} (columns: ${cols})${notes.length ? `; ${notes.join('; ')}` : ''}`
	};
}

function planTable(
	table: Table,
	notes: string[]
): { table: PendingTable; result: ReturnType<typeof applyMapping> } {
	const proposal = proposeMapping(table);
	proposal.notes.unshift(...notes);
	if (!proposal.complete) {
		return {
			table: { path: table.path, table, proposal, applied: null },
			result: {
				deviceDays: [],
				summaries: [],
				errors: [incompleteProposalError(table, proposal, notes)]
			}
		};
	}
	return {
		table: { path: table.path, table, proposal, applied: proposal.mapping },
		result: applyMapping(table, proposal.mapping)
	};
}

/**
 * A plan with one table's device-days, summaries and errors rebuilt under a corrected
 * mapping (the person's correction). Other files are untouched.
 */
export function remapTable(plan: IngestPlan, path: string, mapping: TableMapping): IngestPlan {
	const pending = plan.tables.find((t) => t.path === path);
	if (!pending) throw new Error(`remapTable: no table ${path} in this plan`);
	if (pending.streamed) {
		throw new Error(`remapTable: ${path} was read in slices; read it again with the mapping`);
	}
	const result = applyMapping(pending.table, mapping);
	const deviceDays = plan.deviceDays
		.filter((d) => !(d.source === 'table' && d.files[0] === path))
		.map((d) =>
			d.notes.some(isCollisionNote)
				? { ...d, notes: d.notes.filter((n) => !isCollisionNote(n)) }
				: d
		)
		.concat(result.deviceDays);
	noteCollisions(deviceDays);
	deviceDays.sort(byDayDevice);
	return {
		deviceDays,
		summaries: plan.summaries.filter((s) => s.path !== path).concat(result.summaries),
		errors: plan.errors.filter((e) => e.path !== path).concat(result.errors),
		skipped: plan.skipped,
		tables: plan.tables.map((t) => (t.path === path ? { ...t, applied: mapping } : t))
	};
}

/** `1589292378_A01A3A` names session 1589292378 of device A01A3A (the E4 export's zip name). */
function e4Device(session: string): { device: string; note: string | null } {
	const name = baseName(session).replace(/\.zip$/i, '');
	if (!name) return { device: 'e4', note: 'no session folder: device named e4' };
	const m = /^(\d{9,10})_([A-Za-z0-9]+)$/.exec(name);
	if (m) return { device: m[2], note: `device ${m[2]} from the session name ${name}` };
	return { device: name, note: null };
}

function assembleE4Session(
	session: string,
	entries: E4Entry[]
): { deviceDay: IngestedDeviceDay | null; summaries: FileSummary[] } {
	const { device, note } = e4Device(session);
	const series: Partial<Record<TargetSignal, TimedSeries>> = {};
	const used = new Map<TargetSignal, E4Signal>();
	for (const e of entries) {
		const target = E4_TARGET[e.data.signal];
		if (!target || e.data.rows === 0) continue;
		const scale = E4_SCALE[e.data.signal];
		const src = e.data.columns[0];
		const values = new Float64Array(src.length);
		for (let i = 0; i < src.length; i++) values[i] = src[i] * scale;
		series[target] = { start: e.data.start, rateHz: e.data.rateHz, times: null, values };
		used.set(target, e.data.signal);
	}
	const hasSeries = Object.keys(series).length > 0;
	const built = hasSeries ? assembleDeviceDay(device, '', series) : null;
	const day = built ? utcDay(built.origin * 1000) : utcDay(entries[0].data.start * 1000);
	const summaries = entries.map((e): FileSummary => {
		const target = E4_TARGET[e.data.signal];
		const notes = [...e.notes];
		if (!target) notes.push('not used by the detection');
		if (e.data.signal === 'temp') notes.push('°C ×100, rounded: cents of a degree');
		if (e.data.signal === 'bvp') {
			notes.push(
				"BVP ×100, rounded (lossless for the export's two decimals); BVP is a filtered signal centred on 0, so the original's PPG limits in raw counts do not apply to it"
			);
		}
		if (target && e.data.rows === 0) notes.push('no samples after the header');
		return {
			path: e.path,
			kind: 'e4',
			device,
			day,
			signal: e.data.signal,
			target: target && used.get(target) === e.data.signal ? target : null,
			rateHz: e.data.rateHz,
			samples: e.data.rows,
			durationS: e.data.rows / e.data.rateHz,
			startMs: e.data.start * 1000,
			gaps: 0,
			gapSeconds: 0,
			problems: [...e.data.problems],
			notes
		};
	});
	if (!built) return { deviceDay: null, summaries };
	const notes = [...built.notes];
	if (note) notes.push(note);
	const startIso = new Date(built.origin * 1000).toISOString().replace('.000Z', 'Z');
	notes.push(`day is the UTC date of the start time (${startIso})`);
	const end = Math.max(...Object.values(series).map((s) => seriesEnd(s!)));
	if (utcDay(end * 1000 - 1) !== day)
		notes.push('the session runs past UTC midnight: kept whole under its start day');
	const starts = Object.entries(series).map(([k, s]) => ({
		k: k as TargetSignal,
		start: s!.start
	}));
	const late = starts.filter((s) => s.start > built.origin);
	for (const s of late) {
		notes.push(
			`${TARGET_LABEL[s.k]} starts ${Math.round((s.start - built.origin) * 1000) / 1000} s after the session: those seconds are not worn`
		);
	}
	for (const t of ['temperature', 'ppg'] as const) {
		if (!series[t])
			notes.push(`no ${t === 'temperature' ? 'TEMP.csv' : 'BVP.csv'}: ${TARGET_LABEL[t]} is empty`);
	}
	return {
		deviceDay: {
			id: `e4:${session || '.'}`,
			source: 'e4',
			record: { ...built.record, day },
			files: entries.map((e) => e.path),
			startMs: built.origin * 1000,
			notes
		},
		summaries
	};
}
