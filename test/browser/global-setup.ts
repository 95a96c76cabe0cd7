import type { TestProject } from 'vitest/node';
import { serveStatic } from '../../scripts/serve-static.mjs';

declare module 'vitest' {
	export interface ProvidedContext {
		siteUrl: string;
	}
}

/** Serves the built site (`build/`, made by `vite build`) for the browser tests. */
export default async function setup(project: TestProject) {
	const server = await serveStatic({ root: 'build' });
	project.provide('siteUrl', server.url);
	return () => server.close();
}
