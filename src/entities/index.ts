import { AamDestinationAudience } from './aam-destination-audience.js';
import { AamFullControl } from './aam-full-control.js';
import { AamFullPart } from './aam-full-part.js';
import { AamFullRow } from './aam-full-row.js';
import { ApiToken } from './api-token.js';
import { Audience } from './audience.js';
import { AudienceExit } from './audience-exit.js';
import { AudienceFolder } from './audience-folder.js';
import { AudienceMember } from './audience-member.js';
import { CookieSync } from './cookie-sync.js';
import { ExperienceCloudIntegration } from './experience-cloud-integration.js';
import { Lead } from './lead.js';
import { LeadAssociation } from './lead-association.js';
import { LinkSigningSecret } from './link-signing-secret.js';
import { ListMembership } from './list-membership.js';
import {
  MarketoConnection,
  MarketoLead,
  MarketoLimiterDay,
  MarketoLimiterPause,
  MarketoLimiterSlot,
  MarketoMirror,
  MarketoMirrorMember,
  MarketoOutbox,
  MarketoPush,
  MarketoPushRecord,
} from './marketo.js';
import { MembershipChange } from './membership-change.js';
import { MunchkinCookie } from './munchkin-cookie.js';
import { PublishableKey } from './publishable-key.js';
import { StaticList } from './static-list.js';
import { SyncChange } from './sync-change.js';
import { SyncEvent } from './sync-event.js';
import { SyncJob } from './sync-job.js';
import { SyncRun } from './sync-run.js';
import { Webhook } from './webhook.js';
import { WebhookAttempt } from './webhook-attempt.js';
import { WebhookDelivery } from './webhook-delivery.js';
import { Workspace } from './workspace.js';

/** Every entity, for the ORM configuration. */
export const entities = [
  Workspace,
  ApiToken,
  ExperienceCloudIntegration,
  AudienceFolder,
  Audience,
  AudienceMember,
  AudienceExit,
  AamDestinationAudience,
  AamFullPart,
  AamFullRow,
  AamFullControl,
  Lead,
  MunchkinCookie,
  CookieSync,
  LeadAssociation,
  StaticList,
  ListMembership,
  SyncJob,
  SyncRun,
  SyncEvent,
  SyncChange,
  PublishableKey,
  LinkSigningSecret,
  MembershipChange,
  Webhook,
  WebhookDelivery,
  WebhookAttempt,
  MarketoConnection,
  MarketoMirror,
  MarketoLead,
  MarketoOutbox,
  MarketoMirrorMember,
  MarketoPush,
  MarketoPushRecord,
  MarketoLimiterSlot,
  MarketoLimiterDay,
  MarketoLimiterPause,
];
