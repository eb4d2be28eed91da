import type { EntityManager } from '@mikro-orm/postgresql';
import { type IWorkspace, Workspace } from '../entities/workspace.js';
import { checkName, required } from './validation.js';

/** Creates a workspace (one Marketo subscription). */
export async function createWorkspace(
  em: EntityManager,
  input: { name: string; hipaaReady?: boolean },
): Promise<IWorkspace> {
  const name = required(checkName(input.name), ['name']);
  const workspace = em.create(Workspace, { name, hipaaReady: input.hipaaReady ?? false });
  await em.flush();
  return workspace;
}
