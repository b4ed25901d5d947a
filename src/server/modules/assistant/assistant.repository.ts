import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { departments, journeyTemplates, locations, practitioners } from '../../platform/db/schema/index.js';
import type { Directory } from './nl/nl.entities.js';

/** Names a question may use, capped: a tenant with more than this many of one kind gets the first ones. */
const MAX_NAMES = 5000;

/** The tenant's practitioners, departments, locations and journey templates, for resolving names. */
export async function directoryOf(db: DbOrTx, tenantId: string): Promise<Directory> {
  const named = { id: departments.id, name: departments.name };
  const [p, d, l, t] = await Promise.all([
    db
      .select({
        id: practitioners.id,
        name: practitioners.name,
        specialty: practitioners.specialty,
        department_id: practitioners.department_id,
      })
      .from(practitioners)
      .where(eq(practitioners.tenant_id, tenantId))
      .orderBy(asc(practitioners.name))
      .limit(MAX_NAMES),
    db.select(named).from(departments).where(eq(departments.tenant_id, tenantId)).limit(MAX_NAMES),
    db
      .select({ id: locations.id, name: locations.name })
      .from(locations)
      .where(eq(locations.tenant_id, tenantId))
      .limit(MAX_NAMES),
    db
      .select({ id: journeyTemplates.id, name: journeyTemplates.name })
      .from(journeyTemplates)
      .where(eq(journeyTemplates.tenant_id, tenantId))
      .limit(MAX_NAMES),
  ]);
  return { practitioners: p, departments: d, locations: l, templates: t };
}
