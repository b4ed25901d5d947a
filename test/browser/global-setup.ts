import { execFileSync } from 'node:child_process';

/** The tests drive the production bundle, built (when stale) exactly as `npm start` builds it. */
export default function setup() {
  execFileSync('npx', ['tsx', 'scripts/build-dashboard.ts'], { stdio: 'inherit' });
}
