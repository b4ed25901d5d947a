import { audit } from '../../platform/audit.js';
import { assertRole, type Ctx, STAFF } from '../../platform/auth/principal.js';
import type { Db } from '../../platform/db/client.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import type { ChannelDirectory } from './channel-directory.js';
import * as repo from './whatsapp.repository.js';

export const MEDIA_JOB = 'whatsapp.media';

export type MediaJob = {
  tenant_id: string;
  media_id: string;
  account_sid: string;
  address: string | null;
  service_sid: string | null;
};

export type MediaDeps = {
  db: Db;
  channels: ChannelDirectory;
  maxBytes: number;
  /** URLs that may receive the account's credentials: Twilio's https hosts, plus a configured local fake. */
  trusted: (url: URL) => boolean;
  log: { warn(obj: object, msg: string): void };
};

export function twilioUrlCheck(fakeBaseUrl: string | undefined) {
  const fake = fakeBaseUrl ? new URL(fakeBaseUrl).origin : null;
  return (url: URL) =>
    (url.protocol === 'https:' &&
      (url.hostname === 'api.twilio.com' || url.hostname.endsWith('.twilio.com'))) ||
    url.origin === fake;
}

class TransientDownloadError extends Error {}

/** GET with the account's basic auth; redirects (Twilio answers with its CDN) are followed without it. */
async function download(url: URL, auth: string, maxBytes: number) {
  let res = await fetch(url, { headers: { authorization: auth }, redirect: 'manual' });
  for (let hop = 0; hop < 3 && res.status >= 300 && res.status < 400; hop++) {
    const next = res.headers.get('location');
    if (!next) break;
    res = await fetch(new URL(next, url), { redirect: 'manual' });
  }
  if (res.status >= 500 || res.status === 429) throw new TransientDownloadError(`HTTP ${res.status}`);
  if (!res.ok || !res.body) return { error: `HTTP ${res.status}` } as const;
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) return { error: 'too large' } as const;
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.length;
    if (size > maxBytes) {
      await reader.cancel();
      return { error: 'too large' } as const;
    }
    chunks.push(Buffer.from(r.value));
  }
  return { data: Buffer.concat(chunks) } as const;
}

/** Background job: fetch one attachment from Twilio's hosts only, with the tenant's own credentials. */
export function mediaJobHandler(deps: MediaDeps) {
  return async (job: MediaJob) => {
    const media = await repo.findMedia(deps.db, job.tenant_id, job.media_id);
    if (media?.status !== 'pending') return; // gone, or already handled by an earlier attempt
    const url = URL.canParse(media.source_url) ? new URL(media.source_url) : null;
    if (!url || !deps.trusted(url)) return refuse(deps, job, url?.host ?? 'invalid');
    const channel = await deps.channels.lookup(job.account_sid, job.address, job.service_sid);
    if (!channel || channel.tenantId !== job.tenant_id) {
      await repo.updateMedia(deps.db, job.tenant_id, media.id, { status: 'failed', error: 'channel gone' });
      return;
    }
    const auth = `Basic ${Buffer.from(`${channel.accountSid}:${channel.authToken}`).toString('base64')}`;
    const result = await download(url, auth, deps.maxBytes);
    if ('error' in result) {
      await repo.updateMedia(deps.db, job.tenant_id, media.id, { status: 'failed', error: result.error });
      return;
    }
    await repo.updateMedia(deps.db, job.tenant_id, media.id, {
      status: 'stored',
      data: result.data,
      size_bytes: result.data.length,
      error: null,
    });
  };
}

async function refuse(deps: MediaDeps, job: MediaJob, host: string) {
  deps.log.warn({ media_id: job.media_id, host }, 'media URL not on a Twilio host; not fetched');
  await repo.updateMedia(deps.db, job.tenant_id, job.media_id, {
    status: 'refused',
    error: 'not a Twilio host',
  });
}

export async function getMedia(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, STAFF);
  const media = await repo.findMedia(db, ctx.principal.tenantId, id);
  if (!media) throw notFound('Media');
  if (media.status !== 'stored' || !media.data)
    throw conflict(
      `media_${media.status}`,
      `This attachment is ${media.status}${media.error ? ` (${media.error})` : ''}`,
    );
  await audit(db, ctx, 'read', 'message_media', [media.id]);
  return media;
}
