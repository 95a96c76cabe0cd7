/**
 * The demo wearable fleet: seeded, realistic device recordings in the original layout
 * (SEED-FACTS section 2), with the write-up's faulty devices planted so that the
 * detection kernel reproduces its verdicts exactly and flags nothing else.
 *
 * Twenty devices (`device_001` .. `device_020`) over 2021-02-02 .. 2021-02-04 by default.
 * Each device-day is a pure function of (seed, device, day): the device count and the
 * day list only choose which ones to generate. A device-day is absent with probability
 * 0.08, except the planted ones, which always exist.
 *
 * Pure and DOM-free: imports only the domain types and `seedrandom` (through
 * `fleet-random.ts`). The zip of the files is in `fleet-zip.ts` (fflate).
 */
import type {
	DetectionMode,
	DetectionSection,
	DeviceDay,
	TemperatureRule
} from '../domain/wearables';
import { fleetKey, Stream } from './fleet-random';
import {
	PPG_HZ,
	PPG_SLEW_UP,
	predictedWornMean,
	renderOnWrist,
	renderPpg,
	renderTemperature,
	TEMPERATURE_HZ,
	type PpgEvent,
	type RecordingPlan,
	type TemperatureFault,
	type WearInterval,
	type WearPattern
} from './fleet-signals';

export {
	ON_WRIST_HZ,
	PPG_HZ,
	PPG_SLEW_DOWN,
	PPG_SLEW_UP,
	TEMPERATURE_HZ,
	TEMPERATURE_STEP_CENTS,
	pulseWave,
	type PpgEvent,
	type PpgPlan,
	type RecordingPlan,
	type TemperatureFault,
	type WearInterval,
	type WearPattern
} from './fleet-signals';

/** The demo's seed. */
export const DEFAULT_FLEET_SEED = 'sensors-and-more';
/** The write-up's days. */
export const FLEET_DAYS: readonly string[] = Object.freeze([
	'2021-02-02',
	'2021-02-03',
	'2021-02-04'
]);
/** The write-up's fleet size. */
export const FLEET_DEVICES = 20;
/** Most devices a fleet may have (folder names have three digits). */
export const MAX_FLEET_DEVICES = 999;
/** Most days a fleet may span (a device-day is about 0.4 MB of typed arrays). */
export const MAX_FLEET_DAYS = 366;
/** Probability that a device-day without a planted fault has no recording. */
export const ABSENT_PROBABILITY = 0.08;

export interface FleetOptions {
	/** Default `DEFAULT_FLEET_SEED`. */
	seed?: string;
	/** Devices `device_001` .. `device_NNN`; default 20. */
	devices?: number;
	/** Days `YYYY-MM-DD`; default `FLEET_DAYS`. */
	days?: readonly string[];
}

/** One flag detection must raise (default parameters) on a planted device-day. */
export interface PlantedFlag {
	mode: DetectionMode;
	section: DetectionSection;
	rule: TemperatureRule;
}

export type PlantedFaultKind = 'low-average' | 'hot-spiky' | 'warm-up-false-positive';

/** A planted verdict of the write-up. */
export interface PlantedFault {
	device: string;
	/** `YYYY-MM-DD`. */
	day: string;
	kind: PlantedFaultKind;
	/** The write-up's verdict, in its words. */
	reported: string;
	/** What the generator plants to produce it. */
	cause: string;
	/** Exactly the flags detection raises on this device-day with default parameters. */
	flags: readonly PlantedFlag[];
}

const BOTH: readonly DetectionMode[] = ['original', 'wear-aware'];

function flagsOf(
	modes: readonly DetectionMode[],
	rules: readonly TemperatureRule[]
): PlantedFlag[] {
	return modes.flatMap((mode) =>
		rules.map((rule) => Object.freeze({ mode, section: 'temperature' as const, rule }))
	);
}

function planted(
	device: string,
	day: string,
	kind: PlantedFaultKind,
	reported: string,
	cause: string,
	flags: PlantedFlag[]
): PlantedFault {
	return Object.freeze({ device, day, kind, reported, cause, flags: Object.freeze(flags) });
}

/**
 * The write-up's verdicts (SEED-FACTS section 2), planted in the demo fleet. device_012
 * is on 2021-02-04, where the original's own files put it (the write-up says 02-02).
 * Every other device-day of the demo is clean in both modes.
 */
export const PLANTED_FAULTS: readonly PlantedFault[] = Object.freeze([
	planted(
		'device_005',
		'2021-02-02',
		'low-average',
		'anomaly on too low avg value',
		'temperature sensor offset: reads about 5 °C low',
		flagsOf(BOTH, ['avg'])
	),
	planted(
		'device_006',
		'2021-02-04',
		'low-average',
		'anomaly on too low avg value',
		'temperature sensor gain fault: reads about 84% of the true value',
		flagsOf(BOTH, ['avg'])
	),
	planted(
		'device_007',
		'2021-02-04',
		'hot-spiky',
		'anomaly on too high avg value, too high max value and too high volatility index',
		'temperature sensor at the wrong scale (about 470 °C) with one-second spikes',
		flagsOf(BOTH, ['volatility', 'avg', 'max'])
	),
	planted(
		'device_012',
		'2021-02-04',
		'warm-up-false-positive',
		'anomaly on too high volatility index (a false positive)',
		'healthy: taken off for minutes, then the warm-up after donning is glued onto the ' +
			'previous worn stretch by the original',
		flagsOf(['original'], ['volatility'])
	),
	planted(
		'device_016',
		'2021-02-02',
		'low-average',
		'anomaly on too low avg value',
		'temperature sensor offset: reads about 5 °C low',
		flagsOf(BOTH, ['avg'])
	),
	planted(
		'device_019',
		'2021-02-03',
		'low-average',
		'anomaly on too low avg value',
		'temperature sensor gain fault: reads about 84% of the true value',
		flagsOf(BOTH, ['avg'])
	)
]);

/** `device_007` for 7. */
export function fleetDeviceName(index: number): string {
	return `device_${String(index).padStart(3, '0')}`;
}

function fail(field: string, message: string, got: unknown): never {
	let shown: string;
	try {
		shown = JSON.stringify(got) ?? String(got);
	} catch {
		shown = String(got);
	}
	throw new Error(`Invalid fleet: ${field} ${message} (got ${shown})`);
}

function isRealDay(day: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const t = new Date(Date.UTC(y, mo - 1, d));
	return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

interface ResolvedOptions {
	seed: string;
	devices: number;
	days: readonly string[];
}

function resolve(opts: FleetOptions = {}): ResolvedOptions {
	if (opts === null || typeof opts !== 'object') fail('options', 'must be an object', opts);
	const seed = opts.seed ?? DEFAULT_FLEET_SEED;
	if (typeof seed !== 'string') fail('seed', 'must be a string', seed);
	const devices = opts.devices ?? FLEET_DEVICES;
	if (!Number.isInteger(devices) || devices < 1 || devices > MAX_FLEET_DEVICES) {
		fail('devices', `must be an integer from 1 to ${MAX_FLEET_DEVICES}`, devices);
	}
	const days = opts.days ?? FLEET_DAYS;
	if (!Array.isArray(days) || days.length < 1 || days.length > MAX_FLEET_DAYS) {
		fail('days', `must list 1 to ${MAX_FLEET_DAYS} days`, Array.isArray(days) ? days.length : days);
	}
	const seen = new Set<string>();
	for (const day of days) {
		if (typeof day !== 'string' || !isRealDay(day)) fail('days', 'must be dates YYYY-MM-DD', day);
		if (seen.has(day)) fail('days', 'must not repeat a day', day);
		seen.add(day);
	}
	return { seed, devices, days };
}

/** Stream salts: one stream per purpose under a key. */
const SALT_DEVICE = 1;
const SALT_PLAN = 2;
const SALT_TEMPERATURE = 3;
const SALT_PPG = 4;
const SALT_EVENTS = 5;

/** What stays with a device from day to day. */
interface DeviceTraits {
	skin: number;
	floor: number;
	wander: number;
	ceiling: number;
	offLevel: number;
	pulse: number;
	bpm: number;
	temperatureNoise: number;
}

function deviceTraits(seed: string, device: string): DeviceTraits {
	const r = new Stream(fleetKey(seed, device), SALT_DEVICE);
	return {
		skin: r.range(33.9, 35.4),
		floor: r.range(4300, 4800),
		wander: r.range(3000, 3800),
		ceiling: r.range(20150, 20450),
		offLevel: r.range(250, 900),
		pulse: r.range(160, 320),
		bpm: r.range(66, 82),
		temperatureNoise: r.range(0.004, 0.009)
	};
}

function plantedFault(device: string, day: string): PlantedFault | undefined {
	return PLANTED_FAULTS.find((f) => f.device === device && f.day === day);
}

/** Minimum worn time of a recording (s): enough for the PPG minimum after its 1000-row skip. */
const MIN_WORN_SECONDS = 480;
/** Healthy plans whose glued worn mean would fall below this (°C) are worn throughout. */
const HEALTHY_MEAN_FLOOR = 32.8;

function wornSeconds(wear: readonly WearInterval[]): number {
	return wear.reduce((n, w) => n + w.end - w.start, 0);
}

/** Wear intervals of a pattern over `seconds`. */
function wearOf(pattern: WearPattern, seconds: number, r: Stream): WearInterval[] {
	switch (pattern) {
		case 'worn':
			return [{ start: 0, end: seconds }];
		case 'donned-late':
			return [{ start: r.int(20, 180), end: seconds }];
		case 'taken-off':
			return [{ start: 0, end: seconds - r.int(30, 240) }];
		case 'donned-late-taken-off':
			return [{ start: r.int(20, 150), end: seconds - r.int(30, 180) }];
		case 'reseated': {
			const first = r.int(30, 90);
			const back = first + r.int(15, 60);
			return [
				{ start: 0, end: first },
				{ start: back, end: seconds }
			];
		}
		case 'off-and-on': {
			const first = r.int(360, 600);
			const back = first + r.int(180, 420);
			return [
				{ start: 0, end: first },
				{ start: back, end: seconds }
			];
		}
	}
}

function pickPattern(r: Stream, allowed: readonly WearPattern[], weights: number[]): WearPattern {
	let u = r.uniform() * weights.reduce((a, b) => a + b, 0);
	for (let i = 0; i < allowed.length; i++) {
		u -= weights[i];
		if (u < 0) return allowed[i];
	}
	return allowed[allowed.length - 1];
}

/** Events of the worn PPG: motion bumps and pressure excursions into the ceiling. */
function planEvents(
	wear: readonly WearInterval[],
	ppgSamples: number,
	floor: number,
	ceiling: number,
	r: Stream
): PpgEvent[] {
	const events: PpgEvent[] = [];
	const margin = 12; // seconds kept clear of each wear edge
	// the output climbs at the slew limit, so the target holds long enough for it to reach
	// the ceiling from the floor and stay above 19 000 for more than 16 samples (one row of
	// the PPG rule set's every-16th-sample reading)
	const climb = Math.ceil((ceiling - floor) / PPG_SLEW_UP) + 48;
	const pressure = (at: number): PpgEvent => {
		const rise = r.int(120, 240);
		return {
			kind: 'pressure',
			start: Math.round(at * PPG_HZ),
			rise,
			hold: Math.max(r.int(16, 96), climb - rise),
			fall: r.int(192, 512),
			amplitude: ceiling - floor + r.range(1500, 5000)
		};
	};
	const pressureSeconds = (e: PpgEvent) => (e.rise + e.hold + e.fall) / PPG_HZ;
	// one guaranteed pressure excursion in the longest wear interval, so the worn maximum
	// reaches the ceiling as on the real device
	const longest = wear.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
	const first = pressure(0);
	const room = longest.end - longest.start - 2 * margin - pressureSeconds(first);
	const at = longest.start + margin + r.uniform() * Math.max(0, room);
	events.push({ ...first, start: Math.round(at * PPG_HZ) });
	for (const w of wear) {
		const from = w.start + margin;
		const to = w.end - margin;
		// motion bumps, every 20-80 s
		for (let t = from + r.range(0, 40); ; t += r.range(20, 80)) {
			const u = r.uniform();
			const e: PpgEvent = {
				kind: 'motion',
				start: Math.round(t * PPG_HZ),
				rise: r.int(24, 96),
				hold: r.int(0, 192),
				fall: r.int(48, 192),
				amplitude: 800 + 5000 * u * u
			};
			if (t + (e.rise + e.hold + e.fall) / PPG_HZ > to) break;
			events.push(e);
		}
		// more pressure excursions, every 2-6 min
		for (let t = from + r.range(60, 240); ; t += r.range(120, 360)) {
			const e = pressure(t);
			if (t + pressureSeconds(e) > to) break;
			events.push(e);
		}
	}
	return events.filter((e) => e.start < ppgSamples).sort((a, b) => a.start - b.start);
}

/**
 * The plan of one device-day, or null when it has no recording. Pure function of
 * (seed, device, day).
 */
export function planDeviceDay(seed: string, device: string, day: string): RecordingPlan | null {
	const fault = plantedFault(device, day);
	const key = fleetKey(seed, device, day);
	const r = new Stream(key, SALT_PLAN);
	if (!fault && r.chance(ABSENT_PROBABILITY)) return null;
	const traits = deviceTraits(seed, device);

	let pattern: WearPattern;
	let seconds: number;
	if (fault?.kind === 'warm-up-false-positive') {
		pattern = 'off-and-on';
		seconds = 0; // set from the wear below
	} else if (fault?.kind === 'hot-spiky') {
		pattern = 'worn';
		seconds = r.int(900, 2400);
	} else if (fault) {
		pattern = pickPattern(r, ['worn', 'donned-late', 'taken-off'], [2, 1, 1]);
		seconds = r.int(600, 2400);
	} else {
		pattern = pickPattern(
			r,
			['worn', 'donned-late', 'taken-off', 'donned-late-taken-off', 'reseated'],
			[7, 5, 4, 2, 2]
		);
		seconds = r.int(600, 2400);
	}
	let wear: WearInterval[];
	if (pattern === 'off-and-on') {
		wear = wearOf(pattern, 0, r);
		seconds = wear[1].start + r.int(540, 1200);
		wear[1].end = seconds;
	} else {
		wear = wearOf(pattern, seconds, r);
		if (wornSeconds(wear) < MIN_WORN_SECONDS) {
			pattern = 'worn';
			wear = [{ start: 0, end: seconds }];
		}
	}

	const ambient = pattern === 'off-and-on' ? r.range(20, 24) : r.range(20, 28);
	const plan: RecordingPlan = {
		device,
		day,
		pattern,
		seconds,
		temperatureSamples: seconds * TEMPERATURE_HZ - (r.chance(0.5) ? 0 : r.int(1, 3)),
		ppgSamples: seconds * PPG_HZ + r.int(-48, 96),
		wear,
		contactLead: r.int(2, 5),
		skin: Math.min(35.8, Math.max(33.6, traits.skin + r.range(-0.3, 0.3))),
		skinDrift: r.range(0.06, 0.14),
		skinDriftTau: r.range(40, 120),
		ambient,
		startTemperature: ambient + r.range(0, 1.2),
		warmTau: r.range(35, 75),
		coolTau: pattern === 'off-and-on' ? r.range(100, 180) : r.range(120, 300),
		temperatureNoise: traits.temperatureNoise,
		fault: null,
		ppg: {
			floor: traits.floor,
			wander: traits.wander * r.range(0.9, 1.1),
			wanderTau: r.range(8, 14),
			pulse: traits.pulse * r.range(0.85, 1.15),
			bpm: Math.min(84, Math.max(65, traits.bpm + r.range(-4, 4))),
			bpmDrift: 1.2,
			ceiling: traits.ceiling,
			offLevel: traits.offLevel,
			noise: r.range(4, 9),
			events: []
		}
	};
	// a healthy device must not look cold because of a long warm-up on a short recording
	if (!fault && pattern !== 'worn' && predictedWornMean(plan) < HEALTHY_MEAN_FLOOR) {
		plan.pattern = 'worn';
		plan.wear = [{ start: 0, end: seconds }];
	}
	plan.fault = faultOf(fault, plan, r);
	plan.ppg.events = planEvents(
		plan.wear,
		plan.ppgSamples,
		plan.ppg.floor,
		plan.ppg.ceiling,
		new Stream(key, SALT_EVENTS)
	);
	return plan;
}

function faultOf(
	fault: PlantedFault | undefined,
	plan: RecordingPlan,
	r: Stream
): TemperatureFault | null {
	if (!fault || fault.kind === 'warm-up-false-positive') return null;
	if (fault.kind === 'hot-spiky') {
		// spikes every 10-40 s from the first second on, ±15-90 °C
		const spikes: { second: number; cents: number }[] = [];
		for (let s = r.int(5, 20); s < plan.seconds; s += r.int(10, 40)) {
			spikes.push({ second: s, cents: (r.chance(0.5) ? 1 : -1) * r.int(1500, 9000) });
		}
		return { kind: 'scale-spikes', gain: r.range(13.3, 14.1), spikes };
	}
	// low average: offset or gain by device (both keep every reading below 31.4 °C)
	if (fault.device === 'device_005' || fault.device === 'device_016') {
		return { kind: 'offset', degrees: r.range(4.5, 5.5) };
	}
	return { kind: 'gain', gain: r.range(0.82, 0.86) };
}

/** Renders one plan into a `DeviceDay`. */
export function renderDeviceDay(seed: string, plan: RecordingPlan): DeviceDay {
	const key = fleetKey(seed, plan.device, plan.day);
	return {
		device: plan.device,
		day: plan.day,
		onWrist: renderOnWrist(plan),
		temperature: renderTemperature(plan, new Stream(key, SALT_TEMPERATURE)),
		ppg: renderPpg(plan, new Stream(key, SALT_PPG))
	};
}

/** The plans of a fleet (absent device-days left out), in day then device order. */
export function planFleet(opts: FleetOptions = {}): RecordingPlan[] {
	const { seed, devices, days } = resolve(opts);
	const plans: RecordingPlan[] = [];
	for (const day of days) {
		for (let i = 1; i <= devices; i++) {
			const plan = planDeviceDay(seed, fleetDeviceName(i), day);
			if (plan) plans.push(plan);
		}
	}
	return plans;
}

/**
 * The demo fleet: one `DeviceDay` per recorded device-day, in day then device order.
 * Defaults: seed `DEFAULT_FLEET_SEED`, 20 devices, `FLEET_DAYS`.
 */
export function generateFleet(opts: FleetOptions = {}): DeviceDay[] {
	const seed = resolve(opts).seed;
	return planFleet(opts).map((plan) => renderDeviceDay(seed, plan));
}

/** The three files of a device-day folder. */
export type FleetFileKind = 'on_wrist' | 'temperature' | 'ppg_green';

/** `2021/02/04/device_015/ppg_green.csv` for that device-day and kind. */
export function fleetFileName(rec: Pick<DeviceDay, 'device' | 'day'>, kind: FleetFileKind): string {
	return `${rec.day.replaceAll('-', '/')}/${rec.device}/${kind}.csv`;
}

/** One column as a headerless CSV: one integer per line, every line ended by `\n`. */
export function columnCsv(values: ArrayLike<number>): string {
	const n = values.length;
	if (n === 0) return '';
	const parts = new Array<string>(n + 1);
	for (let i = 0; i < n; i++) parts[i] = String(values[i]);
	parts[n] = '';
	return parts.join('\n');
}

/**
 * The fleet's files in the original layout: `YYYY/MM/DD/device_XXX/{on_wrist,
 * temperature,ppg_green}.csv`, headerless, one integer per line, `\n` endings. Sorted by
 * path (day, device, then file name).
 */
export function fleetFiles(fleet: readonly DeviceDay[]): { path: string; text: string }[] {
	const files: { path: string; text: string }[] = [];
	for (const rec of fleet) {
		files.push({ path: fleetFileName(rec, 'on_wrist'), text: columnCsv(rec.onWrist) });
		files.push({ path: fleetFileName(rec, 'ppg_green'), text: columnCsv(rec.ppg) });
		files.push({ path: fleetFileName(rec, 'temperature'), text: columnCsv(rec.temperature) });
	}
	return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
