import { count, counted } from './format.js';
import type { WebStatsFieldsFragment } from './gql/graphql.js';

interface Step {
  key: keyof WebStatsFieldsFragment;
  label: string;
  value: number;
  why: string;
}

/** The label that agrees with the number beside it: "1 ECID in the audience", "2 ECIDs …". */
const agreeing = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/** The five steps from an audience to a list, each with why people drop out there. */
export function funnelSteps(stats: WebStatsFieldsFragment): Step[] {
  const manual = Math.max(0, stats.listSize - stats.matchedLeads);
  return [
    {
      key: 'audienceSize',
      label: agreeing(stats.audienceSize, 'ECID in the audience', 'ECIDs in the audience'),
      value: stats.audienceSize,
      why: 'Every visitor Adobe counts in the audience, once per Experience Cloud ID.',
    },
    {
      key: 'ecidsWithCookie',
      label: agreeing(
        stats.ecidsWithCookie,
        'ECID with a Munchkin cookie',
        'ECIDs with a Munchkin cookie',
      ),
      value: stats.ecidsWithCookie,
      why:
        stats.ecidsWithoutCookie === 1
          ? '1 ECID has no Munchkin cookie synced with it: that visitor has not loaded a tracked page since cookie sync was on, or blocks cookies.'
          : `${counted(stats.ecidsWithoutCookie, 'ECID has', 'ECIDs have')} no Munchkin cookie synced with them: those visitors have not loaded a tracked page since cookie sync was on, or block cookies.`,
    },
    {
      key: 'ecidsWithLead',
      label: agreeing(stats.ecidsWithLead, 'ECID with a known lead', 'ECIDs with a known lead'),
      value: stats.ecidsWithLead,
      why: `${counted(stats.ecidsAnonymousOnly, 'ECID has', 'ECIDs have')} a cookie that is still anonymous: ${stats.ecidsAnonymousOnly === 1 ? 'the visitor has' : 'those visitors have'} not filled out a form or clicked a tracked email link.`,
    },
    {
      key: 'matchedLeads',
      label: agreeing(stats.matchedLeads, 'Matched lead', 'Matched leads'),
      value: stats.matchedLeads,
      why: 'A lead seen on several devices or browsers has several ECIDs and cookies, and counts once.',
    },
    {
      key: 'listSize',
      label: 'List size',
      value: stats.listSize,
      why:
        manual > 0
          ? `The matched leads plus ${counted(manual, 'member')} added by hand, which a sync never removes.`
          : 'The matched leads: the list mirrors the audience after every run.',
    },
  ];
}

/** The latest successful run as a funnel: each step a number and a bar relative to the audience. */
export function Funnel(props: {
  stats: WebStatsFieldsFragment;
  title: string;
  /** Which run each number is from, when they are not all from this one. */
  sources?: string | null;
  /** What the footnote says instead of the run's additions and removals (a dry run). */
  note?: string;
}) {
  const steps = funnelSteps(props.stats);
  const widest = Math.max(1, ...steps.map((step) => step.value));
  return (
    <figure class="funnel">
      <figcaption>{props.title}</figcaption>
      {props.sources && <p class="funnel-sources">{props.sources}</p>}
      <dl>
        {steps.map((step) => (
          <div class="funnel-step" key={step.key} data-stat={step.key}>
            <dt>{step.label}</dt>
            <dd>
              <span class="funnel-number">{count(step.value)}</span>
              <span class="funnel-bar" aria-hidden="true">
                <span style={{ width: `${(100 * step.value) / widest}%` }} />
              </span>
              <span class="funnel-why">{step.why}</span>
            </dd>
          </div>
        ))}
      </dl>
      <p class="hint">
        {props.note ??
          `This run added ${count(props.stats.added)} and removed ${count(props.stats.removed)} synced members.`}
      </p>
    </figure>
  );
}
