import type { Me } from '../api/endpoints.js';

export type NavItem = { to: string; label: string; patientData: boolean };

/** The dashboard's sections; those holding patient data are hidden from analysts, whom the API refuses. */
export const NAV: NavItem[] = [
  { to: '/analytics', label: 'Analytics', patientData: false },
  { to: '/appointments', label: 'Appointments', patientData: true },
  { to: '/patients', label: 'Patients', patientData: true },
  { to: '/inbox', label: 'Inbox', patientData: true },
  { to: '/calls', label: 'Calls', patientData: true },
  { to: '/assistant', label: 'Assistant', patientData: false },
];

export const navFor = (me: Me) => NAV.filter((n) => !n.patientData || me.principal.role !== 'analyst');
