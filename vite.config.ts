import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The dashboard: built into dist/dashboard and served by the API at `/`; `npm run dev` proxies the API. */
export default defineConfig({
  root: 'src/dashboard',
  plugins: [react()],
  build: {
    outDir: '../../dist/dashboard',
    emptyOutDir: true,
    rolldownOptions: {
      // The typed API client imports the server's zod schemas, whose files sit beside Drizzle tables and
      // Fastify helpers. Those are declared free of import-time effects, so only what the client uses
      // (zod schemas, status lists) reaches the bundle.
      // …and whose Node-only imports (@fastify/error's node:util) are resolved, then shaken out unused.
      onwarn(warning, warn) {
        if (!warning.message.includes('externalized for browser compatibility')) warn(warning);
      },
      treeshake: {
        moduleSideEffects: [
          { test: /[\\/]src[\\/]server[\\/]/, sideEffects: false },
          {
            test: /[\\/]node_modules[\\/](drizzle-orm|@fastify[\\/]error|fastify-type-provider-zod)[\\/]/,
            sideEffects: false,
          },
        ],
      },
    },
  },
  server: {
    port: Number(process.env.DASHBOARD_DEV_PORT ?? 5173),
    proxy: {
      '/api': `http://127.0.0.1:${process.env.PORT ?? 3000}`,
      '/docs': `http://127.0.0.1:${process.env.PORT ?? 3000}`,
    },
  },
});
