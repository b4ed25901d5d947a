import { z } from 'zod';
import * as analytics from '../../server/modules/analytics/analytics.schemas.js';
import * as appointments from '../../server/modules/appointments/appointments.schemas.js';
import * as auth from '../../server/modules/auth/auth.schemas.js';
import * as conversations from '../../server/modules/conversations/conversations.schemas.js';
import * as directory from '../../server/modules/directory/directory.schemas.js';
import * as journeys from '../../server/modules/journeys/journeys.schemas.js';
import * as patients from '../../server/modules/patients/patients.schemas.js';
import * as users from '../../server/modules/users/users.schemas.js';
import * as voice from '../../server/modules/voice/voice.schemas.js';
import * as whatsapp from '../../server/modules/whatsapp/whatsapp.schemas.js';
import { page } from '../../server/platform/http/pagination.js';
import { call } from './client.js';

/** Every endpoint the dashboard uses, typed by the server's own request and response schemas. */

export type Me = z.infer<typeof auth.me>;
export type Patient = z.infer<typeof patients.patient>;
export type Appointment = z.infer<typeof appointments.appointment>;
export type AppointmentStatus = Appointment['status'];
export type Journey = z.infer<typeof journeys.journey>;
export type Practitioner = z.infer<typeof directory.practitioner>;
export type Dashboard = z.infer<typeof analytics.dashboardResponse>;
export type AnalyticsQuery = z.input<typeof analytics.analyticsQuery>;
export type MetricValue = z.infer<typeof analytics.metricValue>;
export type Conversation = z.infer<typeof conversations.conversation>;
export type Message = z.infer<typeof conversations.message>;
export type ConversationPage = z.infer<ReturnType<typeof page<typeof conversations.conversation>>>;
export type User = z.infer<typeof users.user>;
export type Call = z.infer<typeof voice.call>;
export type CallDetail = z.infer<typeof voice.callDetail>;

/** Query strings as the client writes them: what the server's schema yields, with instants as ISO strings. */
type QueryOf<S extends z.ZodType> = {
  [K in keyof z.output<S>]?: (z.output<S>[K] extends Date | undefined ? string : z.output<S>[K]) | undefined;
};

export const api = {
  me: () => call(auth.me, 'GET', '/auth/me'),
  login: (body: z.input<typeof auth.login>) => call(auth.me, 'POST', '/auth/login', { body }),
  logout: () => call(z.null(), 'POST', '/auth/logout'),

  patients: (query: QueryOf<typeof patients.patientQuery>, signal?: AbortSignal) =>
    call(page(patients.patient), 'GET', '/patients', { query, signal }),
  patient: (id: string) => call(patients.patient, 'GET', `/patients/${id}`),

  appointments: (query: QueryOf<typeof appointments.appointmentQuery>) =>
    call(page(appointments.appointment), 'GET', '/appointments', { query }),
  book: (body: z.input<typeof appointments.appointmentCreate>) =>
    call(appointments.appointment, 'POST', '/appointments', { body }),
  changeStatus: (id: string, body: z.input<typeof appointments.statusChange>) =>
    call(appointments.appointment, 'POST', `/appointments/${id}/status`, { body }),

  journeys: (query: QueryOf<typeof journeys.journeyQuery>) =>
    call(page(journeys.journey), 'GET', '/journeys', { query }),

  practitioners: (query: QueryOf<typeof directory.directoryQuery>) =>
    call(page(directory.practitioner), 'GET', '/practitioners', { query }),
  departments: (query: QueryOf<typeof directory.directoryQuery>) =>
    call(page(directory.department), 'GET', '/departments', { query }),
  locations: (query: QueryOf<typeof directory.directoryQuery>) =>
    call(page(directory.location), 'GET', '/locations', { query }),

  dashboard: (query: AnalyticsQuery, signal?: AbortSignal) =>
    call(analytics.dashboardResponse, 'GET', '/analytics/dashboard', { query, signal }),

  conversations: (
    query: Omit<z.input<typeof conversations.conversationQuery>, 'limit'> & { limit?: number },
    signal?: AbortSignal,
  ) => call(page(conversations.conversation), 'GET', '/conversations', { query, signal }),
  conversation: (id: string) => call(conversations.conversation, 'GET', `/conversations/${id}`),
  thread: (id: string, query: QueryOf<typeof conversations.messagesQuery>) =>
    call(page(conversations.message), 'GET', `/conversations/${id}/messages`, { query }),
  assign: (id: string, assignee_id: string | null) =>
    call(conversations.conversation, 'POST', `/conversations/${id}/assign`, { body: { assignee_id } }),
  /** Close, reopen, or mark read (unread count to 0); each answers the changed conversation. */
  conversationAction: (id: string, action: 'close' | 'reopen' | 'read') =>
    call(conversations.conversation, 'POST', `/conversations/${id}/${action}`),
  send: (body: z.input<typeof whatsapp.sendBody>) =>
    call(whatsapp.message, 'POST', '/whatsapp/send', { body }),

  /** Admins only (the API refuses others). */
  users: (query: QueryOf<typeof users.userQuery>) => call(page(users.user), 'GET', '/users', { query }),

  calls: (query: QueryOf<typeof voice.callQuery>) => call(page(voice.call), 'GET', '/voice/calls', { query }),
  call: (id: string) => call(voice.callDetail, 'GET', `/voice/calls/${id}`),
};
