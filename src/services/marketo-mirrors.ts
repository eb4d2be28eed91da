import type { Caller } from '../auth/tokens.js';
import { withTransaction } from '../db/transaction.js';
import {
  AlreadyMirroredError,
  MarketoAuthFailedError,
  MarketoListNotFoundError,
  MarketoNotConnectedError,
  MarketoUnreachableError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.js';
import { checkName, required } from '../domain/validation.js';
import { MarketoClient, type MarketoStaticList } from '../marketo/client.js';
import { guardedFetch, limiterFor, readConnection } from '../marketo/connection.js';
import {
  MarketoAuthError,
  MarketoError,
  MarketoUnreachableError as MarketoNoAnswerError,
  MarketoQuotaExhaustedError,
  MarketoRequestError,
} from '../marketo/errors.js';
import { queueInitialPush, queueManualPush } from '../marketo/push-queue.js';
import { openSecret } from '../marketo/secrets.js';
import type { ServiceDeps } from './index.js';
import { createMarketoReads, type MarketoMirrorRow, MIRROR_COLUMNS } from './marketo-reads.js';

export type { MarketoMirrorRow };

export type MarketoLeadMatching = 'EXISTING_LEADS' | 'CREATE_MISSING';

export interface MirrorListInput {
  listId: string;
  marketoListId?: number | null;
  marketoListName?: string | null;
  marketoFolderId?: number | null;
  leadMatching?: MarketoLeadMatching | null;
}

/**
 * How long a mirror's creation waits for another one of the same workspace (which holds the
 * lock while it asks Marketo): beyond the request pool's statement timeout, which would
 * otherwise cancel the wait.
 */
const MIRROR_LOCK_WAIT_MS = 120_000;

/** The Marketo calls made while a mirror is created: few retries, the caller is waiting. */
const MIRROR_CALL_RETRY = { attempts: 2, maxDelayMs: 2_000, maxWaits: 5 };

const MARKETO_INT_MAX = 2 ** 31 - 1;

/**
 * Mirror creations of each workspace by one process's services, one after the other. Each
 * holds a connection while it waits for the workspace's advisory lock, and its Marketo calls
 * need more (the limiter's): queued here first, a burst of creations in one process holds one
 * waiting connection per workspace instead of starving the pool.
 */
function serializer() {
  const creations = new Map<string, Promise<unknown>>();
  return function oneAtATime<T>(workspaceId: string, work: () => Promise<T>): Promise<T> {
    const previous = creations.get(workspaceId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    creations.set(workspaceId, tail);
    void tail.then(() => {
      if (creations.get(workspaceId) === tail) creations.delete(workspaceId);
    });
    return result;
  };
}

function checkMarketoId(value: number, field: 'marketoListId' | 'marketoFolderId'): number {
  if (!Number.isInteger(value) || value < 1 || value > MARKETO_INT_MAX) {
    throw ValidationError.field(['input', field], `input.${field}: a positive Marketo id`);
  }
  return value;
}

/** What a Marketo failure while creating a mirror answers (its message carries no secret). */
function domainErrorOf(error: unknown): unknown {
  if (error instanceof MarketoAuthError) {
    return new MarketoAuthFailedError(
      'Marketo refused the stored credentials; connect Marketo again (connectMarketo)',
    );
  }
  if (error instanceof MarketoQuotaExhaustedError) {
    return new MarketoUnreachableError(
      `No Marketo call may be made before ${error.resetsAt.toISOString()} (${error.reason === 'MARKETO_QUOTA' ? "Marketo's daily quota" : 'the daily call budget'} is spent)`,
    );
  }
  if (error instanceof MarketoRequestError) {
    return new ValidationError(`Marketo refused the request: ${error.message}`);
  }
  if (error instanceof MarketoError) {
    return new MarketoUnreachableError('Marketo did not answer in time');
  }
  return error;
}

/**
 * Mirrors of the caller's lists into Marketo static lists (write scope at the API): creating
 * one finds or creates the Marketo list and queues its INITIAL push, all while holding the
 * workspace's mirror lock, so that two api processes asked for the same name at once create
 * one Marketo list between them; stopping one; a MANUAL push; and the reads of mirrors,
 * pushes and their records (src/services/marketo-reads.ts).
 */
export function createMarketoMirrorService(deps: ServiceDeps) {
  const { config, database } = deps;
  const { pool } = database;
  const reads = createMarketoReads(deps);
  const oneAtATime = serializer();

  function clientOf(
    connection: NonNullable<Awaited<ReturnType<typeof readConnection>>>,
    sealedSecret: string,
  ): MarketoClient {
    return new MarketoClient({
      credentials: {
        restEndpoint: connection.restEndpoint,
        identityEndpoint: connection.identityEndpoint,
        clientId: connection.clientId,
        clientSecret: openSecret(config.secretsKey, sealedSecret),
      },
      limiter: limiterFor(deps, connection),
      retry: MIRROR_CALL_RETRY,
      fetch: guardedFetch(config.outboundAllowPrivateNetworks),
    });
  }

  /**
   * The Marketo list of that name, created in `folderId` when there is none. A create whose
   * answer was lost, or refused because the name exists (709: made meanwhile by someone
   * else), is followed by one more lookup by name: the list is then taken if it exists.
   */
  async function findOrCreateByName(
    client: MarketoClient,
    name: string,
    folderId: number | null,
  ): Promise<MarketoStaticList> {
    const found = await client.staticListByName(name);
    if (found) return found;
    if (folderId === null) {
      throw ValidationError.field(
        ['input', 'marketoFolderId'],
        `input.marketoFolderId: no Marketo list is named "${name}"; name the folder to create it in`,
      );
    }
    try {
      return await client.createStaticList(name, folderId);
    } catch (error) {
      if (error instanceof MarketoRequestError && (error.code === '710' || error.code === '711')) {
        throw ValidationError.field(
          ['input', 'marketoFolderId'],
          `input.marketoFolderId: ${error.code === '710' ? 'no such Marketo folder' : 'not a folder that holds lists'}`,
        );
      }
      const unsure =
        error instanceof MarketoNoAnswerError ||
        (error instanceof MarketoRequestError && error.code === '709');
      if (!unsure) throw error;
      const made = await client.staticListByName(name);
      if (made) return made;
      throw error;
    }
  }

  return {
    ...reads,

    /**
     * Mirrors a list into a Marketo static list: by `marketoListId` (MARKETO_LIST_NOT_FOUND
     * when Marketo has none), or by `marketoListName` (found, or created once in
     * `marketoFolderId`). ALREADY_MIRRORED (the list, or that Marketo list, has a mirror) is
     * decided before anything is created in Marketo. The mirror and its INITIAL push commit
     * together.
     */
    async mirror(caller: Caller, input: MirrorListInput): Promise<MarketoMirrorRow> {
      const byId = input.marketoListId ?? null;
      const rawName = input.marketoListName ?? null;
      if ((byId === null) === (rawName === null)) {
        throw new ValidationError('Give exactly one of marketoListId and marketoListName', [
          {
            path: ['input', 'marketoListId'],
            message: 'exactly one of marketoListId and marketoListName',
          },
          {
            path: ['input', 'marketoListName'],
            message: 'exactly one of marketoListId and marketoListName',
          },
        ]);
      }
      const marketoListId = byId === null ? null : checkMarketoId(byId, 'marketoListId');
      const name =
        rawName === null ? null : required(checkName(rawName), ['input', 'marketoListName']);
      const folderId =
        input.marketoFolderId == null
          ? null
          : checkMarketoId(input.marketoFolderId, 'marketoFolderId');
      const leadMatching = input.leadMatching ?? 'EXISTING_LEADS';
      const { workspaceId } = caller;

      const mirrorId = await oneAtATime(workspaceId, () =>
        withTransaction(pool, async (tx) => {
          // One mirror creation per workspace at a time, across every process: whatever is
          // found or created in Marketo below is recorded before the next one looks.
          await tx.query({
            text: `select pg_advisory_xact_lock(hashtextextended($1, 0))`,
            values: [`audience-sync:marketo-mirror:${workspaceId}`],
            query_timeout: MIRROR_LOCK_WAIT_MS,
          } as never);
          const list = await tx.query(
            'select 1 from static_list where workspace_id = $1 and id = $2',
            [workspaceId, input.listId],
          );
          if (list.rowCount === 0) throw new NotFoundError('List');
          const taken = await tx.query<{ sameList: boolean }>(
            `select list_id = $2 as "sameList" from marketo_mirror
            where workspace_id = $1
              and (list_id = $2 or marketo_list_id = $3 or marketo_list_name = $4)
            order by (list_id = $2) desc limit 1`,
            [workspaceId, input.listId, marketoListId, name],
          );
          if (taken.rows[0]) {
            throw new AlreadyMirroredError(taken.rows[0].sameList ? 'list' : 'marketoList');
          }
          const connection = await readConnection(tx, workspaceId);
          if (!connection || connection.sealedSecret === null) throw new MarketoNotConnectedError();
          const client = clientOf(connection, connection.sealedSecret);

          let target: MarketoStaticList;
          try {
            if (marketoListId !== null) {
              const found = await client.staticListById(marketoListId);
              if (!found) throw new MarketoListNotFoundError(marketoListId);
              target = found;
            } else {
              target = await findOrCreateByName(client, name as string, folderId);
            }
          } catch (error) {
            throw domainErrorOf(error);
          }
          // A list found by name may be mirrored under the name it had before a rename.
          if (marketoListId === null) {
            const again = await tx.query(
              'select 1 from marketo_mirror where workspace_id = $1 and marketo_list_id = $2',
              [workspaceId, target.id],
            );
            if (again.rowCount) throw new AlreadyMirroredError('marketoList');
          }
          const { rows } = await tx.query<MarketoMirrorRow>(
            `insert into marketo_mirror as m
             (workspace_id, list_id, marketo_list_id, marketo_list_name, lead_matching, status)
           values ($1, $2, $3, $4, $5, 'ACTIVE')
           returning ${MIRROR_COLUMNS}`,
            [workspaceId, input.listId, target.id, target.name, leadMatching],
          );
          const mirror = rows[0];
          await queueInitialPush(tx, mirror);
          return mirror.id;
        }),
      );
      const [mirror] = await reads.mirrorsByIds(caller, [mirrorId]);
      return mirror as MarketoMirrorRow;
    },

    /**
     * Stops mirroring a list: the mirror, its outbox and its push history are deleted; the
     * Marketo list and its members are left as they are. NOT_FOUND when the list is not
     * mirrored (or not the caller's).
     */
    async stop(caller: Caller, input: { listId: string }): Promise<{ listId: string }> {
      const { rowCount } = await pool.query(
        'delete from marketo_mirror where workspace_id = $1 and list_id = $2',
        [caller.workspaceId, input.listId],
      );
      if (rowCount === 0) throw new NotFoundError('Marketo mirror of the list');
      return { listId: input.listId };
    },

    /**
     * Queues a MANUAL push of the list's mirror, which reconciles against the Marketo list's
     * current members; answers the mirror and the queued push's id. NOT_FOUND when the list is not mirrored; MARKETO_NOT_CONNECTED when the
     * workspace has no credentials.
     */
    async pushNow(
      caller: Caller,
      input: { listId: string },
    ): Promise<{ mirror: MarketoMirrorRow; pushId: string }> {
      const queued = await withTransaction(pool, async (tx) => {
        const { rows } = await tx.query<MarketoMirrorRow>(
          `select ${MIRROR_COLUMNS} from marketo_mirror m
            where m.workspace_id = $1 and m.list_id = $2 for update`,
          [caller.workspaceId, input.listId],
        );
        const mirror = rows[0];
        if (!mirror) throw new NotFoundError('Marketo mirror of the list');
        const connection = await readConnection(tx, caller.workspaceId);
        if (!connection || connection.sealedSecret === null) throw new MarketoNotConnectedError();
        const pushId = await queueManualPush(tx, mirror);
        if (!pushId) throw new NotFoundError('Marketo mirror of the list');
        return { mirrorId: mirror.id, pushId };
      });
      const [mirror] = await reads.mirrorsByIds(caller, [queued.mirrorId]);
      if (!mirror) throw new NotFoundError('Marketo mirror of the list');
      return { mirror, pushId: queued.pushId };
    },
  };
}

export type MarketoMirrorService = ReturnType<typeof createMarketoMirrorService>;
