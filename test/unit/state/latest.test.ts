import { describe, expect, it } from 'vitest';
import { Latest } from '../../../src/lib/state/latest';

function deferred<T>() {
	let resolve!: (v: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

describe('Latest', () => {
	it('makes every older ticket stale', () => {
		const latest = new Latest();
		const a = latest.next();
		const b = latest.next();
		expect(latest.isCurrent(a)).toBe(false);
		expect(latest.isCurrent(b)).toBe(true);
	});

	it('drops the answer of an older request that arrives after a newer one', async () => {
		const latest = new Latest();
		const slow = deferred<string>();
		const fast = deferred<string>();
		const first = latest.run(() => slow.promise);
		const second = latest.run(() => fast.promise);
		fast.resolve('new');
		slow.resolve('old');
		expect(await second).toEqual({ value: 'new' });
		expect(await first).toBeUndefined();
	});

	it('keeps the answer when no newer request started', async () => {
		const latest = new Latest();
		expect(await latest.run(async () => 42)).toEqual({ value: 42 });
	});

	it('passes errors through', async () => {
		const latest = new Latest();
		await expect(latest.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
	});
});
