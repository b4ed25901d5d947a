import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { STAFF } from '../../platform/auth/principal.js';
import { page } from '../../platform/http/pagination.js';
import { errorResponses, idParams } from '../../platform/http/schemas.js';
import * as s from './journeys.schemas.js';
import * as service from './journeys.service.js';

export async function journeyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.database;
  const staff = { auth: STAFF };
  const tags = ['journeys'];
  const one = { 200: s.journey, ...errorResponses };

  app.get(
    '/journey-templates',
    {
      schema: {
        tags,
        summary: 'List journey templates with their stages',
        response: { 200: z.object({ data: z.array(s.template) }), ...errorResponses },
      },
    },
    (req) => service.listTemplates(db, ctxOf(req)),
  );
  app.post(
    '/journey-templates',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Create a journey template with ordered stages',
        body: s.templateCreate,
        response: { 201: s.template, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createTemplate(db, ctxOf(req), req.body)),
  );
  app.get(
    '/journey-templates/:id',
    {
      schema: {
        tags,
        summary: 'Read a journey template',
        params: idParams,
        response: { 200: s.template, ...errorResponses },
      },
    },
    (req) => service.getTemplate(db, ctxOf(req), req.params.id),
  );
  app.patch(
    '/journey-templates/:id',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Rename or describe a template',
        params: idParams,
        body: s.templateUpdate,
        response: { 200: s.template, ...errorResponses },
      },
    },
    (req) => service.updateTemplate(db, ctxOf(req), req.params.id, req.body),
  );

  app.get(
    '/journeys',
    {
      config: staff,
      schema: {
        tags,
        summary: 'List patient journeys',
        querystring: s.journeyQuery,
        response: { 200: page(s.journey), ...errorResponses },
      },
    },
    (req) => service.listJourneys(db, ctxOf(req), req.query),
  );
  app.post(
    '/journeys',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Start a journey for a patient from a template',
        body: s.journeyStart,
        response: { 201: s.journey, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.startJourney(db, ctxOf(req), req.body)),
  );
  app.get(
    '/journeys/:id',
    {
      config: staff,
      schema: { tags, summary: 'Read a journey with stages and progress %', params: idParams, response: one },
    },
    (req) => service.getJourney(db, ctxOf(req), req.params.id),
  );
  app.post(
    '/journeys/:id/advance',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Complete the current stage and start the next',
        params: idParams,
        response: one,
      },
    },
    (req) => service.actOnStage(db, ctxOf(req), req.params.id, 'current', 'complete'),
  );
  app.post(
    '/journeys/:id/stages/:position/complete',
    { config: staff, schema: { tags, summary: 'Complete one stage', params: s.stageParams, response: one } },
    (req) => service.actOnStage(db, ctxOf(req), req.params.id, req.params.position, 'complete'),
  );
  app.post(
    '/journeys/:id/stages/:position/cancel',
    {
      config: staff,
      schema: { tags, summary: 'Cancel (skip) one stage', params: s.stageParams, response: one },
    },
    (req) => service.actOnStage(db, ctxOf(req), req.params.id, req.params.position, 'cancel'),
  );
  app.post(
    '/journeys/:id/cancel',
    {
      config: staff,
      schema: { tags, summary: 'Cancel the journey', params: idParams, body: s.cancelBody, response: one },
    },
    (req) => service.cancelJourney(db, ctxOf(req), req.params.id, req.body?.reason),
  );
}
