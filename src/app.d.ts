// Ambient types of the app (SvelteKit App namespace).
declare global {
	namespace App {}
}

export {};
