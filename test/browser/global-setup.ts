import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveStatic } from '../../scripts/serve-static.mjs';

declare module 'vitest' {
	export interface ProvidedContext {
		siteUrl: string;
		/** The sub-path build served under `SUB_BASE`; '' when it was not built. */
		subSiteUrl: string;
	}
}

/** The root build (`vite build`). */
export const BUILD_DIR = 'build';
/**
 * The same site built for a sub-path, as `scripts/test-all.mjs` builds it:
 * `BASE_PATH=/sub BUILD_DIR=test-results/build-sub vite build`.
 */
export const SUB_BASE = '/sub';
export const SUB_BUILD_DIR = 'test-results/build-sub';

/** A strict policy a host may send with every file but the pages (README "Hosting"). */
export const STRICT_CSP =
	"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
	"connect-src 'self'; img-src 'self'; style-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * The security headers of a careful host: the pages keep their own <meta> policy and get
 * `frame-ancestors`, which a <meta> tag cannot carry; every other file (scripts, workers,
 * wasm) gets `STRICT_CSP`, which then also governs the workers.
 */
export function hostHeaders(path: string): Record<string, string> {
	const page = path.endsWith('/') || path.endsWith('.html');
	return {
		'content-security-policy': page ? "frame-ancestors 'none'" : STRICT_CSP,
		'x-content-type-options': 'nosniff'
	};
}

/**
 * Serves the built site at the root, and its sub-path build under `/sub/` with
 * `hostHeaders`, for the browser tests.
 */
export default async function setup(project: TestProject) {
	const server = await serveStatic({ root: BUILD_DIR });
	project.provide('siteUrl', server.url);
	const sub = existsSync(join(SUB_BUILD_DIR, 'index.html'))
		? await serveStatic({ root: SUB_BUILD_DIR, base: SUB_BASE, headers: hostHeaders })
		: null;
	project.provide('subSiteUrl', sub?.url ?? '');
	return async () => {
		await server.close();
		await sub?.close();
	};
}
