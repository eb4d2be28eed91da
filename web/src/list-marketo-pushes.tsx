import { useEffect, useState } from 'preact/hooks';
import { request } from './api.js';
import { MarketoPushesPage, MarketoPushRecordsPage } from './documents-marketo.js';
import { count, counted } from './format.js';
import type { MarketoPushOutcome } from './gql/graphql.js';
import {
  fresher,
  OUTCOME,
  OUTCOMES,
  PUSH_STATUS,
  PUSH_TRIGGER,
  type Push,
  pushCounts,
} from './list-marketo-parts.js';
import { Pager, pageOf, useCursorPages } from './paging.js';
import { localTime, Time } from './settings-parts.js';

/** Pushes per page of the history. */
const PUSHES_PAGE_SIZE = 20;
/** Records per page of a push's records. */
const RECORDS_PAGE_SIZE = 50;

/** A push named for a person: "the manual push of Jan 5, 2026, 3:04:05 PM CET". */
function pushName(push: Push): string {
  const at = push.startedAt ? ` of ${localTime(push.startedAt)}` : ' waiting for a worker';
  return `${PUSH_TRIGGER[push.trigger].toLowerCase()} push${at}`;
}

/**
 * The mirror's pushes, newest first, page by page; each row shows the live reading of its
 * push when the feed has a newer one, and `Show records` picks the push whose records show.
 */
export function PushHistory(props: {
  token: string;
  listId: string;
  /** Bumped when a push starts or ends: the page is read again. */
  version: number;
  live: Record<string, Push>;
  picked: string | null;
  onPick: (pushId: string) => void;
}) {
  const { token, listId } = props;
  const pages = useCursorPages(`${token}\n${listId}`, async (after) => {
    const data = await request(token, MarketoPushesPage, {
      id: listId,
      first: PUSHES_PAGE_SIZE,
      after,
    });
    const mirror = data.list?.marketoMirror;
    if (!mirror) throw new Error('This list is no longer mirrored to Marketo.');
    return pageOf(mirror.pushes, (edge) => edge.node);
  });
  useEffect(() => {
    if (props.version > 0) pages.reload();
  }, [props.version]);
  const { page } = pages;

  return (
    <div class="marketo-pushes">
      <h3 id="marketo-pushes-title">Pushes</h3>
      {pages.error && (
        <p class="error" role="alert">
          {pages.error}
        </p>
      )}
      {!page && !pages.error && <p class="hint">Loading…</p>}
      {page?.total === 0 && <p class="empty">No push yet: the first one is on its way.</p>}
      {page && page.items.length > 0 && (
        <table class="cards pushes" aria-labelledby="marketo-pushes-title">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Trigger</th>
              <th scope="col">Status</th>
              <th scope="col">What it did</th>
              <th scope="col">Calls</th>
              <th scope="col">
                <span class="visually-hidden">Records</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((stored) => {
              const push = fresher(stored, props.live[stored.id]);
              const rowId = `push-${push.id}`;
              const shown = props.picked === push.id;
              return (
                <tr key={push.id} class={shown ? 'picked' : undefined}>
                  <th scope="row" data-label="Started" id={rowId}>
                    <Time iso={push.startedAt} empty="Waiting" />
                  </th>
                  <td data-label="Trigger">{PUSH_TRIGGER[push.trigger]}</td>
                  <td data-label="Status">
                    <span class={`push-${push.status}`}>{PUSH_STATUS[push.status]}</span>
                    {push.error && <span class="push-error">{push.error}</span>}
                  </td>
                  <td data-label="What it did">
                    {push.status === 'QUEUED' ? <span class="hint">–</span> : pushCounts(push)}
                  </td>
                  <td data-label="Calls" class="number">
                    {count(push.calls)}
                  </td>
                  <td data-label="" class="row-actions">
                    <button
                      type="button"
                      class="secondary"
                      aria-describedby={rowId}
                      aria-pressed={shown}
                      onClick={() => props.onPick(push.id)}
                    >
                      Show records
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {page && (
        <Pager
          id="marketo-pushes-range"
          noun="Pushes"
          index={pages.index}
          size={PUSHES_PAGE_SIZE}
          shown={page.items.length}
          total={page.total}
          hasNext={page.hasNext}
          busy={pages.busy}
          onPrevious={pages.previous}
          onNext={pages.next}
        />
      )}
    </div>
  );
}

/** What became of each lead in one push, page by page, all or those of one outcome. */
export function PushRecords(props: { token: string; pushId: string; version: number }) {
  const { token, pushId } = props;
  const [outcome, setOutcome] = useState<MarketoPushOutcome | ''>('');
  const [push, setPush] = useState<Push | null>(null);
  const pages = useCursorPages(`${token}\n${pushId}\n${outcome}`, async (after) => {
    const data = await request(token, MarketoPushRecordsPage, {
      pushId,
      first: RECORDS_PAGE_SIZE,
      after,
      outcome: outcome || null,
    });
    const node = data.node;
    if (node?.__typename !== 'MarketoPush') throw new Error('This push is no longer kept.');
    setPush(node);
    return pageOf(node.records, (edge) => ({ cursor: edge.cursor, ...edge.node }));
  });
  useEffect(() => {
    if (props.version > 0) pages.reload();
  }, [props.version]);
  const { page } = pages;

  return (
    <div class="marketo-records">
      <h3 id="marketo-records-title">
        Records{push && push.id === pushId ? ` of the ${pushName(push)}` : ''}
      </h3>
      <div class="find">
        <label for="marketo-outcome">Show</label>
        <select
          id="marketo-outcome"
          value={outcome}
          onChange={(event) =>
            setOutcome((event.target as HTMLSelectElement).value as MarketoPushOutcome | '')
          }
        >
          <option value="">Every outcome</option>
          {OUTCOMES.map((value) => (
            <option key={value} value={value}>
              {OUTCOME[value]}
            </option>
          ))}
        </select>
      </div>
      {pages.error && (
        <p class="error" role="alert">
          {pages.error}
        </p>
      )}
      {!page && !pages.error && <p class="hint">Loading…</p>}
      <div aria-live="polite">
        {page?.total === 0 && (
          <p class="empty">
            {outcome
              ? `No record of this push is “${OUTCOME[outcome].toLowerCase()}”.`
              : 'No record yet: each lead the push adds, removes or leaves out shows here.'}
          </p>
        )}
        {page && page.total > 0 && (
          <p class="hint">
            {counted(page.total, 'record')}
            {outcome ? ` ${OUTCOME[outcome].toLowerCase()}` : ''}.
          </p>
        )}
      </div>
      {page && page.items.length > 0 && (
        <table class="cards records" aria-labelledby="marketo-records-title">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Marketo lead</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((record) => (
              <tr key={record.cursor}>
                <th scope="row" data-label="Email">
                  {record.email}
                </th>
                <td data-label="Action">{record.action === 'ADD' ? 'Add' : 'Remove'}</td>
                <td data-label="Outcome">
                  <span class={`outcome-${record.outcome}`}>{OUTCOME[record.outcome]}</span>
                </td>
                <td data-label="Marketo lead" class="number">
                  {record.marketoLeadId === null ? (
                    <span class="hint">None</span>
                  ) : (
                    `id ${record.marketoLeadId}`
                  )}
                </td>
                <td data-label="Reason">
                  {record.reasonCode || record.reason ? (
                    <>
                      {record.reasonCode && <code>{record.reasonCode}</code>}
                      {record.reasonCode && record.reason && ' '}
                      {record.reason}
                    </>
                  ) : record.outcome === 'NOT_IN_MARKETO' ? (
                    <span class="hint">No Marketo lead has this email</span>
                  ) : (
                    <span class="hint">–</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && (
        <Pager
          id="marketo-records-range"
          noun="Records"
          index={pages.index}
          size={RECORDS_PAGE_SIZE}
          shown={page.items.length}
          total={page.total}
          hasNext={page.hasNext}
          busy={pages.busy}
          onPrevious={pages.previous}
          onNext={pages.next}
        />
      )}
    </div>
  );
}
