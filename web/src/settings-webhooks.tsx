import { useEffect, useState } from 'preact/hooks';
import { request } from './api.js';
import {
  SettingsCreateWebhook,
  SettingsDeleteWebhook,
  SettingsTestWebhook,
  SettingsWebhookDeliveries,
  SettingsWebhooks,
} from './documents-settings.js';
import { errorMessage, failureText } from './errors.js';
import { count, counted, words } from './format.js';
import type { SettingsWebhookFieldsFragment, WebhookEvent } from './gql/graphql.js';
import { Pager, pageOf, useCursorPages } from './paging.js';
import { ConfirmButton, CopyField, Outcome, Time, usePaged } from './settings-parts.js';

const PAGE_SIZE = 20;
const DELIVERY_PAGE_SIZE = 20;
/** How often an open delivery log reads again while one of its deliveries is pending. */
const PENDING_POLL_MS = 2000;

/** Every event a webhook can receive: its payload `type` and what it means. */
const EVENTS: Record<WebhookEvent, { type: string; what: string }> = {
  SYNC_RUN_SUCCEEDED: { type: 'sync_run.succeeded', what: 'a sync run succeeded' },
  SYNC_RUN_FAILED: { type: 'sync_run.failed', what: 'a sync run failed for good' },
  MATCH_RATE_DROPPED: {
    type: 'sync_job.match_rate_dropped',
    what: 'a full run matched a much smaller share of its audience than the previous one',
  },
  MARKETO_PUSH_SUCCEEDED: {
    type: 'marketo_push.succeeded',
    what: 'a push into Marketo ended (in full or in part)',
  },
  MARKETO_PUSH_FAILED: {
    type: 'marketo_push.failed',
    what: 'a push into Marketo could not go on',
  },
};
const EVENT_NAMES = Object.keys(EVENTS) as WebhookEvent[];

/** Webhooks: create with events, the signing secret once, the delivery log, Send test. */
export function Webhooks(props: { token: string }) {
  const { token } = props;
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<Set<WebhookEvent>>(
    new Set(['SYNC_RUN_FAILED', 'MATCH_RATE_DROPPED', 'MARKETO_PUSH_FAILED']),
  );
  const [secret, setSecret] = useState<{ id: string; url: string; secret: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const hooks = usePaged<SettingsWebhookFieldsFragment>(
    async (after) => {
      const page = (await request(token, SettingsWebhooks, { first: PAGE_SIZE, after })).webhooks;
      return {
        nodes: page.edges.map((edge) => edge.node),
        totalCount: page.totalCount,
        hasNextPage: page.pageInfo.hasNextPage,
        endCursor: page.pageInfo.endCursor ?? null,
      };
    },
    [token],
  );

  const toggle = (event: WebhookEvent, on: boolean) =>
    setEvents((current) => {
      const next = new Set(current);
      if (on) next.add(event);
      else next.delete(event);
      return next;
    });

  const create = async (submit: Event) => {
    submit.preventDefault();
    setError(null);
    setDone(null);
    if (events.size === 0) {
      setError('Pick at least one event for the webhook to receive.');
      return;
    }
    setBusy(true);
    try {
      const result = (
        await request(token, SettingsCreateWebhook, {
          input: {
            url: url.trim(),
            events: EVENT_NAMES.filter((event) => events.has(event)),
            description: description.trim() || null,
          },
        })
      ).createWebhook;
      const message = errorMessage(result);
      if (message) setError(message);
      else if (result.__typename === 'CreateWebhookSuccess') {
        setSecret({
          id: result.webhook.id,
          url: result.webhook.url,
          secret: result.signingSecret,
        });
        setUrl('');
        setDescription('');
        setDone('Webhook created. Copy its signing secret now: it is shown only this once.');
        hooks.reload();
      }
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  const removed = (hook: SettingsWebhookFieldsFragment) => {
    if (secret?.id === hook.id) setSecret(null);
    setDone(`Webhook to ${hook.url} deleted; its pending deliveries will not be sent.`);
    hooks.reload();
  };

  return (
    <section class="panel settings-section" aria-labelledby="settings-hooks-title">
      <h3 id="settings-hooks-title">Webhooks</h3>
      <p class="hint">
        The service POSTs each event you pick to your URL, signed (Standard Webhooks) with the
        webhook’s secret, and retries until your receiver answers 2xx.
      </p>
      <form class="settings-form" onSubmit={create}>
        <label for="settings-hook-url">Receiver URL</label>
        <input
          id="settings-hook-url"
          type="url"
          required
          value={url}
          spellcheck={false}
          autocomplete="off"
          placeholder="https://hooks.example/audience-sync"
          onInput={(event) => setUrl((event.target as HTMLInputElement).value)}
        />
        <label for="settings-hook-description">Description</label>
        <input
          id="settings-hook-description"
          type="text"
          value={description}
          placeholder="What it is for (optional)"
          onInput={(event) => setDescription((event.target as HTMLInputElement).value)}
        />
        <fieldset class="settings-events">
          <legend>Events</legend>
          {EVENT_NAMES.map((event) => (
            <div class="settings-check" key={event}>
              <input
                id={`settings-event-${event}`}
                type="checkbox"
                checked={events.has(event)}
                aria-describedby={`settings-event-${event}-what`}
                onChange={(change) => toggle(event, (change.target as HTMLInputElement).checked)}
              />
              <label for={`settings-event-${event}`}>
                <code>{EVENTS[event].type}</code>
              </label>
              <span class="hint" id={`settings-event-${event}-what`}>
                {EVENTS[event].what}
              </span>
            </div>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          Create webhook
        </button>
      </form>
      <Outcome error={error ?? hooks.error} done={done} />
      {secret && (
        <div class="settings-secret">
          <CopyField
            id="settings-hook-secret"
            label="Signing secret"
            value={secret.secret}
            hint={`For ${secret.url}. Shown only now: keep it where your receiver verifies signatures. It cannot be read again; to replace it, create a new webhook.`}
          />
          <button type="button" class="secondary" onClick={() => setSecret(null)}>
            I have stored it
          </button>
        </div>
      )}
      {hooks.items === null && !hooks.error && <p class="hint">Loading…</p>}
      {hooks.items?.length === 0 && (
        <p class="hint">
          No webhooks yet: add your receiver’s URL above, pick its events, then use Send test to
          check that it answers.
        </p>
      )}
      {hooks.items && hooks.items.length > 0 && (
        <p class="hint" id="settings-hooks-count">
          {hooks.items.length < hooks.total
            ? `Showing ${hooks.items.length} of ${counted(hooks.total, 'webhook')}.`
            : `${counted(hooks.total, 'webhook')}.`}
        </p>
      )}
      <ul class="settings-items">
        {hooks.items?.map((hook) => (
          <WebhookItem key={hook.id} token={token} hook={hook} onDeleted={() => removed(hook)} />
        ))}
      </ul>
      {hooks.hasMore && (
        <button
          type="button"
          class="show-more secondary"
          aria-describedby="settings-hooks-count"
          onClick={hooks.more}
        >
          Show more
        </button>
      )}
    </section>
  );
}

function WebhookItem(props: {
  token: string;
  hook: SettingsWebhookFieldsFragment;
  onDeleted: () => void;
}) {
  const { token, hook } = props;
  const [open, setOpen] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameId = `hook-${hook.id}`;

  const sendTest = async () => {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      const result = (await request(token, SettingsTestWebhook, { id: hook.id })).testWebhook;
      const message = errorMessage(result);
      if (message) setError(message);
      else {
        setDone('Test delivery queued: its outcome shows in the delivery log.');
        setOpen(true);
        setRefresh((n) => n + 1);
      }
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setError(null);
    setDone(null);
    try {
      const result = (await request(token, SettingsDeleteWebhook, { id: hook.id })).deleteWebhook;
      const message = errorMessage(result);
      if (message) setError(message);
      else props.onDeleted();
    } catch (failure) {
      setError(failureText(failure));
    }
  };

  return (
    <li class="settings-item" aria-labelledby={nameId}>
      <p class="settings-item-head">
        <span class="settings-url" id={nameId}>
          {hook.url}
        </span>
        <span class="hint">
          created <Time iso={hook.createdAt} />
        </span>
      </p>
      {hook.description && <p class="settings-description">{hook.description}</p>}
      <p class="settings-origins">
        <span class="hint">Events: </span>
        {hook.events.map((event, index) => (
          <span key={event}>
            {index > 0 && ', '}
            <code>{EVENTS[event]?.type ?? words(event)}</code>
          </span>
        ))}
      </p>
      <div class="actions">
        <button
          type="button"
          class="secondary"
          aria-describedby={nameId}
          disabled={busy}
          onClick={sendTest}
        >
          Send test
        </button>
        <ConfirmButton
          label="Delete"
          question="Delete this webhook? Its pending deliveries are not sent."
          confirmLabel="Yes, delete"
          describedBy={nameId}
          onConfirm={remove}
        />
      </div>
      <Outcome error={error} done={done} />
      <details
        open={open}
        onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
      >
        <summary>Delivery log</summary>
        {open && <DeliveryLog token={token} webhookId={hook.id} refresh={refresh} />}
      </details>
    </li>
  );
}

/** The deliveries of one webhook, newest first, page by page; read again while any is pending. */
function DeliveryLog(props: { token: string; webhookId: string; refresh: number }) {
  const { token, webhookId } = props;
  // Send test (a new `refresh`) goes back to the first page, where its delivery is.
  const log = useCursorPages(`${token}\n${webhookId}\n${props.refresh}`, async (after) => {
    const node = (
      await request(token, SettingsWebhookDeliveries, {
        id: webhookId,
        first: DELIVERY_PAGE_SIZE,
        after,
      })
    ).node;
    if (node?.__typename !== 'Webhook') throw new Error('This webhook was deleted.');
    return pageOf(node.deliveries, (edge) => edge.node);
  });
  const items = log.page?.items ?? null;

  const pending = items?.some((delivery) => delivery.status === 'PENDING') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(log.reload, PENDING_POLL_MS);
    return () => clearTimeout(timer);
  }, [log.page]);

  const countId = `log-${webhookId}-range`;
  return (
    <div class="delivery-log" aria-live="polite">
      {log.error && <p class="error">{log.error}</p>}
      {items === null && !log.error && <p class="hint">Loading…</p>}
      {items?.length === 0 && (
        <p class="hint">No deliveries yet: press Send test to send one now.</p>
      )}
      {log.page && items && items.length > 0 && (
        <div class="table-scroll">
          <table class="runs settings-stack">
            <caption>{counted(log.page.total, 'delivery', 'deliveries')}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Answer</th>
                <th scope="col">Queued</th>
                <th scope="col">Delivered</th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <tr key={delivery.id}>
                  <td data-label="Event">
                    <code>{delivery.eventType}</code>
                  </td>
                  <td class={`delivery-${delivery.status}`} data-label="Status">
                    {words(delivery.status)}
                  </td>
                  <td data-label="Attempts">{count(delivery.attempts)}</td>
                  <td class="delivery-answer" data-label="Answer">
                    {delivery.responseStatus !== null && delivery.responseStatus !== undefined
                      ? `HTTP ${delivery.responseStatus}`
                      : delivery.attempts === 0
                        ? 'not sent yet'
                        : 'no answer'}
                    {delivery.lastError && (
                      <span class="hint delivery-error">{delivery.lastError}</span>
                    )}
                  </td>
                  <td data-label="Queued">
                    <Time iso={delivery.createdAt} />
                  </td>
                  <td data-label="Delivered">
                    <Time iso={delivery.deliveredAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.page && (
        <Pager
          id={countId}
          noun="Deliveries"
          index={log.index}
          size={DELIVERY_PAGE_SIZE}
          shown={log.page.items.length}
          total={log.page.total}
          hasNext={log.page.hasNext}
          busy={log.busy}
          onPrevious={log.previous}
          onNext={log.next}
        />
      )}
    </div>
  );
}
