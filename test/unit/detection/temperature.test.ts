import { describe, expect, it } from 'vitest';
import { resolveDetectionParams } from '../../../src/lib/detection/params';
import { bands, temperatureRules } from '../../../src/lib/detection/temperature';
import type {
	DetectionMode,
	DetectionParamsPatch,
	DeviceDay
} from '../../../src/lib/domain/wearables';
import {
	maxRelDiff,
	naiveRolling,
	recording,
	referenceTemperature,
	relDiff,
	rng,
	steady,
	warmUp,
	type Stretch
} from './helpers';

const original = resolveDetectionParams({ mode: 'original' });
const wearAware = resolveDetectionParams({ mode: 'wear-aware' });
const params = (mode: DetectionMode, patch: DetectionParamsPatch = {}) =>
	resolveDetectionParams({ ...patch, mode });

/** 10 min worn, 5 min off (room temperature), then worn again with a warm-up. */
function donnedTwice(): DeviceDay {
	return recording([
		{ seconds: 600, worn: true, temperature: steady(3450, 3, 1) },
		{ seconds: 300, worn: false, temperature: steady(2300, 3, 2) },
		{ seconds: 900, worn: true, temperature: warmUp(2400, 3450, 60, 3, 3) }
	]);
}

describe('temperature rules: generated cases', () => {
	it('finds no deviation in a constant signal: std 0, volatility index 0, no flags', () => {
		const rec = recording([{ seconds: 900, worn: true, temperature: () => 3600 }]);
		for (const p of [original, wearAware]) {
			const v = temperatureRules(rec, p, { series: true });
			expect(v.metrics.outside).toBe(0);
			expect(v.metrics.volatilityIndex).toBe(0);
			expect(v.metrics.banded).toBe(3600 - 1199);
			expect(v.flags).toEqual([]);
			expect(v.status).toBe('ok');
			expect(Array.from(v.series!.std.subarray(1199)).every((s) => s === 0)).toBe(true);
			expect(v.checks[0].reason).toBe('volatility index 0: no sample outside the ±3.0 std band');
		}
	});

	it('flags volatility and max for spikes on a healthy level', () => {
		const base = steady(3500, 3, 4);
		const rec = recording([
			{ seconds: 1200, worn: true, temperature: (t) => (t % 700 === 650 ? 9000 : base(t)) }
		]);
		const v = temperatureRules(rec, original);
		expect(v.metrics.volatilityIndex).toBeGreaterThan(50);
		expect(v.flags.map((f) => f.rule)).toEqual(['volatility', 'max']);
		expect(v.flags[1].reason).toBe('maximum 90.00 °C is above 43.00 °C');
		expect(v.flags[0].reason).toMatch(/^volatility index \d+\.\d is above 50: \d+ samples outside/);
		expect(v.status).toBe('flagged');
	});

	it('defines no band when the window is longer than the recording, but still averages', () => {
		const rec = recording([{ seconds: 200, worn: true, temperature: steady(3550, 3, 5) }]);
		const v = temperatureRules(rec, original, { series: true });
		expect(v.metrics.banded).toBe(0);
		expect(v.metrics.volatilityIndex).toBe(0);
		expect(v.metrics.avg).toBeGreaterThan(3540);
		expect(v.metrics.avg).toBeLessThan(3560);
		expect(v.checks[0]).toMatchObject({ rule: 'volatility', status: 'not-evaluated', value: 0 });
		expect(v.checks[0].reason).toBe('no rolling band: 800 worn samples, the window needs 1200');
		expect(v.status).toBe('ok');
		expect(Array.from(v.series!.mean).every(Number.isNaN)).toBe(true);
	});

	it('reports "no worn samples" as insufficient data, with no flags and NaN metrics', () => {
		const rec = recording([{ seconds: 600, worn: false, temperature: () => 2200 }]);
		for (const p of [original, wearAware]) {
			const v = temperatureRules(rec, p);
			expect(v.status).toBe('insufficient-data');
			expect(v.flags).toEqual([]);
			expect(v.metrics.analysed).toBe(0);
			expect(v.metrics.avg).toBeNaN();
			expect(v.metrics.max).toBeNaN();
			expect(v.metrics.volatilityIndex).toBe(0);
			expect(v.checks.map((c) => [c.status, c.reason])).toEqual([
				['not-evaluated', 'no worn samples'],
				['not-evaluated', 'no worn samples'],
				['not-evaluated', 'no worn samples']
			]);
		}
	});

	it('treats a recording worn throughout the same in both modes (no donning to settle)', () => {
		const rec = recording([{ seconds: 1000, worn: true, temperature: steady(3500, 10, 6) }]);
		const a = temperatureRules(rec, original);
		const b = temperatureRules(rec, wearAware);
		expect(a.metrics.analysed).toBe(4000);
		expect(b.metrics).toEqual(a.metrics);
	});

	it('counts temperature samples past the end of on_wrist as not worn and says so', () => {
		const rec = recording([{ seconds: 400, worn: true, temperature: steady(3500, 3, 7) }]);
		const short: DeviceDay = { ...rec, onWrist: rec.onWrist.subarray(0, 390) };
		const v = temperatureRules(short, original);
		expect(v.metrics.noOnWristReading).toBe(40);
		expect(v.metrics.worn).toBe(1560);
		expect(v.metrics.analysed).toBe(1560);
		expect(v.notes).toContain(
			'40 temperature samples (10 s) at the end have no on-wrist reading (on_wrist.csv is shorter): counted as not worn'
		);
	});

	it('ignores on-wrist seconds beyond the temperature file', () => {
		const rec = recording([{ seconds: 400, worn: true, temperature: steady(3500, 3, 7) }]);
		const long: DeviceDay = { ...rec, temperature: rec.temperature.subarray(0, 1001) };
		const v = temperatureRules(long, original);
		expect(v.metrics).toMatchObject({ samples: 1001, worn: 1001, noOnWristReading: 0 });
	});

	it('flags the warm-up after a second donning in original mode, not in wear-aware mode', () => {
		const rec = donnedTwice();
		const o = temperatureRules(rec, original);
		const w = temperatureRules(rec, wearAware);
		expect(o.metrics.volatilityIndex).toBeGreaterThan(50);
		expect(o.flags.map((f) => f.rule)).toEqual(['volatility']);
		expect(w.flags).toEqual([]);
		expect(w.metrics.volatilityIndex).toBeLessThan(50);
		expect(w.metrics.segments).toBe(2);
		expect(w.metrics.settling).toBe(1200);
		expect(w.metrics.banded).toBeGreaterThan(0);
		expect(w.notes).toContain('1200 settling samples skipped (the first 5 min after each donning)');
	});

	it('keeps a slow warm-up out of the average in wear-aware mode (a short recording)', () => {
		const rec = recording([
			{ seconds: 300, worn: false, temperature: () => 2200 },
			{ seconds: 360, worn: true, temperature: warmUp(2200, 3450, 120, 3, 9) }
		]);
		const o = temperatureRules(rec, original);
		const w = temperatureRules(rec, wearAware);
		expect(o.flags.map((f) => f.rule)).toEqual(['avg']);
		expect(o.metrics.avg).toBeLessThan(3200);
		expect(w.flags).toEqual([]);
		expect(w.metrics.analysed).toBe(240);
		expect(w.metrics.avg).toBeGreaterThan(3300);
	});

	it('restarts the rolling statistics at a donning even without settling', () => {
		const rec = donnedTwice();
		const v = temperatureRules(rec, params('wear-aware', { temperature: { settleSeconds: 0 } }));
		expect(v.metrics.settling).toBe(0);
		// each run defines its band only after its own first 1199 samples
		expect(v.metrics.banded).toBe(2400 - 1199 + (3600 - 1199));
		expect(v.flags).toEqual([]);
	});

	it('settles at the start of the recording only when asked to', () => {
		const rec = recording([
			{ seconds: 900, worn: true, temperature: warmUp(2400, 3450, 60, 3, 8) }
		]);
		expect(temperatureRules(rec, wearAware).metrics.settling).toBe(0);
		const v = temperatureRules(rec, params('wear-aware', { temperature: { settleAtStart: true } }));
		expect(v.metrics.settling).toBe(1200);
		expect(v.metrics.analysed).toBe(2400);
	});

	it.each([
		{
			name: 'a hot device (474.31 °C)',
			level: 47431,
			rules: ['avg', 'max'],
			reason: 'average 474.31 °C is above 43.00 °C'
		},
		{
			name: 'a cold device (25 °C)',
			level: 2500,
			rules: ['avg'],
			reason: 'average 25.00 °C is below 32.00 °C'
		},
		{
			name: 'a healthy device (35 °C)',
			level: 3500,
			rules: [],
			reason: 'average 35.00 °C is within 32.00 °C to 43.00 °C'
		}
	])('judges the average of $name', ({ level, rules, reason }) => {
		const rec = recording([{ seconds: 600, worn: true, temperature: () => level }]);
		for (const mode of ['original', 'wear-aware'] as const) {
			const v = temperatureRules(rec, params(mode));
			expect(v.flags.map((f) => f.rule)).toEqual(rules);
			expect(v.checks[1].reason).toBe(reason);
		}
	});

	it('drops worn zero readings, as the original does, and notes them', () => {
		const rec = recording([
			{ seconds: 400, worn: true, temperature: (t) => (t % 10 === 0 ? 0 : 3500) }
		]);
		const v = temperatureRules(rec, original);
		expect(v.metrics.worn).toBe(1600);
		expect(v.metrics.analysed).toBe(1440);
		expect(v.notes).toContain('160 worn samples read 0 and were dropped, as the original does');
	});

	it('reports a run that ends while settling as insufficient data in wear-aware mode', () => {
		const rec = recording([
			{ seconds: 10, worn: false, temperature: () => 2200 },
			{ seconds: 200, worn: true, temperature: () => 3500 }
		]);
		const v = temperatureRules(rec, wearAware);
		expect(v.status).toBe('insufficient-data');
		expect(v.metrics.settling).toBe(800);
		expect(v.checks[1].reason).toBe('no worn samples after settling');
		expect(temperatureRules(rec, original).status).toBe('ok');
	});

	it('keeps its numbers for large int32 readings (compensated path) and says so', () => {
		const u = rng(12);
		const rec = recording([
			{
				seconds: 600,
				worn: true,
				temperature: (t) => (t === 2000 ? 2_000_000_000 : 1_500_000_000 + Math.floor(u() * 50))
			}
		]);
		const v = temperatureRules(rec, original);
		const ref = referenceTemperature(rec.onWrist, rec.temperature, original);
		expect(v.notes.some((n) => n.includes('compensated sums'))).toBe(true);
		expect(v.metrics.outside).toBe(ref.outside);
		expect(relDiff(v.metrics.volatilityIndex, ref.vi)).toBeLessThan(1e-6);
		expect(relDiff(v.metrics.avg, ref.avg)).toBeLessThan(1e-12);
	});

	it('returns what a chart needs: sample indices, values, mean, std and bands', () => {
		const rec = donnedTwice();
		const v = temperatureRules(rec, wearAware, { series: true });
		const s = v.series!;
		expect(s.index.length).toBe(v.metrics.analysed);
		expect(s.value.length).toBe(v.metrics.analysed);
		// the runs: worn 0..2400, then worn from 3600 with 1200 settling samples
		expect(Array.from(s.segments)).toEqual([0, 0, 2400, 3600, 4800, 7200]);
		expect(s.index[2400]).toBe(4800);
		// the second run's statistics restart: undefined for its first 1199 analysed samples
		const second = Array.from(s.value.subarray(2400));
		const ref = naiveRolling(second, 1200);
		expect(maxRelDiff(s.mean.subarray(2400), ref.mean)).toBeLessThan(1e-12);
		expect(maxRelDiff(s.std.subarray(2400), ref.std)).toBeLessThan(1e-12);
		const { upper, lower } = bands(s);
		expect(upper[4000]).toBeCloseTo(s.mean[4000] + 3 * s.std[4000], 9);
		expect(lower[4000]).toBeCloseTo(s.mean[4000] - 3 * s.std[4000], 9);
		expect(upper[4000]).not.toBeNaN();
		expect(upper[2400]).toBeNaN();
	});

	it('leaves the series out unless asked for', () => {
		expect(temperatureRules(donnedTwice(), wearAware).series).toBeUndefined();
	});

	it('refuses parameters that make no sense, listing them', () => {
		const bad = params('original', { temperature: { window: 1, k: -1 } });
		expect(() => temperatureRules(donnedTwice(), bad)).toThrow(
			/temperature.window must be a whole number >= 2; temperature.k must be >= 0/
		);
	});
});

describe('temperature rules agree with the straightforward reference', () => {
	/** Random wear patterns: runs of 1..1500 s, worn or not, with warm-ups and zero readings. */
	function randomRecording(seed: number): DeviceDay {
		const u = rng(seed);
		const stretches: Stretch[] = [];
		let worn = u() < 0.5;
		for (let i = 0; i < 2 + Math.floor(u() * 6); i++) {
			const seconds = 1 + Math.floor(u() * 1500);
			const level = worn ? 3300 + u() * 400 : 2000 + u() * 500;
			const noise = steady(level, 1 + u() * 20, seed * 100 + i);
			const zeroEvery = u() < 0.3 ? 50 + Math.floor(u() * 200) : 0;
			const warm =
				worn && u() < 0.5 ? warmUp(level - 900, level, 30 + u() * 90, 3, seed + i) : null;
			stretches.push({
				seconds,
				worn,
				temperature: (t) => (zeroEvery && t % zeroEvery === 0 ? 0 : (warm ?? noise)(t))
			});
			worn = !worn;
		}
		const rec = recording(stretches);
		// sometimes the files disagree in length, either way
		const cut = u();
		if (cut < 0.2)
			return { ...rec, onWrist: rec.onWrist.subarray(0, Math.floor(rec.onWrist.length * 0.9)) };
		if (cut < 0.4)
			return { ...rec, temperature: rec.temperature.subarray(0, rec.temperature.length - 7) };
		return rec;
	}

	const cases = Array.from({ length: 24 }, (_, i) => ({
		seed: i + 1,
		mode: (i % 2 ? 'wear-aware' : 'original') as DetectionMode,
		window: [1200, 240, 37][i % 3]
	}));

	it.each(cases)(
		'matches on random recording $seed in $mode mode with a window of $window',
		({ seed, mode, window }) => {
			const rec = randomRecording(seed);
			const p = params(mode, { temperature: { window, settleSeconds: 60 + (seed % 5) * 30 } });
			const v = temperatureRules(rec, p);
			const ref = referenceTemperature(rec.onWrist, rec.temperature, p);
			expect({
				noReading: v.metrics.noOnWristReading,
				worn: v.metrics.worn,
				settling: v.metrics.settling,
				analysed: v.metrics.analysed,
				banded: v.metrics.banded,
				outside: v.metrics.outside
			}).toEqual({
				noReading: ref.noReading,
				worn: ref.worn,
				settling: ref.settling,
				analysed: ref.analysed,
				banded: ref.banded,
				outside: ref.outside
			});
			expect(relDiff(v.metrics.volatilityIndex, ref.vi)).toBeLessThan(1e-9);
			expect(relDiff(v.metrics.avg, ref.avg)).toBeLessThan(1e-12);
			expect(v.metrics.max).toEqual(ref.max);
		}
	);
});
