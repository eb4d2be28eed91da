import type { Caller } from '../auth/tokens.js';
import { isUniqueViolation } from '../db/transaction.js';
import { NameTakenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkName, required } from '../domain/validation.js';
import { groupBy, inOrder } from './batches.js';
import type { ServiceDeps } from './index.js';
import { FOLDER_COLUMNS, type FolderRow, isDbId, rowsByIds } from './read-rows.js';

/**
 * The folders of the audience library, always of the caller's workspace: creation, and
 * loader-style reads that take many ids and answer in their order.
 */
export function createAudienceFolderVerbs({ database }: ServiceDeps) {
  const { pool } = database;

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
      // One statement each: under a parent, the parent row of the caller's workspace gives the
      // path, and without that row nothing is inserted.
      const statement = input.parentId
        ? {
            text: `insert into audience_folder as f (workspace_id, parent_id, name, path)
                   select p.workspace_id, p.id, $3::text, p.path || '/' || $3::text
                     from audience_folder p where p.workspace_id = $1 and p.id = $2
                   returning ${FOLDER_COLUMNS}`,
            values: [caller.workspaceId, input.parentId, name],
          }
        : {
            text: `insert into audience_folder as f (workspace_id, parent_id, name, path)
                   values ($1, null, $2::text, $2::text)
                   returning ${FOLDER_COLUMNS}`,
            values: [caller.workspaceId, name],
          };
      const inserted = await pool.query<FolderRow>(statement).catch((error: unknown) => {
        if (isUniqueViolation(error, 'audience_folder_name_unique')) {
          throw new NameTakenError('Folder', name);
        }
        throw error;
      });
      const folder = inserted.rows[0];
      if (!folder) throw new NotFoundError('Parent folder');
      return folder;
    },

    /** Folders by id, in order; null for an id the caller's workspace does not have. */
    foldersByIds(caller: Caller, ids: readonly string[]): Promise<(FolderRow | null)[]> {
      return rowsByIds(
        pool,
        caller.workspaceId,
        ids,
        `select ${FOLDER_COLUMNS} from audience_folder f
          where f.workspace_id = $1 and f.id = any($2::bigint[])`,
      );
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
  };
}
