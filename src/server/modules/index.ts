import type { FastifyInstance } from 'fastify';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { apiKeyRoutes } from './api-keys/api-keys.routes.js';
import { appointmentRoutes } from './appointments/appointments.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { directoryRoutes } from './directory/directory.routes.js';
import { journeyRoutes } from './journeys/journeys.routes.js';
import { organizationRoutes } from './organization/organization.routes.js';
import { patientRoutes } from './patients/patients.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { userRoutes } from './users/users.routes.js';

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
  await app.register(analyticsRoutes);
  await app.register(reportRoutes);
}
