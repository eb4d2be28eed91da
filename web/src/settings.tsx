import { useEffect, useState } from 'preact/hooks';
import { request } from './api.js';
import { SettingsConfigureExperienceCloud, SettingsExperienceCloud } from './documents-settings.js';
import { errorMessage, failureText } from './errors.js';
import type { SettingsExperienceCloudQuery } from './gql/graphql.js';
import { PublishableKeys } from './settings-keys.js';
import { MarketoConnection } from './settings-marketo.js';
import { Outcome, Time } from './settings-parts.js';
import { ApiTokens } from './settings-tokens.js';
import { Webhooks } from './settings-webhooks.js';

/**
 * The Settings view: the Experience Cloud integration, publishable keys, webhooks, the
 * Marketo connection and API tokens. Each section loads and fails on its own: a token without
 * admin scope still sees what it may read, and each refused section says why.
 */
export function Settings(props: { token: string }) {
  const { token } = props;
  const [imsOrgId, setImsOrgId] = useState<string | null>(null);
  return (
    <div class="settings">
      <h2 class="settings-title">Settings</h2>
      <ExperienceCloud token={token} onImsOrg={setImsOrgId} />
      <PublishableKeys token={token} imsOrgId={imsOrgId} />
      <Webhooks token={token} />
      <MarketoConnection token={token} />
      <ApiTokens token={token} />
    </div>
  );
}

type Integration = NonNullable<SettingsExperienceCloudQuery['workspace']['experienceCloud']>;

/** The IMS organization and whether cookie syncs are accepted (configureExperienceCloud). */
function ExperienceCloud(props: { token: string; onImsOrg: (id: string | null) => void }) {
  const { token } = props;
  const [loaded, setLoaded] = useState(false);
  const [hipaa, setHipaa] = useState(false);
  const [integration, setIntegration] = useState<Integration | null>(null);
  const [imsOrgId, setImsOrgId] = useState('');
  const [cookieSync, setCookieSync] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (found: Integration | null) => {
    setIntegration(found);
    props.onImsOrg(found?.imsOrgId ?? null);
    if (found) {
      setImsOrgId(found.imsOrgId);
      setCookieSync(found.cookieSyncEnabled);
    }
  };

  useEffect(() => {
    request(token, SettingsExperienceCloud)
      .then((data) => {
        setHipaa(data.workspace.hipaaReady);
        show(data.workspace.experienceCloud ?? null);
        setLoaded(true);
      })
      .catch((failure) => setError(failureText(failure)));
  }, [token]);

  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      const result = (
        await request(token, SettingsConfigureExperienceCloud, {
          input: { imsOrgId: imsOrgId.trim(), cookieSyncEnabled: cookieSync },
        })
      ).configureExperienceCloud;
      const message = errorMessage(result);
      if (message) setError(message);
      else if (result.__typename === 'ConfigureExperienceCloudSuccess') {
        show(result.workspace.experienceCloud ?? null);
        setDone(
          cookieSync
            ? 'Saved: cookie syncs from this IMS organization are accepted.'
            : 'Saved: cookie syncs are turned off; the script’s calls are refused.',
        );
      }
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel settings-section" aria-labelledby="settings-ec-title">
      <h3 id="settings-ec-title">Experience Cloud</h3>
      {!loaded && !error && <p class="hint">Loading…</p>}
      {loaded && hipaa && (
        <p class="hint">
          This workspace is HIPAA-ready: it cannot be connected to Experience Cloud, so cookie syncs
          and audience syncs stay off.
        </p>
      )}
      {loaded && !hipaa && (
        <p class="hint">
          {integration ? (
            <>
              Configured <Time iso={integration.configuredAt} />. Cookie syncs are{' '}
              <strong>{integration.cookieSyncEnabled ? 'on' : 'off'}</strong>.
            </>
          ) : (
            'Not configured yet: enter your Adobe IMS organization ID and save, so that the cookie-sync script on your pages can report visitors.'
          )}
        </p>
      )}
      {loaded && !hipaa && (
        <form class="settings-form" onSubmit={save}>
          <label for="settings-ims-org">IMS organization ID</label>
          <input
            id="settings-ims-org"
            type="text"
            value={imsOrgId}
            required
            spellcheck={false}
            autocomplete="off"
            placeholder="0123456789ABCDEF01234567@AdobeOrg"
            aria-describedby="settings-ims-org-hint"
            onInput={(event) => setImsOrgId((event.target as HTMLInputElement).value)}
          />
          <p class="hint" id="settings-ims-org-hint">
            24 upper-case hexadecimal characters and <code>@AdobeOrg</code>, as Experience Cloud
            shows it under Administration.
          </p>
          <div class="settings-check">
            <input
              id="settings-cookie-sync"
              type="checkbox"
              checked={cookieSync}
              onChange={(event) => setCookieSync((event.target as HTMLInputElement).checked)}
            />
            <label for="settings-cookie-sync">Accept cookie syncs</label>
          </div>
          <button type="submit" disabled={busy}>
            Save
          </button>
        </form>
      )}
      <Outcome error={error} done={done} />
    </section>
  );
}
