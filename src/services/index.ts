import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { type AdobeInputService, createAdobeInputService } from './adobe-inputs.js';
import { type ApiTokenService, createApiTokenService } from './api-tokens.js';
import { type AudienceService, createAudienceService } from './audiences.js';
import { createExportService, type ExportService } from './exports.js';
import { createHistoryService, type HistoryService } from './history.js';
import { createIdentityService, type IdentityService } from './identity.js';
import { createLeadService, type LeadService } from './leads.js';
import { createListService, type ListService } from './lists.js';
import {
  createMarketoConnectionService,
  type MarketoConnectionService,
} from './marketo-connection.js';
import { createMarketoMirrorService, type MarketoMirrorService } from './marketo-mirrors.js';
import { createMunchkinService, type MunchkinService } from './munchkin.js';
import { createPublishableKeyService, type PublishableKeyService } from './publishable-keys.js';
import { createSyncJobService, type SyncJobService } from './sync-jobs.js';
import { createTrackedLinkService, type TrackedLinkService } from './tracked-links.js';
import { createUploadService, type UploadService } from './uploads.js';
import { createWebhookService, type WebhookService } from './webhooks.js';
import { createWorkspaceService, type WorkspaceService } from './workspaces.js';

/**
 * The change signals of live delivery (src/realtime/workspace-changes.ts) that the token cache
 * follows: whether no change can have gone unheard, revoked tokens, and resets.
 */
export interface ChangeSignalsView {
  trusted(): boolean;
  onTokenRevoked(listener: (tokenId: string) => void): void;
  onReset(listener: () => void): void;
}

/** What every service is built from: configuration, database, and live delivery if served. */
export interface ServiceDeps {
  readonly config: Config;
  readonly database: Database;
  /** Set on processes that serve subscriptions (ROLE all or api). */
  readonly realtime?: { readonly changes: ChangeSignalsView } | null;
}

/**
 * The one door to the database for callers: every transport (GraphQL resolvers and loaders,
 * the HTTP routes, the CLI) calls `services.<area>.<verb>(caller, input)`. Each area lives in
 * its own module and owns its rules, validation and transactions. The worker runs the engine
 * below the services (sync runs, deliveries, pushes), which takes no caller.
 */
export interface Services {
  readonly workspaces: WorkspaceService;
  readonly apiTokens: ApiTokenService;
  readonly leads: LeadService;
  readonly lists: ListService;
  readonly identity: IdentityService;
  readonly audiences: AudienceService;
  readonly syncJobs: SyncJobService;
  readonly publishableKeys: PublishableKeyService;
  readonly trackedLinks: TrackedLinkService;
  readonly munchkin: MunchkinService;
  readonly history: HistoryService;
  readonly webhooks: WebhookService;
  readonly adobeInputs: AdobeInputService;
  readonly marketo: MarketoConnectionService;
  readonly marketoMirrors: MarketoMirrorService;
  readonly uploads: UploadService;
  readonly exports: ExportService;
}

/** Builds the services of one process; the result is frozen. */
export function createServices(deps: ServiceDeps): Services {
  const services = {
    workspaces: Object.freeze(createWorkspaceService(deps)),
    leads: Object.freeze(createLeadService(deps)),
    lists: Object.freeze(createListService(deps)),
    identity: Object.freeze(createIdentityService(deps)),
    audiences: Object.freeze(createAudienceService(deps)),
    syncJobs: Object.freeze(createSyncJobService(deps)),
    publishableKeys: Object.freeze(createPublishableKeyService(deps)),
    trackedLinks: Object.freeze(createTrackedLinkService(deps)),
    munchkin: Object.freeze(createMunchkinService(deps)),
    history: Object.freeze(createHistoryService(deps)),
    webhooks: Object.freeze(createWebhookService(deps)),
    adobeInputs: Object.freeze(createAdobeInputService(deps)),
    marketo: Object.freeze(createMarketoConnectionService(deps)),
    marketoMirrors: Object.freeze(createMarketoMirrorService(deps)),
  };
  return Object.freeze({
    ...services,
    // Revocations drop the token from the workspaces' token cache at once.
    apiTokens: Object.freeze(createApiTokenService(deps, services.workspaces)),
    // Uploads and exports are prepared by the services of their areas (access, parameters).
    uploads: Object.freeze(createUploadService(deps, services)),
    exports: Object.freeze(createExportService(deps, services.history)),
  });
}
