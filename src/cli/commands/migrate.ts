import { openConfiguredDatabase } from '../../server/main.js';
import type { Command } from './types.js';

export const migrate: Command = {
  name: 'migrate',
  usage: 'prm migrate               apply database migrations',
  run: async (_args, config) => {
    const database = await openConfiguredDatabase(config);
    await database.migrate();
    await database.close();
    process.stdout.write('Migrations applied.\n');
  },
};
