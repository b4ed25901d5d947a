import type { Tool } from '../assistant.registry.js';
import { ANALYTICS_TOOLS } from './analytics.tools.js';
import { CORE_TOOLS } from './core.tools.js';
import { queryAnalyticsNl } from './nl.tools.js';
import { listRecentCalls } from './voice.tools.js';

/** Every tool, in the order clients list them. */
export const TOOLS: Tool[] = [...ANALYTICS_TOOLS, queryAnalyticsNl, ...CORE_TOOLS, listRecentCalls];
