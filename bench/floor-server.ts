import { createServer } from 'node:http';
import pg from 'pg';

/**
 * The read API's floor: node:http and pg answering the dashboard's data (a page of 50 sync
 * jobs with audience, folder, list and last run) with one json_agg statement, in its own
 * process, on PORT against DATABASE_URL, for WORKSPACE_ID. No GraphQL, no auth: the least a
 * server can spend on this answer.
 */
export const DASHBOARD_SQL = `
select json_build_object('data', json_build_object('syncJobs', json_build_object('edges',
         coalesce(json_agg(json_build_object('node', page.node) order by page.id), '[]'))))::text as body
from (
  select j.id, json_build_object(
    'id', j.id::text, 'status', j.status, 'createdAt', j.created_at, 'nextRunAt', j.next_run_at,
    'audience', json_build_object('id', a.id::text, 'name', a.name, 'externalId', a.external_id,
      'folder', json_build_object('id', f.id::text, 'path', f.path)),
    'list', json_build_object('id', l.id::text, 'name', l.name),
    'lastRun', (
      select json_build_object('id', r.id::text, 'trigger', r.trigger, 'status', r.status,
        'phase', r.phase, 'startedAt', r.started_at, 'finishedAt', r.finished_at,
        'error', r.error, 'stats', r.stats)
      from sync_run r
      where r.workspace_id = j.workspace_id and r.sync_job_id = j.id
      order by r.id desc limit 1)) as node
  from sync_job j
  join audience a on a.id = j.audience_id
  join audience_folder f on f.id = a.folder_id
  join static_list l on l.id = j.list_id
  where j.workspace_id = $1
  order by j.id
  limit 50
) page`;

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const workspaceId = process.env.WORKSPACE_ID;
  const server = createServer(async (req, res) => {
    // Drain the request body (autocannon POSTs the GraphQL document) before answering.
    for await (const _ of req);
    try {
      const { rows } = await pool.query<{ body: string }>(DASHBOARD_SQL, [workspaceId]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(rows[0].body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  });
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void pool.end().then(() => process.exit(0)));
  });
}
