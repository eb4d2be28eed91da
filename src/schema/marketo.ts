import {
  MarketoAuthFailedError,
  MarketoNotConnectedError,
  MarketoUnreachableError,
} from '../domain/errors.js';
import type { MarketoConnectionView } from '../services/marketo-connection.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { WorkspaceRef } from './workspace.js';

const MarketoConnectionStatusEnum = builder.enumType('MarketoConnectionStatus', {
  description: 'Whether pushes can reach Marketo with the stored credentials.',
  values: {
    CONNECTED: { description: 'The credentials work; pushes run.' },
    AUTH_FAILED: {
      description:
        'Marketo refused the credentials during a push; mirrors are FAILED until connectMarketo succeeds again.',
    },
    QUOTA_EXHAUSTED: {
      description:
        "Marketo's daily quota (607) or this service's dailyCallBudget is spent; pushes stay PARTIAL until the next Marketo day (midnight US Central) or a manual push.",
    },
    DISCONNECTED: {
      description: 'disconnectMarketo forgot the credentials; mirrors are PAUSED.',
    },
  } satisfies Record<MarketoConnectionView['status'], unknown>,
});

export const MarketoConnectionRef = builder
  .objectRef<MarketoConnectionView>('MarketoConnection')
  .implement({
    description:
      "The workspace's Marketo subscription, reached through its REST API. The client secret is never readable again.",
    // Not a Node, so the Node interface's read scope does not cover it.
    authScopes: { read: true },
    fields: (t) => ({
      restEndpoint: t.exposeString('restEndpoint', {
        description: 'The REST endpoint (`https://<munchkin-id>.mktorest.com/rest`).',
      }),
      identityEndpoint: t.exposeString('identityEndpoint', {
        description: 'The identity endpoint tokens are asked from.',
      }),
      clientId: t.exposeString('clientId', {
        description: 'The client id of the LaunchPoint custom service.',
      }),
      status: t.expose('status', {
        type: MarketoConnectionStatusEnum,
        description: 'Whether pushes can reach Marketo.',
      }),
      callsPer20Seconds: t.exposeInt('callsPer20Seconds', {
        description:
          "This service's share of the subscription's 100 calls per 20 s, across every process.",
      }),
      concurrentCalls: t.exposeInt('concurrentCalls', {
        description: "This service's share of the subscription's 10 calls in flight.",
      }),
      dailyCallBudget: t.exposeInt('dailyCallBudget', {
        description: "This service's share of the subscription's daily quota.",
      }),
      callsToday: t.exposeInt('callsToday', {
        description: 'Calls made in the current Marketo day (from midnight US Central).',
      }),
      connectedAt: t.expose('connectedAt', {
        type: 'DateTime',
        description: 'When the credentials were last stored.',
      }),
      lastError: t.exposeString('lastError', {
        nullable: true,
        description: 'Why pushes last could not reach Marketo; null when nothing failed since.',
      }),
    }),
  });

builder.objectField(WorkspaceRef, 'marketo', (t) =>
  t.field({
    type: MarketoConnectionRef,
    nullable: true,
    description: 'The Marketo connection; null until connectMarketo first succeeds.',
    resolve: (_workspace, _args, ctx) => ctx.services.marketo.connection(ctx.caller),
  }),
);

const ConnectMarketoInput = builder.inputType('ConnectMarketoInput', {
  description:
    'The credentials of a LaunchPoint custom service and the share of the subscription this service may use.',
  fields: (t) => ({
    restEndpoint: t.string({
      required: true,
      description:
        'The REST endpoint of Admin > Web Services (`https://<munchkin-id>.mktorest.com/rest`). https; http and private addresses only with OUTBOUND_ALLOW_PRIVATE_NETWORKS=true; link-local and metadata addresses never.',
    }),
    identityEndpoint: t.string({
      description:
        'The identity endpoint; default: restEndpoint with `/identity` in place of its trailing `/rest`.',
    }),
    clientId: t.string({ required: true, description: 'The custom service’s client id.' }),
    clientSecret: t.string({
      required: true,
      description: 'The custom service’s client secret: stored sealed, never readable again.',
    }),
    callsPer20Seconds: t.int({
      description: 'Calls per 20 s this service may make, 1 to 100 (default 50).',
    }),
    concurrentCalls: t.int({
      description: 'Calls this service may have in flight, 1 to 10 (default 5).',
    }),
    dailyCallBudget: t.int({
      description: 'Calls this service may make per Marketo day (default 10,000).',
    }),
  }),
});

interface WorkspaceAnswer {
  workspaceId: string;
}

const ConnectMarketoSuccess = builder
  .objectRef<WorkspaceAnswer>('ConnectMarketoSuccess')
  .implement({
    description: 'The credentials work and are stored.',
    fields: (t) => ({
      workspace: t.field({
        type: WorkspaceRef,
        description: 'The workspace, with its connection in `marketo`.',
        resolve: (_answer, _args, ctx) => ctx.services.workspaces.own(ctx.caller),
      }),
    }),
  });

builder.mutationField('connectMarketo', (t) =>
  t.field({
    type: ConnectMarketoSuccess,
    description:
      'Connects the workspace to its Marketo subscription (admin). The credentials are checked with one token request before anything is stored; connecting again replaces them and resumes the mirrors that stopped on the old ones.',
    args: {
      input: t.arg({
        type: ConnectMarketoInput,
        required: true,
        description: 'Endpoints, credentials and limits.',
      }),
    },
    authScopes: { admin: true },
    errors: {
      types: [...COMMON_MUTATION_ERRORS, MarketoAuthFailedError, MarketoUnreachableError],
    },
    resolve: (_root, { input }, ctx) =>
      ctx.services.marketo.connect(ctx.caller, {
        restEndpoint: input.restEndpoint,
        identityEndpoint: input.identityEndpoint,
        clientId: input.clientId,
        clientSecret: input.clientSecret,
        callsPer20Seconds: input.callsPer20Seconds,
        concurrentCalls: input.concurrentCalls,
        dailyCallBudget: input.dailyCallBudget,
      }),
  }),
);

const DisconnectMarketoSuccess = builder
  .objectRef<WorkspaceAnswer>('DisconnectMarketoSuccess')
  .implement({
    description: 'The credentials are forgotten and every mirror is PAUSED.',
    fields: (t) => ({
      workspace: t.field({
        type: WorkspaceRef,
        description: 'The workspace, its connection DISCONNECTED.',
        resolve: (_answer, _args, ctx) => ctx.services.workspaces.own(ctx.caller),
      }),
    }),
  });

builder.mutationField('disconnectMarketo', (t) =>
  t.field({
    type: DisconnectMarketoSuccess,
    description:
      'Forgets the Marketo credentials (admin) and pauses every mirror; the Marketo lists are left as they are.',
    authScopes: { admin: true },
    errors: { types: [...COMMON_MUTATION_ERRORS, MarketoNotConnectedError] },
    resolve: (_root, _args, ctx) => ctx.services.marketo.disconnect(ctx.caller),
  }),
);
