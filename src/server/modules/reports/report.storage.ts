import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { ReportFormat } from '../../platform/db/schema/index.js';

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Generated files live under DATA_DIR/reports/<tenant>/<report id>.<ext>: the tenant is part of the
 * path, and the path is derived from ids only (never from a title), so no name can escape the folder.
 */
export class ReportStorage {
  constructor(private readonly dataDir: string) {}

  pathOf(tenantId: string, reportId: string, format: ReportFormat) {
    return path.join(this.dataDir, 'reports', tenantId, `${reportId}.${format}`);
  }

  /** Write to a temporary name and rename when complete, so a half-written file is never served. */
  async write(
    tenantId: string,
    reportId: string,
    format: ReportFormat,
    fill: (out: Writable) => Promise<void>,
  ) {
    const final = this.pathOf(tenantId, reportId, format);
    mkdirSync(path.dirname(final), { recursive: true });
    const part = `${final}.part`;
    const out = createWriteStream(part);
    const closed = new Promise<void>((resolve, reject) => out.on('close', resolve).on('error', reject));
    try {
      await fill(out);
      if (!out.writableEnded) out.end();
      await closed;
      await rename(part, final);
    } catch (err) {
      out.destroy();
      await rm(part, { force: true });
      throw err;
    }
    return (await stat(final)).size;
  }

  read(tenantId: string, reportId: string, format: ReportFormat) {
    return createReadStream(this.pathOf(tenantId, reportId, format));
  }

  readAll(tenantId: string, reportId: string, format: ReportFormat) {
    return readFileSync(this.pathOf(tenantId, reportId, format));
  }
}

/** Expiring download links: HMAC-SHA256 over the report id and expiry instant. */
export class LinkSigner {
  private key: Buffer | null = null;
  constructor(
    private readonly secret: string | undefined,
    private readonly dataDir: string,
  ) {}
  /** Read (or make) the key on first use, so a process that never signs a link writes nothing. */
  private keyOf() {
    this.key ??= Buffer.from(this.secret ?? persistentSecret(this.dataDir));
    return this.key;
  }
  sign(reportId: string, expires: number) {
    return createHmac('sha256', this.keyOf()).update(`${reportId}.${expires}`).digest('base64url');
  }
  verify(reportId: string, expires: number, sig: string, now = Date.now()) {
    if (expires * 1000 < now) return false;
    const want = Buffer.from(this.sign(reportId, expires));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}

/** Without REPORT_LINK_SECRET a key is made once and kept beside the data, so links survive restarts. */
function persistentSecret(dataDir: string) {
  const file = path.join(dataDir, 'report-link.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}
