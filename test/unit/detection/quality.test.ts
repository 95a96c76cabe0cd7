import { describe, expect, it } from 'vitest';
import { resolveDetectionParams } from '../../../src/lib/detection/params';
import { estimatePulse } from '../../../src/lib/detection/pulse';
import { ppgQuality, startupRamp } from '../../../src/lib/detection/quality';
import type { DetectionParamsPatch } from '../../../src/lib/domain/wearables';
import { gauss, rng, syntheticPpg } from './helpers';

const judged = (patch: DetectionParamsPatch['quality'] = {}) =>
	resolveDetectionParams({ quality: { minPulseShare: 0.5, ...patch } });
const worn = (seconds: number) => new Uint8Array(seconds).fill(1);

describe('startupRamp', () => {
	it.each([
		{ name: 'the real ramp then data', x: [63, 126, 189, 252, 260, 250], ramp: 4 },
		{ name: 'no ramp', x: [6000, 6010, 5990], ramp: 0 },
		{ name: 'two rising samples only', x: [63, 126, 100], ramp: 0 },
		{ name: 'a falling start', x: [300, 200, 100, 0], ramp: 0 },
		{ name: 'a series that is all ramp', x: [10, 20, 30], ramp: 3 },
		{ name: 'too short a series', x: [63, 126], ramp: 0 }
	])('finds $ramp ramp samples in $name', ({ x, ramp }) => {
		expect(startupRamp(x)).toBe(ramp);
	});
});

describe('estimatePulse', () => {
	it.each([45, 60, 72, 100, 150, 190])(
		'finds %i bpm in a clean synthetic pulse to within 1%',
		(bpm) => {
			const x = syntheticPpg(8, bpm, { wander: 0, noise: 5, seed: bpm });
			const est = estimatePulse(x, 0, x.length, {
				fs: 64,
				minBpm: 40,
				maxBpm: 200,
				minCorrelation: 0.5
			});
			expect(est.plausible).toBe(true);
			expect(Math.abs(est.bpm - bpm) / bpm).toBeLessThan(0.01);
		}
	);

	it('reports no pulse in a flat window', () => {
		const est = estimatePulse(new Int32Array(512).fill(7000), 0, 512, {
			fs: 64,
			minBpm: 40,
			maxBpm: 200,
			minCorrelation: 0.5
		});
		expect(est).toEqual({ bpm: Number.NaN, correlation: 0, plausible: false });
	});

	it('reports no pulse in a window too short for two periods at the lowest rate', () => {
		const x = syntheticPpg(2, 72);
		const est = estimatePulse(x, 0, x.length, {
			fs: 64,
			minBpm: 40,
			maxBpm: 200,
			minCorrelation: 0.5
		});
		expect(est.plausible).toBe(false);
	});
});

describe('ppgQuality', () => {
	it('finds a plausible 72 bpm pulse under baseline wander and noise', () => {
		const ppg = syntheticPpg(300, 72, { wander: 800, noise: 60, seed: 4 });
		const v = ppgQuality({ onWrist: worn(300), ppg }, judged());
		expect(v.metrics.windows).toBe(37);
		expect(v.metrics.pulseShare).toBeGreaterThan(0.9);
		expect(Math.abs(v.metrics.medianBpm - 72)).toBeLessThan(1);
		expect(v.checks[2].status).toBe('pass');
		expect(v.checks[2].reason).toMatch(
			/^a plausible pulse \(40-200 bpm\) in \d+ of 37 windows of 8 s \(\d+\.\d%\), median 72 bpm/
		);
		expect(v.status).toBe('ok');
		expect(v.pulse.start.length).toBe(37);
		expect(v.pulse.start[1] - v.pulse.start[0]).toBe(512);
	});

	it('flags noise without a pulse when a minimum share is set, and only reports it otherwise', () => {
		const g = gauss(rng(3));
		const ppg = Int32Array.from({ length: 64 * 300 }, () => Math.round(8000 + 200 * g()));
		const flagged = ppgQuality({ onWrist: worn(300), ppg }, judged());
		expect(flagged.metrics.pulseShare).toBeLessThan(0.1);
		expect(flagged.flags.map((f) => f.rule)).toEqual(['pulse']);
		const reported = ppgQuality({ onWrist: worn(300), ppg }, resolveDetectionParams());
		expect(reported.checks[2].status).toBe('info');
		expect(reported.checks[2].reason).toMatch(/reported only \(no minimum share set\)$/);
		expect(reported.flags).toEqual([]);
	});

	it('detects a flat line: 30 s of one value inside a 5 min pulse', () => {
		const ppg = syntheticPpg(300, 72, { seed: 5 });
		ppg.fill(9000, 64 * 100, 64 * 130);
		const v = ppgQuality({ onWrist: worn(300), ppg }, judged());
		expect(v.metrics.flatFraction).toBeCloseTo(30 / 300, 3);
		expect(v.flags.map((f) => f.rule)).toContain('flat-line');
		expect(v.checks[0].reason).toBe(
			'10.0% of worn samples lie in flat runs (64 or more identical values in a row); above the limit of 5.0%'
		);
	});

	it('does not count short repeats of a value as flat', () => {
		const ppg = Int32Array.from({ length: 64 * 60 }, (_, i) => 8000 + Math.floor(i / 8) * (i % 2));
		const v = ppgQuality({ onWrist: worn(60), ppg }, judged());
		expect(v.metrics.flatFraction).toBe(0);
	});

	it('detects clipping at the series extremes and at a configured rail', () => {
		const ppg = syntheticPpg(120, 72, { amplitude: 3000, wander: 0, noise: 10, seed: 6 });
		const clipped = ppg.map((v) => Math.min(v, 9500));
		const v = ppgQuality({ onWrist: worn(120), ppg: clipped }, judged());
		expect(v.metrics.high).toBe(9500);
		expect(v.metrics.clipFraction).toBeGreaterThan(0.05);
		expect(v.flags.map((f) => f.rule)).toContain('clipping');
		// a rail below the extremes counts everything at or beyond it
		const railed = ppgQuality({ onWrist: worn(120), ppg }, judged({ railHigh: 9500 }));
		expect(railed.metrics.clipFraction).toBeCloseTo(v.metrics.clipFraction, 2);
		expect(railed.checks[1].reason).toMatch(/or at the rails -\/9500/);
	});

	it('looks only at worn samples after the start-up ramp', () => {
		const ppg = syntheticPpg(120, 72, { seed: 7 });
		for (let i = 0; i < 94; i++) ppg[i] = 63 * (i + 1);
		const on = worn(120);
		on.fill(0, 60, 90);
		const v = ppgQuality({ onWrist: on, ppg }, judged());
		expect(v.metrics.ramp).toBe(94);
		expect(v.metrics.worn).toBe(90 * 64 - 94);
		expect(v.notes).toEqual(['start-up ramp of 94 samples (1.47 s) left out']);
		// windows never straddle the gap: 60 s before it (minus the ramp) holds 7, 30 s after it 3
		expect(v.metrics.windows).toBe(10);
	});

	it('reports no worn samples as insufficient data', () => {
		const v = ppgQuality({ onWrist: new Uint8Array(60), ppg: syntheticPpg(60, 72) }, judged());
		expect(v.status).toBe('insufficient-data');
		expect(v.flags).toEqual([]);
		expect(v.metrics.flatFraction).toBeNaN();
	});

	it('does not judge the pulse without a full window', () => {
		const v = ppgQuality({ onWrist: worn(5), ppg: syntheticPpg(5, 72) }, judged());
		expect(v.checks[2].status).toBe('not-evaluated');
		expect(v.checks[2].reason).toBe('no worn stretch of 8 s to look for a pulse in');
	});
});
