// Used by `npm run migration:create` only: the app builds its own config from DATABASE_URL.
import { ormConfig } from './src/db/orm-config.js';

export default ormConfig(
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/audience_sync_dev',
);
