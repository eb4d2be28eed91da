import { useState } from 'preact/hooks';
import { ApiError, request } from './api.js';
import { ExplainMatch } from './documents.js';
import type { WebExplainMatchQuery } from './gql/graphql.js';

type Explanation = NonNullable<WebExplainMatchQuery['audience']>['explainMatch'];

/**
 * The reason of explainMatch in words, with the path it found; for a match, whether the lead
 * is on the list `listId` already or joins it with the next run.
 */
export function explanationText(explanation: Explanation, listId: string): string {
  const cookies = explanation.cookieIds.join(', ');
  switch (explanation.reason) {
    case 'MATCHED': {
      const emails = explanation.leads.map((lead) => lead.email).join(', ');
      const onList = explanation.leads.filter((lead) =>
        lead.lists.edges.some(({ node }) => node.id === listId),
      );
      const outcome =
        onList.length === explanation.leads.length
          ? explanation.leads.length === 1
            ? 'and the lead is on the list'
            : 'and those leads are on the list'
          : onList.length === 0
            ? 'so the lead joins the list with the next run'
            : `so ${explanation.leads
                .filter((lead) => !onList.includes(lead))
                .map((lead) => lead.email)
                .join(', ')} joins the list with the next run (the others are on it)`;
      return `This visitor is matched: cookie ${cookies} leads to ${emails}, ${outcome}.`;
    }
    case 'NOT_IN_AUDIENCE':
      return 'This ECID is not a member of the audience, so nothing of it reaches the list.';
    case 'NO_COOKIE_SYNC':
      return 'This ECID is in the audience, but no Munchkin cookie is synced with it: the visitor has not loaded a tracked page with cookie sync on.';
    case 'ANONYMOUS_COOKIE':
      return `This ECID has cookie ${cookies}, but it is tied to no known lead yet: the visitor has not filled out a form or clicked a tracked email link.`;
    default:
      return `Reason: ${explanation.reason}.`;
  }
}

/** "Why is this visitor not on the list?": one ECID through the matching rule. */
export function ExplainBox(props: {
  token: string;
  audienceId: string;
  listId: string;
  jobKey: string;
}) {
  const [ecid, setEcid] = useState('');
  const [answer, setAnswer] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const field = `ecid-${props.jobKey}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    setAnswer(null);
    setError(null);
    try {
      const data = await request(props.token, ExplainMatch, {
        audienceId: props.audienceId,
        ecid: ecid.trim(),
      });
      if (!data.audience) setError('The audience no longer exists.');
      else setAnswer(explanationText(data.audience.explainMatch, props.listId));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    }
  };

  return (
    <form class="explain" onSubmit={submit}>
      <fieldset>
        <legend>Why is this visitor not on the list?</legend>
        <label for={field}>ECID</label>
        <input
          id={field}
          type="text"
          inputmode="numeric"
          autocomplete="off"
          placeholder="38 digits"
          value={ecid}
          onInput={(event) => setEcid((event.target as HTMLInputElement).value)}
        />
        <button type="submit">Explain</button>
        <output for={field} aria-live="polite">
          {answer}
        </output>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </fieldset>
    </form>
  );
}
