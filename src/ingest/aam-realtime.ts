import type { CopyBatch } from './copy-batch.js';
import { field, isObject, JsonItems, normalizeKey } from './json-values.js';
import { checkTime, ecidOf, StatementSink } from './native-statements.js';
import { UploadError } from './records.js';

/** Audience Manager's root folder in the audience library. */
export const AAM_FOLDER = 'Audience Manager';

/** The audience externalId of an Audience Manager segment. */
export function aamExternalId(segmentId: string): string {
  return `aam:${segmentId}`;
}

const OPEN_BRACE = 0x7b;

function preview(value: unknown): string {
  return (JSON.stringify(value) ?? String(value)).slice(0, 300);
}

/** A number Audience Manager may send as a string: its text, or null when it is neither. */
function numberText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return value.trim();
  return null;
}

/** Stages the segments of one real-time user; a user without a valid ECID is rejected. */
function stageUser(sink: StatementSink, user: unknown, position: number, arrival: string) {
  if (!isObject(user)) {
    sink.reject(position, preview(user), 'expected a JSON object (a user)');
    return;
  }
  const ecid = ecidOf(field(user, 'AAM_UUID'));
  if (!ecid.ok) {
    sink.reject(position, preview(field(user, 'AAM_UUID') ?? user), `AAM_UUID: ${ecid.reason}`);
    return;
  }
  const segments = field(user, 'Segments');
  if (!Array.isArray(segments)) {
    sink.reject(position, preview(user), 'Segments must be an array');
    return;
  }
  for (const segment of segments) {
    if (!isObject(segment)) {
      sink.reject(position, preview(segment), 'a segment must be an object');
      continue;
    }
    const segmentId = numberText(field(segment, 'Segment_ID'));
    if (segmentId === null) {
      sink.reject(position, preview(segment), 'Segment_ID must be a number');
      continue;
    }
    const status = numberText(field(segment, 'Status'));
    if (status !== '0' && status !== '1') {
      sink.reject(position, preview(segment), 'unknown Status (1 member, 0 not a member)');
      continue;
    }
    const rawTime = field(segment, 'DateTime');
    const time = rawTime === undefined || rawTime === null ? null : checkTime(rawTime);
    if (time && !time.ok) {
      sink.reject(position, preview(segment), `DateTime ${time.reason}`);
      continue;
    }
    sink.statement(
      position,
      aamExternalId(segmentId),
      null,
      ecid.value,
      status === '1',
      time ? time.iso : arrival,
    );
  }
}

/**
 * An Audience Manager real-time outbound body (`{ ..., AAM_Destination_ID, Users: [...] }`),
 * keys in any case: users are staged one at a time as the parser reaches them, so a large
 * batch is never held whole. `destinationId()` is known once the body is read.
 */
export function aamRealtimeReader(batch: CopyBatch, arrival: string) {
  const sink = new StatementSink(batch);
  let destinationId: string | null = null;
  let position = 0;
  let sawUsers = false;
  const items = new JsonItems(
    (first) => {
      if (first !== OPEN_BRACE) throw new UploadError(400, 'Expected a JSON object');
      return ['$.*', '$.*.*'];
    },
    ({ value, path }) => {
      const top = normalizeKey(String(path[0]));
      if (path.length === 2) {
        if (top === 'users') stageUser(sink, value, ++position, arrival);
        return;
      }
      if (top === 'users') {
        sawUsers = true;
        if (!Array.isArray(value)) throw new UploadError(400, 'Users must be an array');
      } else if (top === 'aamdestinationid') {
        destinationId = numberText(value);
        if (destinationId === null) {
          throw new UploadError(400, 'AAM_Destination_ID must be a number');
        }
      }
    },
  );
  const reader = {
    push: (chunk: Buffer) => items.push(chunk),
    end() {
      items.end();
      if (!sawUsers) throw new UploadError(400, 'The body has no Users array');
    },
  };
  return { sink, reader, destinationId: () => destinationId };
}
