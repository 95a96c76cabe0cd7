// Every page is prerendered to static HTML; workers and DuckDB start in onMount.
export const prerender = true;
export const ssr = true;
export const trailingSlash = 'always';
