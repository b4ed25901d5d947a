import type { SecretBox } from '../../platform/auth/secret-box.js';
import type { Db } from '../../platform/db/client.js';
import { type ChannelRow, findChannelByAddress } from './channels.repository.js';
import { addressPhone } from './twilio-params.js';

export type ResolvedChannel = {
  id: string;
  tenantId: string;
  accountSid: string;
  sender: string | null;
  messagingServiceSid: string | null;
  authToken: string;
};

const TTL_MS = 15_000;

export function resolved(row: ChannelRow, box: SecretBox): ResolvedChannel {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    accountSid: row.account_sid,
    sender: row.sender,
    messagingServiceSid: row.messaging_service_sid,
    authToken: box.open(row.auth_token_enc),
  };
}

/**
 * Webhook → channel (and so tenant and auth token), cached briefly: every inbound webhook needs it, and
 * a token change reaches other processes within the TTL (this process drops its cache at once).
 */
export function channelDirectory(db: Db, box: SecretBox) {
  const cache = new Map<string, { at: number; channel: ResolvedChannel | null }>();
  return {
    /** `address` as Twilio sends it (`whatsapp:+1415…`); it is normalised only on a cache miss. */
    async lookup(accountSid: string, address: string | null, serviceSid: string | null) {
      const key = `${accountSid}|${address ?? ''}|${serviceSid ?? ''}`;
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < TTL_MS) return hit.channel;
      const row = await findChannelByAddress(db, accountSid, addressPhone(address), serviceSid);
      const channel = row ? resolved(row, box) : null;
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { at: Date.now(), channel });
      return channel;
    },
    invalidate() {
      cache.clear();
    },
  };
}
export type ChannelDirectory = ReturnType<typeof channelDirectory>;
