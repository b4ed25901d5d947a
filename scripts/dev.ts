import { spawn } from 'node:child_process';
import path from 'node:path';
import { createServer } from 'vite';

/**
 * `npm run dev`: the API (restarted on server changes by tsx watch) and Vite's dev server with hot reload,
 * which proxies /api and /docs to the API. Open the Vite URL it prints.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
process.env.PORT ??= '3000';

// tsx itself, not through npx: npx does not pass SIGTERM on, which would leave the API running.
const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
const api = spawn(tsx, ['watch', '--clear-screen=false', 'src/cli/prm.ts', 'start'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: process.env,
});
const vite = await createServer({ configFile: path.join(ROOT, 'vite.config.ts') });
await vite.listen();
vite.printUrls();

const apiExited = new Promise((resolve) => api.once('exit', resolve));
const stop = async () => {
  api.kill('SIGTERM');
  await Promise.all([vite.close(), apiExited]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
api.on('exit', (code) => {
  if (code) console.error(`API exited with ${code}`);
});
