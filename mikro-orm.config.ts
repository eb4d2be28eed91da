// Used by `npm run migration:create` only: the app builds its own config from DATABASE_URL.
// Without DATABASE_URL it uses the embedded database of a running `npm start`.
import { loadConfig } from './src/config.js';
import { embeddedUrl } from './src/db/embedded.js';
import { ormConfig } from './src/db/orm-config.js';

const config = loadConfig();
export default ormConfig(
  config.databaseUrl ?? embeddedUrl(config.embeddedPostgresPort, 'audience_sync'),
  {},
  { snapshot: true },
);
