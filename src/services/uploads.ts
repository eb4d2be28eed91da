import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Caller } from '../auth/tokens.js';
import { NATIVE_STAGE_COLUMNS, NATIVE_STAGE_TABLE } from '../ingest/native-merge.js';
import type { NativePlan, NativeRead } from '../ingest/native-upload.js';
import type { BodyPace } from '../ingest/pace.js';
import type { LineError, UploadFormat } from '../ingest/records.js';
import { copyBody, decodedBody, isGzipEncoding, stageRecords } from '../ingest/upload.js';
import type { AdobeInputService } from './adobe-inputs.js';
import type { AudienceService } from './audiences.js';
import type { IdentityService } from './identity.js';
import { writeIdentities } from './identity-writes.js';
import type { ServiceDeps } from './index.js';
import type { LeadService } from './leads.js';

/** What a bulk upload answers (the README's "Bulk HTTP uploads"). */
export interface UploadSummary {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: LineError[];
}

/** What a native upload answers: the bulk-upload shape plus what the native inputs add. */
export interface NativeSummary extends UploadSummary {
  audiencesCreated: number;
  /** Set for an Audience Manager full-set file: true while its set waits for the rest. */
  pending?: boolean;
}

/** How the body of an upload arrives. */
export interface UploadBody {
  /** The Content-Encoding it was sent with (absent: identity); gzip or identity only. */
  contentEncoding?: string;
}

/** Which bulk upload of records (one per line), with its parameters. */
export type RecordEndpoint =
  | { endpoint: 'members'; audienceId: string | null; mode: string | null }
  | { endpoint: 'leads' }
  | { endpoint: 'cookieSyncs'; imsOrgId: string | null }
  | { endpoint: 'associations'; source: string | null };

/** Which Adobe-native upload, with its parameters. */
export type NativeEndpoint =
  | { endpoint: 'aep'; ndjson: boolean }
  | { endpoint: 'aamRealtime' }
  | { endpoint: 'aamOutbound'; filename: string | null };

/** A bulk upload of records: its endpoint, the format of its lines, and its encoding. */
export type RecordUploadInput = RecordEndpoint & UploadBody & { format: UploadFormat };

/** An Adobe-native upload: its endpoint and its encoding. */
export type NativeUploadInput = NativeEndpoint & UploadBody;

/** The services that prepare each upload for its caller (access and parameters). */
export interface UploadPlanners {
  audiences: Pick<AudienceService, 'membersUpload'>;
  leads: Pick<LeadService, 'leadsUpload'>;
  identity: Pick<IdentityService, 'cookieSyncsUpload' | 'associationsUpload'>;
  adobeInputs: Pick<AdobeInputService, 'aepUpload' | 'aamRealtimeUpload' | 'aamOutboundUpload'>;
}

/**
 * The streaming uploads (write scope, the caller's workspace only). Each verb checks the
 * upload with the service of its area (access, parameters, encoding) before it reads any of
 * the body, then streams the body into a staging table (COPY, flat memory, within `pace`),
 * merges it set-based and records the sync triggers of what changed, all in ONE transaction
 * on the upload pool (writeIdentities); what changed is announced after COMMIT. A body that
 * breaks off, is too slow (`pace`), or is refused, and a database that fails, leave nothing
 * stored: the connection is destroyed before COMMIT.
 */
export function createUploadService(deps: ServiceDeps, planners: UploadPlanners) {
  const upload = { pool: deps.database.uploadPool, onFailure: 'destroy' } as const;

  function recordPlan(caller: Caller, input: RecordUploadInput) {
    switch (input.endpoint) {
      case 'members':
        return planners.audiences.membersUpload(caller, input);
      case 'leads':
        return planners.leads.leadsUpload(caller);
      case 'cookieSyncs':
        return planners.identity.cookieSyncsUpload(caller, input);
      case 'associations':
        return planners.identity.associationsUpload(caller, input);
    }
  }

  function nativePlan(caller: Caller, input: NativeUploadInput): NativePlan {
    switch (input.endpoint) {
      case 'aep':
        return planners.adobeInputs.aepUpload(caller, input);
      case 'aamRealtime':
        return planners.adobeInputs.aamRealtimeUpload(caller);
      case 'aamOutbound':
        return planners.adobeInputs.aamOutboundUpload(caller, input);
    }
  }

  return {
    /** `/ingest/audiences/{id}/members`, `/ingest/leads`, `/ingest/cookie-syncs`, `/ingest/associations`. */
    async records(
      caller: Caller,
      input: RecordUploadInput,
      body: Readable,
      pace: BodyPace,
    ): Promise<UploadSummary> {
      const gzip = isGzipEncoding(input.contentEncoding);
      const plan = await recordPlan(caller, input);
      const decoded = decodedBody(body, gzip);
      return writeIdentities(
        deps,
        caller.workspaceId,
        async (tx) => {
          const rows = await stageRecords(tx, decoded, pace, plan.spec, input.format);
          const merged = await plan.merge(tx, rows.staged);
          const summary: UploadSummary = {
            accepted: merged.accepted,
            duplicates: merged.duplicates,
            rejected: rows.rejected,
            errors: rows.errors,
          };
          return { changes: [merged.change], result: summary };
        },
        // No lock up front: each plan's merge takes the locks it needs once the body is staged.
        { lock: null, transaction: upload },
      );
    },

    /**
     * `/ingest/aep`, `/ingest/aam/realtime`, `/ingest/aam/outbound`: the body streams into
     * NATIVE_STAGE_TABLE through the plan's reader, then the plan applies it. Gzip when
     * Content-Encoding or the file name says so.
     */
    async native(
      caller: Caller,
      input: NativeUploadInput,
      body: Readable,
      pace: BodyPace,
    ): Promise<NativeSummary> {
      const plan = nativePlan(caller, input);
      const gzip = isGzipEncoding(input.contentEncoding) || plan.gzip;
      // A control file's md5 may be of the file as sent (compressed) or of its lines.
      const raw = gzip ? createHash('md5') : null;
      return writeIdentities(
        deps,
        caller.workspaceId,
        async (tx) => {
          // Hashed beside the gunzip pipe, which pauses the body when the reader is behind.
          if (raw) body.on('data', (chunk: Buffer) => raw.update(chunk));
          let read: NativeRead | undefined;
          await copyBody(
            tx,
            decodedBody(body, gzip),
            pace,
            NATIVE_STAGE_TABLE,
            NATIVE_STAGE_COLUMNS,
            (batch, room) => {
              read = plan.read(batch, room);
              return read.reader;
            },
          );
          const applied = await plan.apply(tx, read as NativeRead, {
            rawMd5: raw ? raw.digest('hex') : null,
          });
          const sink = (read as NativeRead).sink;
          const summary: NativeSummary = {
            accepted: applied.merged.accepted,
            duplicates: applied.merged.duplicates,
            rejected: sink?.rejected ?? 0,
            errors: sink?.errors ?? [],
            audiencesCreated: applied.merged.audiencesCreated,
            ...(applied.pending === undefined ? {} : { pending: applied.pending }),
          };
          return { changes: [applied.merged.change], result: summary };
        },
        // No lock up front: each plan's apply takes the locks it needs once the body is staged.
        { lock: null, transaction: upload },
      );
    },
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
