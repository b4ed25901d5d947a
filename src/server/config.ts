import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: bool.default(true),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  COOKIE_SECURE: bool.optional(),
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  SECRETS_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  TWILIO_API_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  WHATSAPP_MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(16 * 1024 * 1024),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).default('PRM Reports <reports@localhost>'),
  REPORT_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  REPORT_ATTACH_MAX_MB: z.coerce.number().min(0).max(50).default(10),
  REPORT_LINK_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  REPORT_SYNC_MAX_ROWS: z.coerce.number().int().min(0).max(1_000_000).default(5000),
  REPORT_SCHEDULER_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  ANALYTICS_SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  ANALYTICS_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  ASSISTANT_LLM_URL: z.url({ protocol: /^https?$/ }).optional(),
  ASSISTANT_LLM_API_KEY: z.string().min(1).max(500).optional(),
  ASSISTANT_LLM_MODEL: z.string().min(1).max(200).default('gpt-4o-mini'),
  ASSISTANT_LLM_MAX_STEPS: z.coerce.number().int().min(1).max(20).default(6),
  ASSISTANT_LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  ASSISTANT_LLM_PATIENT_TOOLS: bool.default(false),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** postgres:// for a server; undefined means embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /**
   * What this process runs (decision 0307): `all` (one process: HTTP and the background work), `api`
   * (HTTP only; stored webhooks are announced to the workers) or `worker` (ledger processing, the
   * analytics fold, jobs and schedules; HTTP for its probes only).
   */
  role: 'all' | 'api' | 'worker';
  publicUrl: string;
  logLevel: string;
  seedDemo: boolean;
  sessionTtlHours: number;
  loginRateLimit: number;
  cookieSecure: boolean;
  /** Shed load with 503 once the event loop lags this much; 0 turns shedding off. */
  maxEventLoopDelayMs: number;
  /** Key that encrypts stored credentials; absent means a key file under dataDir (made on first use). */
  secretsKey: string | undefined;
  /** Where Twilio's REST API is reached; set only to point at a local fake (tests, demos). */
  twilioApiBaseUrl: string | undefined;
  whatsappMediaMaxBytes: number;
  reports: {
    /** SMTP server for scheduled report e-mail; unset means deliveries fail with a clear error. */
    smtpUrl: string | undefined;
    mailFrom: string;
    /** HMAC key of expiring download links; unset means one is generated and kept under dataDir. */
    linkSecret: string | undefined;
    attachMaxBytes: number;
    linkTtlHours: number;
    /** Row exports up to this many rows are answered at once; bigger ones run in the background. */
    syncMaxRows: number;
    /** How often each worker looks for due schedules; 0 turns the clock off (tests drive it). */
    schedulerMs: number;
  };
  /** How often each process sweeps for unfolded analytics changes (they are also folded on NOTIFY). */
  analyticsSweepMs: number;
  /** Heartbeat interval of the analytics live stream. */
  analyticsHeartbeatMs: number;
  /** An OpenAI-compatible chat completions endpoint for POST /assistant/ask; null: the offline interpreter. */
  assistantLlm: {
    url: string;
    apiKey: string;
    model: string;
    maxSteps: number;
    timeoutMs: number;
    /** Whether the model may call patient tools (their results then leave for the endpoint). */
    patientTools: boolean;
  } | null;
};

export class ConfigError extends Error {}

/** Whether this process does the background work (everything but answering HTTP). */
export const runsWorkers = (config: Pick<Config, 'role'>) => config.role !== 'api';

/** Environment → typed config. A bad value throws one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most deployment tools.
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `Invalid ${issue?.path.join('.') ?? 'configuration'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const e = parsed.data;
  if (Boolean(e.ASSISTANT_LLM_URL) !== Boolean(e.ASSISTANT_LLM_API_KEY))
    throw new ConfigError(
      'Invalid ASSISTANT_LLM_URL: set both ASSISTANT_LLM_URL and ASSISTANT_LLM_API_KEY, or neither',
    );
  if (e.ROLE !== 'all' && !e.DATABASE_URL)
    throw new ConfigError(
      `Invalid ROLE: ROLE=${e.ROLE} splits the work between processes that share a PostgreSQL server (DATABASE_URL); the embedded database belongs to one process`,
    );
  // Each process would otherwise default to its own localhost:PORT: a worker's status callbacks and
  // e-mailed links would point at itself, and an API behind a proxy would check signatures for a URL
  // Twilio never called.
  if (e.ROLE !== 'all' && !e.PUBLIC_URL)
    throw new ConfigError(
      `Invalid PUBLIC_URL: ROLE=${e.ROLE} needs the public URL that all processes share (the one Twilio calls and e-mails link to)`,
    );
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    role: e.ROLE,
    publicUrl,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    cookieSecure: e.COOKIE_SECURE ?? publicUrl.startsWith('https://'),
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    secretsKey: e.SECRETS_KEY,
    twilioApiBaseUrl: e.TWILIO_API_BASE_URL?.replace(/\/$/, ''),
    whatsappMediaMaxBytes: e.WHATSAPP_MEDIA_MAX_BYTES,
    reports: {
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      linkSecret: e.REPORT_LINK_SECRET,
      attachMaxBytes: Math.round(e.REPORT_ATTACH_MAX_MB * 1024 * 1024),
      linkTtlHours: e.REPORT_LINK_TTL_HOURS,
      syncMaxRows: e.REPORT_SYNC_MAX_ROWS,
      schedulerMs: e.REPORT_SCHEDULER_MS,
    },
    analyticsSweepMs: e.ANALYTICS_SWEEP_MS,
    analyticsHeartbeatMs: e.ANALYTICS_HEARTBEAT_MS,
    assistantLlm:
      e.ASSISTANT_LLM_URL && e.ASSISTANT_LLM_API_KEY
        ? {
            url: e.ASSISTANT_LLM_URL.replace(/\/$/, ''),
            apiKey: e.ASSISTANT_LLM_API_KEY,
            model: e.ASSISTANT_LLM_MODEL,
            maxSteps: e.ASSISTANT_LLM_MAX_STEPS,
            timeoutMs: e.ASSISTANT_LLM_TIMEOUT_MS,
            patientTools: e.ASSISTANT_LLM_PATIENT_TOOLS,
          }
        : null,
  };
}
