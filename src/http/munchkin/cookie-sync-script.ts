import { createHash } from 'node:crypto';

/**
 * The script customer pages load from `/munchkin/cookie-sync.js` (see the README for the
 * snippet). Plain ES2017 with no dependencies and no cookies of its own: it only reads
 * Munchkin's `_mkto_trk` and Adobe's ECID, and reports them with `navigator.sendBeacon`
 * (text/plain, so no preflight), falling back to `fetch` with `keepalive`. What it reported
 * is remembered in sessionStorage (once sendBeacon queued it, or once fetch got a 2xx), so
 * each pair is sent once per (tab) session. It is kept
 * as text (not a compiled function) so that what browsers run is exactly what is written here.
 */
export const COOKIE_SYNC_SCRIPT = String.raw`/* audience-sync cookie-sync.js */
(function () {
  'use strict';
  var w = window;
  var d = document;
  if (w.audienceSync && w.audienceSync.key) return;
  var script = d.currentScript || d.querySelector('script[data-key][src*="/munchkin/cookie-sync.js"]');
  if (!script) return;
  var key = script.getAttribute('data-key') || '';
  var configuredOrg = script.getAttribute('data-ims-org') || '';
  var base = script.src.replace(/\/munchkin\/cookie-sync\.js(?:[?#].*)?$/, '');
  var sentThisPage = {};

  function decode(value) {
    try { return decodeURIComponent(value); } catch (e) { return value; }
  }

  function cookies() {
    var jar = {};
    var parts = d.cookie ? d.cookie.split(';') : [];
    for (var i = 0; i < parts.length; i++) {
      var at = parts[i].indexOf('=');
      if (at < 0) continue;
      var name = parts[i].slice(0, at).trim();
      if (!(name in jar)) jar[name] = parts[i].slice(at + 1).trim();
    }
    return jar;
  }

  /** The _mch- token of Munchkin's cookie: id:<munchkin id>&token:<cookie id>. */
  function munchkinCookieId(jar) {
    var raw = jar._mkto_trk;
    if (!raw) return null;
    var fields = decode(raw).split('&');
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].indexOf('token:') === 0) return fields[i].slice(6) || null;
    }
    return null;
  }

  /** The value after MCMID in a |-separated list of key|value pairs. */
  function mcmid(value) {
    var fields = decode(value).split('|');
    for (var i = 0; i + 1 < fields.length; i++) {
      if (fields[i] === 'MCMID') return fields[i + 1];
    }
    return null;
  }

  /**
   * The page's Adobe Visitor API instance and its org: VisitorAPI.js registers every instance
   * in s_c_il. Without data-ims-org, only a page whose instances name one org names it; with it,
   * Visitor.getInstance(org) is Adobe's way to the page's instance of that org.
   */
  function visitorApi() {
    var list = w.s_c_il || [];
    var match = null;
    for (var i = 0; i < list.length; i++) {
      var v = list[i];
      var org = v && v.marketingCloudOrgID;
      if (!org || typeof v.getMarketingCloudVisitorID !== 'function') continue;
      if (configuredOrg && org !== configuredOrg) continue;
      if (match && match.org !== org) { match = null; break; }
      match = { org: org, visitor: v };
    }
    if (match) return match;
    if (!configuredOrg || !w.Visitor || !w.Visitor.getInstance) return null;
    try { return { org: configuredOrg, visitor: w.Visitor.getInstance(configuredOrg) }; } catch (e) { return null; }
  }

  /** [{ org, ecid }] from AMCV_<org> cookies, s_ecid, or Adobe's Visitor API. */
  function ecids(jar) {
    var found = [];
    for (var name in jar) {
      if (name.indexOf('AMCV_') !== 0) continue;
      var org = decode(name.slice(5));
      if (configuredOrg && org !== configuredOrg) continue;
      var ecid = mcmid(jar[name]);
      if (ecid) found.push({ org: org, ecid: ecid });
    }
    if (found.length > 0) return found;
    var api = visitorApi();
    var pageOrg = configuredOrg || (api && api.org);
    var fromServer = pageOrg && jar.s_ecid && mcmid(jar.s_ecid);
    if (fromServer) return [{ org: pageOrg, ecid: fromServer }];
    if (!api || !api.visitor || !api.visitor.getMarketingCloudVisitorID) return found;
    try {
      // The ECID now when the instance has it, else later through the callback.
      var id = api.visitor.getMarketingCloudVisitorID(function (later) {
        var laterCookie = munchkinCookieId(cookies());
        if (later && laterCookie) syncPair(laterCookie, api.org, later);
      });
      if (id) found.push({ org: api.org, ecid: id });
    } catch (e) { /* the instance could not say */ }
    return found;
  }

  var memory = {};
  function seen(mark) {
    try { return w.sessionStorage.getItem('audienceSync:' + mark) === '1'; } catch (e) { return memory[mark] === 1; }
  }
  function remember(mark) {
    memory[mark] = 1;
    try { w.sessionStorage.setItem('audienceSync:' + mark, '1'); } catch (e) { /* storage off */ }
  }

  /**
   * Sends a beacon; returns whether it went out. sendBeacon only tells that the browser queued
   * the call (its answer is never seen), so accepted() runs as soon as it is queued; with fetch,
   * the fallback, accepted() runs only on a 2xx answer.
   */
  function send(path, body, accepted) {
    var url = base + '/munchkin/v1/' + path;
    var text = JSON.stringify(body);
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, text)) {
        if (accepted) accepted();
        return true;
      }
    } catch (e) { /* fall back to fetch */ }
    if (!w.fetch) return false;
    w.fetch(url, {
      method: 'POST', body: text, keepalive: true, mode: 'cors', credentials: 'omit',
      headers: { 'content-type': 'text/plain;charset=UTF-8' }
    }).then(function (response) {
      if (response.ok && accepted) accepted();
    }).catch(function () { /* not remembered: the next page of the session sends it again */ });
    return true;
  }

  /**
   * Once per page, and once per session after it was accepted (see send), per pair (and
   * tracked link); returns whether anything was sent.
   */
  function once(mark, path, body) {
    if (seen(mark) || sentThisPage[mark]) return false;
    sentThisPage[mark] = 1;
    return send(path, body, function () { remember(mark); });
  }

  function syncPair(cookieId, org, ecid) {
    return once(key + '|sync|' + ecid + '|' + cookieId, 'cookie-sync',
      { key: key, imsOrgId: org, ecid: ecid, cookieId: cookieId });
  }

  /** Reports what the page's cookies say now; a page without them makes no call. */
  function report() {
    var jar = cookies();
    var cookieId = munchkinCookieId(jar);
    if (!cookieId || !key) return false;
    var sent = false;
    var pairs = ecids(jar);
    for (var i = 0; i < pairs.length; i++) {
      sent = syncPair(cookieId, pairs[i].org, pairs[i].ecid) || sent;
    }
    var token = null;
    try { token = new URL(w.location.href).searchParams.get('mkt_tok'); } catch (e) { token = null; }
    if (token) {
      sent = once(key + '|click|' + token + '|' + cookieId, 'email-click',
        { key: key, cookieId: cookieId, mktTok: token }) || sent;
    }
    return sent;
  }

  /** For forms: ties the visitor's cookie to the person who filled the form. */
  function formFill(fields) {
    var cookieId = munchkinCookieId(cookies());
    if (!cookieId || !key || !fields || !fields.email) return false;
    var body = { key: key, cookieId: cookieId, email: String(fields.email) };
    if (fields.firstName != null) body.firstName = String(fields.firstName);
    if (fields.lastName != null) body.lastName = String(fields.lastName);
    return send('form-fill', body);
  }

  w.audienceSync = { key: key, formFill: formFill, report: report };
  report();
  // Munchkin and the Visitor API write their cookies asynchronously: look again once the
  // page has loaded, and a last time when it is hidden or left.
  if (d.readyState !== 'complete') w.addEventListener('load', report);
  d.addEventListener('visibilitychange', function () { if (d.visibilityState === 'hidden') report(); });
  w.addEventListener('pagehide', report);
})();
`;

/** A strong ETag for the script, so browsers revalidate it cheaply when its max-age ends. */
export const COOKIE_SYNC_SCRIPT_ETAG = `"${createHash('sha256').update(COOKIE_SYNC_SCRIPT).digest('base64url').slice(0, 27)}"`;
