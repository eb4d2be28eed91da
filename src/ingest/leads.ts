import { checkEmail, checkOptionalName } from '../domain/validation.js';
import type { RecordSpec } from './records.js';

/**
 * A lead line: `email,firstName,lastName`, names optional (a missing name is staged as null,
 * which keeps the stored one). The line number lets the latest line of an email win; the
 * merge is the leads service's, shared with the upsertLeads mutation.
 */
export const LEAD_RECORD: RecordSpec = {
  columns: [
    { name: 'email', column: 'email', check: checkEmail },
    { name: 'firstName', column: 'first_name', optional: true, check: checkOptionalName },
    { name: 'lastName', column: 'last_name', optional: true, check: checkOptionalName },
  ],
  withLineNumber: true,
};
