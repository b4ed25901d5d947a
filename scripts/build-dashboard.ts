import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm start`'s prestart: build the dashboard when the bundle is missing or older than anything it is made
 * from, so a fresh `npm install && npm start` serves it and a warm start costs a few stat calls.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const BUNDLE = path.join(ROOT, 'dist/dashboard/index.html');
// The client imports the server's schemas, so server sources count too.
const SOURCES = ['src/dashboard', 'src/server', 'vite.config.ts', 'package-lock.json'];

function newest(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

const sourcesChanged = Math.max(
  ...SOURCES.map((s) => path.join(ROOT, s))
    .filter(existsSync)
    .map(newest),
);
const builtAt = existsSync(BUNDLE) ? statSync(BUNDLE).mtimeMs : 0;

if (builtAt < sourcesChanged) {
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    // Installed without devDependencies: keep whatever bundle there is rather than refuse to start.
    console.warn('vite is not installed: the dashboard bundle cannot be (re)built; serving what dist/ has.');
    process.exit(0);
  }
  process.stdout.write('Building the dashboard…\n');
  // Run from a test runner NODE_ENV is "test", which would give React's development build.
  process.env.NODE_ENV = 'production';
  await vite.build({
    root: path.join(ROOT, 'src/dashboard'),
    configFile: path.join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
  });
}
