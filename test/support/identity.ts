import { expect } from 'vitest';
import { type IdentityChange, onIdentityChange } from '../../src/sync/changes.js';
import type { TestApp, TestWorkspace } from './harness.js';

/** The IMS organization the identity tests configure their workspaces with. */
export const IMS_ORG = '0123456789ABCDEF01234567@AdobeOrg';

/** A new workspace with the Experience Cloud integration configured (asserted to succeed). */
export async function configuredWorkspace(
  t: TestApp,
  cookieSyncEnabled = true,
): Promise<TestWorkspace> {
  const ws = await t.workspace();
  const res = await t.gql(
    `mutation($input: ConfigureExperienceCloudInput!) {
       configureExperienceCloud(input: $input) { __typename }
     }`,
    { input: { imsOrgId: IMS_ORG, cookieSyncEnabled } },
    ws.token,
  );
  expect(res.data).toEqual({
    configureExperienceCloud: { __typename: 'ConfigureExperienceCloudSuccess' },
  });
  return ws;
}

/** Every identity change announced while `work` runs. */
export async function captureChanges(work: () => Promise<void>): Promise<IdentityChange[]> {
  const seen: IdentityChange[] = [];
  const stop = onIdentityChange((change) => {
    seen.push(change);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return seen;
}
