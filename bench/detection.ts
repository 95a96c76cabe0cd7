/**
 * Detection throughput in one thread: the rolling kernel and the temperature rule set
 * on a 24 h device-day at 4 Hz (345 600 samples) with a realistic wear pattern, and on
 * 100 such device-days; each mode, and both as a detection worker runs them
 * (`detectBothModes` with one work buffer: samples/s counts each temperature sample once,
 * though both modes judge it). Also the PPG rule set and PPG quality on one day of 64 Hz PPG. Figures are samples per second, median of several runs.
 *
 * Run: `npx tsx bench/detection.ts` (or `npm run bench detection`).
 */
import { performance } from 'node:perf_hooks';
import { detectBothModes } from '../src/lib/detection/device-day';
import { ppgRules } from '../src/lib/detection/ppg';
import { ppgQuality } from '../src/lib/detection/quality';
import { resolveDetectionParams } from '../src/lib/detection/params';
import { emptyBandTotals, rollingBand } from '../src/lib/detection/rolling';
import { temperatureRules } from '../src/lib/detection/temperature';
import type { DetectionMode, DeviceDay } from '../src/lib/domain/wearables';
import { machine, median, saveResults } from './machine';

const DAY_SECONDS = 24 * 3600;
const TEMPERATURE_HZ = 4;
const RUNS = 15;
const BATCH_RUNS = 5;
const DEVICES = 100;

/** mulberry32 */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * A day on the wrist: worn most of the time, taken off 3 to 6 times (shower, charging,
 * sport) for 5 to 90 minutes; skin temperature around 33-35 °C with a slow daily swing
 * and noise, a warm-up of a few minutes after each donning, room temperature when off.
 */
export function deviceDay(seed: number, withPpg = false): DeviceDay {
	const u = rng(seed);
	const onWrist = new Uint8Array(DAY_SECONDS).fill(1);
	const offs = 3 + Math.floor(u() * 4);
	for (let k = 0; k < offs; k++) {
		const start = Math.floor(u() * (DAY_SECONDS - 6000));
		onWrist.fill(0, start, start + 300 + Math.floor(u() * 5100));
	}
	const temperature = new Int32Array(DAY_SECONDS * TEMPERATURE_HZ);
	const skin = 3350 + u() * 150;
	const room = 2100 + u() * 300;
	let sinceDon = 1e9;
	for (let i = 0; i < temperature.length; i++) {
		const s = i >> 2;
		if (onWrist[s] === 0) {
			sinceDon = 0;
			temperature[i] = Math.round(room + 20 * (u() - 0.5));
			continue;
		}
		if ((i & 3) === 0) sinceDon++;
		const daily = 60 * Math.sin((2 * Math.PI * s) / DAY_SECONDS);
		const warm = (room - skin) * Math.exp(-sinceDon / 90);
		temperature[i] = Math.round(skin + daily + warm + 8 * (u() - 0.5));
	}
	let ppg = new Int32Array(0);
	if (withPpg) {
		ppg = new Int32Array(DAY_SECONDS * 64);
		const f = 70 / 60;
		for (let i = 0; i < ppg.length; i++) {
			const t = i / 64;
			const phase = (t * f) % 1;
			ppg[i] = Math.round(
				8000 +
					6000 * Math.exp(-(((phase - 0.2) / 0.08) ** 2)) +
					2000 * Math.sin(2 * Math.PI * 0.25 * t) +
					40 * (u() - 0.5)
			);
		}
	}
	return { device: `device_${seed}`, day: '2021-02-02', onWrist, temperature, ppg };
}

function time(fn: () => void, runs: number): number[] {
	for (let r = 0; r < 5; r++) fn(); // warm-up: let the JIT settle
	const times: number[] = [];
	for (let r = 0; r < runs; r++) {
		const t0 = performance.now();
		fn();
		times.push(performance.now() - t0);
	}
	return times;
}

interface Row {
	what: string;
	mode: string;
	samples: number;
	medianMs: number;
	mSamplesPerS: number;
}

function row(what: string, mode: string, samples: number, times: number[]): Row {
	const ms = median(times);
	return {
		what,
		mode,
		samples,
		medianMs: Math.round(ms * 1000) / 1000,
		mSamplesPerS: Math.round(samples / ms / 1000)
	};
}

export async function run() {
	const rows: Row[] = [];
	const one = deviceDay(1);
	const n = one.temperature.length;
	let sink = 0;

	// the rolling kernel alone, on the worn samples glued (what the original rolls over)
	const glued = one.temperature.filter((_, i) => one.onWrist[i >> 2] !== 0);
	for (const path of ['exact', 'compensated'] as const) {
		const times = time(() => {
			const totals = emptyBandTotals();
			rollingBand(glued, 1200, 3, { totals, path });
			sink += totals.outside;
		}, RUNS);
		rows.push(row(`rolling kernel + band (${path} path)`, '-', glued.length, times));
	}

	for (const mode of ['original', 'wear-aware'] as DetectionMode[]) {
		const p = resolveDetectionParams({ mode });
		const times = time(() => {
			sink += temperatureRules(one, p, { trusted: true }).metrics.outside;
		}, RUNS);
		rows.push(row('temperature rules, 1 device-day', mode, n, times));
		const chart = time(() => {
			sink += temperatureRules(one, p, { trusted: true, series: true }).metrics.outside;
		}, RUNS);
		rows.push(row('temperature rules + chart series, 1 device-day', mode, n, chart));
	}

	const fleet = Array.from({ length: DEVICES }, (_, d) => deviceDay(100 + d));
	const scratch = new Int32Array(n);
	for (const mode of ['original', 'wear-aware'] as DetectionMode[]) {
		const p = resolveDetectionParams({ mode });
		const times = time(() => {
			for (const rec of fleet) sink += temperatureRules(rec, p, { trusted: true }).metrics.outside;
		}, BATCH_RUNS);
		rows.push(row(`temperature rules, ${DEVICES} device-days`, mode, n * DEVICES, times));
		const reuse = time(() => {
			for (const rec of fleet) {
				sink += temperatureRules(rec, p, { trusted: true, scratch }).metrics.outside;
			}
		}, BATCH_RUNS);
		rows.push(
			row(`temperature rules, ${DEVICES} device-days, reused buffer`, mode, n * DEVICES, reuse)
		);
	}

	// what a detection worker runs on each record: both modes, one work buffer for all
	const both = resolveDetectionParams();
	const worker = time(() => {
		for (const rec of fleet) {
			sink += detectBothModes(rec, both, { scratch }).original.temperature.metrics.outside;
		}
	}, BATCH_RUNS);
	rows.push(
		row(
			`both modes as the worker runs them (detectBothModes), ${DEVICES} device-days`,
			'both',
			n * DEVICES,
			worker
		)
	);

	const withPpg = deviceDay(7, true);
	const p = resolveDetectionParams();
	rows.push(
		row(
			'PPG rules (original), 1 device-day',
			'-',
			withPpg.ppg.length,
			time(() => {
				sink += ppgRules(withPpg, p, { trusted: true }).metrics.worn;
			}, RUNS)
		)
	);
	rows.push(
		row(
			'PPG quality (flat, clip, pulse), 1 device-day',
			'-',
			withPpg.ppg.length,
			time(() => {
				sink += ppgQuality(withPpg, p, { trusted: true }).metrics.windows;
			}, 3)
		)
	);

	const m = machine();
	console.log(`detection, one thread, on ${m.cpu} (${m.cores} cores), node ${m.node}`);
	console.table(rows);
	if (sink === 0.5) console.log(sink); // keep the work observable
	const result = {
		what: 'wearable detection throughput, one thread, median of runs (samples/s = input samples / time)',
		deviceDay: {
			temperatureSamples: n,
			ppgSamples: withPpg.ppg.length,
			wornShare: glued.length / n,
			window: 1200
		},
		runs: { single: RUNS, batch: BATCH_RUNS },
		target: 'rolling kernel + temperature rules >= 120M samples/s',
		rows
	};
	saveResults('detection', result);
	return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
