import { encodeGlobalID } from '@pothos/plugin-relay';
import type pg from 'pg';
import { withTransaction } from '../../src/db/transaction.js';
import type { IdentityChange } from '../../src/sync/changes.js';
import { recordIdentityChange } from '../../src/sync/triggers.js';
import type {
  StartAudienceSyncInput,
  StartSyncMutation,
  SyncJobFieldsFragment,
} from '../gql/graphql.js';
import { graphql } from '../gql/index.js';
import type { TestApp } from './harness.js';
import { ecid, waitFor } from './util.js';

/** Seeds identities with direct SQL, independent of the ingest endpoints. */

export const cookie = (name: string) => `_mch-${name}`;
export const IMS_ORG = '0123456789ABCDEF01234567@AdobeOrg';

export class Seed {
  constructor(
    readonly db: pg.Pool,
    readonly workspaceId: string,
  ) {}

  async integration(): Promise<void> {
    await this.db.query(
      `insert into experience_cloud_integration (workspace_id, ims_org_id, cookie_sync_enabled, configured_at)
       values ($1, $2, true, now()) on conflict do nothing`,
      [this.workspaceId, IMS_ORG],
    );
  }

  /** A folder with one audience; returns the audience's database id. */
  async audience(name: string): Promise<string> {
    const folder = await this.db.query<{ id: string }>(
      `insert into audience_folder (workspace_id, name, path) values ($1, $2, $3) returning id`,
      [this.workspaceId, `Folder ${name}`, `Folder ${name}`],
    );
    const audience = await this.db.query<{ id: string }>(
      `insert into audience (workspace_id, folder_id, external_id, name) values ($1, $2, $3, $4) returning id`,
      [this.workspaceId, folder.rows[0]?.id, name, name],
    );
    return audience.rows[0]?.id as string;
  }

  async members(audienceId: string, ecids: string[]): Promise<void> {
    await this.db.query(
      `insert into audience_member (workspace_id, audience_id, ecid)
       select $1, $2, unnest($3::text[]) on conflict do nothing`,
      [this.workspaceId, audienceId, ecids],
    );
  }

  async removeMembers(audienceId: string, ecids: string[]): Promise<void> {
    await this.db.query(
      'delete from audience_member where workspace_id = $1 and audience_id = $2 and ecid = any($3::text[])',
      [this.workspaceId, audienceId, ecids],
    );
  }

  async lead(email: string): Promise<string> {
    const lead = await this.db.query<{ id: string }>(
      'insert into lead (workspace_id, email) values ($1, $2) returning id',
      [this.workspaceId, email],
    );
    return lead.rows[0]?.id as string;
  }

  /** A cookie, associated with `leadId` when given (null: anonymous). */
  async cookie(cookieId: string, leadId: string | null = null): Promise<void> {
    await this.db.query(
      `insert into munchkin_cookie (workspace_id, cookie_id, lead_id, associated_at, association_source)
       values ($1, $2, $3::bigint, case when $3::bigint is null then null else now() end, case when $3::bigint is null then null else 'FORM_FILL' end)
       on conflict (workspace_id, cookie_id) do update set lead_id = excluded.lead_id, associated_at = excluded.associated_at`,
      [this.workspaceId, cookieId, leadId],
    );
    if (leadId) {
      await this.db.query(
        `insert into lead_association (workspace_id, cookie_id, lead_id, source) values ($1, $2, $3, 'FORM_FILL')`,
        [this.workspaceId, cookieId, leadId],
      );
    }
  }

  async cookieSync(ecidValue: string, cookieId: string): Promise<void> {
    await this.db.query(
      'insert into cookie_sync (workspace_id, ecid, cookie_id) values ($1, $2, $3) on conflict do nothing',
      [this.workspaceId, ecidValue, cookieId],
    );
  }

  /**
   * `count` ECIDs of the audience, each synced with a cookie of its own new lead
   * (`<name>-<i>@example.com`); returns the leads' ids in order.
   */
  async matchedLeads(audienceId: string, name: string, count: number): Promise<string[]> {
    const leadIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const lead = await this.lead(`${name}-${i}@example.com`.toLowerCase());
      const e = ecid(Number(audienceId) * 1000 + i);
      await this.cookie(cookie(`${name}-${i}`), lead);
      await this.cookieSync(e, cookie(`${name}-${i}`));
      await this.members(audienceId, [e]);
      leadIds.push(lead);
    }
    return leadIds;
  }

  async list(name: string): Promise<string> {
    const list = await this.db.query<{ id: string }>(
      'insert into static_list (workspace_id, name) values ($1, $2) returning id',
      [this.workspaceId, name],
    );
    return list.rows[0]?.id as string;
  }

  async listMember(listId: string, leadId: string, source: 'MANUAL' | 'SYNC'): Promise<void> {
    await this.db.query(
      'insert into list_membership (workspace_id, list_id, lead_id, source) values ($1, $2, $3, $4)',
      [this.workspaceId, listId, leadId, source],
    );
  }

  /** The list's members as lead id -> source. */
  async listMembers(listId: string): Promise<Record<string, string>> {
    const rows = await this.db.query<{ lead_id: string; source: string }>(
      'select lead_id, source from list_membership where workspace_id = $1 and list_id = $2 order by lead_id',
      [this.workspaceId, listId],
    );
    return Object.fromEntries(rows.rows.map((row) => [row.lead_id, row.source]));
  }
}

export const gid = (type: string, id: string) => encodeGlobalID(type, id);

const StartSync = graphql(/* GraphQL */ `
  mutation StartSync($input: StartAudienceSyncInput!) {
    startAudienceSync(input: $input) {
      __typename
      ...ErrorFields
      ... on StartAudienceSyncSuccess {
        syncJob {
          ...SyncJobFields
        }
      }
    }
  }
`);

const SettledSyncJob = graphql(/* GraphQL */ `
  query SettledSyncJob($id: ID!) {
    syncJob(id: $id) {
      ...SyncJobFields
    }
  }
`);

/** What startAudienceSync answers: the started job, or one of its typed errors. */
export type StartSyncResult = StartSyncMutation['startAudienceSync'];

/** Starts a sync over GraphQL; returns the result union. */
export async function startSync(
  t: TestApp,
  token: string,
  input: StartAudienceSyncInput,
): Promise<StartSyncResult> {
  const res = await t.gql(StartSync, { input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.startAudienceSync;
}

/** The job of a successful start; throws with the answer otherwise. */
export function startedJob(result: StartSyncResult): SyncJobFieldsFragment {
  if (result.__typename !== 'StartAudienceSyncSuccess') {
    throw new Error(`startAudienceSync answered ${JSON.stringify(result)}`);
  }
  return result.syncJob;
}

/** Waits until the job has no queued or running run and its last run ended; returns the job. */
export async function settled(
  t: TestApp,
  token: string,
  syncJobId: string,
  timeoutMs = 20_000,
): Promise<SyncJobFieldsFragment> {
  return waitFor(
    async () => {
      const pending = await t.database.pool.query(
        `select 1 from sync_run where sync_job_id = $1 and status in ('QUEUED', 'RUNNING')`,
        [syncJobId],
      );
      if ((pending.rowCount ?? 0) > 0) return undefined;
      const res = await t.gql(SettledSyncJob, { id: gid('SyncJob', syncJobId) }, token);
      if (!res.data?.syncJob) {
        throw new Error(`sync job ${syncJobId} not found: ${JSON.stringify(res.errors)}`);
      }
      return res.data.syncJob;
    },
    timeoutMs,
    `sync job ${syncJobId} to settle`,
  );
}

/**
 * Records the sync triggers of a change made behind the API's back (the seed writes SQL
 * directly), exactly as a writer does inside its own transaction.
 */
export function recordChange(t: TestApp, change: IdentityChange): Promise<void> {
  return withTransaction(t.database.pool, (tx) =>
    recordIdentityChange(tx, change, t.app.config.syncDebounceMs),
  );
}
