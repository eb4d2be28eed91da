import type { Caller } from '../auth/tokens.js';
import {
  aamControlReader,
  aamSyncReader,
  parseAamFileName,
  parseControlFile,
} from '../ingest/aam-batch.js';
import {
  expireHeldSets,
  type HeldSet,
  holdPart,
  listHeldSets,
  NOTHING_MERGED,
  receiveControl,
} from '../ingest/aam-full-sets.js';
import { AAM_FOLDER, aamRealtimeReader } from '../ingest/aam-realtime.js';
import { AEP_FOLDER, aepReader } from '../ingest/aep.js';
import { mergeNative, NATIVE_STAGE_TABLE } from '../ingest/native-merge.js';
import type { NativePlan, NativeRead } from '../ingest/native-upload.js';
import type { ServiceDeps } from './index.js';

/**
 * Adobe-native audience inputs (the public contract, "Adobe-native audience inputs"): Experience
 * Platform profiles, Audience Manager real-time and batch outbound files. Each prepares an
 * upload for its caller; the ingest route streams the body and runs `apply` in the upload's
 * transaction, with the sync triggers of what changed.
 */
export function createAdobeInputService({ config, database }: ServiceDeps) {
  return {
    /** `POST /ingest/aep`: a JSON array of profiles, one profile, or NDJSON. */
    aepUpload(caller: Caller, input: { ndjson: boolean }): NativePlan {
      const arrival = new Date().toISOString();
      return {
        gzip: false,
        read: (batch, room) => aepReader(batch, input.ndjson, arrival, room),
        async apply(tx, read) {
          const merged = await mergeNative(
            tx,
            caller.workspaceId,
            { source: 'EXPERIENCE_PLATFORM', folderName: AEP_FOLDER },
            NATIVE_STAGE_TABLE,
            read.sink?.staged ?? 0,
          );
          return { merged };
        },
      };
    },

    /** `POST /ingest/aam/realtime`: an Audience Manager real-time outbound body. */
    aamRealtimeUpload(caller: Caller): NativePlan<NativeRead & { destinationId(): string | null }> {
      const arrival = new Date().toISOString();
      return {
        gzip: false,
        read: (batch, room) => aamRealtimeReader(batch, arrival, room),
        async apply(tx, read) {
          const merged = await mergeNative(
            tx,
            caller.workspaceId,
            {
              source: 'AUDIENCE_MANAGER',
              folderName: AAM_FOLDER,
              destinationId: read.destinationId(),
            },
            NATIVE_STAGE_TABLE,
            read.sink?.staged ?? 0,
          );
          return { merged };
        },
      };
    },

    /**
     * `POST /ingest/aam/outbound?filename=`: a `.sync[.gz]` file or a `.info` control file,
     * told apart by its name (400 for a name that is not Audience Manager's). An `iter` file
     * applies now; a `full` file is held until its set's control file matches.
     */
    aamOutboundUpload(caller: Caller, input: { filename: string | null }): NativePlan {
      const name = parseAamFileName(input.filename);
      const { workspaceId } = caller;
      if (name.control) {
        let body: ReturnType<typeof aamControlReader>['body'] = () => ({
          value: null,
          duplicateKey: null,
        });
        return {
          gzip: name.gzip,
          read() {
            const control = aamControlReader();
            body = control.body;
            return { reader: control.reader, sink: null };
          },
          async apply(tx) {
            // An iter set's files applied as they came; its control file has nothing to add.
            if (name.kind === 'iter') return { merged: NOTHING_MERGED };
            await expireHeldSets(tx, workspaceId, config.aamFullSetExpiryMs);
            const outcome = await receiveControl(tx, workspaceId, name, parseControlFile(body()));
            return outcome.pending
              ? { merged: NOTHING_MERGED, pending: true }
              : { merged: outcome.merged, pending: false };
          },
        };
      }
      let content: ReturnType<typeof aamSyncReader>['content'] = () => ({
        lineCount: 0,
        byteSize: 0,
        md5: '',
      });
      return {
        gzip: name.gzip,
        read(batch, room) {
          const sync = aamSyncReader(batch, name.at.toISOString(), room);
          content = sync.content;
          return sync;
        },
        async apply(tx, read, body) {
          const staged = read.sink?.staged ?? 0;
          if (name.kind === 'iter') {
            const merged = await mergeNative(
              tx,
              workspaceId,
              {
                source: 'AUDIENCE_MANAGER',
                folderName: AAM_FOLDER,
                destinationId: name.destinationId,
              },
              NATIVE_STAGE_TABLE,
              staged,
            );
            return { merged };
          }
          await expireHeldSets(tx, workspaceId, config.aamFullSetExpiryMs);
          const file = content();
          const outcome = await holdPart(
            tx,
            workspaceId,
            name,
            { ...file, rawMd5: body.rawMd5 ?? file.md5 },
            config.aamFullSetMaxBytes,
          );
          return outcome.pending
            ? { merged: NOTHING_MERGED, pending: true }
            : { merged: outcome.merged, pending: false };
        },
      };
    },

    /** The caller's Audience Manager full sets still waiting for parts or a control file. */
    heldFullSets(caller: Caller): Promise<HeldSet[]> {
      return listHeldSets(database.pool, caller.workspaceId, config.aamFullSetExpiryMs);
    },
  };
}

export type AdobeInputService = ReturnType<typeof createAdobeInputService>;
