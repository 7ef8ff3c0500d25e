import { defineConfig } from 'vite';

// The dashboard's single-page app. React's JSX is compiled by Vite's own esbuild step (no Babel
// plugin needed: no fast refresh is wanted in the built app). The workspace libraries
// (@guildwire/contracts, @guildwire/realtime-client) are TypeScript sources Vite compiles in.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  esbuild: { jsx: 'automatic' },
  // tap's reporter brings React 18 to the root node_modules, where hoisted libraries (wouter, TanStack
  // Query) would find it: every import of React resolves from here, to the app's React 19.
  resolve: { dedupe: ['react', 'react-dom'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The first page's JavaScript is budgeted (bench:dashboard): pages load as their own chunks.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      // TanStack Query marks its hooks "use client" for React Server Components; a SPA has none.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
