import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { STAFF } from '../../platform/auth/principal.js';
import { page } from '../../platform/http/pagination.js';
import { errorResponses, idParams } from '../../platform/http/schemas.js';
import * as s from './appointments.schemas.js';
import * as service from './appointments.service.js';

export async function appointmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const config = { auth: STAFF };
  const tags = ['appointments'];
  app.get(
    '/appointments',
    {
      config,
      schema: {
        tags,
        summary: 'List appointments by start time (filters: range, practitioner, patient, status…)',
        querystring: s.appointmentQuery,
        response: { 200: page(s.appointment), ...errorResponses },
      },
    },
    (req) => service.listAppointments(db, ctxOf(req), req.query),
  );
  app.post(
    '/appointments',
    {
      config,
      schema: {
        tags,
        summary: 'Book an appointment (409 when the practitioner is already booked)',
        body: s.appointmentCreate,
        response: { 201: s.appointment, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.bookAppointment(db, ctxOf(req), req.body)),
  );
  app.get(
    '/appointments/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Read an appointment',
        params: idParams,
        response: { 200: s.appointment, ...errorResponses },
      },
    },
    (req) => service.getAppointment(db, ctxOf(req), req.params.id),
  );
  app.patch(
    '/appointments/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Reschedule: time, duration, practitioner or location (booked/confirmed only)',
        params: idParams,
        body: s.appointmentReschedule,
        response: { 200: s.appointment, ...errorResponses },
      },
    },
    (req) => service.rescheduleAppointment(db, ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/appointments/:id/status',
    {
      config,
      schema: {
        tags,
        summary: 'Move along the lifecycle: confirmed, checked_in, completed, cancelled, no_show',
        description: 'Illegal transitions answer 409 with the reason.',
        params: idParams,
        body: s.statusChange,
        response: { 200: s.appointment, ...errorResponses },
      },
    },
    (req) => service.changeStatus(db, ctxOf(req), req.params.id, req.body.status, req.body.reason),
  );
}
