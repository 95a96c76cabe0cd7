/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline after the first visit. src/hooks.client.ts registers this worker on every page
 * (3 s after `load`); its scope is the site's base path, so it works at a host's root and
 * under a sub-path alike.
 *
 * - Install: one cache per build (`version`) gets the pages, the static files and every
 *   built file (`build`, plus the workers' own chunks and assets that it lacks, listed in
 *   `_app/worker-files.json` by vite.config.ts), except the DuckDB bundle this browser
 *   will not use (DuckDB-WASM picks `eh` where wasm exceptions validate, else `mvp`; the
 *   same test runs here). A file under `_app/immutable/` has its content hash in its
 *   name, so an older cache's copy is reused rather than downloaded again (DuckDB's 34 MB
 *   wasm survives deploys).
 * - A new build's worker takes over as soon as it has cached its files (`skipWaiting`),
 *   so the first page load after the browser found it shows the new build. A page of the
 *   old build that then misses a file is reloaded by SvelteKit's router (it checks
 *   `_app/version.json`, never cached here, when a navigation fails).
 * - Activate: caches of other builds are deleted and open pages are claimed, so the
 *   rest of the first visit (lazy chunks, workers, the other page) is served from here.
 * - Fetch: only GETs of this origin under the base path. Everything is cache-first:
 *   pages (ignoring the query string, which holds the view state), immutable files
 *   (cached on first use if they were not precached) and the rest. A repeat visit thus
 *   loads nothing over the network; the browser itself still checks this script for a
 *   new version (a 304 when there is none).
 */
import { base, build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const PREFIX = 'sensors-and-more-';
const CACHE = `${PREFIX}${version}`;
const IMMUTABLE = `${base}/_app/immutable/`;

/** Validates a module that uses wasm exceptions: DuckDB-WASM's own feature test. */
const WASM_EXCEPTIONS = new Uint8Array([
	0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11
]);

/** The DuckDB bundle (`mvp`, `eh`, `coi`) a file belongs to, if any. */
function duckdbBundle(path: string): string | null {
	return /\/duckdb-(?:browser-)?(mvp|eh|coi)[.-]/.exec(path)?.[1] ?? null;
}

/**
 * The files of the workers' own builds (their chunks, parquet-wasm's wasm), which `build`
 * lacks: listed at build time by vite.config.ts. None in development.
 */
async function workerFiles(): Promise<string[]> {
	const res = await fetch(`${base}/_app/worker-files.json`, { cache: 'no-cache' });
	if (res.status === 404) return [];
	if (!res.ok) throw new Error(`precache: worker-files.json answered ${res.status}`);
	return ((await res.json()) as string[]).map((file) => `${base}/${file}`);
}

/** The files to precache: the whole site but the DuckDB bundles this browser skips. */
async function precacheList(): Promise<string[]> {
	let wanted = 'mvp';
	try {
		if (WebAssembly.validate(WASM_EXCEPTIONS)) wanted = 'eh';
	} catch {
		// No WebAssembly at all: DuckDB cannot run either; precache mvp like DuckDB would pick.
	}
	const assets = [...build, ...(await workerFiles())].filter((path) => {
		const bundle = duckdbBundle(path);
		return bundle === null || bundle === wanted;
	});
	return [...new Set([...prerendered, ...files, ...assets])];
}

/** A copy of an immutable file from an older build's cache, if one has it. */
async function fromOlderCache(path: string): Promise<Response | undefined> {
	if (!path.startsWith(IMMUTABLE)) return undefined;
	for (const name of await caches.keys()) {
		if (name === CACHE || !name.startsWith(PREFIX)) continue;
		const hit = await (await caches.open(name)).match(path);
		if (hit) return hit;
	}
	return undefined;
}

async function precache(): Promise<void> {
	const cache = await caches.open(CACHE);
	await Promise.all(
		(await precacheList()).map(async (path) => {
			if (await cache.match(path)) return;
			const old = await fromOlderCache(path);
			if (old) return cache.put(path, old);
			// Pages and static files may sit in the HTTP cache from an older build: revalidate.
			const res = await fetch(
				new Request(path, { cache: path.startsWith(IMMUTABLE) ? 'default' : 'no-cache' })
			);
			if (!res.ok) throw new Error(`precache: ${path} answered ${res.status}`);
			await cache.put(path, res);
		})
	);
}

sw.addEventListener('install', (event) => {
	event.waitUntil(precache().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) {
				if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
			}
			await sw.clients.claim();
		})()
	);
});

async function respond(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	const page = request.mode === 'navigate';
	const hit = await cache.match(page ? url.pathname : request, { ignoreSearch: page });
	if (hit) return hit;

	if (page && !url.pathname.endsWith('/') && (await cache.match(`${url.pathname}/`))) {
		// Pages live at `path/` (trailingSlash 'always'); their relative links need the slash.
		return Response.redirect(`${url.pathname}/${url.search}`, 301);
	}

	const res = await fetch(request);
	// A file of this build that was not precached (e.g. the other DuckDB bundle).
	if (res.ok && res.type === 'basic' && url.pathname.startsWith(IMMUTABLE)) {
		await cache.put(request, res.clone());
	}
	return res;
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin || !url.pathname.startsWith(`${base}/`)) return;
	if (url.pathname === `${base}/service-worker.js`) return;
	event.respondWith(respond(request, url));
});
