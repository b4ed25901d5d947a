import type { DbOrTx } from '../../platform/db/client.js';
import { organizations } from '../../platform/db/schema/index.js';

export async function insertOrganization(
  db: DbOrTx,
  values: { name: string; slug: string; time_zone?: string; locale?: string },
) {
  const [row] = await db.insert(organizations).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}
