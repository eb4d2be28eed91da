import { request } from './api.js';
import { FolderChildren, FolderTree } from './documents.js';

export interface FolderChoice {
  id: string;
  path: string;
}

interface Node {
  id: string;
  path?: string;
  children?: Node[];
}

/**
 * Every folder of the audience library, sorted by path: the tree five levels at a time, then
 * the children of each folder at the edge of what was read, until none is left.
 */
export async function loadFolders(token: string): Promise<FolderChoice[]> {
  const found: FolderChoice[] = [];
  const deeper: string[] = [];
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.path === undefined) continue;
      found.push({ id: node.id, path: node.path });
      const children = node.children ?? [];
      if (children.some((child) => child.path === undefined)) deeper.push(node.id);
      else walk(children);
    }
  };
  walk((await request(token, FolderTree)).audienceFolders as Node[]);
  while (deeper.length > 0) {
    const parentId = deeper.shift() as string;
    walk((await request(token, FolderChildren, { parentId })).audienceFolders as Node[]);
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
