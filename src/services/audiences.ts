import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { WriterApp } from '../app.js';
import { type Queryable, withTransaction } from '../db/transaction.js';
import { Audience, type IAudience } from '../entities/audience.js';
import { AudienceFolder } from '../entities/audience-folder.js';
import { announceIdentityChange, type IdentityChange } from '../sync/changes.js';
import { recordIdentityChange } from '../sync/triggers.js';
import { countsBy, groupBy } from './batches.js';
import { type FieldError, NotFoundError, ValidationError } from './errors.js';
import { checkEcid, checkName, checkText, searchText } from './validation.js';

export const MAX_ECIDS_PER_CALL = 10_000;
const MAX_DESCRIPTION_LENGTH = 10_000;

/**
 * Inserts the audience with this external id, or updates it (folder, name, and description
 * when given: a null or absent description keeps the stored one, an empty one clears it).
 */
export async function upsertAudience(
  em: EntityManager,
  workspaceId: string,
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
  const folder = await em.findOne(AudienceFolder, { id: input.folderId, workspace: workspaceId });
  if (!folder) throw new NotFoundError('Folder');
  const data = {
    workspace: workspaceId,
    externalId,
    folder,
    name,
    updatedAt: new Date(),
    ...(description === undefined ? {} : { description: description || null }),
  };
  // One INSERT ... ON CONFLICT: concurrent upserts of one external id cannot both insert.
  return em.upsert(Audience, data, {
    onConflictFields: ['workspace', 'externalId'],
    onConflictAction: 'merge',
    onConflictMergeFields: [
      'folder',
      'name',
      'updatedAt',
      ...(description === undefined ? [] : ['description' as const]),
    ],
  });
}

/** Filters for the audience library: by folder and a case-insensitive name/externalId search. */
export interface AudienceFilter {
  folderId?: string | null;
  search?: string | null;
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

/** One keyset window of audiences ordered by id. */
export function findAudiences(
  em: EntityManager,
  workspaceId: string,
  filter: AudienceFilter,
  limit: number,
  afterId: string | null,
): Promise<IAudience[]> {
  const where = audienceWhere(workspaceId, filter) as Record<string, unknown>;
  if (afterId) where.id = { $gt: afterId };
  return em.find(Audience, where as FilterQuery<IAudience>, { orderBy: { id: 'asc' }, limit });
}

export function countAudiences(
  em: EntityManager,
  workspaceId: string,
  filter: AudienceFilter,
): Promise<number> {
  return em.count(Audience, audienceWhere(workspaceId, filter));
}

/**
 * For each folder, the ids of its first `limit` audiences after `afterId` (by id): one
 * statement for any number of folders.
 */
export async function audienceIdsByFolder(
  pool: pg.Pool,
  workspaceId: string,
  folderIds: readonly string[],
  limit: number,
  afterId: string | null,
): Promise<Map<string, { folder_id: string; id: string }[]>> {
  const { rows } = await pool.query<{ folder_id: string; id: string }>(
    `select f.folder_id, a.id
       from unnest($2::bigint[]) as f(folder_id)
       cross join lateral (
         select id from audience
          where workspace_id = $1 and folder_id = f.folder_id and ($3::bigint is null or id > $3)
          order by id limit $4
       ) a`,
    [workspaceId, folderIds, afterId, limit],
  );
  return groupBy(rows, (row) => row.folder_id);
}

/** Number of audiences in each folder (0 for none), in one statement. */
export function audienceCountsByFolder(
  pool: pg.Pool,
  workspaceId: string,
  folderIds: readonly string[],
): Promise<Map<string, number>> {
  return countsBy(
    pool,
    `select folder_id as key, count(*)::int as count from audience
      where workspace_id = $1 and folder_id = any($2::bigint[]) group by folder_id`,
    workspaceId,
    folderIds,
  );
}

/** Number of ECIDs in each audience, in one statement. */
export function audienceMemberCounts(
  pool: pg.Pool,
  workspaceId: string,
  audienceIds: readonly string[],
): Promise<Map<string, number>> {
  return countsBy(
    pool,
    `select audience_id as key, count(*)::int as count from audience_member
      where workspace_id = $1 and audience_id = any($2::bigint[]) group by audience_id`,
    workspaceId,
    audienceIds,
  );
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

async function assertAudience(pool: pg.Pool, workspaceId: string, audienceId: string) {
  const { rowCount } = await pool.query(
    'select 1 from audience where workspace_id = $1 and id = $2',
    [workspaceId, audienceId],
  );
  if (!rowCount) throw new NotFoundError('Audience');
}

/**
 * Adds ECIDs to an audience in one statement; returns how many were not members yet. The
 * sync jobs the change can affect are triggered in the same transaction.
 */
export async function addAudienceMembers(
  app: WriterApp,
  workspaceId: string,
  audienceId: string,
  rawEcids: readonly string[],
): Promise<number> {
  const ecids = checkEcids(rawEcids);
  await assertAudience(app.database.pool, workspaceId, audienceId);
  return changeMembers(app, workspaceId, audienceId, (tx) =>
    tx.query<{ ecid: string }>(
      `insert into audience_member (workspace_id, audience_id, ecid)
       select $1, $2, ecid from unnest($3::text[]) as ecid
       on conflict do nothing
       returning ecid`,
      [workspaceId, audienceId, ecids],
    ),
  );
}

/** Removes ECIDs from an audience in one statement; returns how many were members. */
export async function removeAudienceMembers(
  app: WriterApp,
  workspaceId: string,
  audienceId: string,
  rawEcids: readonly string[],
): Promise<number> {
  const ecids = checkEcids(rawEcids);
  await assertAudience(app.database.pool, workspaceId, audienceId);
  return changeMembers(app, workspaceId, audienceId, (tx) =>
    tx.query<{ ecid: string }>(
      `delete from audience_member
        where workspace_id = $1 and audience_id = $2 and ecid = any($3::text[])
        returning ecid`,
      [workspaceId, audienceId, ecids],
    ),
  );
}

/** Applies a membership change and records its sync triggers in one transaction. */
async function changeMembers(
  app: WriterApp,
  workspaceId: string,
  audienceId: string,
  change: (tx: Queryable) => Promise<{ rows: { ecid: string }[] }>,
): Promise<number> {
  const announced = await withTransaction(app.database.pool, async (tx) => {
    const { rows } = await change(tx);
    if (rows.length === 0) return null;
    const announced: IdentityChange = {
      workspaceId,
      kind: 'AUDIENCE_MEMBERS',
      audienceIds: [audienceId],
      ecids: rows.map((row) => row.ecid),
    };
    await recordIdentityChange(tx, announced, app.config.syncDebounceMs);
    return announced;
  });
  if (!announced) return 0;
  await announceIdentityChange(announced);
  return announced.ecids?.length ?? 0;
}
