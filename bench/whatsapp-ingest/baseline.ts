import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * The per-request write transaction the ingest replaces — BEGIN; insert one ledger row ON CONFLICT DO
 * NOTHING; COMMIT — at the same number of clients, measured by pgbench when it is installed, else by a
 * raw `pg` loop doing exactly the same.
 */
export async function measureBaseline(url: string, o: { seconds: number; clients: number }) {
  const script = `\\set n random(1, 1000000000)
BEGIN;
INSERT INTO webhook_events (id, provider, external_id, tenant_id, event_type, ref, headers, body)
VALUES (gen_random_uuid(), 'bench-baseline', 'SM' || :n || '-' || :client_id || '-' || random(), NULL, 'message', NULL, '{}',
  'MessageSid=SMxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx&AccountSid=ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx&From=whatsapp%3A%2B919812345678&To=whatsapp%3A%2B14155550100&Body=Hello+I+would+like+an+appointment&NumMedia=0&ProfileName=Asha&WaId=919812345678&MessageType=text&SmsStatus=received&ApiVersion=2010-04-01')
ON CONFLICT (provider, external_id) DO NOTHING;
COMMIT;
`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prm-bench-'));
  const file = path.join(dir, 'ledger.sql');
  writeFileSync(file, script);
  try {
    const run = spawnSync(
      'pgbench',
      ['-n', '-f', file, '-c', String(o.clients), '-j', '2', '-T', String(o.seconds), url],
      {
        encoding: 'utf8',
      },
    );
    const m = /tps = ([\d.]+)/.exec(run.stdout ?? '');
    if (run.status === 0 && m) return { tool: 'pgbench', perSecond: Number(m[1]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { tool: 'pg loop', perSecond: await rawLoop(url, o) };
}

async function rawLoop(url: string, o: { seconds: number; clients: number }) {
  const pool = new pg.Pool({ connectionString: url, max: o.clients });
  const end = Date.now() + o.seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: o.clients }, async (_, c) => {
      const client = await pool.connect();
      try {
        for (let i = 0; Date.now() < end; i++) {
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO webhook_events (id, provider, external_id, event_type, headers, body)
             VALUES (gen_random_uuid(), 'bench-baseline', $1, 'message', '{}', $2) ON CONFLICT (provider, external_id) DO NOTHING`,
            [`SM${c}-${i}-${Math.random()}`, 'MessageSid=SM&Body=Hello'],
          );
          await client.query('COMMIT');
          done++;
        }
      } finally {
        client.release();
      }
    }),
  );
  await pool.end();
  return done / o.seconds;
}
