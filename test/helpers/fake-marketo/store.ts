/**
 * The data a fake Marketo subscription holds: leads, static lists with their members, and the
 * folders lists live in, plus the operations the REST handlers apply to them. No HTTP here; see
 * ../fake-marketo.ts for the server, the envelopes and where each rule comes from.
 */

/** A lead field value as the REST API carries it. */
export type LeadValue = string | number | boolean | null;

export interface FakeLead {
  id: number;
  email?: string;
  firstName?: string;
  lastName?: string;
  /** `2021-11-23T22:57:18Z` (Lead DB format, no milliseconds). */
  createdAt: string;
  updatedAt: string;
  [field: string]: LeadValue | undefined;
}

export interface FakeFolder {
  id: number;
  name: string;
  /** `Folder` or `Program`: the two values a static list's `folder.type` may take. */
  type: 'Folder' | 'Program';
  isSystem: boolean;
}

export interface FakeStaticList {
  id: number;
  name: string;
  description: string | null;
  folder: { id: number; type: 'Folder' | 'Program' };
  createdAt: number;
  updatedAt: number;
  /** Lead ids in the order they were added. */
  members: Set<number>;
}

export interface SeedLead {
  id?: number;
  email?: string;
  firstName?: string;
  lastName?: string;
  [field: string]: LeadValue | undefined;
}

export interface SeedList {
  id?: number;
  name: string;
  description?: string;
  folderId?: number;
  /** Lead ids, or emails of leads already seeded (the first lead with that email). */
  members?: Array<number | string>;
}

export interface SeedFolder {
  id: number;
  name: string;
  type?: 'Folder' | 'Program';
  isSystem?: boolean;
}

/** Fields a lead has besides its id and timestamps (Marketo's standard person fields we model). */
export const STANDARD_LEAD_FIELDS = ['email', 'firstName', 'lastName', 'title', 'phone'];

/** Fields answered when a Lead DB read names no `fields` (MD leads.md). */
export const DEFAULT_READ_FIELDS = [
  'id',
  'email',
  'updatedAt',
  'createdAt',
  'lastName',
  'firstName',
];

/** Lead DB date format: `2021-11-23T22:57:18Z`. */
export const leadDbDate = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Asset API date format: `2021-11-23T22:57:24Z+0000`. */
export const assetDate = (ms: number) => `${leadDbDate(ms)}+0000`;

export class FakeMarketoStore {
  readonly leads = new Map<number, FakeLead>();
  readonly lists = new Map<number, FakeStaticList>();
  readonly folders = new Map<number, FakeFolder>();
  readonly leadFields: Set<string>;
  private nextLeadId: number;
  private nextListId: number;

  constructor(
    private readonly now: () => number,
    options: { extraLeadFields?: string[]; firstLeadId?: number; firstListId?: number },
  ) {
    this.leadFields = new Set([...STANDARD_LEAD_FIELDS, ...(options.extraLeadFields ?? [])]);
    this.nextLeadId = options.firstLeadId ?? 1000;
    this.nextListId = options.firstListId ?? 1001;
  }

  addLead(seed: SeedLead): FakeLead {
    const id = seed.id ?? this.nextLeadId;
    if (this.leads.has(id)) throw new Error(`fake Marketo: lead ${id} already exists`);
    this.nextLeadId = Math.max(this.nextLeadId, id + 1);
    const stamp = leadDbDate(this.now());
    const lead: FakeLead = { id, createdAt: stamp, updatedAt: stamp };
    for (const [field, value] of Object.entries(seed)) {
      if (field === 'id' || value === undefined) continue;
      if (!this.leadFields.has(field)) throw new Error(`fake Marketo: unknown lead field ${field}`);
      if (value !== null) lead[field] = value;
    }
    this.leads.set(id, lead);
    return lead;
  }

  /** Sets (or, with null, clears) fields of a lead and bumps `updatedAt`. */
  updateLead(lead: FakeLead, fields: Record<string, LeadValue>): void {
    for (const [field, value] of Object.entries(fields)) {
      if (field === 'id') continue;
      if (value === null) delete lead[field];
      else lead[field] = value;
    }
    lead.updatedAt = leadDbDate(this.now());
  }

  deleteLead(id: number): boolean {
    if (!this.leads.delete(id)) return false;
    for (const list of this.lists.values()) list.members.delete(id);
    return true;
  }

  /** Leads whose email equals `email`, ignoring case (Marketo treats emails case-insensitively). */
  leadsByEmail(email: string): FakeLead[] {
    const wanted = email.trim().toLowerCase();
    return [...this.leads.values()].filter(
      (lead) => typeof lead.email === 'string' && lead.email.toLowerCase() === wanted,
    );
  }

  addFolder(seed: SeedFolder): FakeFolder {
    const folder: FakeFolder = {
      id: seed.id,
      name: seed.name,
      type: seed.type ?? 'Folder',
      isSystem: seed.isSystem ?? false,
    };
    this.folders.set(folder.id, folder);
    return folder;
  }

  addList(seed: SeedList, defaultFolderId: number): FakeStaticList {
    const id = seed.id ?? this.nextListId;
    if (this.lists.has(id)) throw new Error(`fake Marketo: list ${id} already exists`);
    this.nextListId = Math.max(this.nextListId, id + 1);
    const folderId = seed.folderId ?? defaultFolderId;
    const folder =
      this.folders.get(folderId) ?? this.addFolder({ id: folderId, name: `Folder ${folderId}` });
    const at = this.now();
    const list: FakeStaticList = {
      id,
      name: seed.name,
      description: seed.description ?? null,
      folder: { id: folder.id, type: folder.type },
      createdAt: at,
      updatedAt: at,
      members: new Set(),
    };
    for (const member of seed.members ?? []) {
      const leadId = typeof member === 'number' ? member : this.leadsByEmail(member)[0]?.id;
      if (leadId === undefined || !this.leads.has(leadId)) {
        throw new Error(`fake Marketo: list member ${member} is not a seeded lead`);
      }
      list.members.add(leadId);
    }
    this.lists.set(id, list);
    return list;
  }

  listByName(name: string): FakeStaticList | undefined {
    return [...this.lists.values()].find((list) => list.name === name);
  }

  /** A copy of a lead with only `fields` (plus `id`), leaving out null fields as Marketo does. */
  projectLead(lead: FakeLead, fields: string[]): Record<string, LeadValue> {
    const out: Record<string, LeadValue> = { id: lead.id };
    for (const field of fields) {
      const value = lead[field];
      if (value !== undefined && value !== null) out[field] = value;
    }
    return out;
  }

  /** Whether `field` is a lead field Marketo would know (for `fields=` and record validation). */
  knowsField(field: string): boolean {
    return (
      field === 'id' || field === 'createdAt' || field === 'updatedAt' || this.leadFields.has(field)
    );
  }
}
