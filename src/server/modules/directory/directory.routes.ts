import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { STAFF } from '../../platform/auth/principal.js';
import { page } from '../../platform/http/pagination.js';
import { errorResponses, idParams } from '../../platform/http/schemas.js';
import type { DirectoryKind } from './directory.repository.js';
import * as s from './directory.schemas.js';
import * as service from './directory.service.js';

const RESOURCES: {
  kind: DirectoryKind;
  one: string;
  input: z.ZodType;
  update: z.ZodType;
  output: z.ZodType;
}[] = [
  {
    kind: 'departments',
    one: 'department',
    input: s.departmentInput,
    update: s.departmentUpdate,
    output: s.department,
  },
  {
    kind: 'locations',
    one: 'location',
    input: s.locationInput,
    update: s.locationUpdate,
    output: s.location,
  },
  {
    kind: 'practitioners',
    one: 'practitioner',
    input: s.practitionerInput,
    update: s.practitionerUpdate,
    output: s.practitioner,
  },
];

/** Departments, locations and practitioners: readable by every role (analysts filter by them). */
export async function directoryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  for (const { kind, one, input, update, output } of RESOURCES) {
    const tags = [kind];
    const write = { auth: STAFF };
    app.get(
      `/${kind}`,
      {
        schema: {
          tags,
          summary: `List ${kind}`,
          querystring: s.directoryQuery,
          response: { 200: page(output), ...errorResponses },
        },
      },
      (req) => service.listEntries(db, ctxOf(req), kind, req.query),
    );
    app.post(
      `/${kind}`,
      {
        config: write,
        schema: {
          tags,
          summary: `Create a ${one}`,
          body: input,
          response: { 201: output, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await service.createEntry(db, ctxOf(req), kind, req.body as { name: string })),
    );
    app.get(
      `/${kind}/:id`,
      {
        schema: {
          tags,
          summary: `Read a ${one}`,
          params: idParams,
          response: { 200: output, ...errorResponses },
        },
      },
      (req) => service.getEntry(db, ctxOf(req), kind, req.params.id),
    );
    app.patch(
      `/${kind}/:id`,
      {
        config: write,
        schema: {
          tags,
          summary: `Update a ${one}`,
          params: idParams,
          body: update,
          response: { 200: output, ...errorResponses },
        },
      },
      (req) => service.updateEntry(db, ctxOf(req), kind, req.params.id, req.body as object),
    );
    app.delete(
      `/${kind}/:id`,
      {
        config: write,
        schema: {
          tags,
          summary: `Delete a ${one} (409 while still referenced)`,
          params: idParams,
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        await service.deleteEntry(db, ctxOf(req), kind, req.params.id);
        return reply.code(204).send(null);
      },
    );
  }
}
