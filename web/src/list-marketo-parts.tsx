import { counted } from './format.js';
import type {
  MarketoLeadMatching,
  MarketoMirrorStatus,
  MarketoPushOutcome,
  MarketoPushStatus,
  MarketoPushTrigger,
  WebListMirrorSummaryFragment,
  WebMarketoPushFieldsFragment,
} from './gql/graphql.js';

/** Words and small pieces the Marketo parts of the Lists views share. */

export type Push = WebMarketoPushFieldsFragment;

/** The statuses after which a push no longer moves. */
export const FINAL_PUSH: ReadonlySet<MarketoPushStatus> = new Set([
  'SUCCEEDED',
  'PARTIAL',
  'FAILED',
]);

export const PUSH_STATUS: Record<MarketoPushStatus, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  PARTIAL: 'Partial',
  FAILED: 'Failed',
};

export const PUSH_TRIGGER: Record<MarketoPushTrigger, string> = {
  INITIAL: 'Initial',
  CHANGES: 'Changes',
  RECONCILE: 'Reconcile',
  MANUAL: 'Manual',
};

/** What started a push, as a sentence's subject. */
export const PUSH_TRIGGER_WHY: Record<MarketoPushTrigger, string> = {
  INITIAL: 'every member, when the mirror was made',
  CHANGES: 'the list’s latest changes',
  RECONCILE: 'the daily comparison with the Marketo list',
  MANUAL: 'Push now',
};

export const OUTCOME: Record<MarketoPushOutcome, string> = {
  ADDED: 'Added',
  REMOVED: 'Removed',
  CREATED: 'Created in Marketo and added',
  NOT_IN_MARKETO: 'Not in Marketo',
  SKIPPED: 'Skipped by Marketo',
};

/** The outcomes in the order the filter offers them. */
export const OUTCOMES: MarketoPushOutcome[] = [
  'ADDED',
  'REMOVED',
  'CREATED',
  'NOT_IN_MARKETO',
  'SKIPPED',
];

export const LEAD_MATCHING: Record<MarketoLeadMatching, string> = {
  EXISTING_LEADS: 'Existing leads only',
  CREATE_MISSING: 'Create missing leads',
};

export const MIRROR_STATUS: Record<MarketoMirrorStatus, string> = {
  ACTIVE: 'Active',
  PAUSED: 'Paused',
  FAILED: 'Failed',
};

/**
 * What a push did, in words: "2 leads added, 1 email not in Marketo"; only the counters that
 * moved are named, "nothing to change" when none did.
 */
export function pushCounts(push: Push): string {
  const parts = [
    push.added > 0 || (push.removed === 0 && push.leadsCreated === 0)
      ? `${counted(push.added, 'lead')} added`
      : null,
    push.removed > 0 ? `${counted(push.removed, 'lead')} removed` : null,
    push.leadsCreated > 0 ? `${counted(push.leadsCreated, 'lead')} created in Marketo` : null,
    push.notInMarketo > 0 ? `${counted(push.notInMarketo, 'email')} not in Marketo` : null,
    push.skipped > 0 ? `${counted(push.skipped, 'record')} skipped by Marketo` : null,
  ].filter((part): part is string => part !== null);
  return parts.join(', ');
}

/** How far a push has gone: the ended one first, then the one with more done. */
function progressOf(push: Push): number[] {
  return [
    FINAL_PUSH.has(push.status) ? 2 : push.status === 'RUNNING' ? 1 : 0,
    push.added + push.removed + push.leadsCreated + push.notInMarketo + push.skipped,
    push.calls,
  ];
}

/**
 * The newer of two readings of the same push (a query's and a live event's, which may arrive
 * in either order): a push only moves forward, so the one further along is the newer.
 */
export function fresher(a: Push, b: Push | undefined): Push {
  if (!b || b.id !== a.id) return a;
  const [x, y] = [progressOf(a), progressOf(b)];
  for (let i = 0; i < x.length; i += 1) {
    if ((x[i] as number) !== (y[i] as number)) return (x[i] as number) > (y[i] as number) ? a : b;
  }
  return b;
}

type MirrorSummary = WebListMirrorSummaryFragment['marketoMirror'];

/** A list's mirror in a row of the Lists view: the Marketo list's name and the mirror's status. */
export function MirrorCell(props: { mirror: MirrorSummary | undefined }) {
  const { mirror } = props;
  if (!mirror) return <span class="hint">Not in Marketo</span>;
  return (
    <span>
      {mirror.marketoListName}{' '}
      <span class={`mirror-status mirror-${mirror.status}`}>
        ({MIRROR_STATUS[mirror.status].toLowerCase()})
      </span>
    </span>
  );
}
