import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Caller } from '../auth/tokens.js';
import { NameTakenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkName, required } from '../domain/validation.js';
import { AudienceFolder, type IAudienceFolder } from '../entities/audience-folder.js';
import { groupBy, inOrder } from './batches.js';
import type { ServiceDeps } from './index.js';
import { FOLDER_COLUMNS, type FolderRow, isDbId, rowsByIds } from './read-rows.js';

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

/**
 * The folders of the audience library, always of the caller's workspace: creation, and
 * loader-style reads that take many ids and answer in their order.
 */
export function createAudienceFolderVerbs({ database }: ServiceDeps) {
  const em = () => database.orm.em.fork();
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
