/**
 * The one Marketo REST client of the service (MARKETO-API.md): tokens (tokens.ts), the
 * envelope and its codes (envelope.ts), and the limiter every REST call passes through
 * (limiter.ts). Each call:
 *
 * 1. takes a slot from the limiter (which may wait, or throw MarketoQuotaExhaustedError when
 *    the daily budget is spent: then nothing reaches Marketo, not even identity);
 * 2. takes a token (cached, or one identity request shared by every caller of the process);
 * 3. sends the request with `Authorization: Bearer` (never the `access_token` query parameter,
 *    whose support Marketo ends), within its timeout, and gives the slot back;
 * 4. reads the answer: success; 601/602 once more with a new token (a second one is an auth
 *    failure); 606/615 back off the limiter for every process and go again (bounded by
 *    `maxWaits`); 604/608/611/614/713, 5xx, timeouts and broken connections again after an
 *    exponential backoff (bounded by `attempts`, then MarketoUnreachableError); 607 is
 *    MarketoQuotaExhaustedError; 603 MarketoAuthError; anything else MarketoRequestError, or
 *    what the endpoint makes of it (1013: MarketoListNotFoundError; 702: not found).
 *
 * Record-level outcomes (`result[i].status` and `reasons`) are returned per input record, in
 * input order, and never thrown. Inputs are checked before anything is sent: at most 300
 * records or ids a call, a URL of at most 8 KB, a body of at most 1 MB. Every HTTP exchange,
 * identity included, is reported to `onCall` with its endpoint, outcome and code.
 *
 * No error message or log line carries the client secret or an access token: messages are
 * built from codes, and text from Marketo passes `redact` first.
 */

import {
  type Envelope,
  type MarketoResultRecord,
  type OutcomeClass,
  outcomesById,
  outcomesByPosition,
  type ReadAnswer,
  type RecordOutcome,
  readAnswer,
} from './envelope.js';
import {
  MarketoAuthError,
  type MarketoEndpoint,
  MarketoListNotFoundError,
  MarketoQuotaExhaustedError,
  MarketoRateLimitedError,
  MarketoRequestError,
  MarketoUnreachableError,
  MarketoValidationError,
  redact,
} from './errors.js';
import { exchange, type MarketoFetch } from './http.js';
import type { MarketoLimiter } from './limiter.js';
import { nextMarketoDayStart } from './marketo-day.js';
import { type MarketoCredentials, requestToken, TokenSource } from './tokens.js';

export type { RecordOutcome } from './envelope.js';
export type { MarketoCredentials } from './tokens.js';

/** Records or ids in one call (MD: Lead DB batches of 300). */
export const MAX_BATCH = 300;
/** The longest request target Marketo takes (414 beyond: MD error-codes.md). */
export const MAX_URI_BYTES = 8192;
/** The largest request body Marketo takes (413 beyond). */
export const MAX_BODY_BYTES = 1_048_576;

/** The timeouts of Marketo's own (MD leads.md §Timeouts), and of the credential check. */
export interface MarketoTimeouts {
  /** An identity request, the credential check included (10 s, CONTRACT "within 10 s"). */
  identityMs: number;
  /** Any call without its own below (Marketo: 30 s). */
  requestMs: number;
  /** Sync Leads (Marketo: 90 s). */
  syncLeadsMs: number;
  /** Get Leads by Filter Type and Get Leads by List Id (Marketo: 60 s). */
  readLeadsMs: number;
}

export const DEFAULT_TIMEOUTS: MarketoTimeouts = {
  identityMs: 10_000,
  requestMs: 30_000,
  syncLeadsMs: 90_000,
  readLeadsMs: 60_000,
};

export interface MarketoRetryPolicy {
  /** Tries of a call answered transiently (5xx, 604, 608, 611, 614, 713, timeouts). */
  attempts: number;
  /** The first backoff; each next one doubles, up to `maxDelayMs`, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How many 606/615 answers one call waits out before MarketoRateLimitedError. */
  maxWaits: number;
}

export const DEFAULT_RETRY: MarketoRetryPolicy = {
  attempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 20_000,
  maxWaits: 30,
};

/** One HTTP exchange with Marketo, as `onCall` reports it (for call counts and metrics). */
export interface MarketoCallEvent {
  endpoint: MarketoEndpoint;
  outcome: OutcomeClass | 'unreachable';
  /** Marketo's code, `HTTP <status>`, or TIMEOUT / ECONNREFUSED / ...; null on success. */
  code: string | null;
  durationMs: number;
}

export interface MarketoClientOptions {
  credentials: MarketoCredentials;
  limiter: MarketoLimiter;
  timeouts?: Partial<MarketoTimeouts>;
  retry?: Partial<MarketoRetryPolicy>;
  /** The fetch that reaches Marketo (default: the global one). */
  fetch?: MarketoFetch;
  onCall?: (event: MarketoCallEvent) => void;
  /** Aborts waits and requests (shutdown). */
  signal?: AbortSignal;
}

/** A lead as the lookups return it. */
export interface MarketoLead {
  id: number;
  email: string | null;
  firstName?: string | null;
  lastName?: string | null;
  [field: string]: unknown;
}

/** A lead to create or update by email (Sync Leads `createOrUpdate`). */
export interface MarketoLeadInput {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  [field: string]: string | number | boolean | null | undefined;
}

/** An Asset API static list. */
export interface MarketoStaticList {
  id: number;
  name: string;
  description: string | null;
  folder: { id: number; type: string } | null;
  createdAt: string | null;
  updatedAt: string | null;
  computedUrl: string | null;
}

export interface MarketoPage<T> {
  items: T[];
  /** Marketo's token for the next page; null on the last one. */
  nextPageToken: string | null;
}

interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE';
  /** Under the REST endpoint: `/v1/leads.json`, `/asset/v1/staticLists.json`. */
  path: string;
  query?: URLSearchParams;
  form?: URLSearchParams;
  json?: unknown;
  /** DELETE with ids in the query: the content type real clients send with it (GRFX). */
  contentType?: string;
}

interface CallOptions {
  timeoutMs: number;
  /**
   * Whether a call that may have taken effect without an answer (timeout, broken connection,
   * 5xx) may be sent again: true for idempotent calls; false for creates, whose caller looks
   * for what it created instead.
   */
  resendWhenUnsure: boolean;
  /** Response-level codes the endpoint reads itself: returned, not thrown. */
  handled?: readonly string[];
}

type CallResult = { envelope: Envelope; code: string | null };

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

function isLeadId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 2 ** 31 - 1;
}

function readStaticList(record: MarketoResultRecord | undefined): MarketoStaticList | null {
  if (!record || typeof record.id !== 'number') return null;
  const folder = record.folder as { id?: unknown; type?: unknown } | undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: record.id,
    name: String(record.name ?? ''),
    description: text(record.description),
    folder:
      folder && typeof folder.id === 'number'
        ? { id: folder.id, type: String(folder.type ?? 'Folder') }
        : null,
    createdAt: text(record.createdAt),
    updatedAt: text(record.updatedAt),
    computedUrl: text(record.computedUrl),
  };
}

export class MarketoClient {
  private readonly credentials: MarketoCredentials;
  private readonly limiter: MarketoLimiter;
  private readonly timeouts: MarketoTimeouts;
  private readonly retry: MarketoRetryPolicy;
  private readonly fetcher: MarketoFetch;
  private readonly tokens: TokenSource;
  private readonly restBase: string;
  private lastToken: string | undefined;

  constructor(private readonly options: MarketoClientOptions) {
    this.credentials = options.credentials;
    this.limiter = options.limiter;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.fetcher = options.fetch ?? ((url, init) => fetch(url, init));
    this.restBase = options.credentials.restEndpoint.replace(/\/+$/, '');
    this.tokens = new TokenSource(this.credentials, {
      fetch: this.fetcher,
      timeoutMs: this.timeouts.identityMs,
      signal: options.signal,
      onAnswer: (outcome, code) => this.report('identity', outcome, code, 0),
    });
  }

  // ---- the calls ---------------------------------------------------------------------------

  /**
   * One identity request with the credentials, nothing else (no limiter, no REST call):
   * resolves when Marketo issues a token; MarketoAuthError when identity refuses them,
   * MarketoUnreachableError when it does not answer within the identity timeout (10 s).
   */
  async checkCredentials(): Promise<void> {
    const started = performance.now();
    try {
      await requestToken(this.credentials, {
        fetch: this.fetcher,
        timeoutMs: this.timeouts.identityMs,
        signal: this.options.signal,
        onAnswer: (outcome, code) =>
          this.report('identity', outcome, code, performance.now() - started),
      });
    } catch (error) {
      throw this.scrub(error);
    }
  }

  /**
   * The leads whose email is one of `emails` (at most 300), with `id, email, firstName,
   * lastName`, every page. Sent as `POST /rest/v1/leads.json?_method=GET` with the
   * parameters in a form body (MD lead-database.md §_method=GET): 300 long emails would pass
   * the 8 KB a URL may have. An email may match several leads; every match is returned.
   */
  async findLeadsByEmail(emails: readonly string[]): Promise<MarketoLead[]> {
    const endpoint: MarketoEndpoint = 'findLeadsByEmail';
    this.checkBatch(endpoint, emails.length);
    emails.forEach((email, index) => {
      if (typeof email !== 'string' || email.trim() === '' || email.includes(',')) {
        throw new MarketoValidationError(
          `email ${index} is empty or holds a comma (filterValues are comma-separated)`,
          endpoint,
        );
      }
    });
    if (emails.length === 0) return [];
    const leads: MarketoLead[] = [];
    let nextPageToken: string | null = null;
    do {
      const form = new URLSearchParams({
        filterType: 'email',
        filterValues: emails.join(','),
        fields: 'id,email,firstName,lastName',
        batchSize: String(MAX_BATCH),
      });
      if (nextPageToken) form.set('nextPageToken', nextPageToken);
      const { envelope } = await this.call(
        endpoint,
        {
          method: 'POST',
          path: '/v1/leads.json',
          query: new URLSearchParams({ _method: 'GET' }),
          form,
        },
        { timeoutMs: this.timeouts.readLeadsMs, resendWhenUnsure: true },
      );
      for (const record of envelope.result) {
        if (isLeadId(record.id)) leads.push({ ...record, id: record.id } as MarketoLead);
      }
      nextPageToken = envelope.result.length > 0 ? envelope.nextPageToken : null;
    } while (nextPageToken);
    return leads;
  }

  /**
   * Creates or updates leads by email (Sync Leads, `createOrUpdate`, `lookupField: email`),
   * at most 300. Returns each record's outcome in input order: `created` / `updated` with the
   * lead id, or `skipped` with Marketo's reasons.
   */
  async syncLeads(
    input: readonly MarketoLeadInput[],
    options: { action?: 'createOrUpdate'; lookupField?: 'email' } = {},
  ): Promise<RecordOutcome[]> {
    const endpoint: MarketoEndpoint = 'syncLeads';
    this.checkBatch(endpoint, input.length);
    input.forEach((record, index) => {
      if (typeof record?.email !== 'string' || record.email.trim() === '') {
        throw new MarketoValidationError(`record ${index} has no email`, endpoint);
      }
    });
    if (input.length === 0) return [];
    const { envelope } = await this.call(
      endpoint,
      {
        method: 'POST',
        path: '/v1/leads.json',
        json: {
          action: options.action ?? 'createOrUpdate',
          lookupField: options.lookupField ?? 'email',
          input,
        },
      },
      { timeoutMs: this.timeouts.syncLeadsMs, resendWhenUnsure: true },
    );
    return outcomesByPosition(envelope.result, input.length);
  }

  /**
   * Adds leads to a static list (`POST /rest/v1/lists/{id}/leads.json`, JSON `{input:[{id}]}`),
   * at most 300. Outcomes per id in input order: `added` (also for a lead already a member),
   * or `skipped` (1004: no such lead). An unknown list: MarketoListNotFoundError.
   */
  async addToList(listId: number, leadIds: readonly number[]): Promise<RecordOutcome[]> {
    const endpoint: MarketoEndpoint = 'addToList';
    this.checkIds(endpoint, listId, leadIds);
    if (leadIds.length === 0) return [];
    const { envelope } = await this.listCall(endpoint, listId, {
      method: 'POST',
      path: `/v1/lists/${listId}/leads.json`,
      json: { input: leadIds.map((id) => ({ id })) },
    });
    return outcomesById(envelope.result, leadIds);
  }

  /**
   * Removes leads from a static list, at most 300: `DELETE /rest/v1/lists/{id}/leads.json?
   * id=1&id=2`, the form of Adobe's example, and the one recorded against real Marketo (GRFX).
   * 300 ids of at most 10 digits make about 4.2 KB of query, under the 8 KB limit (checked).
   * Outcomes per id: `removed`, or `skipped` (1015 not in list, 1004 no such lead).
   */
  async removeFromList(listId: number, leadIds: readonly number[]): Promise<RecordOutcome[]> {
    const endpoint: MarketoEndpoint = 'removeFromList';
    this.checkIds(endpoint, listId, leadIds);
    if (leadIds.length === 0) return [];
    const query = new URLSearchParams();
    for (const id of leadIds) query.append('id', String(id));
    const { envelope } = await this.listCall(endpoint, listId, {
      method: 'DELETE',
      path: `/v1/lists/${listId}/leads.json`,
      query,
      contentType: 'application/json',
    });
    return outcomesById(envelope.result, leadIds);
  }

  /**
   * One page (up to 300) of a static list's members: `GET /rest/v1/lists/{id}/leads.json` with
   * `fields` (default `id,email`) and the previous page's `nextPageToken`. An unknown list:
   * MarketoListNotFoundError.
   */
  async listMembers(
    listId: number,
    options: { nextPageToken?: string | null; fields?: string } = {},
  ): Promise<MarketoPage<MarketoLead>> {
    const endpoint: MarketoEndpoint = 'listMembers';
    this.checkIds(endpoint, listId, []);
    const params = new URLSearchParams({
      fields: options.fields ?? 'id,email',
      batchSize: String(MAX_BATCH),
    });
    if (options.nextPageToken) params.set('nextPageToken', options.nextPageToken);
    const { envelope } = await this.listCall(
      endpoint,
      listId,
      this.readRequest(`/v1/lists/${listId}/leads.json`, params),
      this.timeouts.readLeadsMs,
    );
    return {
      items: envelope.result.filter((record) => isLeadId(record.id)) as MarketoLead[],
      nextPageToken: envelope.result.length > 0 ? envelope.nextPageToken : null,
    };
  }

  /** Every member of a static list, page by page (one call each). */
  async *allListMembers(
    listId: number,
    options: { fields?: string } = {},
  ): AsyncGenerator<MarketoLead[]> {
    let nextPageToken: string | null = null;
    do {
      const page: MarketoPage<MarketoLead> = await this.listMembers(listId, {
        ...options,
        nextPageToken,
      });
      if (page.items.length > 0) yield page.items;
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
  }

  /** The static list with this id (Asset API), or null when there is none. */
  async staticListById(id: number): Promise<MarketoStaticList | null> {
    const endpoint: MarketoEndpoint = 'staticListById';
    this.checkIds(endpoint, id, []);
    const { envelope, code } = await this.call(
      endpoint,
      { method: 'GET', path: `/asset/v1/staticList/${id}.json` },
      { timeoutMs: this.timeouts.requestMs, resendWhenUnsure: true, handled: ['702', '1013'] },
    );
    return code ? null : readStaticList(envelope.result[0]);
  }

  /**
   * The static list of exactly this name, or null. Marketo answers a miss with the warning
   * "No assets found for the given search criteria." and no `result` (GRFX).
   */
  async staticListByName(name: string): Promise<MarketoStaticList | null> {
    const endpoint: MarketoEndpoint = 'staticListByName';
    if (typeof name !== 'string' || name.trim() === '') {
      throw new MarketoValidationError('the list name is empty', endpoint);
    }
    const { envelope, code } = await this.call(
      endpoint,
      {
        method: 'GET',
        path: '/asset/v1/staticList/byName.json',
        query: new URLSearchParams({ name }),
      },
      { timeoutMs: this.timeouts.requestMs, resendWhenUnsure: true, handled: ['702', '1013'] },
    );
    if (code) return null;
    return envelope.result.map(readStaticList).find((list) => list?.name === name) ?? null;
  }

  /**
   * Creates a static list in a folder: `POST /rest/asset/v1/staticLists.json`, form `name` and
   * `folder={"id":N,"type":"Folder"}`. Marketo's 709 (a list of that name exists, among
   * business rules), 710 (no such folder) and 711 (not a folder for lists) are
   * MarketoRequestError with that code. A create whose answer is lost (timeout, broken
   * connection, 5xx) is not sent again: it may have been made, so the caller looks it up by
   * name instead (MarketoUnreachableError).
   */
  async createStaticList(name: string, folderId: number): Promise<MarketoStaticList> {
    const endpoint: MarketoEndpoint = 'createStaticList';
    if (typeof name !== 'string' || name.trim() === '') {
      throw new MarketoValidationError('the list name is empty', endpoint);
    }
    if (!isLeadId(folderId)) throw new MarketoValidationError('invalid folder id', endpoint);
    const { envelope } = await this.call(
      endpoint,
      {
        method: 'POST',
        path: '/asset/v1/staticLists.json',
        form: new URLSearchParams({
          name,
          folder: JSON.stringify({ id: folderId, type: 'Folder' }),
        }),
      },
      { timeoutMs: this.timeouts.requestMs, resendWhenUnsure: false },
    );
    const list = readStaticList(envelope.result[0]);
    if (!list) {
      throw new MarketoRequestError(
        'Marketo answered the create with no list',
        'NO_RESULT',
        endpoint,
      );
    }
    return list;
  }

  // ---- validation --------------------------------------------------------------------------

  private checkBatch(endpoint: MarketoEndpoint, count: number): void {
    if (count > MAX_BATCH) {
      throw new MarketoValidationError(
        `${count} records in one call, at most ${MAX_BATCH} are allowed`,
        endpoint,
      );
    }
  }

  private checkIds(endpoint: MarketoEndpoint, listId: number, ids: readonly number[]): void {
    if (!isLeadId(listId)) throw new MarketoValidationError('invalid list id', endpoint);
    this.checkBatch(endpoint, ids.length);
    ids.forEach((id, index) => {
      if (!isLeadId(id)) throw new MarketoValidationError(`invalid lead id at ${index}`, endpoint);
    });
  }

  /**
   * A Lead DB read: a GET, or, when its URL would pass 8 KB (a long page token), a POST with
   * `_method=GET` and the parameters in a form body (MD lead-database.md).
   */
  private readRequest(path: string, params: URLSearchParams): RequestSpec {
    const url = this.url(path, params);
    if (byteLength(this.target(url)) <= MAX_URI_BYTES) {
      return { method: 'GET', path, query: params };
    }
    return { method: 'POST', path, query: new URLSearchParams({ _method: 'GET' }), form: params };
  }

  private async listCall(
    endpoint: MarketoEndpoint,
    listId: number,
    spec: RequestSpec,
    timeoutMs = this.timeouts.requestMs,
  ): Promise<CallResult> {
    const result = await this.call(endpoint, spec, {
      timeoutMs,
      resendWhenUnsure: true,
      handled: ['1013'],
    });
    if (result.code === '1013') {
      throw new MarketoListNotFoundError(`Marketo has no static list ${listId}`, '1013', endpoint);
    }
    return result;
  }

  // ---- the exchange ------------------------------------------------------------------------

  private url(path: string, query?: URLSearchParams): string {
    const search = query?.toString();
    return `${this.restBase}${path}${search ? `?${search}` : ''}`;
  }

  /** The request target (path and query) Marketo measures against its 8 KB. */
  private target(url: string): string {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  }

  private report(
    endpoint: MarketoEndpoint,
    outcome: MarketoCallEvent['outcome'],
    code: string | null,
    durationMs: number,
  ): void {
    try {
      this.options.onCall?.({ endpoint, outcome, code, durationMs: Math.round(durationMs) });
    } catch {
      // A counter that fails must not fail the call.
    }
  }

  /** Text from Marketo, with the secret and the tokens of this client taken out. */
  private clean(text: string): string {
    return redact(text, [this.credentials.clientSecret, this.lastToken]);
  }

  private scrub(error: unknown): unknown {
    if (error instanceof Error) error.message = this.clean(error.message);
    return error;
  }

  private backoffMs(attempt: number): number {
    const base = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(base / 2 + Math.random() * (base / 2));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.options.signal;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private async call(
    endpoint: MarketoEndpoint,
    spec: RequestSpec,
    options: CallOptions,
  ): Promise<CallResult> {
    const url = this.url(spec.path, spec.query);
    if (byteLength(this.target(url)) > MAX_URI_BYTES) {
      throw new MarketoValidationError(`the URL would pass ${MAX_URI_BYTES} bytes`, endpoint);
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | undefined;
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers['content-type'] = 'application/json';
    } else if (spec.form) {
      body = spec.form.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (spec.contentType) {
      headers['content-type'] = spec.contentType;
    }
    if (body !== undefined && byteLength(body) > MAX_BODY_BYTES) {
      throw new MarketoValidationError(`the body would pass ${MAX_BODY_BYTES} bytes`, endpoint);
    }

    let failures = 0;
    let waits = 0;
    let renewed = false;
    for (;;) {
      if (this.options.signal?.aborted) {
        throw new MarketoUnreachableError('Marketo call aborted', 'ABORTED', endpoint);
      }
      const slot = await this.limiter.acquire({
        timeoutMs: this.timeouts.identityMs + options.timeoutMs,
        signal: this.options.signal,
      });
      let token: string;
      try {
        token = await this.tokens.get();
      } catch (error) {
        await this.limiter.release(slot, false);
        if (error instanceof MarketoUnreachableError && ++failures < this.retry.attempts) {
          await this.sleep(this.backoffMs(failures));
          continue;
        }
        throw this.scrub(error);
      }
      this.lastToken = token;
      const started = performance.now();
      const result = await exchange(this.fetcher, {
        method: spec.method,
        url,
        headers: { ...headers, authorization: `Bearer ${token}` },
        body,
        timeoutMs: options.timeoutMs,
        signal: this.options.signal,
      });
      await this.limiter.release(slot, true);
      const durationMs = performance.now() - started;

      let answer: ReadAnswer;
      if (result.kind === 'answer') {
        answer = readAnswer(result.status, result.text);
      } else {
        const code =
          result.kind === 'network'
            ? result.code
            : result.kind === 'timeout'
              ? 'TIMEOUT'
              : result.kind === 'too-large'
                ? 'TOO_LARGE'
                : 'ABORTED';
        answer = { kind: 'http', outcome: 'retry', code, message: `no answer (${code})` };
      }
      const code = answer.code;
      const unsure = answer.kind === 'http' && answer.outcome === 'retry';
      const message =
        answer.kind === 'envelope'
          ? this.clean(
              answer.envelope.errors.map((error) => `${error.code} ${error.message}`).join('; ') ||
                'no error given',
            )
          : answer.message;
      const where = `Marketo ${endpoint}`;

      if (answer.kind === 'envelope' && code && options.handled?.includes(code)) {
        this.report(endpoint, 'ok', code, durationMs);
        return { envelope: answer.envelope, code };
      }
      if (answer.outcome === 'retry' && unsure && !options.resendWhenUnsure) {
        this.report(endpoint, 'unreachable', code, durationMs);
        throw new MarketoUnreachableError(
          `${where}: ${message}; not sent again, it may have taken effect`,
          code,
          endpoint,
        );
      }
      this.report(endpoint, answer.outcome, code, durationMs);
      switch (answer.outcome) {
        case 'ok':
          return { envelope: (answer as { envelope: Envelope }).envelope, code: null };
        case 'reauth':
          if (renewed) {
            throw new MarketoAuthError(
              `${where}: the access token was refused again after a new one (${code})`,
              code,
              endpoint,
            );
          }
          renewed = true;
          try {
            await this.tokens.replace(token);
          } catch (error) {
            throw this.scrub(error);
          }
          continue;
        case 'auth':
          throw new MarketoAuthError(`${where}: access denied (${message})`, code, endpoint);
        case 'wait':
          if (++waits > this.retry.maxWaits) {
            throw new MarketoRateLimitedError(
              `${where}: still limited after ${this.retry.maxWaits} waits (${message})`,
              code,
              endpoint,
            );
          }
          await this.limiter.backOff(code === '615' ? '615' : '606');
          continue;
        case 'quota':
          throw new MarketoQuotaExhaustedError(
            'MARKETO_QUOTA',
            nextMarketoDayStart(new Date()),
            endpoint,
          );
        case 'retry':
          if (++failures >= this.retry.attempts) {
            throw new MarketoUnreachableError(
              `${where}: ${message} after ${failures} tries`,
              code,
              endpoint,
            );
          }
          await this.sleep(this.backoffMs(failures));
          continue;
        default:
          throw new MarketoRequestError(`${where}: ${message}`, code, endpoint);
      }
    }
  }
}
