import type { CopyBatch } from './copy-batch.js';
import {
  type AssembledItem,
  checkItem,
  DuplicateKeyError,
  field,
  ItemAssembler,
  isObject,
  JsonItems,
  JsonLines,
  preview,
} from './json-values.js';
import {
  checkTime,
  ecidOf,
  MAX_ITEM_STATEMENTS,
  StatementSink,
  stagingReader,
} from './native-statements.js';

/** Experience Platform's root folder in the audience library. */
export const AEP_FOLDER = 'Experience Platform';

const OPEN_BRACKET = 0x5b;

const MEMBER_STATUSES: Record<string, boolean> = { realized: true, existing: true, exited: false };

/** The audience externalId of an AEP segment: the id for namespace `ups`, else `<ns>:<id>`. */
export function aepExternalId(namespace: string, audienceId: string): string {
  const ns = namespace.trim().toLowerCase();
  return ns === 'ups' ? audienceId : `${ns}:${audienceId}`;
}

/** An audience statement of a profile, checked, before it is made for each ECID. */
interface Entry {
  externalId: string;
  name: string | null;
  member: boolean;
  at: string;
}

/** The ECID namespace of an identityMap (any case, `xdm:` or not), at most one. */
function ecidIdentities(identityMap: Record<string, unknown>): unknown[] {
  let found: string | undefined;
  for (const namespace of Object.keys(identityMap)) {
    if (namespace.replace(/^xdm:/i, '').toLowerCase() !== 'ecid') continue;
    if (found !== undefined) throw new DuplicateKeyError(namespace);
    found = namespace;
  }
  if (found === undefined) return [];
  const identities = identityMap[found];
  return Array.isArray(identities) ? identities : [identities];
}

/** How many statements a profile would make: its ECID identities × its audiences. */
function statementCount(identities: number, membership: Record<string, unknown>) {
  let audiences = 0;
  for (const namespace in membership) {
    const entries = membership[namespace];
    if (isObject(entries)) for (const _ in entries) audiences++;
  }
  return { audiences, total: Math.max(identities, 1) * Math.max(audiences, 1) };
}

/**
 * Checks one profile: its ECIDs (each bad one rejected) and its audience statements (each
 * bad one rejected), or null when the profile as a whole is rejected. Bounded: a profile
 * that would make more than MAX_ITEM_STATEMENTS statements is rejected before any is
 * looked at.
 */
function checkProfile(
  sink: StatementSink,
  profile: Record<string, unknown>,
  position: number,
  arrival: string,
): { ecids: string[]; entries: Entry[] } | null {
  const identityMap = field(profile, 'identityMap');
  const identities = isObject(identityMap) ? ecidIdentities(identityMap) : [];
  const membership = field(profile, 'segmentMembership');
  const count = statementCount(identities.length, isObject(membership) ? membership : {});
  if (count.total > MAX_ITEM_STATEMENTS) {
    sink.reject(
      position,
      preview(profile),
      `the profile would make ${identities.length} × ${count.audiences} statements (ECIDs × audiences); at most ${MAX_ITEM_STATEMENTS} statements per profile`,
    );
    return null;
  }
  const ecids = new Set<string>();
  let badEcids = 0;
  for (const identity of identities) {
    const raw = isObject(identity) ? field(identity, 'id') : identity;
    const ecid = ecidOf(raw);
    if (ecid.ok) {
      ecids.add(ecid.value);
    } else {
      badEcids++;
      sink.reject(position, preview(raw), `identityMap ECID: ${ecid.reason}`);
    }
  }
  if (ecids.size === 0) {
    if (badEcids === 0) {
      sink.reject(position, preview(profile), 'the profile has no ECID in identityMap');
    }
    return null;
  }
  if (!isObject(membership)) {
    sink.reject(position, preview(profile), 'the profile has no segmentMembership object');
    return null;
  }
  const entries: Entry[] = [];
  for (const [namespace, audiences] of Object.entries(membership)) {
    if (!isObject(audiences)) {
      sink.reject(
        position,
        preview(audiences),
        `segmentMembership.${namespace}: expected an object`,
      );
      continue;
    }
    for (const [audienceId, entry] of Object.entries(audiences)) {
      const externalId = aepExternalId(namespace.replace(/^xdm:/i, ''), audienceId);
      try {
        const checked = checkEntry(externalId, entry, arrival);
        if (typeof checked === 'string') {
          sink.reject(position, `${externalId}: ${preview(entry)}`, checked);
        } else {
          entries.push(checked);
        }
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        sink.reject(
          position,
          `${externalId}: ${preview(entry)}`,
          `${externalId}: ${error.message}`,
        );
      }
    }
  }
  return { ecids: [...ecids], entries };
}

/** One audience statement of a profile, or why it is rejected. */
function checkEntry(externalId: string, entry: unknown, arrival: string): Entry | string {
  if (!isObject(entry)) return `${externalId}: expected an object with a status`;
  const status = field(entry, 'status');
  const member =
    typeof status === 'string' ? MEMBER_STATUSES[status.trim().toLowerCase()] : undefined;
  if (member === undefined) return 'unknown status (realized, existing or exited)';
  const rawTime = field(entry, 'lastQualificationTime');
  const time = rawTime === undefined || rawTime === null ? null : checkTime(rawTime, arrival);
  if (time && !time.ok) return `lastQualificationTime ${time.reason}`;
  const name = field(entry, 'name');
  if (name !== undefined && name !== null && typeof name !== 'string') {
    return 'name must be a string';
  }
  return { externalId, name: name ?? null, member, at: time ? time.iso : arrival };
}

/**
 * Stages the statements of one AEP profile (the public contract, "AEP profiles"): every ECID of its
 * `identityMap` (namespace keys in any case) joins or leaves every audience of its
 * `segmentMembership` (`xdm:` keys alike). A profile without a valid ECID, with a key held
 * twice or with more than MAX_ITEM_STATEMENTS statements is rejected by its position, and so
 * is a bad ECID, an unknown status or a bad time alone; the rest applies. Statements are
 * staged in turns (StatementSink.breathe).
 */
export async function stageProfile(
  sink: StatementSink,
  item: AssembledItem,
  position: number,
  arrival: string,
): Promise<void> {
  const checked = checkItem(
    item,
    'a profile',
    (profile) => checkProfile(sink, profile, position, arrival),
    (value, reason) => sink.reject(position, value, reason),
  );
  if (!checked) return;
  for (const entry of checked.entries) {
    for (const ecid of checked.ecids) {
      sink.statement(position, entry.externalId, entry.name, ecid, entry.member, entry.at);
      await sink.breathe();
    }
  }
}

/** The keys of a profile that are read; every other key's value is skipped unread. */
const PROFILE_KEYS = new Set(['identitymap', 'segmentmembership']);

/**
 * An AEP body: a JSON array of profiles, one profile (or several in a row), or NDJSON (one
 * profile per line). Profiles are staged as they close (ItemAssembler), in turns.
 */
export function aepReader(
  batch: CopyBatch,
  ndjson: boolean,
  arrival: string,
  room?: () => Promise<void>,
) {
  const sink = new StatementSink(batch, room);
  // Profiles parsed from the slice at hand, staged before the next slice is read.
  const queue: { profile: AssembledItem; position: number }[] = [];
  let parser: { push(chunk: Buffer): void; end(): void };
  if (ndjson) {
    // A line's profile waits for the end of its line: what follows it may reject the line.
    let pending: AssembledItem | null = null;
    const assembler = new ItemAssembler(0, PROFILE_KEYS, (profile) => {
      pending = profile;
    });
    parser = new JsonLines({
      select: assembler.select,
      item: assembler.item,
      end: assembler.end,
      line(lineNumber, problem, blank, head) {
        const profile = pending;
        pending = null;
        if (problem) sink.reject(lineNumber, head, problem);
        else if (profile) queue.push({ profile, position: lineNumber });
        else if (!blank) sink.reject(lineNumber, head, 'invalid JSON');
      },
    });
  } else {
    // An array body holds profiles one level down; otherwise the body is the profile(s).
    let position = 0;
    let assembler: ItemAssembler | null = null;
    const emit = (profile: AssembledItem) => queue.push({ profile, position: ++position });
    parser = new JsonItems(
      (first) => {
        assembler = new ItemAssembler(first === OPEN_BRACKET ? 1 : 0, PROFILE_KEYS, emit);
        return assembler.select;
      },
      (item) => assembler?.item(item),
      { many: true, onEnd: (path) => assembler?.end(path) },
    );
  }
  const reader = stagingReader(sink, parser, queue, (next) =>
    stageProfile(sink, next.profile, next.position, arrival),
  );
  return { sink, reader };
}
