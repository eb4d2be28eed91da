import { builder } from './builder.js';
import {
  AFTER_ARG_DESCRIPTION,
  BEFORE_ARG_DESCRIPTION,
  FIRST_ARG_DESCRIPTION,
  LAST_ARG_DESCRIPTION,
} from './pagination.js';

/**
 * The backward paging arguments of every connection (`last`, `before`), beside its `first` and
 * `after`, which Relay's @connection and Apollo's relayStylePagination expect; keysetPage and
 * batchedPages read all four.
 */
export const backwardArgs = builder.args((t) => ({
  last: t.int({ description: LAST_ARG_DESCRIPTION }),
  before: t.string({ description: BEFORE_ARG_DESCRIPTION }),
}));

/** A connection's four paging arguments, with the common descriptions. */
export const pageArgs = builder.args((t) => ({
  first: t.int({ description: FIRST_ARG_DESCRIPTION }),
  after: t.string({ description: AFTER_ARG_DESCRIPTION }),
  last: t.int({ description: LAST_ARG_DESCRIPTION }),
  before: t.string({ description: BEFORE_ARG_DESCRIPTION }),
}));
