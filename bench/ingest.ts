/**
 * Reading and judging wearable files, in one thread (Node, the same pure code the
 * workers run):
 * 1. 100 full device-days in the original layout (24 h of on_wrist at 1 Hz and
 *    temperature at 4 Hz each: 43.2M samples, about 190 MB of CSV): bytes -> planIngest
 *    -> detectDeviceDay in the default (wear-aware) mode; ingest MB/s and total time.
 * 2. A long CSV (device,timestamp,signal,value with ISO times) of about 100 MB:
 *    planIngest with the proposed mapping; MB/s.
 */
import { planIngest, type IngestFile } from '../src/lib/ingest';
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

export async function run() {
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
		}
	};
	console.table([result.originalLayout]);
	console.table([result.longCsv]);
	saveResults('ingest', result);
	return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
