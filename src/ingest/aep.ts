import { isUtf8 } from 'node:buffer';
import type { CopyBatch } from './copy-batch.js';
import { field, isObject, JsonItems } from './json-values.js';
import { LineSplitter } from './lines.js';
import { checkTime, ecidOf, StatementSink } from './native-statements.js';
import type { BodyReader } from './upload.js';

/** Experience Platform's root folder in the audience library. */
export const AEP_FOLDER = 'Experience Platform';

/** Longest NDJSON line (one profile). */
const MAX_PROFILE_LINE_BYTES = 4 * 1024 * 1024;
const OPEN_BRACKET = 0x5b;

const MEMBER_STATUSES: Record<string, boolean> = { realized: true, existing: true, exited: false };

/** The audience externalId of an AEP segment: the id for namespace `ups`, else `<ns>:<id>`. */
export function aepExternalId(namespace: string, audienceId: string): string {
  const ns = namespace.trim().toLowerCase();
  return ns === 'ups' ? audienceId : `${ns}:${audienceId}`;
}

function preview(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 300) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Stages the statements of one AEP profile (CONTRACT.md "AEP profiles"): every ECID of its
 * `identityMap` (namespace keys in any case) joins or leaves every audience of its
 * `segmentMembership` (`xdm:` keys alike). A profile without a valid ECID, a bad ECID, an
 * unknown status or a bad time is rejected by the profile's position; the rest applies.
 */
export function stageProfile(
  sink: StatementSink,
  profile: unknown,
  position: number,
  arrival: string,
): void {
  if (!isObject(profile)) {
    sink.reject(position, preview(profile), 'expected a JSON object (a profile)');
    return;
  }
  const identityMap = field(profile, 'identityMap');
  const ecids: string[] = [];
  let badEcids = 0;
  if (isObject(identityMap)) {
    for (const [namespace, identities] of Object.entries(identityMap)) {
      if (namespace.replace(/^xdm:/i, '').toLowerCase() !== 'ecid') continue;
      for (const identity of Array.isArray(identities) ? identities : [identities]) {
        const raw = isObject(identity) ? field(identity, 'id') : identity;
        const ecid = ecidOf(raw);
        if (ecid.ok) {
          if (!ecids.includes(ecid.value)) ecids.push(ecid.value);
        } else {
          badEcids++;
          sink.reject(position, preview(raw), `identityMap ECID: ${ecid.reason}`);
        }
      }
    }
  }
  if (ecids.length === 0) {
    if (badEcids === 0) {
      sink.reject(position, preview(profile), 'the profile has no ECID in identityMap');
    }
    return;
  }
  const membership = field(profile, 'segmentMembership');
  if (!isObject(membership)) {
    sink.reject(position, preview(profile), 'the profile has no segmentMembership object');
    return;
  }
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
      if (!isObject(entry)) {
        sink.reject(position, preview(entry), `${externalId}: expected an object with a status`);
        continue;
      }
      const status = field(entry, 'status');
      const member =
        typeof status === 'string' ? MEMBER_STATUSES[status.trim().toLowerCase()] : undefined;
      if (member === undefined) {
        sink.reject(
          position,
          `${externalId}: ${preview(status)}`,
          'unknown status (realized, existing or exited)',
        );
        continue;
      }
      const rawTime = field(entry, 'lastQualificationTime');
      const time = rawTime === undefined || rawTime === null ? null : checkTime(rawTime);
      if (time && !time.ok) {
        sink.reject(
          position,
          `${externalId}: ${preview(rawTime)}`,
          `lastQualificationTime ${time.reason}`,
        );
        continue;
      }
      const name = field(entry, 'name');
      if (name !== undefined && name !== null && typeof name !== 'string') {
        sink.reject(position, `${externalId}: ${preview(name)}`, 'name must be a string');
        continue;
      }
      for (const ecid of ecids) {
        sink.statement(
          position,
          externalId,
          (name as string | undefined) ?? null,
          ecid,
          member,
          time ? time.iso : arrival,
        );
      }
    }
  }
}

/** An AEP body: a JSON array of profiles, one profile, or profiles one per line (NDJSON). */
export function aepReader(batch: CopyBatch, ndjson: boolean, arrival: string) {
  const sink = new StatementSink(batch);
  let position = 0;
  let reader: BodyReader;
  if (ndjson) {
    reader = new LineSplitter(
      {
        line(buf, start, end, lineNumber) {
          const text = buf.toString('utf8', start, end);
          if (text.trim() === '') return;
          if (!isUtf8(buf.subarray(start, end))) {
            sink.reject(lineNumber, text, 'invalid UTF-8');
            return;
          }
          let profile: unknown;
          try {
            profile = JSON.parse(text);
          } catch {
            sink.reject(lineNumber, text, 'invalid JSON');
            return;
          }
          stageProfile(sink, profile, lineNumber, arrival);
        },
        oversized(head, lineNumber) {
          sink.reject(
            lineNumber,
            head.toString('utf8'),
            `line longer than ${MAX_PROFILE_LINE_BYTES} bytes`,
          );
        },
      },
      MAX_PROFILE_LINE_BYTES,
    );
  } else {
    reader = new JsonItems(
      (first) => (first === OPEN_BRACKET ? ['$.*'] : ['$']),
      ({ value }) => stageProfile(sink, value, ++position, arrival),
    );
  }
  return { sink, reader };
}
