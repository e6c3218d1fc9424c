import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// In production the Fastify server serves pages and API on one port. In `vite dev` the pages
// come from vite, so forward the API paths to a server started with `npm run dev`.
const API_ORIGIN = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  ssr: {
    // @sveltejs/kit needs cookie@0.6 (kept in its own node_modules), while the workspace root
    // hoists cookie@2 for fastify, which has no `parse` export. Left external, the built server
    // would import the root copy and fail at start-up; bundled, it gets kit's own copy.
    noExternal: ['cookie'],
  },
  server: {
    proxy: {
      '/graphql': { target: API_ORIGIN, ws: true },
      '/api': { target: API_ORIGIN },
      '/socket.io': { target: API_ORIGIN, ws: true },
    },
  },
});
