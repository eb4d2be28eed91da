import { useState } from 'preact/hooks';
import { ApiError, request } from './api.js';
import { ExplainLead, ExplainMatch } from './documents.js';
import { count } from './format.js';
import type { WebExplainLeadQuery, WebExplainMatchQuery } from './gql/graphql.js';

type Explanation = NonNullable<WebExplainMatchQuery['audience']>['explainMatch'];
type LeadExplanation = NonNullable<WebExplainLeadQuery['audience']>['explainLead'];

/** At most this many cookie ids or ECIDs are named in an answer; the rest are counted. */
const NAMED = 3;

/**
 * Identifiers in a sentence: "cookie _mch-a", "cookies _mch-a and _mch-b", "cookies _mch-a,
 * _mch-b, _mch-c and 4 more".
 */
function some(ids: readonly string[], one: string, many: string): string {
  const named = ids.slice(0, NAMED);
  const rest = ids.length - named.length;
  const noun = ids.length === 1 ? one : many;
  if (rest > 0) return `${noun} ${named.join(', ')} and ${count(rest)} more`;
  if (named.length <= 1) return `${noun} ${named.join('')}`;
  return `${noun} ${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

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
      return 'The service gave a reason this page does not know yet; explainMatch in GraphiQL shows it.';
  }
}

/**
 * The reason of explainLead in words, with the path it found, and whether the lead is on the
 * list `listId`: a matched lead is on it or joins it with the next run; one that is not
 * matched can still be on it, added by hand (a sync never removes those) or until the next
 * run takes it off.
 */
export function leadExplanationText(explanation: LeadExplanation, listId: string): string {
  const { email } = explanation;
  const membership = explanation.lead?.lists.edges.find(({ node }) => node.id === listId);
  const cookies = some(explanation.cookieIds, 'cookie', 'cookies');
  const ecids = some(explanation.ecids, 'ECID', 'ECIDs');
  let why: string;
  switch (explanation.reason) {
    case 'NOT_A_LEAD':
      return `No lead has the email ${email}, so there is nothing to match: the person is not a known lead here yet.`;
    case 'MATCHED': {
      const inAudience = some(explanation.audienceEcids, 'ECID', 'ECIDs');
      const outcome = membership
        ? 'and the lead is on the list.'
        : 'so the lead joins the list with the next run.';
      return `${email} is matched: ${cookies} synced with ${inAudience} of the audience, ${outcome}`;
    }
    case 'NO_COOKIE':
      why = `${email} is a lead, but no Munchkin cookie is tied to it: the person has not filled out a form or clicked a tracked email link in a browser Munchkin tracks.`;
      break;
    case 'NO_COOKIE_SYNC':
      why = `${email} has ${cookies}, but none is synced with an ECID: the person has not loaded a tracked page with cookie sync on since.`;
      break;
    case 'NOT_IN_AUDIENCE':
      why = `${email} has ${cookies}, synced with ${ecids}, but none of those is in the audience, so a sync does not bring the lead in.`;
      break;
    default:
      return 'The service gave a reason this page does not know yet; explainLead in GraphiQL shows it.';
  }
  if (!membership) return `${why} The lead is not on the list.`;
  return membership.source === 'MANUAL'
    ? `${why} The lead is on the list all the same: added by hand, which a sync never undoes.`
    : `${why} The lead is still on the list from an earlier run; the next run takes it off.`;
}

/**
 * The message of a refusal as a sentence: a field path before it ("email: not a valid email
 * address") left out, the first letter upper-cased and a full stop at the end.
 */
function inWords(message: string): string {
  const text = message.replace(/^[a-z][\w.]*: /, '').trim();
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** A typed value that is no ECID, in words; null for 38 digits. */
function ecidProblem(value: string): string | null {
  if (/^\d{38}$/.test(value)) return null;
  if (value === '') return 'Enter an ECID to explain: 38 digits.';
  const digits = value.replace(/\D/g, '').length;
  return /^\d+$/.test(value)
    ? `An ECID has 38 digits; this one has ${digits}.`
    : 'An ECID has 38 digits and nothing else.';
}

/**
 * "Why is this person not on the list?": an ECID (a visitor as Adobe knows it) or an email
 * (a lead as Marketo knows it) through the matching rule. Both forms answer in one place.
 */
export function ExplainBox(props: {
  token: string;
  audienceId: string;
  listId: string;
  jobKey: string;
}) {
  const [ecid, setEcid] = useState('');
  const [email, setEmail] = useState('');
  const [answer, setAnswer] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ecidField = `ecid-${props.jobKey}`;
  const emailField = `email-${props.jobKey}`;

  const explain = async (ask: () => Promise<string | null>) => {
    setAnswer(null);
    setError(null);
    try {
      const text = await ask();
      if (text === null) setError('The audience no longer exists.');
      else setAnswer(text);
    } catch (failure) {
      setError(failure instanceof ApiError ? inWords(failure.message) : String(failure));
    }
  };

  const explainEcid = (event: Event) => {
    event.preventDefault();
    const value = ecid.trim();
    const problem = ecidProblem(value);
    if (problem) {
      setAnswer(null);
      setError(problem);
      return;
    }
    void explain(async () => {
      const data = await request(props.token, ExplainMatch, {
        audienceId: props.audienceId,
        ecid: value,
      });
      return data.audience ? explanationText(data.audience.explainMatch, props.listId) : null;
    });
  };

  const explainEmail = (event: Event) => {
    event.preventDefault();
    const value = email.trim();
    if (!value.includes('@')) {
      setAnswer(null);
      setError('Enter the lead’s email address, such as jane@example.com.');
      return;
    }
    void explain(async () => {
      const data = await request(props.token, ExplainLead, {
        audienceId: props.audienceId,
        email: value,
      });
      return data.audience ? leadExplanationText(data.audience.explainLead, props.listId) : null;
    });
  };

  return (
    <div class="explain">
      <fieldset>
        <legend>Why is this person not on the list?</legend>
        <form class="explain-by" onSubmit={explainEcid}>
          <label for={ecidField}>ECID</label>
          <input
            id={ecidField}
            type="text"
            inputmode="numeric"
            autocomplete="off"
            placeholder="38 digits"
            value={ecid}
            onInput={(event) => setEcid((event.target as HTMLInputElement).value)}
          />
          <button type="submit">Explain</button>
        </form>
        <form class="explain-by" onSubmit={explainEmail} noValidate>
          <label for={emailField}>Email</label>
          <input
            id={emailField}
            type="email"
            autocomplete="off"
            placeholder="jane@example.com"
            value={email}
            onInput={(event) => setEmail((event.target as HTMLInputElement).value)}
          />
          <button type="submit" aria-label="Explain this lead">
            Explain
          </button>
        </form>
        <output for={`${ecidField} ${emailField}`} aria-live="polite">
          {answer}
        </output>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </fieldset>
    </div>
  );
}
