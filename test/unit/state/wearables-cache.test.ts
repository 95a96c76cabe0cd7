/**
 * The page's plain stores: files by path (a later file of a path replaces the earlier
 * one) and the result cache (valid for one data fingerprint and parameter set).
 */
import { describe, expect, it } from 'vitest';
import { FileStore, ResultCache, hasDay } from '../../../src/lib/state/wearables-cache';
import type { BothModes, LoadedDay } from '../../../src/lib/state/wearables-rows';

const file = (text: string, lastModified = 1) => new File([text], 'x.csv', { lastModified });
const day = (key: string, fingerprint = 'f'): LoadedDay => ({
	key,
	origin: 'files',
	source: key,
	record: {
		device: 'd',
		day: '2021-02-02',
		onWrist: new Uint8Array(0),
		temperature: new Int32Array(0),
		ppg: new Int32Array(0)
	},
	files: [],
	notes: [],
	fingerprint
});
const result = {} as BothModes;

describe('FileStore', () => {
	it('keeps one file per path, the latest, in the order last added', () => {
		const s = new FileStore();
		expect(
			s.add([
				{ path: 'a', file: file('1') },
				{ path: 'b', file: file('22') }
			])
		).toBe(0);
		expect(s.add([{ path: 'a', file: file('333', 7) }])).toBe(1);
		expect(s.paths()).toEqual(['b', 'a']);
		expect(s.size).toBe(2);
		expect(s.stamp('a')).toBe('a:3:7');
		expect(s.stamp('nope')).toBe('nope');
		expect(s.sources().map((x) => x.path)).toEqual(['b', 'a']);
		s.clear();
		expect(s.paths()).toEqual([]);
	});
});

describe('ResultCache', () => {
	it('reuses a result only for the same fingerprint and parameters', () => {
		const c = new ResultCache();
		const a = day('a');
		c.set(a, 'p1', result);
		expect(c.missing([a, day('b')], 'p1').map((d) => d.key)).toEqual(['b']);
		expect(c.missing([a], 'p2').map((d) => d.key)).toEqual(['a']);
		expect(c.missing([day('a', 'changed')], 'p1').map((d) => d.key)).toEqual(['a']);
		expect([...c.collect([a, day('b')], 'p1').keys()]).toEqual(['a']);
		expect(c.collect([a], 'p2').size).toBe(0);
	});
	it('forgets device-days no longer loaded', () => {
		const c = new ResultCache();
		c.set(day('a'), 'p', result);
		c.set(day('b'), 'p', result);
		c.keep([day('b')]);
		expect(c.size).toBe(1);
		expect(hasDay([day('b')], 'b')).toBe(true);
		expect(hasDay([day('b')], 'a')).toBe(false);
		expect(hasDay([day('b')], null)).toBe(false);
	});
});
