import { count, duration, when, words } from './format.js';
import type { WebRunFieldsFragment } from './gql/graphql.js';

/** The job's latest runs, newest first. */
export function RunHistory(props: { runs: WebRunFieldsFragment[]; total: number; label: string }) {
  if (props.runs.length === 0) return <p class="hint">No runs yet.</p>;
  return (
    <table class="runs">
      <caption>
        {props.label}
        {props.total > props.runs.length ? ` (latest ${props.runs.length} of ${props.total})` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Trigger</th>
          <th scope="col">Status</th>
          <th scope="col">Took</th>
          <th scope="col">Added</th>
          <th scope="col">Removed</th>
          <th scope="col">List size</th>
        </tr>
      </thead>
      <tbody>
        {props.runs.map((run) => (
          <tr key={run.id}>
            <td>{when(run.startedAt)}</td>
            <td>{words(run.trigger)}</td>
            <td>
              {words(run.status)}
              {run.error && <span class="error"> – {run.error}</span>}
            </td>
            <td>
              {duration(run.startedAt, run.finishedAt)}
              {run.attempts > 1 && (
                <span class="retried">
                  {' '}
                  (retried {run.attempts - 1 === 1 ? 'once' : `${run.attempts - 1} times`})
                </span>
              )}
            </td>
            <td>{run.stats ? count(run.stats.added) : '–'}</td>
            <td>{run.stats ? count(run.stats.removed) : '–'}</td>
            <td>{run.stats ? count(run.stats.listSize) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
