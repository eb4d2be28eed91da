import { useEffect, useState } from 'preact/hooks';
import { request } from './api.js';
import {
  AddListMembers,
  LeadByEmail,
  ListChangesPage,
  ListMembersPage,
  RemoveListMembers,
} from './documents.js';
import { errorMessage, failureText } from './errors.js';
import { capitalized, counted, when, words } from './format.js';
import type { WebLeadByEmailQuery, WebListMembersPageQuery } from './gql/graphql.js';
import { Pager, pageOf, useCursorPages } from './paging.js';

/** Members and history entries per page. */
const PAGE_SIZE = 50;
/** Emails one `Add members` may name: each is looked up before anything is added. */
const MAX_EMAILS = 500;
/** Lookups of emails under way at once. */
const LOOKUPS_AT_ONCE = 8;

type MemberEdge = NonNullable<WebListMembersPageQuery['list']>['members']['edges'][number];
interface Member {
  id: string;
  email: string;
  name: string;
  source: string;
}

const memberOf = (edge: MemberEdge): Member => ({
  id: edge.node.id,
  email: edge.node.email,
  name: [edge.node.firstName, edge.node.lastName].filter(Boolean).join(' '),
  source: edge.source,
});

type FoundLead = WebLeadByEmailQuery['leads']['edges'][number]['node'];

/** The lead with this email, or null when no lead has it. */
async function leadByEmail(token: string, email: string): Promise<FoundLead | null> {
  const data = await request(token, LeadByEmail, { email, after: null });
  return data.leads.edges[0]?.node ?? null;
}

/** How the lead is on the list (MANUAL or SYNC), or null: its lists read page by page. */
async function membershipOn(token: string, lead: FoundLead, listId: string) {
  let page = lead.lists;
  for (;;) {
    const edge = page.edges.find(({ node }) => node.id === listId);
    if (edge) return edge.source;
    if (!page.pageInfo.hasNextPage) return null;
    const data = await request(token, LeadByEmail, {
      email: lead.email,
      after: page.pageInfo.endCursor ?? null,
    });
    const next = data.leads.edges[0]?.node;
    if (!next) return null;
    page = next.lists;
  }
}

/** The distinct addresses of a text: separated by commas, semicolons, spaces or lines. */
export function emailsOf(text: string): string[] {
  const found = text
    .split(/[\s,;]+/)
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(found)];
}

/** Runs `work` over every item, at most `atOnce` at a time; answers in the items' order. */
async function inBatches<T, R>(items: T[], atOnce: number, work: (item: T) => Promise<R>) {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += atOnce) {
    results.push(...(await Promise.all(items.slice(i, i + atOnce).map(work))));
  }
  return results;
}

/** The members of a list, a search by email, Add members / Remove, and the history. */
export function ListMembers(props: {
  token: string;
  listId: string;
  listName: string;
  synced: boolean;
  version: number;
  onChanged: () => void;
}) {
  const { token, listId } = props;
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The member found by the search; null while no search is shown.
  const [search, setSearch] = useState<{ email: string; member: Member | null; lead: boolean }>();
  const [typedSearch, setTypedSearch] = useState('');

  const pages = useCursorPages(`${token}\n${listId}`, async (after) => {
    const data = await request(token, ListMembersPage, { id: listId, first: PAGE_SIZE, after });
    if (!data.list) throw new Error('This list no longer exists.');
    return pageOf(data.list.members, memberOf);
  });
  useEffect(() => {
    if (props.version > 0) pages.reload();
  }, [props.version]);

  const find = async (event: Event) => {
    event.preventDefault();
    const email = typedSearch.trim();
    setError(null);
    if (!email) {
      setSearch(undefined);
      return;
    }
    try {
      const lead = await leadByEmail(token, email);
      const source = lead ? await membershipOn(token, lead, listId) : null;
      setSearch({
        email,
        lead: lead !== null,
        member:
          lead && source
            ? memberOf({
                source,
                node: lead,
              } as MemberEdge)
            : null,
      });
    } catch (failure) {
      setError(failureText(failure));
    }
  };

  const remove = async (member: Member) => {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const result = (
        await request(token, RemoveListMembers, { input: { listId, leadIds: [member.id] } })
      ).removeListMembers;
      const message = errorMessage(result);
      if (message) {
        setError(message);
        return;
      }
      setNotice(`Removed ${member.email} from the list.`);
      if (search?.member?.id === member.id) setSearch({ ...search, member: null });
      props.onChanged();
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  const shownMembers = search ? (search.member ? [search.member] : []) : (pages.page?.items ?? []);

  return (
    <>
      <section aria-labelledby="members-title" class="panel">
        <h2 id="members-title">Members</h2>
        <form class="find" onSubmit={find}>
          <label for="member-search">Find a member by email</label>
          <input
            id="member-search"
            type="search"
            inputmode="email"
            autocomplete="off"
            spellcheck={false}
            value={typedSearch}
            onInput={(event) => setTypedSearch((event.target as HTMLInputElement).value)}
          />
          <button type="submit" class="secondary">
            Find
          </button>
          {search && (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setSearch(undefined);
                setTypedSearch('');
              }}
            >
              Show all members
            </button>
          )}
        </form>
        <div aria-live="polite" class="live">
          {notice && <p class="notice">{notice}</p>}
          {search && !search.lead && (
            <p class="empty">No lead has the email {search.email}: check the spelling.</p>
          )}
          {search?.lead && !search.member && (
            <p class="empty">
              {search.email} is a lead, but not on this list. Add it with Add members below.
            </p>
          )}
          {search?.member && <p class="hint">{search.member.email} is on this list.</p>}
          {!search && pages.page?.total === 0 && (
            <p class="empty">
              {props.synced
                ? 'No members yet: the sync adds the leads it matches with each run, and you can add leads by hand below.'
                : 'No members yet: add leads by their email below.'}
            </p>
          )}
        </div>
        {(error || pages.error) && (
          <p class="error" role="alert">
            {error ?? pages.error}
          </p>
        )}
        {!search && !pages.page && !pages.error && <p class="hint">Loading…</p>}
        {shownMembers.length > 0 && (
          <table class="cards members">
            <caption class="visually-hidden">Members of {props.listName}</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shownMembers.map((member) => (
                <tr key={member.id}>
                  <th scope="row" data-label="Email" id={`member-${member.id}`}>
                    {member.email}
                  </th>
                  <td data-label="Name">{member.name || <span class="hint">–</span>}</td>
                  <td data-label="Added">
                    {member.source === 'MANUAL' ? 'By hand' : 'By the sync'}
                  </td>
                  <td data-label="" class="row-actions">
                    {member.source === 'MANUAL' ? (
                      <button
                        type="button"
                        class="secondary"
                        disabled={busy}
                        aria-describedby={`member-${member.id}`}
                        onClick={() => remove(member)}
                      >
                        Remove
                      </button>
                    ) : (
                      <span class="hint">Kept while the audience matches</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {!search && pages.page && (
          <Pager
            id="members-range"
            noun="Members"
            index={pages.index}
            size={PAGE_SIZE}
            shown={pages.page.items.length}
            total={pages.page.total}
            hasNext={pages.page.hasNext}
            busy={pages.busy}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        )}
        <AddMembers token={token} listId={listId} onAdded={props.onChanged} />
      </section>
      <History token={token} listId={listId} listName={props.listName} version={props.version} />
    </>
  );
}

/**
 * `Add members` by email: every address is looked up first; one that is no lead's stops the
 * whole addition (nothing is added), as a failed mutation changes nothing either.
 */
function AddMembers(props: { token: string; listId: string; onAdded: () => void }) {
  const { token, listId } = props;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setNotice('');
    const emails = emailsOf(text);
    if (emails.length === 0) {
      setError('Type the email of at least one lead.');
      return;
    }
    if (emails.length > MAX_EMAILS) {
      setError(`At most ${counted(MAX_EMAILS, 'email')} at a time: split them up.`);
      return;
    }
    setBusy(true);
    try {
      const leads = await inBatches(emails, LOOKUPS_AT_ONCE, (email) => leadByEmail(token, email));
      const missing = emails.filter((_, i) => leads[i] === null);
      if (missing.length > 0) {
        const which = missing.join(', ');
        setError(
          `Lead not found: no lead has the email ${which}. Nothing was added: correct or remove ${missing.length === 1 ? 'it' : 'them'} and try again.`,
        );
        return;
      }
      const leadIds = leads.map((lead) => (lead as FoundLead).id);
      const result = (await request(token, AddListMembers, { input: { listId, leadIds } }))
        .addListMembers;
      const message = errorMessage(result);
      if (message) {
        setError(message);
        return;
      }
      const added = result.__typename === 'AddListMembersSuccess' ? result.count : 0;
      const already = leadIds.length - added;
      setNotice(
        `Added ${counted(added, 'member')}.${already > 0 ? ` ${counted(already, 'lead was', 'leads were')} on the list already (now kept by hand).` : ''}`,
      );
      setText('');
      props.onAdded();
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="add-members" onSubmit={submit}>
      <label for="add-emails">Emails of leads to add</label>
      <textarea
        id="add-emails"
        rows={2}
        autocomplete="off"
        spellcheck={false}
        aria-describedby="add-emails-hint"
        value={text}
        onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
      />
      <p id="add-emails-hint" class="hint">
        One or more, separated by commas or new lines. Members added by hand stay until removed by
        hand: no sync removes them.
      </p>
      <button type="submit" disabled={busy}>
        Add members
      </button>
      <p aria-live="polite" class="notice">
        {notice}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** The membership history of the list, newest first, page by page, all or one kind. */
function History(props: { token: string; listId: string; listName: string; version: number }) {
  const { token, listId } = props;
  const [kind, setKind] = useState<'' | 'ENTERED' | 'LEFT'>('');
  const pages = useCursorPages(`${token}\n${listId}\n${kind}`, async (after) => {
    const data = await request(token, ListChangesPage, {
      id: listId,
      first: PAGE_SIZE,
      after,
      kind: kind || null,
    });
    if (!data.list) throw new Error('This list no longer exists.');
    return pageOf(data.list.changes, (edge) => edge.node);
  });
  useEffect(() => {
    if (props.version > 0) pages.reload();
  }, [props.version]);
  const { page } = pages;

  return (
    <section aria-labelledby="history-title" class="panel">
      <h2 id="history-title">Membership history</h2>
      <div class="find">
        <label for="history-kind">Show</label>
        <select
          id="history-kind"
          value={kind}
          onChange={(event) =>
            setKind((event.target as HTMLSelectElement).value as '' | 'ENTERED' | 'LEFT')
          }
        >
          <option value="">Every change</option>
          <option value="ENTERED">Leads that entered</option>
          <option value="LEFT">Leads that left</option>
        </select>
      </div>
      {pages.error && (
        <p class="error" role="alert">
          {pages.error}
        </p>
      )}
      {!page && !pages.error && <p class="hint">Loading…</p>}
      {page?.total === 0 && (
        <p class="empty">
          {kind
            ? 'No change of this kind yet.'
            : 'No change yet: each lead that enters or leaves the list shows here, with the run of the sync that moved it.'}
        </p>
      )}
      {page && page.items.length > 0 && (
        <table class="cards history">
          <caption class="visually-hidden">Membership history of {props.listName}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Lead</th>
              <th scope="col">Change</th>
              <th scope="col">By</th>
              <th scope="col">Run</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((change) => (
              <tr key={change.id}>
                <td data-label="When">{when(change.at)}</td>
                <th scope="row" data-label="Lead">
                  {change.lead.email}
                </th>
                <td data-label="Change">
                  <span class={`kind kind-${change.kind}`}>
                    {change.kind === 'ENTERED' ? 'Entered' : 'Left'}
                  </span>
                </td>
                <td data-label="By">{change.source === 'MANUAL' ? 'By hand' : 'The sync'}</td>
                <td data-label="Run">
                  {change.run
                    ? `${capitalized(words(change.run.trigger))} run of ${when(change.run.startedAt)}`
                    : '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && (
        <Pager
          id="history-range"
          noun="Changes"
          index={pages.index}
          size={PAGE_SIZE}
          shown={page.items.length}
          total={page.total}
          hasNext={page.hasNext}
          busy={pages.busy}
          onPrevious={pages.previous}
          onNext={pages.next}
        />
      )}
    </section>
  );
}
