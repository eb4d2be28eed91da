import { p } from '@mikro-orm/core';

/** When a row was created: set by the ORM on insert, and by the database for SQL inserts. */
export const createdAt = () =>
  p
    .datetime()
    .onCreate(() => new Date())
    .defaultRaw('now()');

/** When a row last changed through the ORM; SQL writers set it themselves. */
export const updatedAt = () =>
  p
    .datetime()
    .onCreate(() => new Date())
    .defaultRaw('now()')
    .onUpdate(() => new Date());
