import { useState } from 'preact/hooks';
import { request } from './api.js';
import {
  SettingsCreatePublishableKey,
  SettingsPublishableKeys,
  SettingsRevokePublishableKey,
} from './documents-settings.js';
import { errorMessage, failureText } from './errors.js';
import { counted } from './format.js';
import type { SettingsKeyFieldsFragment } from './gql/graphql.js';
import { ConfirmButton, CopyField, Outcome, Time, usePaged } from './settings-parts.js';

/** Keys per page; Show more reads the next page. */
const PAGE_SIZE = 20;

/**
 * The tag a page carries to sync its visitors' cookies, as the README documents it: the
 * script from this service with the key, and the workspace's IMS organization when one is
 * configured (it picks that organization's Adobe cookie on a site that carries several).
 */
export function snippetFor(key: string, imsOrgId: string | null): string {
  const org = imsOrgId ? ` data-ims-org="${imsOrgId}"` : '';
  return `<script src="${window.location.origin}/munchkin/cookie-sync.js" data-key="${key}"${org} async></script>`;
}

/** Origins typed one a line (commas and spaces separate them too), without repeats. */
export function parseOrigins(text: string): string[] {
  const origins = text
    .split(/[\s,]+/)
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  return [...new Set(origins)];
}

/** Publishable keys: create with origins, the snippet of each, revoke. */
export function PublishableKeys(props: { token: string; imsOrgId: string | null }) {
  const { token } = props;
  const [origins, setOrigins] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [fresh, setFresh] = useState<SettingsKeyFieldsFragment | null>(null);

  const keys = usePaged<SettingsKeyFieldsFragment>(
    async (after) => {
      const page = (await request(token, SettingsPublishableKeys, { first: PAGE_SIZE, after }))
        .workspace.publishableKeys;
      return {
        nodes: page.edges.map((edge) => edge.node),
        totalCount: page.totalCount,
        hasNextPage: page.pageInfo.hasNextPage,
        endCursor: page.pageInfo.endCursor ?? null,
      };
    },
    [token],
  );

  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    const allowedOrigins = parseOrigins(origins);
    if (allowedOrigins.length === 0) {
      setError(
        'Type at least one origin, such as https://shop.example: the pages that may use the key.',
      );
      return;
    }
    setBusy(true);
    try {
      const result = (
        await request(token, SettingsCreatePublishableKey, { input: { allowedOrigins } })
      ).createPublishableKey;
      const message = errorMessage(result);
      if (message) setError(message);
      else if (result.__typename === 'CreatePublishableKeySuccess') {
        setOrigins('');
        setFresh(result.publishableKey);
        setDone(
          `Key created for ${counted(allowedOrigins.length, 'origin')}: copy its snippet below into those pages.`,
        );
        keys.reload();
      }
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: SettingsKeyFieldsFragment) => {
    setError(null);
    setDone(null);
    try {
      const result = (await request(token, SettingsRevokePublishableKey, { id: key.id }))
        .revokePublishableKey;
      const message = errorMessage(result);
      if (message) setError(message);
      else {
        if (fresh?.id === key.id) setFresh(null);
        setDone(`Key ${key.key} revoked: pages using it can no longer report visitors.`);
        keys.reload();
      }
    } catch (failure) {
      setError(failureText(failure));
    }
  };

  // A key created here comes first, with its snippet, until the page is left (even when
  // it is beyond the pages shown).
  const shown = fresh
    ? [fresh, ...(keys.items ?? []).filter((key) => key.id !== fresh.id)]
    : (keys.items ?? []);

  return (
    <section class="panel settings-section" aria-labelledby="settings-keys-title">
      <h3 id="settings-keys-title">Publishable keys</h3>
      <p class="hint">
        A publishable key lets the cookie-sync script on your pages report visitors, from the
        origins you list only. It is public: it sits in the page’s HTML.
      </p>
      <form class="settings-form" onSubmit={create}>
        <label for="settings-key-origins">Allowed origins</label>
        <textarea
          id="settings-key-origins"
          rows={2}
          value={origins}
          spellcheck={false}
          placeholder={'https://shop.example\nhttps://www.shop.example'}
          aria-describedby="settings-key-origins-hint"
          onInput={(event) => setOrigins((event.target as HTMLTextAreaElement).value)}
        />
        <p class="hint" id="settings-key-origins-hint">
          One a line: scheme, host and port, exactly as the browser shows them (no path).
        </p>
        <button type="submit" disabled={busy}>
          Create key
        </button>
      </form>
      <Outcome error={error ?? keys.error} done={done} />
      {keys.items === null && !keys.error && <p class="hint">Loading…</p>}
      {keys.items?.length === 0 && (
        <p class="hint">
          No publishable keys yet: create one with the origins of the pages that carry Munchkin,
          then paste its snippet into those pages.
        </p>
      )}
      {keys.items && keys.items.length > 0 && (
        <p class="hint" id="settings-keys-count">
          {keys.items.length < keys.total
            ? `Showing ${keys.items.length} of ${counted(keys.total, 'live key')}.`
            : `${counted(keys.total, 'live key')}.`}
        </p>
      )}
      <ul class="settings-items">
        {shown.map((key) => (
          <li key={key.id} class="settings-item">
            <p class="settings-item-head">
              <code class="settings-key" id={`key-${key.id}`}>
                {key.key}
              </code>
              <span class="hint">
                created <Time iso={key.createdAt} />
              </span>
            </p>
            <p class="settings-origins">
              <span class="hint">Allowed origins: </span>
              {key.allowedOrigins.map((origin, index) => (
                <span key={origin}>
                  {index > 0 && ', '}
                  <code>{origin}</code>
                </span>
              ))}
            </p>
            <CopyField
              id={`snippet-${key.id}`}
              label="Page snippet"
              multiline
              value={snippetFor(key.key, props.imsOrgId)}
              hint="Paste it into every page that has Munchkin; it waits for Munchkin and Adobe’s cookies on its own."
            />
            <div class="actions">
              <ConfirmButton
                label="Revoke"
                question="Revoke this key? Pages using it stop reporting at once."
                confirmLabel="Yes, revoke"
                describedBy={`key-${key.id}`}
                onConfirm={() => revoke(key)}
              />
            </div>
          </li>
        ))}
      </ul>
      {keys.hasMore && (
        <button
          type="button"
          class="show-more secondary"
          aria-describedby="settings-keys-count"
          onClick={keys.more}
        >
          Show more
        </button>
      )}
    </section>
  );
}
