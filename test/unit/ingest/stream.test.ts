/**
 * Tables read in slices: the incremental readers give the rows of the whole-file parse
 * wherever a slice ends (inside a number, a quoted field, a CRLF: property tests over
 * random split points), and `streamTable` gives the device-days and summaries of
 * `planIngest` on the same bytes, with the proposal taken from the first slice.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { planIngest } from '../../../src/lib/ingest/plan';
import { sniff } from '../../../src/lib/ingest/sniff';
import { isStreamable, streamTable, type StreamableKind } from '../../../src/lib/ingest/stream';
import {
	DelimitedReader,
	NdjsonReader,
	type TableChunk,
	type TableReader
} from '../../../src/lib/ingest/table';
import { isoMemo, parseIsoBytes } from '../../../src/lib/ingest/timestamps';
import type { TableColumn, TableMapping } from '../../../src/lib/ingest/types';
import { bytesOf, memorySource } from './helpers';

/** 2021-02-04T10:00:00Z */
const T0 = Date.UTC(2021, 1, 4, 10, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A messy long CSV: quoted cells with commas, escaped quotes and newlines, CRLF lines,
 * blank lines, a ragged row, bad numbers, a missing cell and a text value column.
 */
function messyCsv(rows: number, seed = 'messy'): string {
	const u = seedrandom(seed);
	const lines = ['device,timestamp,"sig""nal",value,comment'];
	for (let i = 0; i < rows; i++) {
		const dev = `dev_${Math.floor(u() * 3)}`;
		const signal = ['temperature', 'ppg', 'on_wrist', 'hr'][Math.floor(u() * 4)];
		const value = signal === 'temperature' ? (33 + u()).toFixed(3) : String(Math.floor(u() * 9000));
		const roll = u();
		const comment =
			roll < 0.1
				? '"a, quoted ""comment""\r\nover two lines"'
				: roll < 0.2
					? '"  spaced  "'
					: roll < 0.25
						? ''
						: `c${Math.floor(u() * 5)}`;
		const time = u() < 0.5 ? iso(T0 + i * 250) : `"${iso(T0 + i * 250)}"`;
		const cell = u() < 0.02 ? 'warm' : value;
		lines.push(u() < 0.01 ? `${dev},${time}` : `${dev},${time},${signal},${cell},${comment}`);
		if (u() < 0.03) lines.push(u() < 0.5 ? '' : '   ');
	}
	return lines.map((l, i) => (i % 3 === 0 ? `${l}\r\n` : `${l}\n`)).join('');
}

function messyNdjson(rows: number, seed = 'nd'): string {
	const u = seedrandom(seed);
	const out: string[] = [];
	for (let i = 0; i < rows; i++) {
		const signal = ['temperature', 'ppg', 'on_wrist'][Math.floor(u() * 3)];
		const rec: Record<string, unknown> = {
			device: `dev_${Math.floor(u() * 3)}`,
			timestamp: iso(T0 + i * 250),
			signal,
			value: u() < 0.02 ? 'warm' : Math.floor(u() * 9000),
			note: u() < 0.1 ? 'line one\nline "two"' : null
		};
		out.push(u() < 0.02 ? '{not json' : JSON.stringify(rec));
		if (u() < 0.03) out.push('');
	}
	return out.map((l, i) => (i % 4 === 0 ? `${l}\r\n` : `${l}\n`)).join('');
}

/** Columns of many chunks as one: values and codes concatenated. */
function joinChunks(chunks: TableChunk[]): { rows: number; columns: unknown[] } {
	const rows = chunks.reduce((n, c) => n + c.rows, 0);
	const columns = chunks[0].columns.map((c0, i) => {
		const parts = chunks.map((c) => c.columns[i]);
		if (c0.kind === 'text') {
			return {
				name: c0.name,
				kind: c0.kind,
				codes: parts.flatMap((p) =>
					Array.from((p as Extract<TableColumn, { kind: 'text' }>).codes)
				),
				dict: [...c0.dict]
			};
		}
		return {
			name: c0.name,
			kind: c0.kind,
			values: parts.flatMap((p) =>
				Array.from((p as Extract<TableColumn, { kind: 'number' }>).values)
			)
		};
	});
	return { rows, columns };
}

/** Reads `bytes` through `reader` in slices ending at `cuts`, as the stream driver does. */
function readInSlices(reader: TableReader, bytes: Uint8Array, cuts: number[]) {
	const chunks: TableChunk[] = [];
	let carry = new Uint8Array(0);
	let from = 0;
	for (const to of [...cuts, bytes.length]) {
		const slice = bytes.subarray(from, to);
		const buf = new Uint8Array(carry.length + slice.length);
		buf.set(carry);
		buf.set(slice, carry.length);
		const chunk = reader.read(buf, to === bytes.length);
		chunks.push(chunk);
		carry = buf.slice(chunk.consumed);
		from = to;
	}
	return { ...joinChunks(chunks), problems: reader.problems(), bad: reader.badCells() };
}

function randomCuts(n: number, count: number, u: () => number): number[] {
	const cuts = Array.from({ length: count }, () => Math.floor(u() * n));
	return [...new Set(cuts)].sort((a, b) => a - b);
}

describe('table readers: a slice may end anywhere', () => {
	const csv = bytesOf(messyCsv(400));
	const nd = bytesOf(messyNdjson(300));
	const whole = (make: () => TableReader, bytes: Uint8Array) => readInSlices(make(), bytes, []);

	it('the messy CSV has what the property test is about', () => {
		const w = whole(() => new DelimitedReader(csv, ',', true), csv);
		expect(w.rows).toBeGreaterThan(390);
		expect(w.problems.join(' ')).toMatch(/do not have the header's 5 fields/);
		expect(w.bad[3].bad).toBeGreaterThan(0);
		expect(w.columns.map((c) => (c as { name: string }).name)).toEqual([
			'device',
			'timestamp',
			'sig"nal',
			'value',
			'comment'
		]);
		const comment = w.columns[4] as { dict: string[] };
		expect(comment.dict).toContain('a, quoted "comment"\r\nover two lines');
	});

	it.each([
		['every byte', (n: number) => Array.from({ length: n - 1 }, (_, i) => i + 1)],
		['inside a CRLF', () => [csv.indexOf(13) + 1]],
		['inside a quoted field', () => [new TextDecoder().decode(csv).indexOf('a, quoted') + 3]],
		['inside an escaped quote pair', () => [new TextDecoder().decode(csv).indexOf('""') + 1]]
	])('CSV cut at %s reads like the whole file', (_what, cuts) => {
		const w = whole(() => new DelimitedReader(csv, ',', true), csv);
		const sliced = readInSlices(new DelimitedReader(csv, ',', true), csv, cuts(csv.length));
		expect(sliced).toEqual(w);
	});

	it('CSV: 200 random sets of split points read like the whole file', () => {
		const u = seedrandom('csv-cuts');
		const w = whole(() => new DelimitedReader(csv, ',', true), csv);
		for (let k = 0; k < 200; k++) {
			const cuts = randomCuts(csv.length, 1 + Math.floor(u() * 40), u);
			expect(readInSlices(new DelimitedReader(csv, ',', true), csv, cuts)).toEqual(w);
		}
	});

	it('CSV: a reader made from a first slice reads like one made from the whole file', () => {
		const head = csv.subarray(0, 4000);
		const w = whole(() => new DelimitedReader(csv, ',', true), csv);
		expect(readInSlices(new DelimitedReader(head, ',', false), csv, [4000, 9000])).toEqual(w);
	});

	it('NDJSON: 200 random sets of split points read like the whole file', () => {
		const u = seedrandom('nd-cuts');
		const w = whole(() => new NdjsonReader(nd, true), nd);
		expect(w.problems.join(' ')).toMatch(/not a JSON record: skipped/);
		expect(w.bad.some((b) => b.bad > 0)).toBe(true);
		for (let k = 0; k < 200; k++) {
			const cuts = randomCuts(nd.length, 1 + Math.floor(u() * 40), u);
			expect(readInSlices(new NdjsonReader(nd, true), nd, cuts)).toEqual(w);
		}
	});

	it('a CSV quote left open is reported only at the end of the file', () => {
		const text = bytesOf('a,b\n1,"open\n2,3\n');
		const r = new DelimitedReader(text, ',', true);
		const first = r.read(text.subarray(0, 6), false);
		expect(first.rows).toBe(0);
		expect(r.problems()).toEqual([]);
		const rest = r.read(text.subarray(first.consumed), true);
		expect(rest.rows).toBe(1);
		expect(r.problems()).toEqual(['a quote opened on line 2 is never closed']);
	});
});

/** A long table of `seconds` of one or two devices: on-wrist, temperature (°C), PPG, HR. */
function longCsv(seconds: number, devices = ['dev_a', 'dev_b']): string {
	const rows: string[] = ['device,timestamp,signal,value'];
	for (const d of devices) {
		for (let i = 0; i < seconds * 64; i++) {
			const ms = T0 + (i * 1000) / 64;
			if (i % 64 === 0) rows.push(`${d},${iso(ms)},on_wrist,1`);
			if (i % 16 === 0)
				rows.push(`${d},${iso(ms)},temperature,${(33 + (i % 97) / 100).toFixed(2)}`);
			rows.push(`${d},${iso(Math.round(ms))},ppg,${7000 + (i % 64) * 10}`);
			if (i % 640 === 0) rows.push(`${d},${iso(ms)},hr,70`);
		}
	}
	return rows.join('\r\n') + '\r\n';
}

function tableKind(path: string, bytes: Uint8Array): StreamableKind {
	const kind = sniff({ path, bytes });
	if (!isStreamable(kind)) throw new Error(`not streamable: ${JSON.stringify(kind)}`);
	return kind;
}

describe('streamTable: slices through the whole-file core', () => {
	const text = longCsv(30);
	const bytes = bytesOf(text);
	const reference = planIngest([{ path: 'long.csv', bytes }]);
	const mapping = reference.tables[0].applied as TableMapping;

	it('gives the device-days and summaries of planIngest, for any slice size', async () => {
		expect(reference.errors).toEqual([]);
		expect(reference.deviceDays).toHaveLength(2);
		const u = seedrandom('slices');
		for (let k = 0; k < 8; k++) {
			const headBytes = 2000 + Math.floor(u() * 30000);
			const sliceBytes = 1 + Math.floor(u() * 50000);
			const source = memorySource('long.csv', bytes);
			const part = await streamTable(
				source,
				bytes.subarray(0, headBytes),
				tableKind('long.csv', bytes),
				{ mapping, sliceBytes }
			);
			expect(part.errors).toEqual([]);
			expect(part.tableDays).toEqual(reference.deviceDays);
			expect(part.summaries).toEqual(reference.summaries);
			expect(part.tables[0]).toMatchObject({
				streamed: true,
				applied: mapping,
				table: { rows: reference.tables[0].table.rows }
			});
		}
	});

	it('proposes the mapping from the first slice, and says so', async () => {
		const part = await streamTable(
			memorySource('long.csv', bytes),
			bytes.subarray(0, 64 * 1024),
			tableKind('long.csv', bytes),
			{ sliceBytes: 100_000 }
		);
		const t = part.tables[0];
		expect(t.proposal.mapping).toEqual(mapping);
		expect(t.proposal.notes[0]).toMatch(
			/^read in slices \(.* KB\): the mapping was proposed from the first \d+ rows$/
		);
		expect(part.tableDays).toEqual(reference.deviceDays);
		// the pending table keeps names, kinds and dictionaries, not values
		const signal = t.table.columns.find((c) => c.name === 'signal');
		expect(signal).toMatchObject({ kind: 'text', dict: ['on_wrist', 'temperature', 'ppg', 'hr'] });
		expect((signal as { codes: Int32Array }).codes.length).toBe(0);
	});

	it('a signal first met after the first slice feeds the input its name says', async () => {
		// sorted by signal: the first slice sees only temperature
		const lines = text.trim().split('\r\n');
		const sorted = [
			lines[0],
			...lines.slice(1).sort((a, b) => a.split(',')[2].localeCompare(b.split(',')[2]) || 0)
		];
		const late = bytesOf(
			sorted
				.reverse()
				.filter((l) => !l.startsWith('device'))
				.join('\n')
		);
		const withHeader = bytesOf(
			`device,timestamp,signal,value\n${new TextDecoder().decode(late)}\n`
		);
		const part = await streamTable(
			memorySource('sorted.csv', withHeader),
			withHeader.subarray(0, 3000),
			tableKind('sorted.csv', withHeader),
			{ sliceBytes: 40_000 }
		);
		expect(part.errors).toEqual([]);
		const head = part.tables[0].proposal.mapping as Extract<TableMapping, { shape: 'long' }>;
		expect(Object.keys(head.signalValues)).toEqual(['temperature']);
		expect(
			part.tableDays.map((d) => [
				d.record.device,
				d.record.ppg.length > 0,
				d.record.temperature.length > 0
			])
		).toEqual([
			['dev_a', true, true],
			['dev_b', true, true]
		]);
		expect(
			part.summaries.some((s) => s.notes.includes("signal 'hr' not used by the detection (6 rows)"))
		).toBe(true);
	});

	it('refuses a table whose samples would not fit, from its size and first slice', async () => {
		const part = await streamTable(
			{ ...memorySource('big.csv', bytes), size: 5e9 },
			bytes.subarray(0, 64 * 1024),
			tableKind('big.csv', bytes),
			{ maxSampleBytes: 1e9 }
		);
		expect(part.tableDays).toEqual([]);
		expect(part.errors).toHaveLength(1);
		expect(part.errors[0].message).toMatch(
			/^big\.csv: is 4768\.4 MB, about [\d.]+ M rows: its samples would take about [\d.]+ MB in this tab, over the 953\.7 MB it may use: not read \(split it, e\.g\. by device or day\)$/
		);
	});

	it('names a file that changed size while it was read', async () => {
		const part = await streamTable(
			{ ...memorySource('long.csv', bytes), size: bytes.length + 100 },
			bytes.subarray(0, 4000),
			tableKind('long.csv', bytes),
			{ mapping, sliceBytes: 1 << 20 }
		);
		expect(part.errors[0].message).toMatch(/^long\.csv: changed while it was read/);
	});

	it('streams NDJSON to the device-days of planIngest', async () => {
		const nd = bytesOf(
			text
				.trim()
				.split('\r\n')
				.slice(1)
				.map((l) => {
					const [device, timestamp, signal, value] = l.split(',');
					return JSON.stringify({ device, timestamp, signal, value: Number(value) });
				})
				.join('\n')
		);
		const ref = planIngest([{ path: 'long.ndjson', bytes: nd }]);
		const part = await streamTable(
			memorySource('long.ndjson', nd),
			nd.subarray(0, 5000),
			tableKind('long.ndjson', nd),
			{ mapping: ref.tables[0].applied!, sliceBytes: 33_333 }
		);
		expect(part.errors).toEqual([]);
		expect(part.tableDays).toEqual(ref.deviceDays);
		expect(part.summaries).toEqual(ref.summaries);
	});

	it('an incomplete proposal from the first slice is an error naming what is missing', async () => {
		const b = bytesOf('a,b\n1,2\n3,4\n');
		const part = await streamTable(
			memorySource('ab.csv', b),
			b.subarray(0, 6),
			tableKind('ab.csv', b)
		);
		expect(part.errors[0].message).toMatch(
			/^ab\.csv: header not recognised, no mapping could be proposed: missing a timestamp column/
		);
		expect(part.tables[0]).toMatchObject({ applied: null, streamed: true });
	});
});

describe('ISO times with a column memo', () => {
	it('gives what parsing each time alone gives, valid or not, in any order', () => {
		const u = seedrandom('iso');
		const base = [
			'2021-02-04T10:00:00.000Z',
			'2021-02-04T10:00:59.999Z',
			'2021-02-04T10:00',
			'2021-02-04T10:00:07+02:00',
			'2021-02-04T10:00:07 +0130',
			'2021-02-04 10:00:01',
			'2021-02-04T10:00:61Z',
			'2021-02-04T10:00:0',
			'2021-02-04T10:00x',
			'2021-02-04T10:01:00Z',
			'2021-02-30T10:00:00Z',
			'2021-02-04',
			'"2021-02-04T10:00:02Z"',
			'2024-02-29T23:59:59.5',
			'2023-02-29T23:59:59.5',
			'2021-02-04T24:00:00Z',
			'not a time'
		];
		const memo = isoMemo();
		for (let k = 0; k < 2000; k++) {
			const text = base[Math.floor(u() * base.length)];
			const b = bytesOf(text);
			const alone = { zoned: false };
			const memoed = { zoned: false };
			const want = parseIsoBytes(b, 0, b.length, alone);
			const got = parseIsoBytes(b, 0, b.length, memoed, memo);
			expect(Object.is(got, want) ? true : `${text}: ${got} != ${want}`).toBe(true);
			if (Number.isFinite(want)) expect(memoed.zoned).toBe(alone.zoned);
		}
	});
});
