import type { Caller } from '../auth/tokens.js';
import { type FieldError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkEcid } from '../domain/validation.js';
import {
  MEMBER_RECORD,
  type MemberMode,
  type MemberRows,
  memberChange,
  memberMode,
  mergeMembers,
} from '../ingest/members.js';
import { STAGE_TABLE, type UploadPlan } from '../ingest/upload.js';
import { countsBy } from './batches.js';
import { writeIdentities } from './identity-writes.js';
import type { ServiceDeps } from './index.js';

export const MAX_ECIDS_PER_CALL = 10_000;

/** Validates a batch of ECIDs: every bad one is reported by its index, none is applied. */
function checkEcids(ecids: readonly string[]): string[] {
  if (ecids.length > MAX_ECIDS_PER_CALL) {
    throw ValidationError.field(
      ['input', 'ecids'],
      `input.ecids: at most ${MAX_ECIDS_PER_CALL} per call (use the bulk upload for more)`,
    );
  }
  const fieldErrors: FieldError[] = [];
  ecids.forEach((ecid, index) => {
    const checked = checkEcid(ecid);
    if (!checked.ok) {
      fieldErrors.push({
        path: ['input', 'ecids', String(index)],
        message: `input.ecids.${index}: ${checked.reason}`,
      });
    }
  });
  if (fieldErrors.length > 0) {
    throw new ValidationError(`${fieldErrors.length} invalid ECID(s)`, fieldErrors);
  }
  return [...new Set(ecids)];
}

/**
 * The ECID members of the caller's audiences: counts, and changes from a mutation or a bulk
 * upload, which go through one set-based merge (mergeMembers) and record their sync triggers
 * in the same transaction.
 */
export function createAudienceMemberVerbs(deps: ServiceDeps) {
  const { pool } = deps.database;

  /** A mutation's membership change: merged, with its sync triggers, in one transaction. */
  async function changeMembers(
    caller: Caller,
    input: { audienceId: string; ecids: readonly string[] },
    mode: MemberMode,
  ): Promise<number> {
    const ecids = checkEcids(input.ecids);
    const { workspaceId } = caller;
    const rows: MemberRows = {
      sql: '(SELECT unnest($1::text[]) AS ecid)',
      params: [ecids],
      count: ecids.length,
    };
    return writeIdentities(
      deps,
      workspaceId,
      async (tx) => {
        const merged = await mergeMembers(tx, workspaceId, input.audienceId, mode, rows);
        return {
          changes: [memberChange(workspaceId, input.audienceId, merged)],
          result: merged.accepted,
        };
      },
      // Audience memberships merge no identities: no identity lock.
      { lock: null },
    );
  }

  return {
    /** Number of ECIDs in each audience, in order (0 for none), in one statement. */
    async memberCounts(caller: Caller, audienceIds: readonly string[]): Promise<number[]> {
      return countsBy(pool, 'audience_member', 'audience_id', caller.workspaceId, audienceIds);
    },

    /** Adds ECIDs to an audience; returns how many were not members yet. */
    addMembers(caller: Caller, input: { audienceId: string; ecids: readonly string[] }) {
      return changeMembers(caller, input, 'add');
    },

    /** Removes ECIDs from an audience; returns how many were members. */
    removeMembers(caller: Caller, input: { audienceId: string; ecids: readonly string[] }) {
      return changeMembers(caller, input, 'remove');
    },

    /**
     * The bulk upload of an audience's members (`/ingest/audiences/{audienceId}/members`,
     * `audienceId` the database id the URL names, null when it names none). Checked before the
     * body is read:
     * a bad mode answers 400, an audience the caller's workspace does not have NOT_FOUND.
     */
    async membersUpload(
      caller: Caller,
      input: { audienceId: string | null; mode: string | null },
    ): Promise<UploadPlan> {
      const mode = memberMode(input.mode);
      const { audienceId } = input;
      const { workspaceId } = caller;
      const found = audienceId
        ? await pool.query('SELECT 1 FROM audience WHERE id = $1 AND workspace_id = $2', [
            audienceId,
            workspaceId,
          ])
        : null;
      if (!audienceId || !found?.rowCount) throw new NotFoundError('Audience');
      return {
        spec: MEMBER_RECORD,
        async merge(tx, staged) {
          const rows: MemberRows = { sql: STAGE_TABLE, params: [], count: staged };
          const merged = await mergeMembers(tx, workspaceId, audienceId, mode, rows);
          return { ...merged, change: memberChange(workspaceId, audienceId, merged) };
        },
      };
    },
  };
}
