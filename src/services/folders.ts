import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AudienceFolder, type IAudienceFolder } from '../entities/audience-folder.js';
import { NameTakenError, NotFoundError, ValidationError } from './errors.js';
import { checkName, required } from './validation.js';

/**
 * Creates a folder in the audience library, at the root or under `parentId`. Names are unique
 * within their parent whatever their case (the database's unique index decides, so two
 * concurrent creations cannot both win).
 */
export async function createAudienceFolder(
  em: EntityManager,
  workspaceId: string,
  input: { name: string; parentId?: string | null },
): Promise<IAudienceFolder> {
  const name = required(checkName(input.name), ['input', 'name']);
  // `path` joins names with "/", so a slash inside a name would make paths ambiguous.
  if (name.includes('/')) {
    throw ValidationError.field(['input', 'name'], 'input.name: must not contain "/"');
  }
  const parent = input.parentId
    ? await em.findOne(AudienceFolder, { id: input.parentId, workspace: workspaceId })
    : null;
  if (input.parentId && !parent) throw new NotFoundError('Parent folder');
  const folder = em.create(AudienceFolder, {
    workspace: workspaceId,
    parent,
    name,
    path: parent ? `${parent.path}/${name}` : name,
  });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw new NameTakenError('Folder', name);
    }
    throw error;
  }
  return folder;
}

/** The folders directly under `parentId` (the root folders when null), by name. */
export function childFolders(
  em: EntityManager,
  workspaceId: string,
  parentId: string | null,
): Promise<IAudienceFolder[]> {
  return em.find(
    AudienceFolder,
    { workspace: workspaceId, parent: parentId },
    { orderBy: { name: 'asc', id: 'asc' } },
  );
}

/** The children of many folders at once, for batched loading. */
export function childFoldersOfMany(
  em: EntityManager,
  workspaceId: string,
  parentIds: readonly string[],
): Promise<IAudienceFolder[]> {
  return em.find(
    AudienceFolder,
    { workspace: workspaceId, parent: { $in: [...parentIds] } },
    { orderBy: { name: 'asc', id: 'asc' } },
  );
}
