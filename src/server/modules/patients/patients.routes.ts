import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { STAFF } from '../../platform/auth/principal.js';
import { page } from '../../platform/http/pagination.js';
import { errorResponses, idParams } from '../../platform/http/schemas.js';
import * as s from './patients.schemas.js';
import * as service from './patients.service.js';

export async function patientRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const config = { auth: STAFF };
  const tags = ['patients'];

  app.get(
    '/patients',
    {
      config,
      schema: {
        tags,
        summary: 'List or search patients by name or phone',
        querystring: s.patientQuery,
        response: { 200: page(s.patient), ...errorResponses },
      },
    },
    (req) => service.listPatients(db, ctxOf(req), req.query),
  );
  app.post(
    '/patients',
    {
      config,
      schema: {
        tags,
        summary: 'Create a patient',
        body: s.patientCreate,
        response: { 201: s.patient, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createPatient(db, ctxOf(req), req.body)),
  );
  app.get(
    '/patients/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Read a patient',
        params: idParams,
        response: { 200: s.patient, ...errorResponses },
      },
    },
    (req) => service.getPatient(db, ctxOf(req), req.params.id),
  );
  app.patch(
    '/patients/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Update a patient',
        params: idParams,
        body: s.patientUpdate,
        response: { 200: s.patient, ...errorResponses },
      },
    },
    (req) => service.updatePatient(db, ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/patients/:id/merge',
    {
      config,
      schema: {
        tags,
        summary: 'Merge a duplicate patient into this one',
        description:
          'Moves appointments, journeys, conversations, messages and calls of `duplicate_id` to this patient; the duplicate is hidden.',
        params: idParams,
        body: s.patientMerge,
        response: { 200: s.mergeResult, ...errorResponses },
      },
    },
    (req) => service.mergePatients(db, ctxOf(req), req.params.id, req.body.duplicate_id),
  );
}
