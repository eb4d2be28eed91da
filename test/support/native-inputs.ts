import type { TestApp, TestWorkspace } from './harness.js';

/** What the Adobe-native endpoints answer. */
export interface NativeSummary {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: { line: number; value: string; reason: string }[];
  audiencesCreated: number;
  pending?: boolean;
  error?: string;
  code?: string;
}

/** Posts a body to a native endpoint with the workspace's token (or `token`, null for none). */
export async function postNative(
  t: TestApp,
  ws: TestWorkspace,
  path: string,
  body: string | Buffer,
  options: { token?: string | null; type?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: NativeSummary }> {
  const token = options.token === undefined ? ws.token : options.token;
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': options.type ?? 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...options.headers,
    },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as NativeSummary };
}

/** An audience of the workspace by externalId: its id, name, source, folder path and ECIDs. */
export async function nativeAudience(t: TestApp, ws: TestWorkspace, externalId: string) {
  const { rows } = await t.database.pool.query<{
    id: string;
    name: string;
    source: string;
    path: string;
  }>(
    `SELECT a.id, a.name, a.source, f.path FROM audience a JOIN audience_folder f ON f.id = a.folder_id
      WHERE a.workspace_id = $1 AND a.external_id = $2`,
    [ws.id, externalId],
  );
  if (!rows[0]) return null;
  const members = await t.database.pool.query<{ ecid: string }>(
    'SELECT ecid FROM audience_member WHERE workspace_id = $1 AND audience_id = $2 ORDER BY ecid',
    [ws.id, rows[0].id],
  );
  return { ...rows[0], ecids: members.rows.map((row) => row.ecid) };
}

/** An AEP profile with these ECIDs and segment statuses (`ups` namespace unless given). */
export function aepProfile(
  ecids: string[],
  segments: Record<string, { status: string; lastQualificationTime?: string; name?: string }>,
  namespace = 'ups',
) {
  return {
    identityMap: {
      ECID: ecids.map((id) => ({ id, authenticatedState: 'ambiguous', primary: true })),
    },
    segmentMembership: { [namespace]: segments },
  };
}
