import { expect, it } from 'vitest';
import { z } from 'zod';
import { appointment } from '../../server/modules/appointments/appointments.schemas.js';
import { page } from '../../server/platform/http/pagination.js';
import { reviveDates } from './revive.js';

it('turns exactly the z.date() fields of a response back into Dates, so the server schema parses it', () => {
  const schema = page(
    z.object({
      at: z.date(),
      maybe: z.date().nullable(),
      dob: z.string(),
      nested: z.array(z.object({ t: z.date() })),
    }),
  );
  const wire = JSON.parse(
    JSON.stringify({
      data: [
        { at: new Date(0), maybe: null, dob: '2000-01-02T03:04:05.000Z', nested: [{ t: new Date(1000) }] },
      ],
      next_cursor: null,
    }),
  );
  const parsed = schema.parse(reviveDates(schema, wire));
  const row = parsed.data[0];
  expect(row?.at).toEqual(new Date(0));
  expect(row?.maybe).toBeNull();
  // A string that merely looks like a timestamp stays a string where the schema says string.
  expect(row?.dob).toBe('2000-01-02T03:04:05.000Z');
  expect(row?.nested[0]?.t).toEqual(new Date(1000));
});

it('leaves a response that breaks the contract to fail parsing', () => {
  const revived = reviveDates(appointment, { id: 'x', starts_at: 'not a date' });
  expect(appointment.safeParse(revived).success).toBe(false);
});
