import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';

/**
 * The key that encrypts credentials at rest: SECRETS_KEY when set (production: keep it in the secret
 * store, never in the database), else a key file under DATA_DIR created on first use with mode 0600.
 */
export function loadSecretsKey(opts: { secretsKey: string | undefined; dataDir: string }): Buffer {
  if (opts.secretsKey) return Buffer.from(opts.secretsKey, 'base64');
  const file = path.join(opts.dataDir, 'secrets.key');
  mkdirSync(opts.dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

/** AES-256-GCM: a sealed value is `v1:<iv>:<tag>:<ciphertext>` (base64), authenticated. */
export function secretBox(key: Buffer) {
  return {
    seal(plain: string): string {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return [VERSION, iv, c.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
        .join(':');
    },
    open(sealed: string): string {
      const [v, iv, tag, body] = sealed.split(':');
      if (v !== VERSION || !iv || !tag || !body) throw new Error('unknown sealed secret format');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      d.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
    },
  };
}
export type SecretBox = ReturnType<typeof secretBox>;
