import type { Caller } from '../auth/tokens.js';
import { type FieldError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkName, checkText, searchText } from '../domain/validation.js';
import { createAudienceFolderVerbs } from './audience-folders.js';
import { createAudienceMemberVerbs } from './audience-members.js';
import { countsBy, windowsPerParent } from './batches.js';
import type { ServiceDeps } from './index.js';
import {
  AUDIENCE_COLUMNS,
  type AudienceRow,
  type FolderRow,
  keysetSql,
  likePattern,
  rowsByIds,
  type Window,
  windowBounds,
} from './read-rows.js';

const MAX_DESCRIPTION_LENGTH = 10_000;

/** Filters for the audience library: by folder and a case-insensitive name/externalId search. */
export interface AudienceFilter {
  folderId?: string | null;
  search?: string | null;
}

/** `$1` the workspace, `$2` the folder or null, `$3` the search pattern or null. */
const AUDIENCE_FILTER = `a.workspace_id = $1 and ($2::bigint is null or a.folder_id = $2)
  and ($3::text is null or a.name ilike $3 or a.external_id ilike $3)`;

function audienceFilterParams(workspaceId: string, filter: AudienceFilter) {
  return [workspaceId, filter.folderId ?? null, likePattern(searchText(filter.search, ['search']))];
}

/**
 * The audiences of the library, always of the caller's workspace: the upsert, and reads (by
 * id, by filter, by folder) where loader-style reads take many ids and answer in their order
 * (null, or 0 for counts, for an id the caller's workspace does not have).
 */
function createAudienceVerbs({ database }: ServiceDeps) {
  const { pool } = database;

  return {
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
      // One INSERT ... ON CONFLICT: concurrent upserts of one external id cannot both insert.
      // The folder must be the caller's (no folder row, no insert); an existing audience keeps
      // its source and createdAt, and its description unless one is given.
      const { rows } = await pool.query<AudienceRow>(
        `insert into audience as a
                (workspace_id, folder_id, external_id, name, description, updated_at)
         select f.workspace_id, f.id, $3::text, $4::text, $5::text, now()
           from audience_folder f where f.workspace_id = $1 and f.id = $2
         on conflict (workspace_id, external_id) do update
            set folder_id = excluded.folder_id, name = excluded.name,
                updated_at = excluded.updated_at,
                description = case when $6::boolean then excluded.description else a.description end
         returning ${AUDIENCE_COLUMNS}`,
        [
          caller.workspaceId,
          input.folderId,
          externalId,
          name,
          description || null,
          description !== undefined,
        ],
      );
      if (!rows[0]) throw new NotFoundError('Folder');
      return rows[0];
    },

    /**
     * Audiences by id, in order, each with its folder (one statement for both); null for an
     * id the caller's workspace does not have.
     */
    byIds(caller: Caller, ids: readonly string[]): Promise<(AudienceRow | null)[]> {
      return rowsByIds<AudienceRow & { folder: FolderRow }>(
        pool,
        caller.workspaceId,
        ids,
        `select ${AUDIENCE_COLUMNS},
                json_build_object('id', f.id::text, 'parentId', f.parent_id::text, 'name', f.name,
                  'path', f.path, 'createdAt', f.created_at) as folder
           from audience a join audience_folder f on f.id = a.folder_id
          where a.workspace_id = $1 and a.id = any($2::bigint[])`,
      );
    },

    /** One keyset window of the audiences matching `filter`, ordered by id. */
    async find(caller: Caller, input: AudienceFilter & Window): Promise<AudienceRow[]> {
      const keyset = keysetSql('a.id', 'asc', input, 4, 5);
      const { rows } = await pool.query<AudienceRow>(
        `select ${AUDIENCE_COLUMNS} from audience a
          where ${AUDIENCE_FILTER} and ${keyset.where}
          ${keyset.orderBy} limit $6`,
        [...audienceFilterParams(caller.workspaceId, input), ...windowBounds(input), input.limit],
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
     * For each folder, in order, the ids of its audiences in `window` (by id): one statement
     * for any number of folders.
     */
    async idsByFolder(
      caller: Caller,
      folderIds: readonly string[],
      window: Window,
    ): Promise<string[][]> {
      const windows = await windowsPerParent<{ folder_id: string; id: string }>(
        pool,
        {
          columns: 'folder_id, id',
          from: 'audience',
          parent: 'folder_id',
          key: 'id',
          order: 'asc',
        },
        caller.workspaceId,
        folderIds,
        window,
        (row) => row.folder_id,
      );
      return windows.map((rows) => rows.map((row) => row.id));
    },

    /** Number of audiences in each folder, in order (0 for none), in one statement. */
    async countsByFolder(caller: Caller, folderIds: readonly string[]): Promise<number[]> {
      return countsBy(pool, 'audience', 'folder_id', caller.workspaceId, folderIds);
    },
  };
}

/**
 * The audience library: its folders (src/services/audience-folders.ts), its audiences (here)
 * and their ECID members (src/services/audience-members.ts), as one service.
 */
export function createAudienceService(deps: ServiceDeps) {
  return {
    ...createAudienceFolderVerbs(deps),
    ...createAudienceVerbs(deps),
    ...createAudienceMemberVerbs(deps),
  };
}

export type AudienceService = ReturnType<typeof createAudienceService>;
