import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { STAFF } from '../../platform/auth/principal.js';
import { page } from '../../platform/http/pagination.js';
import { errorResponses, idParams } from '../../platform/http/schemas.js';
import * as s from './conversations.schemas.js';
import * as service from './conversations.service.js';

export async function conversationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  const config = { auth: STAFF };
  const tags = ['conversations'];
  const one = { 200: s.conversation, ...errorResponses };

  app.get(
    '/conversations',
    {
      config,
      schema: {
        tags,
        summary: 'List conversations, newest activity first',
        description:
          '`assignee_id` takes a user id, `me` or `none`; `patient_id` keeps the conversations of one patient; `q` searches patient name, phone digits and message text.',
        querystring: s.conversationQuery,
        response: { 200: page(s.conversation), ...errorResponses },
      },
    },
    (req) => service.listConversations(db, ctxOf(req), req.query),
  );
  app.get(
    '/conversations/:id',
    { config, schema: { tags, summary: 'Read a conversation', params: idParams, response: one } },
    (req) => service.getConversation(db, ctxOf(req), req.params.id),
  );
  app.get(
    '/conversations/:id/messages',
    {
      config,
      schema: {
        tags,
        summary: 'The thread: messages oldest first',
        params: idParams,
        querystring: s.messagesQuery,
        response: { 200: page(s.message), ...errorResponses },
      },
    },
    (req) => service.listMessages(db, ctxOf(req), req.params.id, req.query),
  );
  app.post(
    '/conversations/:id/assign',
    {
      config,
      schema: {
        tags,
        summary: 'Assign to a user (null unassigns)',
        params: idParams,
        body: s.assignBody,
        response: one,
      },
    },
    (req) => service.assignConversation(db, ctxOf(req), req.params.id, req.body.assignee_id),
  );
  for (const [action, summary, fn] of [
    ['close', 'Close the conversation', service.closeConversation],
    ['reopen', 'Reopen the conversation', service.reopenConversation],
    ['read', 'Mark every message read (unread count to 0)', service.markRead],
  ] as const) {
    app.post(
      `/conversations/:id/${action}`,
      { config, schema: { tags, summary, params: idParams, response: one } },
      (req) => fn(db, ctxOf(req), req.params.id),
    );
  }
}
