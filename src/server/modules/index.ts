import type { FastifyInstance } from 'fastify';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { apiKeyRoutes } from './api-keys/api-keys.routes.js';
import { appointmentRoutes } from './appointments/appointments.routes.js';
import { assistantRoutes } from './assistant/assistant.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { conversationRoutes } from './conversations/conversations.routes.js';
import { directoryRoutes } from './directory/directory.routes.js';
import { journeyRoutes } from './journeys/journeys.routes.js';
import { organizationRoutes } from './organization/organization.routes.js';
import { patientRoutes } from './patients/patients.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { userRoutes } from './users/users.routes.js';
import { voiceRoutes } from './voice/voice.routes.js';
import { whatsappRoutes } from './whatsapp/whatsapp.routes.js';

/** Every domain module, mounted under /api/v1. */
export async function registerModules(app: FastifyInstance) {
  await app.register(authRoutes);
  await app.register(organizationRoutes);
  await app.register(userRoutes);
  await app.register(apiKeyRoutes);
  await app.register(directoryRoutes);
  await app.register(patientRoutes);
  await app.register(appointmentRoutes);
  await app.register(journeyRoutes);
  await app.register(voiceRoutes);
  await app.register(whatsappRoutes);
  await app.register(conversationRoutes);
  await app.register(analyticsRoutes);
  await app.register(assistantRoutes);
  await app.register(reportRoutes);
}
