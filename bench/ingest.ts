/**
 * Reading and judging wearable files, in one thread (Node, the same pure code the
 * workers run):
 * 1. 100 full device-days in the original layout (24 h of on_wrist at 1 Hz and
 *    temperature at 4 Hz each: 43.2M samples, about 190 MB of CSV): bytes -> planIngest
 *    -> detectDeviceDay in the default (wear-aware) mode; ingest MB/s and total time.
 * 2. A long CSV (device,timestamp,signal,value with ISO times) of about 100 MB:
 *    planIngest with the proposed mapping; MB/s.
 * 3. A long CSV of 1 GB (written to the temp folder, deleted after): read in slices by
 *    `IngestSession`, the code the ingest worker runs, from a file on disk, in a child
 *    process of its own so its peak RSS is that of the read alone; MB/s and peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planIngest, type ByteSource, type IngestFile } from '../src/lib/ingest';
import { IngestSession } from '../src/lib/ingest/session';
import { detectDeviceDay } from '../src/lib/detection';
import { median, saveResults } from './machine';

const RUNS = 3;
const enc = new TextEncoder();

/** A day of a healthy device, worn with a one-hour break, as original-layout files. */
function deviceDayFiles(device: number): IngestFile[] {
	const day = `2021/03/${String(1 + (device % 28)).padStart(2, '0')}`;
	const dir = `${day}/device_${String(device).padStart(3, '0')}`;
	const seconds = 86_400;
	const on: string[] = new Array(seconds);
	const temp: string[] = new Array(seconds * 4);
	let level = 2400;
	for (let s = 0; s < seconds; s++) {
		const worn = s < 36_000 || s >= 39_600;
		on[s] = worn ? '1' : '0';
		level += ((worn ? 3550 : 2400) - level) / 60; // warm-up and cool-down, 60 s constant
		const v = Math.round(level + ((s * 7919) % 7) - 3);
		for (let k = 0; k < 4; k++) temp[s * 4 + k] = String(v);
	}
	return [
		{ path: `${dir}/on_wrist.csv`, bytes: enc.encode(on.join('\n') + '\n') },
		{ path: `${dir}/temperature.csv`, bytes: enc.encode(temp.join('\n') + '\n') }
	];
}

function longCsv(targetBytes: number): IngestFile {
	const lines = ['device,timestamp,signal,value'];
	let bytes = 0;
	const t0 = Date.UTC(2021, 1, 2);
	for (let i = 0; bytes < targetBytes; i++) {
		const device = `dev_${i % 10}`;
		const ms = t0 + Math.floor(i / 10) * 250;
		const line = `${device},${new Date(ms).toISOString()},temperature,${(35 + ((i * 31) % 100) / 100).toFixed(2)}`;
		lines.push(line);
		bytes += line.length + 1;
	}
	return { path: 'long.csv', bytes: enc.encode(lines.join('\n') + '\n') };
}

/** Size of the big long CSV (BENCH_LONG_BYTES overrides it for a quick try). */
const BIG_BYTES = Number(process.env.BENCH_LONG_BYTES ?? 1e9);

/**
 * Writes a long CSV of about `bytes` to `path`, a block at a time (never whole in memory):
 * devices one after the other, each a day from midnight UTC with, per second, on-wrist
 * (1 Hz), temperature in °C (4 Hz) and PPG (64 Hz, times rounded to the millisecond).
 */
export function writeLongCsv(path: string, bytes: number): { bytes: number; rows: number } {
	const fd = openSync(path, 'w');
	const enc = new TextEncoder();
	let written = 0;
	let rows = 0;
	let block: string[] = ['device,timestamp,signal,value'];
	let blockLen = 0;
	const flush = () => {
		const b = enc.encode(block.join('\n') + '\n');
		writeSync(fd, b);
		written += b.length;
		block = [];
		blockLen = 0;
	};
	const t0 = Date.UTC(2021, 1, 2);
	outer: for (let d = 1; ; d++) {
		const device = `dev_${String(d).padStart(2, '0')}`;
		for (let s = 0; s < 86_400; s++) {
			const second = new Date(t0 + s * 1000).toISOString().slice(0, 20); // ...T00:00:01.
			const worn = s < 36_000 || s >= 39_600 ? 1 : 0;
			block.push(`${device},${second}000Z,on_wrist,${worn}`);
			for (let k = 0; k < 64; k++) {
				const ms = String(Math.round((k * 1000) / 64)).padStart(3, '0');
				if (k % 16 === 0) {
					const c = 33 + ((s * 7 + k) % 50) / 100 - (worn ? 0 : 10);
					block.push(`${device},${second}${ms}Z,temperature,${c.toFixed(2)}`);
				}
				block.push(`${device},${second}${ms}Z,ppg,${7000 + ((s * 64 + k) % 97) * 13}`);
			}
			rows += 69;
			blockLen += 69 * 45;
			if (blockLen > 8e6) {
				flush();
				if (written >= bytes) break outer;
			}
		}
	}
	if (block.length) flush();
	closeSync(fd);
	return { bytes: written, rows };
}

/** A file on disk as a `ByteSource`, read by positioned reads like `Blob.slice`. */
function diskSource(path: string): ByteSource & { close(): void } {
	const fd = openSync(path, 'r');
	const st = statSync(path);
	return {
		path: 'long-1gb.csv',
		size: st.size,
		lastModified: st.mtimeMs,
		read: async (start, end) => {
			const out = new Uint8Array(end - start);
			let got = 0;
			while (got < out.length) {
				const n = readSync(fd, out, got, out.length - got, start + got);
				if (n === 0) break;
				got += n;
			}
			return got === out.length ? out : out.subarray(0, got);
		},
		close: () => closeSync(fd)
	};
}

/** In the child process: read the file in slices and print what it took. */
async function streamChild(path: string) {
	const source = diskSource(path);
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	const rssBefore = process.memoryUsage().rss;
	const t0 = performance.now();
	const plan = await new IngestSession().plan([source]);
	const ms = performance.now() - t0;
	clearInterval(timer);
	source.close();
	const samples = plan.deviceDays.reduce(
		(n, d) => n + d.record.onWrist.length + d.record.temperature.length + d.record.ppg.length,
		0
	);
	const outputBytes = plan.deviceDays.reduce(
		(n, d) =>
			n + d.record.onWrist.byteLength + d.record.temperature.byteLength + d.record.ppg.byteLength,
		0
	);
	console.log(
		JSON.stringify({
			ms,
			deviceDays: plan.deviceDays.length,
			errors: plan.errors.map((e) => e.message),
			streamed: plan.tables[0]?.streamed ?? false,
			rows: plan.tables[0]?.table.rows,
			samples,
			outputMB: outputBytes / 1e6,
			rssBeforeMB: rssBefore / 1e6,
			peakRssSampledMB: Math.max(peak, process.memoryUsage().rss) / 1e6,
			maxRssMB: process.resourceUsage().maxRSS / 1e3
		})
	);
}

/** The 1 GB long CSV: written, read in slices in a child process, deleted. */
export function longCsv1GB() {
	const path = join(tmpdir(), `sensors-long-${process.pid}.csv`);
	try {
		const t0 = performance.now();
		const written = writeLongCsv(path, BIG_BYTES);
		const writeMs = performance.now() - t0;
		const child = spawnSync(
			process.execPath,
			[...process.execArgv, fileURLToPath(import.meta.url), '--stream-child', path],
			{ encoding: 'utf8', maxBuffer: 1 << 20 }
		);
		if (child.status !== 0) throw new Error(`stream child failed: ${child.stderr}`);
		const r = JSON.parse(child.stdout.trim().split('\n').pop()!);
		if (r.errors.length || !r.streamed) throw new Error(`bad 1 GB plan: ${child.stdout}`);
		return {
			what: 'long CSV of 1 GB (device,ISO time,signal,value; 1/4/64 Hz), read in 8 MB slices by IngestSession from disk, in a child process',
			megabytes: Math.round(written.bytes / 1e6),
			rows: r.rows,
			writeMs: Math.round(writeMs),
			ms: Math.round(r.ms),
			MBps: Math.round(written.bytes / 1e6 / (r.ms / 1000)),
			deviceDays: r.deviceDays,
			samples: r.samples,
			outputMB: Math.round(r.outputMB),
			rssBeforeMB: Math.round(r.rssBeforeMB),
			peakRssMB: Math.round(Math.max(r.peakRssSampledMB, r.maxRssMB))
		};
	} finally {
		rmSync(path, { force: true });
	}
}

export async function run() {
	const big = longCsv1GB();
	console.table([big]);

	const files = Array.from({ length: 100 }, (_, d) => deviceDayFiles(d + 1)).flat();
	const mb = files.reduce((n, f) => n + f.bytes.length, 0) / 1e6;
	const samples = 100 * 86_400 * 5;
	const ingestMs: number[] = [];
	const detectMs: number[] = [];
	let flagged = 0;
	for (let r = 0; r < RUNS; r++) {
		const t0 = performance.now();
		const plan = planIngest(files);
		const t1 = performance.now();
		flagged = plan.deviceDays.filter((d) => detectDeviceDay(d.record).status === 'flagged').length;
		const t2 = performance.now();
		if (plan.deviceDays.length !== 100 || plan.errors.length) throw new Error('bad plan');
		ingestMs.push(t1 - t0);
		detectMs.push(t2 - t1);
	}
	const long = longCsv(100e6);
	const longMs: number[] = [];
	let longDays = 0;
	for (let r = 0; r < RUNS; r++) {
		const t0 = performance.now();
		const plan = planIngest([long]);
		longMs.push(performance.now() - t0);
		longDays = plan.deviceDays.length;
	}
	const i = median(ingestMs);
	const d = median(detectMs);
	const result = {
		originalLayout: {
			what: '100 device-days of 24 h (on_wrist 1 Hz + temperature 4 Hz), read then judged',
			megabytes: Math.round(mb),
			samples,
			ingestMs: Math.round(i),
			ingestMBps: Math.round(mb / (i / 1000)),
			detectMs: Math.round(d),
			detectMSamplesPerS: Math.round(samples / 1e6 / (d / 1000)),
			totalMs: Math.round(i + d),
			flagged
		},
		longCsv: {
			what: 'long CSV device,timestamp(ISO),signal,value; proposed mapping applied',
			megabytes: Math.round(long.bytes.length / 1e6),
			ms: Math.round(median(longMs)),
			MBps: Math.round(long.bytes.length / 1e6 / (median(longMs) / 1000)),
			deviceDays: longDays
		},
		longCsv1GB: big
	};
	console.table([result.originalLayout]);
	console.table([result.longCsv]);
	saveResults('ingest', result);
	return result;
}

if (process.argv[2] === '--stream-child') await streamChild(process.argv[3]);
else if (import.meta.url === `file://${process.argv[1]}`) await run();
