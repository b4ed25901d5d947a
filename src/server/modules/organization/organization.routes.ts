import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { ADMIN, assertRole } from '../../platform/auth/principal.js';
import { organizations } from '../../platform/db/schema/index.js';
import { errorResponses, text } from '../../platform/http/schemas.js';

export const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown IANA time zone');

const organization = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  time_zone: z.string(),
  locale: z.string(),
  created_at: z.date(),
});
const organizationUpdate = z
  .strictObject({
    name: text(200),
    time_zone: timeZone,
    locale: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');

/** The signed-in principal's own organisation; there is no route to any other. */
export async function organizationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const tags = ['organization'];
  const columns = {
    id: organizations.id,
    name: organizations.name,
    slug: organizations.slug,
    time_zone: organizations.time_zone,
    locale: organizations.locale,
    created_at: organizations.created_at,
  };
  app.get(
    '/organization',
    { schema: { tags, summary: 'This organisation', response: { 200: organization, ...errorResponses } } },
    async (req) => {
      const [row] = await db
        .select(columns)
        .from(organizations)
        .where(eq(organizations.id, ctxOf(req).principal.tenantId));
      return row;
    },
  );
  app.patch(
    '/organization',
    {
      config: { auth: ADMIN },
      schema: {
        tags,
        summary: 'Change name, time zone or locale',
        body: organizationUpdate,
        response: { 200: organization, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      assertRole(ctx, ADMIN);
      const [row] = await db
        .update(organizations)
        .set(req.body)
        .where(eq(organizations.id, ctx.principal.tenantId))
        .returning(columns);
      return row;
    },
  );
}
