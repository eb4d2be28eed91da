import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Caller } from '../auth/tokens.js';
import {
  type FieldError,
  NameTakenError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.js';
import { checkEcid, checkName, checkText, required, searchText } from '../domain/validation.js';
import { Audience, type IAudience } from '../entities/audience.js';
import { AudienceFolder, type IAudienceFolder } from '../entities/audience-folder.js';
import {
  MEMBER_RECORD,
  type MemberMode,
  type MemberRows,
  type MembersMerged,
  memberChange,
  memberMode,
  mergeMembers,
} from '../ingest/members.js';
import { STAGE_TABLE, type UploadPlan } from '../ingest/upload.js';
import { countsBy, groupBy, inOrder } from './batches.js';
import { writeIdentities } from './identity-writes.js';
import type { ServiceDeps } from './index.js';
import {
  AUDIENCE_COLUMNS,
  type AudienceRow,
  FOLDER_COLUMNS,
  type FolderRow,
  inIdOrder,
  isDbId,
} from './read-rows.js';

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

/** The ILIKE pattern of a search term (its own %, _ and \\ match themselves); null for none. */
export function likePattern(search: string | undefined): string | null {
  return search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}

/** `$1` the workspace, `$2` the folder or null, `$3` the search pattern or null. */
const AUDIENCE_FILTER = `a.workspace_id = $1 and ($2::bigint is null or a.folder_id = $2)
  and ($3::text is null or a.name ilike $3 or a.external_id ilike $3)`;

function audienceFilterParams(workspaceId: string, filter: AudienceFilter) {
  return [workspaceId, filter.folderId ?? null, likePattern(searchText(filter.search, ['search']))];
}

/** What the ORM's entities hold, as the plain rows reads answer. */
function folderRowOf(folder: IAudienceFolder): FolderRow {
  return {
    id: folder.id,
    parentId: folder.parent ? String(folder.parent.id) : null,
    name: folder.name,
    path: folder.path,
    createdAt: folder.createdAt,
  };
}

function audienceRowOf(audience: IAudience): AudienceRow {
  return {
    id: audience.id,
    folderId: String(audience.folder.id),
    externalId: audience.externalId,
    name: audience.name,
    description: audience.description ?? null,
    createdAt: audience.createdAt,
    updatedAt: audience.updatedAt,
    source: audience.source,
  };
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

/**
 * The audience library: folders, audiences and their ECID members, always of the caller's
 * workspace. Loader-style reads take many ids and answer in their order (null, or 0 for
 * counts, for an id the caller's workspace does not have). Membership changes, from a
 * mutation or a bulk upload, go through one set-based merge (mergeMembers) and record their
 * sync triggers in the same transaction.
 */
export function createAudienceService(deps: ServiceDeps) {
  const { config, database } = deps;
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
    /**
     * Creates a folder, at the root or under `parentId`. Names are unique within their parent
     * whatever their case (the database's unique index decides, so two concurrent creations
     * cannot both win).
     */
    async createFolder(
      caller: Caller,
      input: { name: string; parentId?: string | null },
    ): Promise<FolderRow> {
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
      return folderRowOf(folder);
    },

    /** Folders by id, in order; null for an id the caller's workspace does not have. */
    async foldersByIds(caller: Caller, ids: readonly string[]): Promise<(FolderRow | null)[]> {
      const valid = ids.filter(isDbId);
      if (valid.length === 0) return ids.map(() => null);
      const { rows } = await pool.query<FolderRow>(
        `select ${FOLDER_COLUMNS} from audience_folder f
          where f.workspace_id = $1 and f.id = any($2::bigint[])`,
        [caller.workspaceId, valid],
      );
      return inIdOrder(ids, rows);
    },

    /** The folders directly under `parentId` (the root folders when null), by name. */
    async childFolders(caller: Caller, parentId: string | null): Promise<FolderRow[]> {
      const { rows } = await pool.query<FolderRow>(
        `select ${FOLDER_COLUMNS} from audience_folder f
          where f.workspace_id = $1 and f.parent_id is not distinct from $2::bigint
          order by f.name, f.id`,
        [caller.workspaceId, parentId],
      );
      return rows;
    },

    /** The children of many folders at once, by name, in the order of `parentIds`. */
    async childFoldersOf(caller: Caller, parentIds: readonly string[]): Promise<FolderRow[][]> {
      const { rows } = await pool.query<FolderRow>(
        `select ${FOLDER_COLUMNS} from audience_folder f
          where f.workspace_id = $1 and f.parent_id = any($2::bigint[])
          order by f.name, f.id`,
        [caller.workspaceId, parentIds.filter(isDbId)],
      );
      const byParent = groupBy(rows, (folder) => String(folder.parentId));
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
    ): Promise<AudienceRow> {
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
      const audience = await fork.upsert(Audience, data, {
        onConflictFields: ['workspace', 'externalId'],
        onConflictAction: 'merge',
        onConflictMergeFields: [
          'folder',
          'name',
          'updatedAt',
          ...(description === undefined ? [] : ['description' as const]),
        ],
      });
      return audienceRowOf(audience);
    },

    /**
     * Audiences by id, in order, each with its folder (one statement for both); null for an
     * id the caller's workspace does not have.
     */
    async byIds(caller: Caller, ids: readonly string[]): Promise<(AudienceRow | null)[]> {
      const valid = ids.filter(isDbId);
      if (valid.length === 0) return ids.map(() => null);
      const { rows } = await pool.query<AudienceRow & { folder: FolderRow }>(
        `select ${AUDIENCE_COLUMNS},
                json_build_object('id', f.id::text, 'parentId', f.parent_id::text, 'name', f.name,
                  'path', f.path, 'createdAt', f.created_at) as folder
           from audience a join audience_folder f on f.id = a.folder_id
          where a.workspace_id = $1 and a.id = any($2::bigint[])`,
        [caller.workspaceId, valid],
      );
      return inIdOrder(ids, rows);
    },

    /** One keyset window of the audiences matching `filter`, ordered by id. */
    async find(caller: Caller, input: AudienceFilter & Window): Promise<AudienceRow[]> {
      const { rows } = await pool.query<AudienceRow>(
        `select ${AUDIENCE_COLUMNS} from audience a
          where ${AUDIENCE_FILTER} and ($4::bigint is null or a.id > $4)
          order by a.id limit $5`,
        [...audienceFilterParams(caller.workspaceId, input), input.afterId, input.limit],
      );
      return rows;
    },

    /** How many audiences match `filter`. */
    async count(caller: Caller, filter: AudienceFilter): Promise<number> {
      const { rows } = await pool.query<{ n: number }>(
        `select count(*)::int as n from audience a where ${AUDIENCE_FILTER}`,
        audienceFilterParams(caller.workspaceId, filter),
      );
      return rows[0]?.n ?? 0;
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

export type AudienceService = ReturnType<typeof createAudienceService>;
