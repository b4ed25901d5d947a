import { startServer } from '../../server/main.js';
import type { Command } from './types.js';

export const start: Command = {
  name: 'start',
  usage: 'prm start                 API + dashboard + worker (migrates; seeds a demo on first start)',
  run: async (_args, config) => {
    await startServer(config);
  },
};
