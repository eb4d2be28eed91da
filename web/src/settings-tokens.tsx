import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from './api.js';
import {
  SettingsApiTokens,
  SettingsCreateApiToken,
  SettingsRevokeApiToken,
} from './documents-settings.js';
import { errorMessage, failureText } from './errors.js';
import { counted } from './format.js';
import type { ApiTokenScope, SettingsApiTokenFieldsFragment } from './gql/graphql.js';
import { ConfirmButton, CopyField, Outcome, Time, usePaged } from './settings-parts.js';

const PAGE_SIZE = 20;

/** Each scope as the page names it, with what it allows. */
const SCOPES: { scope: ApiTokenScope; label: string; what: string }[] = [
  { scope: 'READ', label: 'read', what: 'queries and live updates' },
  { scope: 'WRITE', label: 'write', what: 'mutations and bulk uploads' },
  {
    scope: 'ADMIN',
    label: 'admin',
    what: 'integration settings, publishable keys, webhooks and API tokens',
  },
];
const labelOf = (scope: ApiTokenScope) =>
  SCOPES.find((entry) => entry.scope === scope)?.label ?? scope.toLowerCase();

/**
 * API tokens: Create token (scopes, description), the new token shown once, the live
 * tokens with their scopes and last use, Revoke after a confirmation.
 */
export function ApiTokens(props: { token: string }) {
  const { token } = props;
  const [creating, setCreating] = useState(false);
  const [scopes, setScopes] = useState<Set<ApiTokenScope>>(new Set(['READ']));
  const [description, setDescription] = useState('');
  const [created, setCreated] = useState<{ value: string; description: string | null } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstScope = useRef<HTMLInputElement>(null);
  const createButton = useRef<HTMLButtonElement>(null);

  const tokens = usePaged<SettingsApiTokenFieldsFragment>(
    async (after) => {
      const page = (await request(token, SettingsApiTokens, { first: PAGE_SIZE, after })).workspace
        .apiTokens;
      return {
        nodes: page.edges.map((edge) => edge.node),
        totalCount: page.totalCount,
        hasNextPage: page.pageInfo.hasNextPage,
        endCursor: page.pageInfo.endCursor ?? null,
      };
    },
    [token],
  );

  // The form takes the focus when it opens, and gives it back to Create token when it closes.
  const opened = useRef(false);
  useEffect(() => {
    if (creating) firstScope.current?.focus();
    else if (opened.current) createButton.current?.focus();
    opened.current = creating;
  }, [creating]);

  const toggle = (scope: ApiTokenScope, on: boolean) =>
    setScopes((current) => {
      const next = new Set(current);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });

  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    if (scopes.size === 0) {
      setError('Pick at least one scope: read, write or admin.');
      return;
    }
    setBusy(true);
    try {
      const result = (
        await request(token, SettingsCreateApiToken, {
          input: {
            scopes: SCOPES.map((entry) => entry.scope).filter((scope) => scopes.has(scope)),
            description: description.trim() || null,
          },
        })
      ).createApiToken;
      const message = errorMessage(result);
      if (message) setError(message);
      else if (result.__typename === 'CreateApiTokenSuccess') {
        setCreated({ value: result.token, description: result.apiToken.description ?? null });
        setDone('Token created. Copy it now: it is shown only this once.');
        setDescription('');
        setScopes(new Set(['READ']));
        setCreating(false);
        tokens.reload();
      }
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (apiToken: SettingsApiTokenFieldsFragment) => {
    setError(null);
    setDone(null);
    try {
      const result = (await request(token, SettingsRevokeApiToken, { id: apiToken.id }))
        .revokeApiToken;
      const message = errorMessage(result);
      if (message) setError(message);
      else {
        setDone(
          `Token ${apiToken.description ? `“${apiToken.description}” ` : ''}revoked: requests with it are refused from now on.`,
        );
        tokens.reload();
      }
    } catch (failure) {
      setError(failureText(failure));
    }
  };

  return (
    <section class="panel settings-section" aria-labelledby="settings-tokens-title">
      <h3 id="settings-tokens-title">API tokens</h3>
      <p class="hint">
        Tokens let people and programs use the API, GraphiQL and this page. Give each the fewest
        scopes it needs: a colleague who only looks needs <code>read</code>.
      </p>
      {!creating && (
        <div class="actions">
          <button
            type="button"
            class="primary"
            ref={createButton}
            onClick={() => setCreating(true)}
          >
            Create token
          </button>
        </div>
      )}
      {creating && (
        <form class="settings-form" onSubmit={create} aria-label="New API token">
          <fieldset class="settings-events">
            <legend>Scopes</legend>
            {SCOPES.map((entry, index) => (
              <div class="settings-check" key={entry.scope}>
                <input
                  id={`settings-scope-${entry.label}`}
                  ref={index === 0 ? firstScope : undefined}
                  type="checkbox"
                  checked={scopes.has(entry.scope)}
                  aria-describedby={`settings-scope-${entry.label}-what`}
                  onChange={(change) =>
                    toggle(entry.scope, (change.target as HTMLInputElement).checked)
                  }
                />
                <label for={`settings-scope-${entry.label}`}>{entry.label}</label>
                <span class="hint" id={`settings-scope-${entry.label}-what`}>
                  {entry.what}
                </span>
              </div>
            ))}
          </fieldset>
          <label for="settings-token-description">Description</label>
          <input
            id="settings-token-description"
            type="text"
            maxLength={255}
            value={description}
            placeholder="Who or what uses it (optional)"
            onInput={(event) => setDescription((event.target as HTMLInputElement).value)}
          />
          <div class="actions">
            <button type="submit" disabled={busy}>
              Create
            </button>
            <button type="button" class="secondary" onClick={() => setCreating(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <Outcome error={error ?? tokens.error} done={done} />
      {created && (
        <div class="settings-secret">
          <CopyField
            id="settings-new-token"
            label="New token"
            value={created.value}
            hint="Shown only now: only its hash is stored, so it cannot be read again. Send it as Authorization: Bearer <token>."
          />
          <button type="button" class="secondary" onClick={() => setCreated(null)}>
            I have stored it
          </button>
        </div>
      )}
      {tokens.items === null && !tokens.error && <p class="hint">Loading…</p>}
      {tokens.items && tokens.items.length > 0 && (
        <div class="table-scroll">
          <table class="runs settings-tokens settings-stack">
            <caption id="settings-tokens-count">
              {tokens.items.length < tokens.total
                ? `${tokens.items.length} of ${counted(tokens.total, 'live token')}`
                : counted(tokens.total, 'live token')}
            </caption>
            <thead>
              <tr>
                <th scope="col">Description</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.items.map((apiToken) => (
                <tr key={apiToken.id}>
                  <td
                    id={`token-${apiToken.id}`}
                    class="settings-description"
                    data-label="Description"
                  >
                    {apiToken.description ?? <span class="hint">no description</span>}
                  </td>
                  <td data-label="Scopes">{apiToken.scopes.map(labelOf).join(', ')}</td>
                  <td data-label="Created">
                    <Time iso={apiToken.createdAt} />
                  </td>
                  <td data-label="Last used">
                    <Time iso={apiToken.lastUsedAt} empty="never" />
                  </td>
                  <td class="settings-stack-actions">
                    <ConfirmButton
                      label="Revoke"
                      question="Revoke this token? Requests with it are refused at once; if this page signed in with it, you are signed out."
                      confirmLabel="Yes, revoke"
                      describedBy={`token-${apiToken.id}`}
                      onConfirm={() => revoke(apiToken)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {tokens.items?.length === 0 && (
        <p class="hint">No live tokens: press Create token to issue one.</p>
      )}
      {tokens.hasMore && (
        <button
          type="button"
          class="show-more secondary"
          aria-describedby="settings-tokens-count"
          onClick={tokens.more}
        >
          Show more
        </button>
      )}
    </section>
  );
}
