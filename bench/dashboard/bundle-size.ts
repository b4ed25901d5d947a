import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

/**
 * The dashboard's bundle: what a first visit to the login downloads, and the largest page chunk, both
 * gzipped, against a bare React app (react-dom rendering one element) built by the same Vite in the same run.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

type Sizes = { firstVisit: number; largestPage: number; total: number };

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Files index.html loads, plus the chunks the named page's dynamic import pulls in. */
function measure(outDir: string, page?: string): Sizes {
  const assets = path.join(outDir, 'assets');
  const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
  const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const linked = files.filter((f) => html.includes(`/assets/${f}`));
  const pageFiles = page ? files.filter((f) => f.startsWith(`${page}-`) || f.startsWith('text-field-')) : [];
  const size = (list: string[]) => list.reduce((n, f) => n + gz(path.join(assets, f)), 0);
  const pages = files.filter((f) => f.endsWith('.js') && !linked.includes(f));
  return {
    firstVisit: size([...linked, ...pageFiles]),
    largestPage: Math.max(0, ...pages.map((f) => gz(path.join(assets, f)))),
    total: size(files),
  };
}

async function buildBaseline(): Promise<Sizes> {
  const dir = mkdtempSync(path.join(tmpdir(), 'prm-bench-react-'));
  try {
    writeFileSync(
      path.join(dir, 'index.html'),
      '<div id="root"></div><script type="module" src="./main.tsx"></script>',
    );
    writeFileSync(
      path.join(dir, 'main.tsx'),
      "import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')!).render(<p>PRM</p>);\n",
    );
    await build({
      root: dir,
      configFile: false,
      plugins: [react()],
      logLevel: 'silent',
      mode: 'production',
      resolve: {
        alias: {
          react: path.join(ROOT, 'node_modules/react'),
          'react-dom': path.join(ROOT, 'node_modules/react-dom'),
        },
      },
      build: { outDir: path.join(dir, 'dist'), emptyOutDir: true },
    });
    return measure(path.join(dir, 'dist'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchBundle() {
  process.env.NODE_ENV = 'production';
  const outDir = mkdtempSync(path.join(tmpdir(), 'prm-bench-dashboard-'));
  try {
    await build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      logLevel: 'silent',
      mode: 'production',
      build: { outDir, emptyOutDir: true },
    });
    const dashboard = measure(outDir, 'login');
    const baseline = await buildBaseline();
    return { dashboard, baseline, ratio: dashboard.firstVisit / baseline.firstVisit };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  const { dashboard, baseline, ratio } = await benchBundle();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  console.log(
    `dashboard bundle (gzip): first visit ${kb(dashboard.firstVisit)} = ${ratio.toFixed(2)}× a bare React app (${kb(baseline.firstVisit)}); largest page chunk ${kb(dashboard.largestPage)}; all chunks ${kb(dashboard.total)}`,
  );
}
