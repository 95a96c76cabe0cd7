/**
 * Signal synthesis of the demo wearable fleet: one recording plan in, the three files'
 * integer columns out. The plan (wear intervals, temperatures, PPG character, planted
 * sensor fault) is drawn in `fleet.ts`; this module only renders it, sample by sample,
 * with its own random streams. Every operation is IEEE `+ - * /`, `Math.sqrt`,
 * `Math.round`/`floor` or integer arithmetic: the same plan and streams give the same
 * arrays in every engine.
 */
import { SmoothNoise, type Stream } from './fleet-random';

/** Sample rates of the three files (the seed's: 1, 4 and 64 Hz). */
export const ON_WRIST_HZ = 1;
export const TEMPERATURE_HZ = 4;
export const PPG_HZ = 64;

/** One stretch with `on_wrist = 1`: seconds [start, end). */
export interface WearInterval {
	start: number;
	end: number;
}

/**
 * A fault of the temperature sensor, applied to the reading (the physics is healthy).
 * `offset`: reads `degrees` low. `gain`: reads `gain` times the true value.
 * `scale-spikes`: reads `gain` times the true value (hundreds of degrees) with one-second
 * spikes of `cents` at the listed seconds.
 */
export type TemperatureFault =
	| { kind: 'offset'; degrees: number }
	| { kind: 'gain'; gain: number }
	| { kind: 'scale-spikes'; gain: number; spikes: readonly { second: number; cents: number }[] };

/**
 * A transient added to the worn PPG (raw units): a smooth rise over `rise` samples,
 * `hold` samples at `amplitude`, a smooth fall over `fall` samples. `pressure` events
 * overshoot the sensor's ceiling and saturate it (the real device's maximum is one).
 */
export interface PpgEvent {
	kind: 'motion' | 'pressure';
	/** First PPG sample. */
	start: number;
	rise: number;
	hold: number;
	fall: number;
	amplitude: number;
}

/** How a recording's PPG looks (raw units unless stated). */
export interface PpgPlan {
	/** Worn baseline floor: the wander only adds to it, so worn minima sit near it. */
	floor: number;
	/** Scale of the slow wander: worn baseline = floor + wander · |z|, z smooth, sd 1. */
	wander: number;
	/** Time constant of z, seconds. */
	wanderTau: number;
	/** Pulse amplitude (peak of the systolic wave); the wave lowers the reading. */
	pulse: number;
	/** Mean heart rate (bpm) and the sd of its slow drift (bpm). */
	bpm: number;
	bpmDrift: number;
	/** Soft ceiling the sensor saturates towards (never exceeded but for the noise). */
	ceiling: number;
	/** Level with nothing on the sensor (off the wrist). */
	offLevel: number;
	/** Sample noise, sd. */
	noise: number;
	events: readonly PpgEvent[];
}

/** Everything needed to render one device-day. Temperatures in °C, times in seconds. */
export interface RecordingPlan {
	device: string;
	day: string;
	/** Wear pattern name (see the README). */
	pattern: WearPattern;
	/** Length of `on_wrist.csv` (1 Hz). */
	seconds: number;
	/** Lengths of `temperature.csv` (4 Hz) and `ppg_green.csv` (64 Hz). */
	temperatureSamples: number;
	ppgSamples: number;
	/** Where `on_wrist` reads 1; elsewhere 0. Sorted, disjoint. */
	wear: readonly WearInterval[];
	/** Skin contact begins this long before `on_wrist` turns 1 (the detector's latency). */
	contactLead: number;
	/** True wrist skin temperature: mean, sd of its slow drift, the drift's time constant. */
	skin: number;
	skinDrift: number;
	skinDriftTau: number;
	/** Room temperature the device drifts towards off the wrist. */
	ambient: number;
	/** Device temperature at the first sample. */
	startTemperature: number;
	/** First-order time constants: warming on the skin, cooling in air. */
	warmTau: number;
	coolTau: number;
	/** Reading noise, sd. */
	temperatureNoise: number;
	/** Planted temperature sensor fault, or null for a healthy sensor. */
	fault: TemperatureFault | null;
	ppg: PpgPlan;
}

export type WearPattern =
	'worn' | 'donned-late' | 'taken-off' | 'donned-late-taken-off' | 'reseated' | 'off-and-on';

/** Resolution of the temperature readings: 125/64 cents (about 0.02 °C), exact in binary. */
export const TEMPERATURE_STEP_CENTS = 1.953125;

/** Per second: 1 while the device touches the skin (wear intervals widened by the lead). */
export function contactSeconds(plan: RecordingPlan, seconds: number): Uint8Array {
	const out = new Uint8Array(seconds);
	for (const w of plan.wear) {
		const from = Math.max(0, w.start > 0 ? w.start - plan.contactLead : 0);
		out.fill(1, Math.min(from, seconds), Math.min(w.end, seconds));
	}
	// after the end of on_wrist.csv the last state holds
	if (plan.seconds > 0 && plan.seconds < seconds) {
		out.fill(out[plan.seconds - 1], plan.seconds);
	}
	return out;
}

/** `on_wrist.csv`: 1 inside the wear intervals, 0 elsewhere. */
export function renderOnWrist(plan: RecordingPlan): Uint8Array {
	const out = new Uint8Array(plan.seconds);
	for (const w of plan.wear) out.fill(1, w.start, Math.min(w.end, plan.seconds));
	return out;
}

/**
 * The device's true temperature per second (°C), noiseless and without fault: a
 * first-order lag towards the skin (with its drift) while in contact, towards the
 * ambient otherwise. `drift` gives the skin drift of second s in sd units (0 for a
 * noiseless prediction).
 */
function physicalTemperature(
	plan: RecordingPlan,
	seconds: number,
	drift: (s: number) => number
): Float64Array {
	const contact = contactSeconds(plan, seconds);
	const out = new Float64Array(seconds);
	let t = plan.startTemperature;
	for (let s = 0; s < seconds; s++) {
		const d = drift(s) * plan.skinDrift;
		if (s === 0 && contact[0]) t = plan.skin + d;
		out[s] = t;
		if (contact[s]) t += (plan.skin + d - t) / plan.warmTau;
		else t += (plan.ambient + 0.2 * d - t) / plan.coolTau;
	}
	return out;
}

/**
 * Mean of the noiseless, fault-free temperature over the worn seconds (°C): what the
 * original's glued average will be, close enough to check a plan before rendering.
 */
export function predictedWornMean(plan: RecordingPlan): number {
	const t = physicalTemperature(plan, plan.seconds, () => 0);
	let sum = 0;
	let n = 0;
	for (const w of plan.wear) {
		for (let s = w.start; s < w.end; s++) {
			sum += t[s];
			n++;
		}
	}
	return n ? sum / n : Number.NaN;
}

/**
 * `temperature.csv`: the physical temperature plus reading noise, through the fault if
 * any, in cents on a grid of `TEMPERATURE_STEP_CENTS`, updated once a second (each value
 * held for four samples, as on the real device).
 */
export function renderTemperature(plan: RecordingPlan, stream: Stream): Int32Array {
	const n = plan.temperatureSamples;
	const seconds = Math.ceil(n / TEMPERATURE_HZ);
	const drift = new SmoothNoise(stream, plan.skinDriftTau);
	const physical = physicalTemperature(plan, seconds, () => drift.step());
	const spikes = new Map<number, number>();
	const fault = plan.fault;
	if (fault?.kind === 'scale-spikes') for (const s of fault.spikes) spikes.set(s.second, s.cents);
	const out = new Int32Array(n);
	for (let s = 0; s < seconds; s++) {
		let reading = physical[s] + plan.temperatureNoise * stream.normal();
		let extra = 0;
		if (fault) {
			if (fault.kind === 'offset') reading -= fault.degrees;
			else reading *= fault.gain;
			if (fault.kind === 'scale-spikes') extra = spikes.get(s) ?? 0;
		}
		const cents =
			Math.round(Math.round((reading * 100) / TEMPERATURE_STEP_CENTS) * TEMPERATURE_STEP_CENTS) +
			extra;
		const from = s * TEMPERATURE_HZ;
		out.fill(cents, from, Math.min(n, from + TEMPERATURE_HZ));
	}
	return out;
}

/** Smoothstep 3u² - 2u³ on [0, 1]. */
function smoothstep(u: number): number {
	return u * u * (3 - 2 * u);
}

/** Adds the PPG events to `extra` (a sample-rate series). */
function renderEvents(events: readonly PpgEvent[], extra: Float64Array): void {
	for (const e of events) {
		const end = Math.min(extra.length, e.start + e.rise + e.hold + e.fall);
		for (let i = Math.max(0, e.start); i < end; i++) {
			const j = i - e.start;
			let shape: number;
			if (j < e.rise) shape = smoothstep((j + 1) / (e.rise + 1));
			else if (j < e.rise + e.hold) shape = 1;
			else shape = smoothstep(1 - (j - e.rise - e.hold + 1) / (e.fall + 1));
			extra[i] += e.amplitude * shape;
		}
	}
}

/**
 * One beat of the pulse wave at phase φ in [0, 1), peak 1: a skewed systolic wave
 * (fast rise, slower fall) and a smaller diastolic wave, from biweight bumps (1 - x²)²,
 * so it is smooth and exactly 0 at the beat boundaries.
 */
export function pulseWave(phase: number): number {
	let x = phase < 0.16 ? (phase - 0.16) / 0.12 : (phase - 0.16) / 0.22;
	let v = x > -1 && x < 1 ? (1 - x * x) * (1 - x * x) : 0;
	x = (phase - 0.48) / 0.16;
	if (x > -1 && x < 1) v += 0.35 * (1 - x * x) * (1 - x * x);
	return v;
}

/** Largest rise and fall of the raw PPG per sample (the real device's slew limit). */
export const PPG_SLEW_UP = 63;
export const PPG_SLEW_DOWN = 64;
/** Knee of the soft ceiling: saturation starts this far below the ceiling. */
const CEILING_KNEE = 350;

/**
 * `ppg_green.csv`. While in contact: floor + wander · |z| (z smooth) minus the pulse wave
 * plus the events; off the skin: the off level with a little wander. Then a soft ceiling,
 * sample noise, rounding, and the slew limit (+63 / -64 per sample) starting from 0, which
 * draws the start-up ramp 63, 126, 189, ... exactly as the real device does.
 */
export function renderPpg(plan: RecordingPlan, stream: Stream): Int32Array {
	const n = plan.ppgSamples;
	const p = plan.ppg;
	const seconds = Math.ceil(n / PPG_HZ);
	const contact = contactSeconds(plan, seconds);
	const extra = new Float64Array(n);
	renderEvents(p.events, extra);
	// wander control points at 4 Hz (every 16th sample), linear in between
	const block = PPG_HZ / TEMPERATURE_HZ;
	const wanderNoise = new SmoothNoise(stream, p.wanderTau * TEMPERATURE_HZ);
	const controls = new Float64Array(Math.ceil(n / block) + 1);
	for (let k = 0; k < controls.length; k++) controls[k] = wanderNoise.step();
	const heart = new SmoothNoise(stream, 20);
	const out = new Int32Array(n);
	const knee = p.ceiling - CEILING_KNEE;
	const knee2 = CEILING_KNEE * CEILING_KNEE;
	let phase = stream.uniform();
	let rate = p.bpm / 60 / PPG_HZ;
	let prev = 0;
	for (let i = 0; i < n; i++) {
		const s = (i / PPG_HZ) | 0;
		if (i % PPG_HZ === 0) rate = (p.bpm + p.bpmDrift * heart.step()) / 60 / PPG_HZ;
		const k = (i / block) | 0;
		const f = (i - k * block) / block;
		const z = controls[k] + (controls[k + 1] - controls[k]) * f;
		let target: number;
		if (contact[s]) {
			target = p.floor + p.wander * (z < 0 ? -z : z) - p.pulse * pulseWave(phase) + extra[i];
		} else {
			target = p.offLevel + 25 * z;
		}
		if (target > knee) target = p.ceiling - knee2 / (target - p.ceiling + 2 * CEILING_KNEE);
		const v = Math.round(target + p.noise * stream.triangular());
		let step = v - prev;
		if (step > PPG_SLEW_UP) step = PPG_SLEW_UP;
		else if (step < -PPG_SLEW_DOWN) step = -PPG_SLEW_DOWN;
		prev += step;
		out[i] = prev;
		phase += rate;
		if (phase >= 1) phase -= 1;
	}
	return out;
}
