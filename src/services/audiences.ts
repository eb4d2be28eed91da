import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Caller } from '../auth/tokens.js';
import { withTransaction } from '../db/transaction.js';
import { Audience, type IAudience } from '../entities/audience.js';
import { AudienceFolder, type IAudienceFolder } from '../entities/audience-folder.js';
import {
  MEMBER_RECORD,
  type MemberMode,
  type MemberRows,
  type MembersMerged,
  memberMode,
  mergeMembers,
} from '../ingest/members.js';
import { STAGE_TABLE, type UploadPlan } from '../ingest/upload.js';
import { announceIdentityChange, type IdentityChange } from '../sync/changes.js';
import { recordIdentityChange } from '../sync/triggers.js';
import { byIdsInWorkspace, countsBy, groupBy, inOrder } from './batches.js';
import { type FieldError, NameTakenError, NotFoundError, ValidationError } from './errors.js';
import type { ServiceDeps } from './index.js';
import { checkEcid, checkName, checkText, required, searchText } from './validation.js';

export const MAX_ECIDS_PER_CALL = 10_000;
const MAX_DESCRIPTION_LENGTH = 10_000;

/** Filters for the audience library: by folder and a case-insensitive name/externalId search. */
export interface AudienceFilter {
  folderId?: string | null;
  search?: string | null;
}

/** One keyset window, ordered by id: at most `limit` rows after `afterId`. */
export interface Window {
  limit: number;
  afterId: string | null;
}

function audienceWhere(workspaceId: string, filter: AudienceFilter): FilterQuery<IAudience> {
  const where: FilterQuery<IAudience> & Record<string, unknown> = { workspace: workspaceId };
  if (filter.folderId) where.folder = filter.folderId;
  const search = searchText(filter.search, ['search']);
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.$or = [{ name: { $ilike: pattern } }, { externalId: { $ilike: pattern } }];
  }
  return where;
}

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

/** What a membership merge changed, for the sync triggers; null when it changed nothing. */
function memberChange(
  workspaceId: string,
  audienceId: string,
  merged: MembersMerged,
): IdentityChange | null {
  if (!merged.changed) return null;
  return { workspaceId, kind: 'AUDIENCE_MEMBERS', audienceIds: [audienceId], ecids: merged.ecids };
}

/** The database id named by an audience's global id, or null when it names no audience. */
function audienceDbId(globalId: string): string | null {
  try {
    const decoded = decodeGlobalID(decodeURIComponent(globalId));
    return decoded.typename === 'Audience' && /^\d{1,18}$/.test(decoded.id) ? decoded.id : null;
  } catch {
    return null;
  }
}

/**
 * The audience library: folders, audiences and their ECID members, always of the caller's
 * workspace. Loader-style reads take many ids and answer in their order (null, or 0 for
 * counts, for an id the caller's workspace does not have). Membership changes, from a
 * mutation or a bulk upload, go through one set-based merge (mergeMembers) and record their
 * sync triggers in the same transaction.
 */
export function createAudienceService({ config, database }: ServiceDeps) {
  const em = () => database.orm.em.fork();
  const { pool } = database;

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
    const { merged, change } = await withTransaction(pool, async (tx) => {
      const merged = await mergeMembers(tx, workspaceId, input.audienceId, mode, rows);
      const change = memberChange(workspaceId, input.audienceId, merged);
      if (change) await recordIdentityChange(tx, change, config.syncDebounceMs);
      return { merged, change };
    });
    if (change) await announceIdentityChange(change);
    return merged.accepted;
  }

  return {
    /**
     * Creates a folder, at the root or under `parentId`. Names are unique within their parent
     * whatever their case (the database's unique index decides, so two concurrent creations
     * cannot both win).
     */
    async createFolder(
      caller: Caller,
      input: { name: string; parentId?: string | null },
    ): Promise<IAudienceFolder> {
      const name = required(checkName(input.name), ['input', 'name']);
      // `path` joins names with "/", so a slash inside a name would make paths ambiguous.
      if (name.includes('/')) {
        throw ValidationError.field(['input', 'name'], 'input.name: must not contain "/"');
      }
      const fork = em();
      const parent = input.parentId
        ? await fork.findOne(AudienceFolder, { id: input.parentId, workspace: caller.workspaceId })
        : null;
      if (input.parentId && !parent) throw new NotFoundError('Parent folder');
      const folder = fork.create(AudienceFolder, {
        workspace: caller.workspaceId,
        parent,
        name,
        path: parent ? `${parent.path}/${name}` : name,
      });
      try {
        await fork.flush();
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) {
          throw new NameTakenError('Folder', name);
        }
        throw error;
      }
      return folder;
    },

    /** Folders by id, in order; null for an id the caller's workspace does not have. */
    foldersByIds(caller: Caller, ids: readonly string[]): Promise<(IAudienceFolder | null)[]> {
      return byIdsInWorkspace(em(), AudienceFolder, caller.workspaceId, ids);
    },

    /** The folders directly under `parentId` (the root folders when null), by name. */
    childFolders(caller: Caller, parentId: string | null): Promise<IAudienceFolder[]> {
      return em().find(
        AudienceFolder,
        { workspace: caller.workspaceId, parent: parentId },
        { orderBy: { name: 'asc', id: 'asc' } },
      );
    },

    /** The children of many folders at once, by name, in the order of `parentIds`. */
    async childFoldersOf(
      caller: Caller,
      parentIds: readonly string[],
    ): Promise<IAudienceFolder[][]> {
      const folders = await em().find(
        AudienceFolder,
        { workspace: caller.workspaceId, parent: { $in: [...parentIds] } },
        { orderBy: { name: 'asc', id: 'asc' } },
      );
      const byParent = groupBy(folders, (folder) => String(folder.parent?.id));
      return inOrder(parentIds, byParent, []);
    },

    /**
     * Inserts the audience with this external id, or updates it (folder, name, and
     * description when given: a null or absent description keeps the stored one, an empty
     * one clears it).
     */
    async upsert(
      caller: Caller,
      input: { folderId: string; externalId: string; name: string; description?: string | null },
    ): Promise<IAudience> {
      const fieldErrors: FieldError[] = [];
      const check = (path: string[], result: ReturnType<typeof checkName>) => {
        if (!result.ok) fieldErrors.push({ path, message: `${path.join('.')}: ${result.reason}` });
        return result.ok ? result.value : '';
      };
      const externalId = check(['input', 'externalId'], checkName(input.externalId));
      const name = check(['input', 'name'], checkName(input.name));
      const description = input.description?.trim();
      const descriptionText =
        description === undefined ? null : checkText(description, { multiline: true });
      if (descriptionText && !descriptionText.ok) {
        const path = ['input', 'description'];
        fieldErrors.push({ path, message: `input.description: ${descriptionText.reason}` });
      } else if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
        const path = ['input', 'description'];
        fieldErrors.push({
          path,
          message: `input.description: must be at most ${MAX_DESCRIPTION_LENGTH} characters`,
        });
      }
      if (fieldErrors.length > 0) throw new ValidationError('Invalid audience', fieldErrors);
      const fork = em();
      const folder = await fork.findOne(AudienceFolder, {
        id: input.folderId,
        workspace: caller.workspaceId,
      });
      if (!folder) throw new NotFoundError('Folder');
      const data = {
        workspace: caller.workspaceId,
        externalId,
        folder,
        name,
        updatedAt: new Date(),
        ...(description === undefined ? {} : { description: description || null }),
      };
      // One INSERT ... ON CONFLICT: concurrent upserts of one external id cannot both insert.
      return fork.upsert(Audience, data, {
        onConflictFields: ['workspace', 'externalId'],
        onConflictAction: 'merge',
        onConflictMergeFields: [
          'folder',
          'name',
          'updatedAt',
          ...(description === undefined ? [] : ['description' as const]),
        ],
      });
    },

    /** Audiences by id, in order; null for an id the caller's workspace does not have. */
    byIds(caller: Caller, ids: readonly string[]): Promise<(IAudience | null)[]> {
      return byIdsInWorkspace(em(), Audience, caller.workspaceId, ids);
    },

    /** One keyset window of the audiences matching `filter`, ordered by id. */
    find(caller: Caller, input: AudienceFilter & Window): Promise<IAudience[]> {
      const where = audienceWhere(caller.workspaceId, input) as Record<string, unknown>;
      if (input.afterId) where.id = { $gt: input.afterId };
      return em().find(Audience, where as FilterQuery<IAudience>, {
        orderBy: { id: 'asc' },
        limit: input.limit,
      });
    },

    /** How many audiences match `filter`. */
    count(caller: Caller, filter: AudienceFilter): Promise<number> {
      return em().count(Audience, audienceWhere(caller.workspaceId, filter));
    },

    /**
     * For each folder, in order, the ids of its first `limit` audiences after `afterId` (by
     * id): one statement for any number of folders.
     */
    async idsByFolder(
      caller: Caller,
      folderIds: readonly string[],
      window: Window,
    ): Promise<string[][]> {
      const { rows } = await pool.query<{ folder_id: string; id: string }>(
        `select f.folder_id, a.id
           from unnest($2::bigint[]) as f(folder_id)
           cross join lateral (
             select id from audience
              where workspace_id = $1 and folder_id = f.folder_id and ($3::bigint is null or id > $3)
              order by id limit $4
           ) a`,
        [caller.workspaceId, folderIds, window.afterId, window.limit],
      );
      const byFolder = groupBy(rows, (row) => row.folder_id);
      return folderIds.map((id) => (byFolder.get(id) ?? []).map((row) => row.id));
    },

    /** Number of audiences in each folder, in order (0 for none), in one statement. */
    async countsByFolder(caller: Caller, folderIds: readonly string[]): Promise<number[]> {
      return countsBy(
        pool,
        `select folder_id as key, count(*)::int as count from audience
          where workspace_id = $1 and folder_id = any($2::bigint[]) group by folder_id`,
        caller.workspaceId,
        folderIds,
      );
    },

    /** Number of ECIDs in each audience, in order (0 for none), in one statement. */
    async memberCounts(caller: Caller, audienceIds: readonly string[]): Promise<number[]> {
      return countsBy(
        pool,
        `select audience_id as key, count(*)::int as count from audience_member
          where workspace_id = $1 and audience_id = any($2::bigint[]) group by audience_id`,
        caller.workspaceId,
        audienceIds,
      );
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
     * `audienceId` the global id as it appears in the URL). Checked before the body is read:
     * a bad mode answers 400, an audience the caller's workspace does not have NOT_FOUND.
     */
    async membersUpload(
      caller: Caller,
      input: { audienceId: string; mode: string | null },
    ): Promise<UploadPlan> {
      const mode = memberMode(input.mode);
      const audienceId = audienceDbId(input.audienceId);
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

export type AudienceService = ReturnType<typeof createAudienceService>;
