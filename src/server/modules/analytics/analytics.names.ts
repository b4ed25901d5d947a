// The catalog's value lists, apart from its SQL, so the dashboard can import the response schemas.
export const UNITS = ['count', 'ratio', 'seconds', 'hours', 'days'] as const;
export type Unit = (typeof UNITS)[number];
export const SECTIONS = ['appointments', 'journeys', 'communication', 'voice_calls'] as const;
export type Section = (typeof SECTIONS)[number];
export const FILTERS = ['practitioner_id', 'department_id', 'location_id', 'channel'] as const;
export type FilterName = (typeof FILTERS)[number];
