import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../../scripts/serve-static.mjs';

describe('serveStatic (the browser tests and benchmarks serve the built site with it)', () => {
	let server: Awaited<ReturnType<typeof serveStatic>>;
	let origin = '';
	beforeAll(async () => {
		const root = mkdtempSync(join(tmpdir(), 'serve-static-'));
		writeFileSync(join(root, 'index.html'), '<p>home</p>');
		mkdirSync(join(root, 'page'));
		writeFileSync(join(root, 'page', 'index.html'), '<p>page</p>');
		server = await serveStatic({ root });
		origin = server.url.replace(/\/$/, '');
	});
	afterAll(() => server.close());

	const get = async (path: string) => {
		const res = await fetch(origin + path);
		return { status: res.status, body: await res.text() };
	};

	it('serves a directory index, with or without a query', async () => {
		expect(await get('/')).toEqual({ status: 200, body: '<p>home</p>' });
		expect(await get('/page/?a=1')).toEqual({ status: 200, body: '<p>page</p>' });
	});

	it('treats a path starting with // as a path, not a host', async () => {
		expect((await get('//?model=rich')).body).toBe('<p>home</p>');
	});

	it('answers a bad escape with 400 and keeps serving', async () => {
		expect((await get('/%E0%A4%A')).status).toBe(400);
		expect((await get('/')).status).toBe(200);
	});

	it('never serves outside its root', async () => {
		expect((await get('/%2E%2E/%2E%2E/etc/passwd')).status).not.toBe(200);
	});
});
