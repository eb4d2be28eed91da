import type { CopyBatch } from './copy-batch.js';
import {
  type AssembledItem,
  checkItem,
  DuplicateKeyError,
  field,
  ItemAssembler,
  isObject,
  JsonItems,
  type JsonSelect,
  normalizeKey,
  preview,
} from './json-values.js';
import {
  checkTime,
  ecidOf,
  MAX_ITEM_STATEMENTS,
  StatementSink,
  stagingReader,
} from './native-statements.js';
import { UploadError } from './records.js';

/** Audience Manager's root folder in the audience library. */
export const AAM_FOLDER = 'Audience Manager';

/** The audience externalId of an Audience Manager segment. */
export function aamExternalId(segmentId: string): string {
  return `aam:${segmentId}`;
}

const OPEN_BRACE = 0x7b;

/** The keys of a user that are read; every other key's value is skipped unread. */
const USER_KEYS = new Set(['aamuuid', 'segments']);

/** A number Audience Manager may send as a string: its text, or null when it is neither. */
function numberText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return value.trim();
  return null;
}

interface Statement {
  externalId: string;
  member: boolean;
  at: string;
}

/** One segment of a user, or why it is rejected. */
function checkSegment(segment: unknown, arrival: string): Statement | string {
  if (!isObject(segment)) return 'a segment must be an object';
  const segmentId = numberText(field(segment, 'Segment_ID'));
  if (segmentId === null) return 'Segment_ID must be a number';
  const status = numberText(field(segment, 'Status'));
  if (status !== '0' && status !== '1') return 'unknown Status (1 member, 0 not a member)';
  const rawTime = field(segment, 'DateTime');
  const time = rawTime === undefined || rawTime === null ? null : checkTime(rawTime, arrival);
  if (time && !time.ok) return `DateTime ${time.reason}`;
  return {
    externalId: aamExternalId(segmentId),
    member: status === '1',
    at: time ? time.iso : arrival,
  };
}

/**
 * Checks one real-time user: its ECID and its segments (each bad one rejected), or null when
 * the user as a whole is rejected (no valid ECID, no Segments array, more than
 * MAX_ITEM_STATEMENTS segments).
 */
function checkUser(
  sink: StatementSink,
  user: Record<string, unknown>,
  position: number,
  arrival: string,
): { ecid: string; statements: Statement[] } | null {
  const ecid = ecidOf(field(user, 'AAM_UUID'));
  if (!ecid.ok) {
    sink.reject(position, preview(field(user, 'AAM_UUID') ?? user), `AAM_UUID: ${ecid.reason}`);
    return null;
  }
  const segments = field(user, 'Segments');
  if (!Array.isArray(segments)) {
    sink.reject(position, preview(user), 'Segments must be an array');
    return null;
  }
  if (segments.length > MAX_ITEM_STATEMENTS) {
    sink.reject(
      position,
      preview(user),
      `the user has ${segments.length} segments; at most ${MAX_ITEM_STATEMENTS} statements per user`,
    );
    return null;
  }
  const statements: Statement[] = [];
  for (const segment of segments) {
    try {
      const checked = checkSegment(segment, arrival);
      if (typeof checked === 'string') sink.reject(position, preview(segment), checked);
      else statements.push(checked);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      sink.reject(position, preview(segment), error.message);
    }
  }
  return { ecid: ecid.value, statements };
}

/** Stages the segments of one real-time user, in turns (StatementSink.breathe). */
async function stageUser(
  sink: StatementSink,
  item: AssembledItem,
  position: number,
  arrival: string,
) {
  const checked = checkItem(
    item,
    'a user',
    (user) => checkUser(sink, user, position, arrival),
    (value, reason) => sink.reject(position, value, reason),
  );
  if (!checked) return;
  for (const statement of checked.statements) {
    sink.statement(
      position,
      statement.externalId,
      null,
      checked.ecid,
      statement.member,
      statement.at,
    );
    await sink.breathe();
  }
}

/**
 * An Audience Manager real-time outbound body (`{ ..., AAM_Destination_ID, Users: [...] }`),
 * keys in any case: users are put together and staged one at a time as the parser reaches
 * them (only their `AAM_UUID` and `Segments` are built, ItemAssembler), and every other key's
 * value is skipped unread, so memory holds one user whatever the body holds. `Users` or
 * `AAM_Destination_ID` twice refuses the body. `destinationId()` is known once the body is
 * read.
 */
export function aamRealtimeReader(batch: CopyBatch, arrival: string, room?: () => Promise<void>) {
  const sink = new StatementSink(batch, room);
  let destinationId: string | null = null;
  let position = 0;
  const seen = new Set<string>();
  const queue: { item: AssembledItem; position: number }[] = [];
  const users = new ItemAssembler(2, USER_KEYS, (item) => {
    queue.push({ item, position: ++position });
  });
  const select: JsonSelect = (path, kind) => {
    if (path.length === 0) return 'walk';
    if (path.length >= 2) return users.select(path, kind);
    const top = normalizeKey(String(path[0]));
    if (top !== 'users' && top !== 'aamdestinationid') return 'skip';
    if (seen.has(top))
      throw new UploadError('BAD_REQUEST', `The body holds a duplicate key "${path[0]}"`);
    seen.add(top);
    if (top === 'aamdestinationid') return 'build';
    if (kind !== 'array') throw new UploadError('BAD_REQUEST', 'Users must be an array');
    return 'walk';
  };
  const items = new JsonItems(
    (first) => {
      if (first !== OPEN_BRACE) throw new UploadError('BAD_REQUEST', 'Expected a JSON object');
      return select;
    },
    (item) => {
      if (item.path.length >= 2) {
        users.item(item);
        return;
      }
      destinationId = numberText(item.value);
      if (destinationId === null)
        throw new UploadError('BAD_REQUEST', 'AAM_Destination_ID must be a number');
    },
    { onEnd: users.end },
  );
  const reader = stagingReader(
    sink,
    items,
    queue,
    (next) => stageUser(sink, next.item, next.position, arrival),
    () => {
      if (!seen.has('users')) throw new UploadError('BAD_REQUEST', 'The body has no Users array');
    },
  );
  return { sink, reader, destinationId: () => destinationId };
}
