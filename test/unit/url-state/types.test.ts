import { describe, expect, expectTypeOf, it } from 'vitest';
import {
	defaultSimulation,
	type FootfallView as DomainView
} from '../../../src/lib/domain/footfall';
import type { ViewSpec } from '../../../src/lib/db/sql';
import { defaultDetectionParams } from '../../../src/lib/domain/wearables';
import { defaultView, extentOf, type FootfallView } from '../../../src/lib/state/view';
import {
	DETECTION_KEYS,
	defaultFootfallView,
	type FootfallViewState
} from '../../../src/lib/url-state';
import { Rng, simulation } from './random';

describe('url-state types against the rest of the app', () => {
	it('FootfallViewState, the state layer’s FootfallView and ViewSpec are the domain’s one view type', () => {
		expectTypeOf<FootfallViewState>().toEqualTypeOf<DomainView>();
		expectTypeOf<FootfallView>().toEqualTypeOf<DomainView>();
		expectTypeOf<ViewSpec>().toEqualTypeOf<DomainView>();
		const rng = new Rng('types');
		for (let i = 0; i < 50; i++) {
			const sim = simulation(rng);
			expect(defaultFootfallView(sim)).toEqual(defaultView(extentOf(sim)));
		}
		expect(defaultFootfallView(defaultSimulation()).store).toBe('Madrid');
	});

	it('names every detection parameter once', () => {
		const d = defaultDetectionParams();
		const fields = (['rates', 'temperature', 'ppg', 'quality'] as const).flatMap((g) =>
			Object.keys(d[g]).map((f) => `${g}.${f}`)
		);
		expect(DETECTION_KEYS.map((k) => k.key).sort()).toEqual(fields.sort());
		expect(Object.keys(d).sort()).toEqual(['mode', 'ppg', 'quality', 'rates', 'temperature']);
	});

	it('allows every default detection parameter within its URL range', () => {
		const d = defaultDetectionParams();
		for (const k of DETECTION_KEYS) {
			const v = (d[k.group] as unknown as Record<string, number | boolean | null>)[k.field];
			if (typeof v === 'number') {
				expect(v, k.key).toBeGreaterThanOrEqual(k.min);
				expect(v, k.key).toBeLessThanOrEqual(k.max);
			} else if (k.kind === 'boolean') expect(typeof v).toBe('boolean');
			else expect(v).toBeNull();
		}
	});
});
