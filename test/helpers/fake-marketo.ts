/**
 * A fake Marketo subscription for tests and the bench: a real HTTP server on 127.0.0.1 that
 * answers the identity and REST calls a static-list connector makes, with Marketo's envelopes,
 * codes and limits. Rules come from /work/shared/MARKETO-API.md (section numbers below, "§"),
 * which cites Adobe's REST docs (MD), the swaggers (SW-*), and real recorded traffic (GRFX).
 * Where that file marks a fact [unverified], the choice made here is named "[unverified]" below
 * and is the stricter reading, so a client that copes with the fake copes with either answer.
 *
 * What it models
 * - Identity (§2): `GET|POST /identity/oauth/token` with `grant_type=client_credentials`,
 *   `client_id`, `client_secret` in the query (or, for POST, a form body). Answers
 *   `{access_token, token_type:"bearer", expires_in, scope}` with `Cache-Control: no-store`.
 *   Asking again before expiry returns the same token with its remaining `expires_in`; a new
 *   token lives `tokenLifetimeSeconds` (3600). Bad credentials: HTTP 401
 *   `{"error":"invalid_client","error_description":"Bad client credentials"}` (the body shape
 *   clients read; exact text [unverified]). Identity calls count against no limit (SW-I).
 * - Access token (§0 Auth header, §2): only `Authorization: Bearer <token>`. The `access_token`
 *   query parameter is refused by default, since the docs give 2026-08-31 as the end of its
 *   support (`acceptQueryAccessToken` turns it back on). A missing or unknown token answers 601
 *   (600 is undocumented, [unverified]); an expired one 602. Both come as HTTP 200 envelopes.
 * - Envelopes (§0): Lead DB `{requestId, result, success}` (+ `nextPageToken`, `warnings`), and
 *   `{requestId, success:false, errors:[{code:"601", message}]}` on failure, always HTTP 200.
 *   `result` is always present on Lead DB successes, `nextPageToken` only when more remain.
 *   Asset `{success, errors:[], requestId, warnings:[string], result}`; a search that finds
 *   nothing answers `warnings:["No assets found for the given search criteria."]` and no
 *   `result` (§1.12, GRFX). `requestId` looks like `7cc0#17d4f04a638`.
 * - HTTP-level answers (§0 HTTP status): 414 when the request target (path and query) is over
 *   8 KB (8192 bytes) on `/rest/v1` and `/identity`, 64 KiB on `/rest/asset` (MD blog); 413
 *   when the body is over 1 MB (1,048,576 bytes). Every other error is HTTP 200 + envelope,
 *   except what a test injects (HTTP 5xx).
 * - `_method` (§0): a Lead DB `POST` with `_method=GET|DELETE` in the query or in a
 *   form-urlencoded body is served as that method, the form fields joining the query's. Asset
 *   paths ignore `_method` (MD blog, September 2020).
 * - Limits (§0 Limits, MD error-codes.md): 606 past `callsPer20Seconds` (100) calls in any 20 s,
 *   615 with `concurrentCalls` (10) calls already in flight, 607 once `dailyQuota` (50,000)
 *   calls were made in the day (days start at midnight America/Chicago; whether the docs' "CST"
 *   follows DST is [unverified]). A call answered 601, 602, 604, 605, 608 or 611 counts against
 *   neither the quota nor the rate (the docs' asterisks); others, 606/607/615 included, count.
 *   Checked in that order: token, 607, 606, 615.
 * - Leads (§1.2, §1.3, §1.4, §1.5, §1.13): `GET /rest/v1/leads.json` by `filterType` (`email`
 *   case-insensitively, or `id`; other searchable standard types match nothing; `firstName`,
 *   `lastName`, ... answer 1011) with at most 300 `filterValues` (more: 1003, code
 *   [unverified]), `fields`, `batchSize` <= 300, `nextPageToken`; more than 1,000 matches: 1003.
 *   `POST /rest/v1/leads.json` (Sync Leads) with `action` createOnly | updateOnly |
 *   createOrUpdate | createDuplicate, `lookupField` (email or id), at most 300 `input` records,
 *   results in input order: `{id, status:"created"|"updated"}` or `{status:"skipped",
 *   reasons:[{code,message}]}` with 1002 (no lookup value), 1003 (id outside updateOnly,
 *   non-ASCII email), 1004, 1005, 1006 (unknown field), 1007 (several leads match), 1011.
 *   Needs `Content-Type: application/json` (612), valid JSON (609). Delete leads
 *   (`POST leads/delete.json`, `POST leads.json?_method=DELETE`, `DELETE leads.json`), Get Lead
 *   by Id, Describe.
 * - Static list membership (§1.6-§1.10): `GET /rest/v1/lists/{id}/leads.json` and the legacy
 *   `/rest/v1/list/{id}/leads.json` page members (`batchSize` <= 300, `nextPageToken`); `POST`
 *   adds (`added` again for a member, GRFX; 1004 for an unknown lead); `DELETE` removes
 *   (`removed`; 1015 "Lead not in list"; 1004); `ismember.json` answers `memberof` /
 *   `notmemberof` / 1004. Ids come as repeated `id=`, comma-separated `id=1,2`, or a JSON
 *   `{"input":[{"id":1}]}`; at most 300 (more: 1003, [unverified]); an id that is not an integer
 *   (such as node-marketo-rest's `id=1%26id%3D2`) answers 1001, [unverified]. An unknown list
 *   answers response-level 1013 "Object not found" ([unverified] envelope). `GET lists.json`,
 *   `GET lists/{id}.json`, `GET stats/usage.json`.
 * - Asset static lists (§1.12): `GET staticList/{id}.json`, `GET staticList/byName.json?name=`
 *   (exact name), `GET staticLists.json` (`folder` JSON, `offset`, `maxReturn` <= 200, default
 *   20), `POST staticLists.json` (form or query: `name` unique, `folder` `{"id":N,"type":"Folder"}`
 *   or a bare id as Segment sends, `description`): 701 when blank, 710 unknown folder, 711
 *   folder type mismatch, 709 duplicate name ([unverified] code), `POST staticList/{id}.json`
 *   (update), `POST staticList/{id}/delete.json`, `GET folder/byName.json`. Asset bodies must be
 *   form-urlencoded (612 for JSON). An unknown id answers the "No assets found" warning
 *   ([unverified]).
 * - Unknown `/rest` paths answer 610, a known path with another method 605.
 *
 * Injected failures (`failNext`) are served after the token and limit checks, so an injected
 * answer is counted by the same rule as a real one; on identity they come before the credentials.
 *
 * Test controls (see FakeMarketo below): seed leads, lists and folders; read them back; a log of
 * every request (method, URL and its byte length, params, body, operation, answer); counts per
 * operation; failures injected for the next N calls of an operation (`failNext`), including
 * calls that hang (before or after their effect) or whose connection is reset; the fake's clock
 * (`advanceTime`); expiring or revoking tokens; changing credentials; the day's quota used.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  assetDate,
  DEFAULT_READ_FIELDS,
  type FakeFolder,
  type FakeLead,
  FakeMarketoStore,
  type FakeStaticList,
  type LeadValue,
  leadDbDate,
  type SeedFolder,
  type SeedLead,
  type SeedList,
} from './fake-marketo/store.js';

export type { FakeFolder, FakeLead, FakeStaticList, SeedFolder, SeedLead, SeedList };

/** The calls the fake tells apart, for counting and for injecting failures. */
export type MarketoOperation =
  | 'identity'
  | 'getLeads'
  | 'syncLeads'
  | 'deleteLeads'
  | 'getLeadById'
  | 'describeLeads'
  | 'getLists'
  | 'getListById'
  | 'listMembers'
  | 'addToList'
  | 'removeFromList'
  | 'isMember'
  | 'usage'
  | 'getStaticListById'
  | 'getStaticListByName'
  | 'browseStaticLists'
  | 'createStaticList'
  | 'updateStaticList'
  | 'deleteStaticList'
  | 'getFolderByName'
  | 'unknown';

/**
 * What an injected failure answers:
 * - a number from 600 to 799 (or 1000+): that code in a `success:false` envelope;
 * - another number (401, 413, 500, 502, 503, ...): that HTTP status;
 * - `{ code, message? }`: an envelope error with that code (e.g. `{ code: 502 }` as a body code);
 * - `{ httpStatus, body? }`: that HTTP status and body;
 * - `'hang'`: the call is never answered and has no effect (until `releaseHung()`);
 * - `'hangAfterApply'`: the call takes effect (a lead is created...) but is never answered;
 * - `'reset'` / `'resetAfterApply'`: the connection is destroyed, before or after the effect.
 */
export type InjectedFailure =
  | number
  | { code: number | string; message?: string }
  | { httpStatus: number; body?: string }
  | 'hang'
  | 'hangAfterApply'
  | 'reset'
  | 'resetAfterApply';

export interface FakeMarketoOptions {
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of a new token in seconds (Marketo: 3600). */
  tokenLifetimeSeconds?: number;
  /** The `scope` answered with tokens: the API-only user of the custom service. */
  scope?: string;
  /** Calls allowed in any 20 s window (Marketo: 100). */
  callsPer20Seconds?: number;
  /** Calls allowed in flight at once (Marketo: 10). */
  concurrentCalls?: number;
  /** Calls allowed per Marketo day (most subscriptions: 50,000). */
  dailyQuota?: number;
  /** Accept `?access_token=` as well as the Bearer header (off: its support ended 2026-08-31). */
  acceptQueryAccessToken?: boolean;
  /** Milliseconds each REST call stays in flight before it is answered (default 0). */
  latencyMs?: number;
  /** Clock in ms since the epoch (default Date.now); `advanceTime` moves it further. */
  now?: () => number;
  /** Custom lead fields beyond email, firstName, lastName, title, phone. */
  extraLeadFields?: string[];
  leads?: SeedLead[];
  folders?: SeedFolder[];
  lists?: SeedList[];
  /** Folder for lists seeded without `folderId` (created if missing). Default 12. */
  defaultFolderId?: number;
  firstLeadId?: number;
  firstListId?: number;
}

export interface FakeMarketoRequest {
  seq: number;
  /** Fake clock time the request arrived. */
  at: number;
  /** HTTP method as sent. */
  method: string;
  /** Method the request is served as, after a Lead DB `_method` override. */
  effectiveMethod: string;
  /** Request target as sent (path and query), and its length in bytes. */
  url: string;
  urlBytes: number;
  path: string;
  query: Record<string, string[]>;
  /** Query parameters merged with a form-urlencoded body's. */
  params: Record<string, string[]>;
  headers: Record<string, string | string[] | undefined>;
  contentType: string | undefined;
  body: string;
  bodyBytes: number;
  operation: MarketoOperation;
  /** HTTP status answered; undefined while the call hangs or when it was never answered. */
  status?: number;
  /** Response-level error codes answered (`errors[].code`). */
  errorCodes: string[];
  /** Parsed JSON answered, when the answer was JSON. */
  response?: unknown;
  outcome: 'pending' | 'answered' | 'hung' | 'aborted' | 'reset';
  /** The answer came from `failNext`. */
  injected: boolean;
  /** Counted against the daily quota and the 20 s rate window. */
  counted: boolean;
}

interface TokenRecord {
  token: string;
  clientId: string;
  expiresAt: number;
  revoked: boolean;
}

interface InjectionRule {
  operation: MarketoOperation | '*';
  failure: InjectedFailure;
  remaining: number;
}

interface HungCall {
  entry: FakeMarketoRequest;
  release: () => void;
}

type Params = Record<string, string[]>;

interface Answer {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

class Reply {
  constructor(readonly answer: Answer) {}
}

const MAX_URI_BYTES = 8192;
const MAX_ASSET_URI_BYTES = 65536;
const MAX_BODY_BYTES = 1_048_576;
const BATCH_LIMIT = 300;
const ASSET_MAX_RETURN = 200;
const MAX_FILTER_MATCHES = 1000;
const RATE_WINDOW_MS = 20_000;
/** Codes the docs mark as counted against neither the daily quota nor the rate limit. */
const NOT_COUNTED = new Set(['601', '602', '604', '605', '608', '611']);
const NO_ASSETS = 'No assets found for the given search criteria.';
const JSON_TYPE = 'application/json;charset=UTF-8';
/** Standard searchable filter types besides email and id (SW-M); the fake matches none. */
const OTHER_FILTER_TYPES = new Set([
  'cookies',
  'facebookId',
  'leadPartitionId',
  'linkedInId',
  'sfdcAccountId',
  'sfdcContactId',
  'sfdcLeadId',
  'sfdcLeadOwnerId',
  'sfdcOpptyId',
  'twitterId',
]);

const MESSAGES: Record<string, string> = {
  '500': 'Internal Server error',
  '502': 'Bad Gateway',
  '601': 'Access token invalid',
  '602': 'Access token expired',
  '603': 'Access denied',
  '604': 'Request time-out',
  '606': "Max rate limit '100' exceeded with in '20' secs",
  '607': 'Daily quota reached',
  '608': 'API Temporarily Unavailable',
  '609': 'Invalid JSON',
  '610': 'Requested resource not found',
  '611': 'System error',
  '612': 'Invalid Content Type',
  '613': 'Invalid Multipart Request',
  '614': 'Invalid Subscription',
  '615': "Concurrent access limit '10' reached",
  '702': 'No data found for a given search scenario',
  '709': 'Business Rule Violation',
  '710': 'Parent Folder Not Found',
  '711': 'Incompatible Folder Type',
  '713': 'Transient Error',
  '1003': 'Invalid data',
  '1004': 'Lead not found',
  '1013': 'Object not found',
  '1015': 'Lead not in list',
};

/** A Marketo day key (YYYY-MM-DD in America/Chicago). */
const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Chicago',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export interface FakeMarketo {
  /** `http://127.0.0.1:PORT/rest`, what Admin > Web Services shows as the REST endpoint. */
  readonly restEndpoint: string;
  /** `http://127.0.0.1:PORT/identity`. */
  readonly identityEndpoint: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Stops the server, dropping hung calls and open connections. */
  close(): Promise<void>;

  // State
  lead(id: number): FakeLead | undefined;
  leads(): FakeLead[];
  leadsByEmail(email: string): FakeLead[];
  addLeads(seeds: SeedLead[]): FakeLead[];
  /** Deletes a lead (as a merge or a delete in Marketo would), taking it off every list. */
  deleteLead(id: number): boolean;
  list(id: number): FakeStaticList | undefined;
  listByName(name: string): FakeStaticList | undefined;
  lists(): FakeStaticList[];
  addList(seed: SeedList): FakeStaticList;
  /** Member lead ids of a list in the order they were added. */
  listMembers(listId: number): number[];
  /** Member emails of a list in the order they were added. */
  listMemberEmails(listId: number): string[];
  addFolder(seed: SeedFolder): FakeFolder;

  // Log and counters
  /** Every request received, in arrival order. */
  readonly requests: readonly FakeMarketoRequest[];
  requestsFor(operation: MarketoOperation): FakeMarketoRequest[];
  /** Requests received for an operation (all REST operations when omitted; identity apart). */
  calls(operation?: MarketoOperation): number;
  /** Calls counted against today's quota. */
  dailyCallsUsed(): number;
  /** Most REST calls ever in flight at once. */
  readonly peakInFlight: number;
  readonly inFlight: number;
  /** Resolves with the first logged request (already logged or to come) that `match` accepts. */
  waitForRequest(
    match: (request: FakeMarketoRequest) => boolean,
    timeoutMs?: number,
  ): Promise<FakeMarketoRequest>;
  /** Resolves once `count` calls hang. */
  waitForHung(count: number, timeoutMs?: number): Promise<void>;

  // Controls
  failNext(operation: MarketoOperation | '*', failure: InjectedFailure, times?: number): void;
  /** Same as `failNext(operation, 'hang', times)`. */
  hangNext(operation: MarketoOperation | '*', times?: number): void;
  /** Drops injected failures not yet used. */
  clearFailures(): void;
  /** Calls hanging now. */
  readonly hungCount: number;
  /** Lets hanging calls go on: `hang` ones are then served, `hangAfterApply` ones answered. */
  releaseHung(): void;
  /** Moves the fake's clock forward (token expiry, the 20 s window, the Marketo day). */
  advanceTime(ms: number): void;
  now(): number;
  /** Expires every issued token now: REST calls answer 602; identity issues a new token. */
  expireTokens(): void;
  /** Invalidates every issued token: REST calls answer 601; identity issues a new token. */
  revokeTokens(): void;
  /** Replaces the credentials identity accepts; tokens issued before are revoked (601). */
  setCredentials(clientId: string, clientSecret: string): void;
  setDailyCallsUsed(count: number): void;
  setLimits(limits: {
    callsPer20Seconds?: number;
    concurrentCalls?: number;
    dailyQuota?: number;
  }): void;
  setLatency(ms: number): void;
  /** Forgets the calls in the current 20 s window. */
  resetRateWindow(): void;
  /** Tokens issued so far, oldest first. */
  issuedTokens(): string[];
}

export async function startFakeMarketo(options: FakeMarketoOptions = {}): Promise<FakeMarketo> {
  const base = options.now ?? Date.now;
  let clockOffset = 0;
  const now = () => base() + clockOffset;
  const store = new FakeMarketoStore(now, options);
  const defaultFolderId = options.defaultFolderId ?? 12;
  store.addFolder({ id: defaultFolderId, name: 'Group Lists', isSystem: true });
  for (const folder of options.folders ?? []) store.addFolder(folder);
  for (const lead of options.leads ?? []) store.addLead(lead);
  for (const list of options.lists ?? []) store.addList(list, defaultFolderId);

  let clientId = options.clientId ?? 'fake-client-id';
  let clientSecret = options.clientSecret ?? 'fake-client-secret';
  const tokenLifetimeMs = (options.tokenLifetimeSeconds ?? 3600) * 1000;
  const scope = options.scope ?? 'apis@fake-marketo.example';
  const limits = {
    callsPer20Seconds: options.callsPer20Seconds ?? 100,
    concurrentCalls: options.concurrentCalls ?? 10,
    dailyQuota: options.dailyQuota ?? 50_000,
  };
  let latencyMs = options.latencyMs ?? 0;
  const acceptQueryAccessToken = options.acceptQueryAccessToken ?? false;

  const tokens = new Map<string, TokenRecord>();
  const issued: string[] = [];
  let rateWindow: number[] = [];
  const quotaByDay = new Map<string, number>();
  const injections: InjectionRule[] = [];
  const hung = new Set<HungCall>();
  const log: FakeMarketoRequest[] = [];
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  let inFlight = 0;
  let peakInFlight = 0;
  let closing = false;
  const pageTokens = new Map<string, { scope: string; offset: number }>();

  const dayKey = () => dayFormat.format(new Date(now()));
  const requestId = () => `${randomBytes(2).toString('hex')}#${now().toString(16)}`;
  const changed = () => changes.emit('change');

  // ---- envelopes ----------------------------------------------------------------------------

  const leadDbOk = (result: unknown[], extra: Record<string, unknown> = {}): Answer => ({
    status: 200,
    json: { requestId: requestId(), result, success: true, ...extra },
  });
  const leadDbError = (code: number | string, message?: string): Answer => ({
    status: 200,
    json: {
      requestId: requestId(),
      success: false,
      errors: [{ code: String(code), message: message ?? MESSAGES[String(code)] ?? 'Error' }],
    },
  });
  const assetOk = (result: unknown[] | undefined, warnings: string[] = []): Answer => ({
    status: 200,
    json:
      result === undefined || result.length === 0
        ? { success: true, errors: [], requestId: requestId(), warnings: [NO_ASSETS] }
        : { success: true, errors: [], requestId: requestId(), warnings, result },
  });
  const assetError = (code: number | string, message?: string): Answer => ({
    status: 200,
    json: {
      success: false,
      errors: [{ code: String(code), message: message ?? MESSAGES[String(code)] ?? 'Error' }],
      requestId: requestId(),
      warnings: [],
    },
  });
  const httpError = (status: number, title: string): Answer => ({
    status,
    text: `<html><head><title>${status} ${title}</title></head><body><h1>${status} ${title}</h1></body></html>`,
    headers: { 'content-type': 'text/html' },
  });
  const skipped = (code: string, message: string, id?: number) => ({
    ...(id === undefined ? {} : { id }),
    status: 'skipped',
    reasons: [{ code, message }],
  });
  /** Throws an envelope error out of a handler. */
  function fail(code: number | string, message?: string, asset = false): never {
    throw new Reply(asset ? assetError(code, message) : leadDbError(code, message));
  }

  // ---- parameters ---------------------------------------------------------------------------

  const first = (params: Params, name: string): string | undefined => params[name]?.[0];
  const csv = (params: Params, name: string): string[] =>
    (params[name] ?? [])
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value !== '');

  const readFields = (params: Params): string[] => {
    const fields = csv(params, 'fields');
    if (fields.length === 0) return DEFAULT_READ_FIELDS;
    // [unverified] An unknown name in `fields` answers 1006 for the whole call.
    for (const field of fields)
      if (!store.knowsField(field)) fail(1006, `Field '${field}' not found`);
    return fields;
  };

  const batchSize = (params: Params): number => {
    const raw = first(params, 'batchSize');
    if (raw === undefined) return BATCH_LIMIT;
    const size = Number(raw);
    // [unverified] A batchSize that is not 1..300 answers 1003 rather than being clamped.
    if (!Number.isInteger(size) || size < 1 || size > BATCH_LIMIT) {
      fail(1003, `Invalid batchSize '${raw}', must be between 1 and ${BATCH_LIMIT}`);
    }
    return size;
  };

  /** Pages `items` by Marketo's position tokens: `nextPageToken` only when more remain. */
  const page = <T>(items: T[], params: Params, scopeKey: string) => {
    const size = batchSize(params);
    let offset = 0;
    const token = first(params, 'nextPageToken');
    if (token !== undefined && token !== '') {
      const known = pageTokens.get(token);
      // [unverified] A token the server never issued, or one for another query, answers 1003.
      if (!known || known.scope !== scopeKey) fail(1003, 'Invalid nextPageToken');
      offset = known!.offset;
    }
    const slice = items.slice(offset, offset + size);
    const extra: Record<string, unknown> = {};
    if (offset + size < items.length) {
      const next = `${randomBytes(40)
        .toString('base64')
        .replace(/[^A-Z0-9]/gi, '')
        .toUpperCase()}===`;
      pageTokens.set(next, { scope: scopeKey, offset: offset + size });
      extra.nextPageToken = next;
    }
    return { slice, extra };
  };

  /** Lead ids of a list call: repeated `id=`, `id=1,2`, or a JSON `{"input":[{"id":1}]}`. */
  const leadIds = (params: Params, json: unknown): number[] => {
    let raw: unknown[] = [];
    const input = (json as { input?: unknown } | undefined)?.input;
    if (Array.isArray(input)) {
      raw = input.map((item) => (item as { id?: unknown } | null)?.id);
    } else {
      raw = csv(params, 'id');
    }
    if (raw.length === 0) fail(701, 'id cannot be blank');
    if (raw.length > BATCH_LIMIT) fail(1003, `Too many ids, at most ${BATCH_LIMIT} are allowed`);
    return raw.map((value) => {
      const id = typeof value === 'number' ? value : Number(String(value));
      if (!Number.isInteger(id) || (typeof value === 'string' && !/^\d+$/.test(value))) {
        fail(1001, `Invalid value '${String(value)}'. Required of type 'Integer'`);
      }
      return id;
    });
  };

  const requireList = (id: number): FakeStaticList => {
    const list = store.lists.get(id);
    if (!list) fail(1013, MESSAGES['1013']);
    return list!;
  };

  const requireJsonBody = (entry: FakeMarketoRequest, json: unknown): void => {
    if (entry.body.trim() === '') return;
    if (!(entry.contentType ?? '').toLowerCase().includes('application/json')) fail(612);
    if (json === undefined) fail(609);
  };

  // ---- handlers -----------------------------------------------------------------------------

  const getLeads = (params: Params): Answer => {
    const filterType = first(params, 'filterType');
    if (!filterType) fail(701, 'filterType cannot be blank');
    const values = csv(params, 'filterValues');
    if (values.length === 0) fail(701, 'filterValues cannot be blank');
    if (values.length > BATCH_LIMIT) {
      fail(1003, `Too many filter values, at most ${BATCH_LIMIT} are allowed`);
    }
    const fields = readFields(params);
    let matches: FakeLead[];
    if (filterType === 'email') {
      const wanted = new Set(values.map((value) => value.toLowerCase()));
      matches = [...store.leads.values()].filter(
        (lead) => typeof lead.email === 'string' && wanted.has(lead.email.toLowerCase()),
      );
    } else if (filterType === 'id') {
      const wanted = new Set(values.map(Number));
      matches = [...store.leads.values()].filter((lead) => wanted.has(lead.id));
    } else if (OTHER_FILTER_TYPES.has(filterType!) || store.leadFields.has(filterType!)) {
      if (['firstName', 'lastName'].includes(filterType!)) {
        fail(1011, `Field '${filterType}' not supported`);
      }
      matches = [...store.leads.values()].filter((lead) =>
        values.includes(String(lead[filterType!] ?? '\u0000')),
      );
    } else {
      return fail(1006, `Field '${filterType}' not found`);
    }
    if (matches.length > MAX_FILTER_MATCHES) fail(1003, 'Too many results match the filter');
    matches.sort((a, b) => a.id - b.id);
    const { slice, extra } = page(matches, params, `leads|${filterType}|${values.join(',')}`);
    return leadDbOk(
      slice.map((lead) => store.projectLead(lead, fields)),
      extra,
    );
  };

  const syncLeads = (json: unknown): Answer => {
    const body = (json ?? {}) as Record<string, unknown>;
    const action = (body.action as string | undefined) ?? 'createOrUpdate';
    if (!['createOnly', 'updateOnly', 'createOrUpdate', 'createDuplicate'].includes(action)) {
      fail(1003, `Invalid action '${action}'`);
    }
    const lookupField = (body.lookupField as string | undefined) ?? 'email';
    const input = body.input;
    if (!Array.isArray(input) || input.length === 0) fail(701, 'input cannot be blank');
    const records = input as unknown[];
    if (records.length > BATCH_LIMIT) {
      fail(1003, `Too many records, at most ${BATCH_LIMIT} are allowed`);
    }
    const result = records.map((raw) => {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        return skipped('1003', 'Invalid data');
      }
      const record = raw as Record<string, unknown>;
      if (lookupField !== 'email' && lookupField !== 'id') {
        return skipped('1011', `Field '${lookupField}' not supported`);
      }
      const fields: Record<string, LeadValue> = {};
      for (const [field, value] of Object.entries(record)) {
        if (field === 'id') continue;
        if (!store.leadFields.has(field)) return skipped('1006', `Field '${field}' not found`);
        if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
          return skipped('1003', `Invalid value for field '${field}'`);
        }
        fields[field] = value as LeadValue;
      }
      if (typeof fields.email === 'string' && !/^[\x20-\x7e]*$/.test(fields.email)) {
        return skipped('1003', `Invalid value for field 'email' and value '${fields.email}'`);
      }
      if (record.id !== undefined && action !== 'updateOnly')
        return skipped('1003', 'Invalid data');
      const key = record[lookupField];
      if (key === undefined || key === null || key === '') {
        return skipped('1002', `Missing value for the required parameter '${lookupField}'`);
      }
      const found =
        lookupField === 'id'
          ? [store.leads.get(Number(key))].filter((lead): lead is FakeLead => lead !== undefined)
          : store.leadsByEmail(String(key));
      if (action === 'createDuplicate' || (found.length === 0 && action !== 'updateOnly')) {
        if (
          action === 'createDuplicate' ||
          action === 'createOnly' ||
          action === 'createOrUpdate'
        ) {
          if (lookupField === 'id') return skipped('1003', 'Invalid data');
          const lead = store.addLead(fields);
          return { id: lead.id, status: 'created' };
        }
      }
      if (found.length === 0) return skipped('1004', 'Lead not found');
      if (action === 'createOnly') return skipped('1005', 'Lead already exists');
      if (found.length > 1) return skipped('1007', 'Multiple leads match the lookup criteria');
      store.updateLead(found[0], fields);
      return { id: found[0].id, status: 'updated' };
    });
    return leadDbOk(result);
  };

  const deleteLeads = (params: Params, json: unknown): Answer => {
    const ids = leadIds(params, json);
    return leadDbOk(
      ids.map((id) =>
        store.deleteLead(id) ? { id, status: 'deleted' } : skipped('1004', 'Lead not found', id),
      ),
    );
  };

  const listMembers = (listId: number, params: Params): Answer => {
    const list = requireList(listId);
    const fields = readFields(params);
    const members = [...list.members].map((id) => store.leads.get(id)!).filter(Boolean);
    const { slice, extra } = page(members, params, `list|${listId}`);
    return leadDbOk(
      slice.map((lead) => store.projectLead(lead, fields)),
      extra,
    );
  };

  const addToList = (listId: number, params: Params, json: unknown): Answer => {
    const list = requireList(listId);
    const ids = leadIds(params, json);
    const result = ids.map((id) => {
      if (!store.leads.has(id)) return skipped('1004', 'Lead not found', id);
      list.members.add(id);
      return { id, status: 'added' };
    });
    list.updatedAt = now();
    return leadDbOk(result);
  };

  const removeFromList = (listId: number, params: Params, json: unknown): Answer => {
    const list = requireList(listId);
    const ids = leadIds(params, json);
    const result = ids.map((id) => {
      if (!store.leads.has(id)) return skipped('1004', 'Lead not found', id);
      if (!list.members.delete(id)) return skipped('1015', 'Lead not in list', id);
      return { id, status: 'removed' };
    });
    list.updatedAt = now();
    return leadDbOk(result);
  };

  const isMember = (listId: number, params: Params, json: unknown): Answer => {
    const list = requireList(listId);
    const ids = leadIds(params, json);
    return leadDbOk(
      ids.map((id) => {
        if (!store.leads.has(id)) return skipped('1004', 'Lead not found', id);
        return { id, status: list.members.has(id) ? 'memberof' : 'notmemberof' };
      }),
    );
  };

  const leadDbList = (list: FakeStaticList) => ({
    id: list.id,
    name: list.name,
    ...(list.description ? { description: list.description } : {}),
    workspaceName: 'Default',
    createdAt: leadDbDate(list.createdAt),
    updatedAt: leadDbDate(list.updatedAt),
  });

  const getLists = (params: Params): Answer => {
    const ids = csv(params, 'id').map(Number);
    const names = csv(params, 'name');
    const lists = [...store.lists.values()]
      .filter((list) => ids.length === 0 || ids.includes(list.id))
      .filter((list) => names.length === 0 || names.includes(list.name))
      .sort((a, b) => a.id - b.id);
    const { slice, extra } = page(lists, params, `lists|${ids.join(',')}|${names.join(',')}`);
    return leadDbOk(slice.map(leadDbList), extra);
  };

  const assetList = (list: FakeStaticList) => ({
    id: list.id,
    name: list.name,
    description: list.description,
    createdAt: assetDate(list.createdAt),
    updatedAt: assetDate(list.updatedAt),
    url: null,
    folder: { id: list.folder.id, type: list.folder.type },
    workspace: 'Default',
    computedUrl: `${origin}/#ST${list.id}A1`,
  });

  const assetFolder = (folder: FakeFolder) => ({
    id: folder.id,
    name: folder.name,
    description: null,
    createdAt: assetDate(0),
    updatedAt: assetDate(0),
    url: null,
    folderId: { id: folder.id, type: folder.type },
    folderType: folder.type === 'Folder' ? 'Folder' : 'Program',
    parent: null,
    path: `/Lead Database/${folder.name}`,
    isArchive: false,
    isSystem: folder.isSystem,
    accessZoneId: 1,
    workspace: 'Default',
  });

  /** A folder parameter: JSON `{"id":N,"type":"Folder"}` (documented) or a bare id (Segment). */
  const folderParam = (raw: string): { id: number; type: string } => {
    if (/^\d+$/.test(raw.trim())) return { id: Number(raw), type: 'Folder' };
    try {
      const parsed = JSON.parse(raw) as { id?: unknown; type?: unknown };
      const id = Number(parsed.id);
      if (Number.isInteger(id) && (parsed.type === 'Folder' || parsed.type === 'Program')) {
        return { id, type: parsed.type };
      }
    } catch {}
    return fail(1001, `Invalid value '${raw}'. Required of type 'Folder'`, true);
  };

  const browseStaticLists = (params: Params): Answer => {
    const offset = Number(first(params, 'offset') ?? 0);
    const maxReturn = Number(first(params, 'maxReturn') ?? 20);
    if (!Number.isInteger(maxReturn) || maxReturn < 1 || maxReturn > ASSET_MAX_RETURN) {
      fail(1003, `maxReturn must be between 1 and ${ASSET_MAX_RETURN}`, true);
    }
    const folderRaw = first(params, 'folder');
    const folder = folderRaw === undefined ? undefined : folderParam(folderRaw);
    const earliest = first(params, 'earliestUpdatedAt');
    const latest = first(params, 'latestUpdatedAt');
    const lists = [...store.lists.values()]
      .filter(
        (list) => !folder || (list.folder.id === folder.id && list.folder.type === folder.type),
      )
      .filter((list) => !earliest || list.updatedAt >= Date.parse(earliest))
      .filter((list) => !latest || list.updatedAt <= Date.parse(latest))
      .sort((a, b) => a.id - b.id)
      .slice(offset, offset + maxReturn);
    return assetOk(lists.map(assetList));
  };

  /** Asset writes consume only form bodies (MD static-lists.md): anything else answers 612. */
  const requireFormBody = (entry: FakeMarketoRequest): void => {
    if (entry.body.trim() !== '' && !(entry.contentType ?? '').includes('x-www-form-urlencoded')) {
      fail(612, undefined, true);
    }
  };

  const createStaticList = (params: Params, entry: FakeMarketoRequest): Answer => {
    requireFormBody(entry);
    const name = first(params, 'name')?.trim();
    if (!name) fail(701, 'name cannot be blank', true);
    const folderRaw = first(params, 'folder');
    if (!folderRaw) fail(701, 'folder cannot be blank', true);
    const folderRef = folderParam(folderRaw!);
    const folder = store.folders.get(folderRef.id);
    if (!folder) fail(710, undefined, true);
    if (folder!.type !== folderRef.type) fail(711, undefined, true);
    if (store.listByName(name!)) {
      fail(709, `Static List with name '${name}' already exists`, true);
    }
    const list = store.addList(
      { name: name!, description: first(params, 'description'), folderId: folder!.id },
      defaultFolderId,
    );
    return assetOk([assetList(list)]);
  };

  const updateStaticList = (id: number, params: Params): Answer => {
    const list = store.lists.get(id);
    if (!list) return assetOk(undefined);
    const name = first(params, 'name')?.trim();
    if (name !== undefined && name !== list.name) {
      if (name === '') fail(701, 'name cannot be blank', true);
      if (store.listByName(name)) fail(709, `Static List with name '${name}' already exists`, true);
      list.name = name;
    }
    const description = first(params, 'description');
    if (description !== undefined) list.description = description;
    list.updatedAt = now();
    return assetOk([assetList(list)]);
  };

  // ---- routing ------------------------------------------------------------------------------

  interface Ctx {
    params: Params;
    json: unknown;
    entry: FakeMarketoRequest;
    method: string;
    id: number;
    operation: MarketoOperation;
  }

  const routes: Array<{
    pattern: RegExp;
    methods: Partial<Record<string, MarketoOperation>>;
    handle: (ctx: Ctx) => Answer;
  }> = [
    {
      pattern: /^\/rest\/v1\/leads\.json$/,
      methods: { GET: 'getLeads', POST: 'syncLeads', DELETE: 'deleteLeads' },
      handle: (ctx) => {
        if (ctx.operation === 'getLeads') return getLeads(ctx.params);
        if (ctx.operation === 'deleteLeads') {
          requireJsonBody(ctx.entry, ctx.json);
          return deleteLeads(ctx.params, ctx.json);
        }
        if (!(ctx.entry.contentType ?? '').toLowerCase().includes('application/json')) fail(612);
        if (ctx.json === undefined) fail(609);
        return syncLeads(ctx.json);
      },
    },
    {
      pattern: /^\/rest\/v1\/leads\/delete\.json$/,
      methods: { POST: 'deleteLeads' },
      handle: (ctx) => {
        requireJsonBody(ctx.entry, ctx.json);
        return deleteLeads(ctx.params, ctx.json);
      },
    },
    {
      pattern: /^\/rest\/v1\/lead\/(\d+)\.json$/,
      methods: { GET: 'getLeadById' },
      handle: (ctx) => {
        const lead = store.leads.get(ctx.id);
        // [unverified] An unknown id answers an empty result.
        return leadDbOk(lead ? [store.projectLead(lead, readFields(ctx.params))] : []);
      },
    },
    {
      pattern: /^\/rest\/v1\/leads\/describe\.json$/,
      methods: { GET: 'describeLeads' },
      handle: () =>
        leadDbOk(
          ['id', 'createdAt', 'updatedAt', ...store.leadFields].map((name, index) => ({
            id: index + 1,
            displayName: name,
            dataType:
              name === 'id'
                ? 'integer'
                : name.endsWith('At')
                  ? 'datetime'
                  : name === 'email'
                    ? 'email'
                    : 'string',
            ...(name === 'id' || name.endsWith('At') ? {} : { length: 255 }),
            rest: { name, readOnly: name === 'id' || name.endsWith('At') },
            soap: { name, readOnly: name === 'id' || name.endsWith('At') },
          })),
        ),
    },
    {
      pattern: /^\/rest\/v1\/lists\.json$/,
      methods: { GET: 'getLists' },
      handle: (ctx) => getLists(ctx.params),
    },
    {
      pattern: /^\/rest\/v1\/lists\/(\d+)\.json$/,
      methods: { GET: 'getListById' },
      handle: (ctx) => leadDbOk([leadDbList(requireList(ctx.id))]),
    },
    {
      pattern: /^\/rest\/v1\/lists\/(\d+)\/leads\.json$/,
      methods: { GET: 'listMembers', POST: 'addToList', DELETE: 'removeFromList' },
      handle: (ctx) => {
        if (ctx.operation === 'listMembers') return listMembers(ctx.id, ctx.params);
        requireJsonBody(ctx.entry, ctx.json);
        return ctx.operation === 'addToList'
          ? addToList(ctx.id, ctx.params, ctx.json)
          : removeFromList(ctx.id, ctx.params, ctx.json);
      },
    },
    {
      pattern: /^\/rest\/v1\/list\/(\d+)\/leads\.json$/,
      methods: { GET: 'listMembers' },
      handle: (ctx) => listMembers(ctx.id, ctx.params),
    },
    {
      pattern: /^\/rest\/v1\/lists\/(\d+)\/leads\/ismember\.json$/,
      methods: { GET: 'isMember' },
      handle: (ctx) => {
        requireJsonBody(ctx.entry, ctx.json);
        return isMember(ctx.id, ctx.params, ctx.json);
      },
    },
    {
      pattern: /^\/rest\/v1\/stats\/usage\.json$/,
      methods: { GET: 'usage' },
      handle: () => {
        const total = quotaByDay.get(dayKey()) ?? 0;
        return leadDbOk([{ date: dayKey(), total, users: [{ userId: scope, count: total }] }]);
      },
    },
    {
      pattern: /^\/rest\/asset\/v1\/staticList\/byName\.json$/,
      methods: { GET: 'getStaticListByName' },
      handle: (ctx) => {
        const name = first(ctx.params, 'name');
        if (!name) fail(701, 'name cannot be blank', true);
        const list = store.listByName(name!);
        return assetOk(list ? [assetList(list)] : undefined);
      },
    },
    {
      pattern: /^\/rest\/asset\/v1\/staticList\/(\d+)\.json$/,
      methods: { GET: 'getStaticListById', POST: 'updateStaticList' },
      handle: (ctx) => {
        if (ctx.operation === 'updateStaticList') {
          requireFormBody(ctx.entry);
          return updateStaticList(ctx.id, ctx.params);
        }
        const list = store.lists.get(ctx.id);
        return assetOk(list ? [assetList(list)] : undefined);
      },
    },
    {
      pattern: /^\/rest\/asset\/v1\/staticList\/(\d+)\/delete\.json$/,
      methods: { POST: 'deleteStaticList' },
      handle: (ctx) => {
        if (!store.lists.delete(ctx.id)) return assetOk(undefined);
        return assetOk([{ id: ctx.id }]);
      },
    },
    {
      pattern: /^\/rest\/asset\/v1\/staticLists\.json$/,
      methods: { GET: 'browseStaticLists', POST: 'createStaticList' },
      handle: (ctx) =>
        ctx.operation === 'createStaticList'
          ? createStaticList(ctx.params, ctx.entry)
          : browseStaticLists(ctx.params),
    },
    {
      pattern: /^\/rest\/asset\/v1\/folder\/byName\.json$/,
      methods: { GET: 'getFolderByName' },
      handle: (ctx) => {
        const name = first(ctx.params, 'name');
        if (!name) fail(701, 'name cannot be blank', true);
        const folders = [...store.folders.values()].filter((folder) => folder.name === name);
        return assetOk(folders.map(assetFolder));
      },
    },
  ];

  // ---- identity -----------------------------------------------------------------------------

  const identity = (params: Params): Answer => {
    const headers = { 'cache-control': 'no-store', pragma: 'no-cache' };
    const oauthError = (status: number, error: string, description: string): Answer => ({
      status,
      json: { error, error_description: description },
      headers,
    });
    if (first(params, 'grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type');
    }
    if (
      first(params, 'client_id') !== clientId ||
      first(params, 'client_secret') !== clientSecret
    ) {
      return oauthError(401, 'invalid_client', 'Bad client credentials');
    }
    const at = now();
    let record = [...tokens.values()].find(
      (token) => token.clientId === clientId && !token.revoked && token.expiresAt - at >= 1000,
    );
    if (!record) {
      record = {
        token: `${randomUUID()}:ab`,
        clientId,
        expiresAt: at + tokenLifetimeMs,
        revoked: false,
      };
      tokens.set(record.token, record);
      issued.push(record.token);
    }
    return {
      status: 200,
      headers,
      json: {
        access_token: record.token,
        token_type: 'bearer',
        // Remaining whole seconds: a fresh token reads 3599, as in the docs' example.
        expires_in: Math.max(0, Math.floor((record.expiresAt - at - 1) / 1000)),
        scope,
      },
    };
  };

  // ---- request pipeline ---------------------------------------------------------------------

  const readBody = (req: IncomingMessage): Promise<{ text: string; bytes: number }> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      req.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        // Past the limit the rest is drained and dropped, so the 413 still reaches the client.
        if (bytes <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      const done = () => resolve({ text: Buffer.concat(chunks).toString('utf8'), bytes });
      req.on('end', done);
      // A client that goes away mid-body: serve what arrived; the answer finds the socket gone.
      req.on('close', done);
      req.on('error', reject);
    });

  const toParams = (search: URLSearchParams): Params => {
    const out: Params = {};
    for (const [key, value] of search) out[key] = [...(out[key] ?? []), value];
    return out;
  };

  const send = (res: ServerResponse, entry: FakeMarketoRequest, answer: Answer) => {
    entry.status = answer.status;
    entry.outcome = 'answered';
    if (answer.json !== undefined) {
      entry.response = answer.json;
      const errors = (answer.json as { errors?: Array<{ code: string }> }).errors;
      entry.errorCodes = Array.isArray(errors) ? errors.map((error) => error.code) : [];
    }
    if (res.destroyed) {
      entry.outcome = 'aborted';
      return;
    }
    res.writeHead(answer.status, {
      'content-type': answer.json !== undefined ? JSON_TYPE : 'text/plain',
      ...answer.headers,
    });
    res.end(answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? ''));
  };

  const takeInjection = (operation: MarketoOperation): InjectedFailure | undefined => {
    const rule = injections.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.operation === operation ||
          (candidate.operation === '*' && operation !== 'identity')),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) injections.splice(injections.indexOf(rule), 1);
    return rule.failure;
  };

  const injectedAnswer = (failure: InjectedFailure, asset: boolean): Answer | undefined => {
    if (typeof failure === 'number') {
      if (failure >= 600) return asset ? assetError(failure) : leadDbError(failure);
      if (failure === 401) {
        return {
          status: 401,
          json: { error: 'invalid_client', error_description: 'Bad client credentials' },
        };
      }
      return httpError(failure, MESSAGES[String(failure)] ?? 'Error');
    }
    if (typeof failure === 'object' && 'code' in failure) {
      return asset
        ? assetError(failure.code, failure.message)
        : leadDbError(failure.code, failure.message);
    }
    if (typeof failure === 'object' && 'httpStatus' in failure) {
      return { status: failure.httpStatus, text: failure.body ?? '' };
    }
    return undefined;
  };

  /** Waits until `releaseHung()` or the client goes away; true when the client went away. */
  const hang = (entry: FakeMarketoRequest, res: ServerResponse): Promise<boolean> =>
    new Promise((resolve) => {
      entry.outcome = 'hung';
      const call: HungCall = {
        entry,
        release: () => {
          hung.delete(call);
          res.off('close', onClose);
          entry.outcome = 'pending';
          changed();
          resolve(res.destroyed);
        },
      };
      // The caller reports the change once it has let go of the call (in-flight count included).
      const onClose = () => {
        hung.delete(call);
        entry.outcome = 'aborted';
        resolve(true);
      };
      res.once('close', onClose);
      hung.add(call);
      changed();
    });

  const authenticate = (req: IncomingMessage, query: Params): string | undefined => {
    const header = req.headers.authorization;
    let token: string | undefined;
    if (typeof header === 'string' && /^bearer /i.test(header)) token = header.slice(7).trim();
    else if (acceptQueryAccessToken) token = first(query, 'access_token');
    const record = token === undefined ? undefined : tokens.get(token);
    if (!record || record.revoked || record.clientId !== clientId) return '601';
    if (now() >= record.expiresAt) return '602';
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const { text: body, bytes: bodyBytes } = await readBody(req);
    const parsed = new URL(url, 'http://fake.invalid');
    const path = parsed.pathname;
    const query = toParams(parsed.searchParams);
    const contentType = req.headers['content-type'];
    const isForm = (contentType ?? '').toLowerCase().includes('application/x-www-form-urlencoded');
    const form = isForm && bodyBytes <= MAX_BODY_BYTES ? toParams(new URLSearchParams(body)) : {};
    const params: Params = { ...query };
    for (const [key, values] of Object.entries(form))
      params[key] = [...(params[key] ?? []), ...values];
    const isAsset = path.startsWith('/rest/asset/');
    const isLeadDb = path.startsWith('/rest/') && !isAsset;
    const override =
      isLeadDb && method === 'POST' ? first(params, '_method')?.toUpperCase() : undefined;
    const effectiveMethod = override === 'GET' || override === 'DELETE' ? override : method;

    let route: (typeof routes)[number] | undefined;
    let match: RegExpExecArray | null = null;
    for (const candidate of routes) {
      match = candidate.pattern.exec(path);
      if (match) {
        route = candidate;
        break;
      }
    }
    const operation: MarketoOperation =
      path === '/identity/oauth/token'
        ? 'identity'
        : route
          ? (route.methods[effectiveMethod] ?? Object.values(route.methods)[0]!)
          : 'unknown';

    const entry: FakeMarketoRequest = {
      seq: log.length + 1,
      at: now(),
      method,
      effectiveMethod,
      url,
      urlBytes: Buffer.byteLength(url),
      path,
      query,
      params,
      headers: { ...req.headers },
      contentType,
      body,
      bodyBytes,
      operation,
      errorCodes: [],
      outcome: 'pending',
      injected: false,
      counted: false,
    };
    log.push(entry);
    changed();

    if (!path.startsWith('/rest/') && !path.startsWith('/identity/')) {
      return send(res, entry, httpError(404, 'Not Found'));
    }
    if (entry.urlBytes > (isAsset ? MAX_ASSET_URI_BYTES : MAX_URI_BYTES)) {
      return send(res, entry, httpError(414, 'Request-URI Too Large'));
    }
    if (bodyBytes > MAX_BODY_BYTES) {
      return send(res, entry, httpError(413, 'Request Entity Too Large'));
    }

    if (operation === 'identity') {
      const failure = takeInjection('identity');
      if (failure !== undefined) {
        entry.injected = true;
        const answer = injectedAnswer(failure, false);
        if (answer) return send(res, entry, answer);
        if (failure === 'reset' || failure === 'resetAfterApply') {
          entry.outcome = 'reset';
          res.destroy();
          return;
        }
        if (await hang(entry, res)) {
          changed();
          return;
        }
      }
      if (method !== 'GET' && method !== 'POST')
        return send(res, entry, httpError(405, 'Method Not Allowed'));
      return send(res, entry, identity(params));
    }

    const asset = isAsset;
    const tokenError = authenticate(req, query);
    if (tokenError)
      return send(res, entry, asset ? assetError(tokenError) : leadDbError(tokenError));

    // Limits, in the order: daily quota, 20 s rate, concurrency. The call is counted now and
    // uncounted below if its answer carries a code the docs exempt.
    const at = now();
    rateWindow = rateWindow.filter((time) => time > at - RATE_WINDOW_MS);
    const day = dayKey();
    const usedToday = quotaByDay.get(day) ?? 0;
    quotaByDay.set(day, usedToday + 1);
    rateWindow.push(at);
    entry.counted = true;
    const uncount = () => {
      if (!entry.counted) return;
      entry.counted = false;
      quotaByDay.set(day, (quotaByDay.get(day) ?? 1) - 1);
      const index = rateWindow.indexOf(at);
      if (index >= 0) rateWindow.splice(index, 1);
    };
    const limitError = (code: string, message?: string) =>
      asset ? assetError(code, message) : leadDbError(code, message);
    if (usedToday >= limits.dailyQuota) return send(res, entry, limitError('607'));
    if (rateWindow.length > limits.callsPer20Seconds) {
      return send(
        res,
        entry,
        limitError(
          '606',
          `Max rate limit '${limits.callsPer20Seconds}' exceeded with in '20' secs`,
        ),
      );
    }
    if (inFlight >= limits.concurrentCalls) {
      return send(
        res,
        entry,
        limitError('615', `Concurrent access limit '${limits.concurrentCalls}' reached`),
      );
    }

    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    try {
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const failure = takeInjection(operation);
      let answer: Answer | undefined;
      let afterApply: InjectedFailure | undefined;
      if (failure !== undefined) {
        entry.injected = true;
        answer = injectedAnswer(failure, asset);
        if (failure === 'reset') {
          entry.outcome = 'reset';
          res.destroy();
          return;
        }
        if (failure === 'hang' && (await hang(entry, res))) return;
        if (failure === 'hangAfterApply' || failure === 'resetAfterApply') afterApply = failure;
      }
      if (answer === undefined) {
        if (operation === 'unknown') answer = limitError('610');
        else if (!route!.methods[effectiveMethod]) {
          answer = limitError('605', `Request method '${effectiveMethod}' not supported`);
        } else {
          let json: unknown;
          if (
            (contentType ?? '').toLowerCase().includes('application/json') &&
            body.trim() !== ''
          ) {
            try {
              json = JSON.parse(body);
            } catch {
              json = undefined;
            }
          }
          try {
            answer = route!.handle({
              params,
              json,
              entry,
              method: effectiveMethod,
              id: match?.[1] === undefined ? 0 : Number(match[1]),
              operation,
            });
          } catch (error) {
            if (!(error instanceof Reply)) throw error;
            answer = error.answer;
          }
        }
      }
      const codes = (
        (answer.json as { errors?: Array<{ code: string }> } | undefined)?.errors ?? []
      ).map((error) => error.code);
      if (answer.status !== 200 || codes.some((code) => NOT_COUNTED.has(code))) uncount();
      if (afterApply === 'resetAfterApply') {
        entry.outcome = 'reset';
        entry.response = answer.json;
        res.destroy();
        return;
      }
      if (afterApply === 'hangAfterApply') {
        entry.response = answer.json;
        if (await hang(entry, res)) return;
      }
      send(res, entry, answer);
    } finally {
      inFlight -= 1;
      changed();
    }
  };

  const server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const waitUntil = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const found = check();
      if (found !== undefined) return resolve(found);
      const onChange = () => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Marketo: timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        changes.off('change', onChange);
      };
      changes.on('change', onChange);
    });

  const fake: FakeMarketo = {
    restEndpoint: `${origin}/rest`,
    identityEndpoint: `${origin}/identity`,
    origin,
    get clientId() {
      return clientId;
    },
    get clientSecret() {
      return clientSecret;
    },
    async close() {
      if (closing) return;
      closing = true;
      injections.length = 0;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },

    lead: (id) => store.leads.get(id),
    leads: () => [...store.leads.values()],
    leadsByEmail: (email) => store.leadsByEmail(email),
    addLeads: (seeds) => seeds.map((seed) => store.addLead(seed)),
    deleteLead: (id) => store.deleteLead(id),
    list: (id) => store.lists.get(id),
    listByName: (name) => store.listByName(name),
    lists: () => [...store.lists.values()],
    addList: (seed) => store.addList(seed, defaultFolderId),
    listMembers: (listId) => [...(store.lists.get(listId)?.members ?? [])],
    listMemberEmails: (listId) =>
      [...(store.lists.get(listId)?.members ?? [])].map((id) => String(store.leads.get(id)?.email)),
    addFolder: (seed) => store.addFolder(seed),

    requests: log,
    requestsFor: (operation) => log.filter((entry) => entry.operation === operation),
    calls: (operation) =>
      log.filter((entry) =>
        operation === undefined ? entry.operation !== 'identity' : entry.operation === operation,
      ).length,
    dailyCallsUsed: () => quotaByDay.get(dayKey()) ?? 0,
    get peakInFlight() {
      return peakInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    waitForRequest: (matchRequest, timeoutMs = 10_000) =>
      waitUntil(() => log.find(matchRequest), timeoutMs, 'a matching request'),
    waitForHung: (count, timeoutMs = 10_000) =>
      waitUntil(
        () => (hung.size >= count ? true : undefined),
        timeoutMs,
        `${count} hung calls`,
      ).then(() => undefined),

    failNext(operation, failure, times = 1) {
      injections.push({ operation, failure, remaining: times });
    },
    hangNext(operation, times = 1) {
      injections.push({ operation, failure: 'hang', remaining: times });
    },
    clearFailures() {
      injections.length = 0;
    },
    get hungCount() {
      return hung.size;
    },
    releaseHung() {
      for (const call of [...hung]) call.release();
    },
    advanceTime(ms) {
      clockOffset += ms;
    },
    now,
    expireTokens() {
      const at = now();
      for (const record of tokens.values()) record.expiresAt = Math.min(record.expiresAt, at);
    },
    revokeTokens() {
      for (const record of tokens.values()) record.revoked = true;
    },
    setCredentials(id, secret) {
      clientId = id;
      clientSecret = secret;
      for (const record of tokens.values()) record.revoked = true;
    },
    setDailyCallsUsed(count) {
      quotaByDay.set(dayKey(), count);
    },
    setLimits(next) {
      Object.assign(
        limits,
        Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)),
      );
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    resetRateWindow() {
      rateWindow = [];
    },
    issuedTokens: () => [...issued],
  };
  return fake;
}
