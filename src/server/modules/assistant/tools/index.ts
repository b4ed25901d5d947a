import type { Tool } from '../assistant.registry.js';
import { CORE_TOOLS } from './core.tools.js';

/** Every tool, in the order clients list them. */
export const TOOLS: Tool[] = [...CORE_TOOLS];
