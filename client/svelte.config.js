import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // Writes build/handler.js, which the Fastify server mounts for every path it doesn't own.
    adapter: adapter({ out: 'build' }),
  },
};

export default config;
