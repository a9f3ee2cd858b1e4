import { ConfigError, loadConfig } from '@assistants/config';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const mode = config.databaseUrl ? 'PostgreSQL' : `embedded PostgreSQL, data in ${config.dataDir}`;
  console.log(`Assistants API listening on http://localhost:${config.port} (database: ${mode}); docs at /api/docs`);
}

main().catch((error) => {
  console.error('Assistants API failed to start:', error);
  process.exit(1);
});
