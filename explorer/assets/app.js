// NDI Chain trust registry explorer. One page, routed by the URL hash so
// every view has a link; it reads the node's own REST and DID Resolution
// answers (same origin) and never builds HTML from strings: every text a
// node returns goes in through textContent, so a hostile DID document
// cannot inject markup.

const SVG_NS = 'http://www.w3.org/2000/svg';
const PAGE_LIMIT = 200; // the chain's page cap for list queries
const MAX_PAGES = 25; // stop following next_key after this many pages
const TREE_MAX_DEPTH = 8;
const TREE_MAX_NODES = 400;
const FETCH_TIMEOUT_MS = 20000;

// ---------- small DOM helpers ----------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'class') {
      el.setAttribute('class', v);
    } else if (k === 'test') {
      el.setAttribute('data-test', v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

function link(href, text, attrs) {
  return h('a', Object.assign({ href }, attrs || {}), text);
}

function kv(pairs) {
  const dl = h('dl', { class: 'kv' });
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '') continue;
    dl.append(h('dt', null, k), h('dd', null, v));
  }
  return dl;
}

function errorBox(message) {
  return h('div', { class: 'error', role: 'alert', test: 'error' }, message);
}

// ---------- formatting ----------


function fmtTime(t) {
  if (!t || t.startsWith('0001-01-01')) return '—';
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t;
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC');
}

function fmtNum(n) {
  const v = Number(n);
  return Number.isFinite(v) ? v.toLocaleString('en-US') : String(n);
}

function enumWord(v, prefix) {
  return String(v || '').replace(prefix, '').toLowerCase().replace(/_/g, ' ');
}

function shortDid(did) {
  const m = /^(did:ndi:[^:]+:)(.+)$/.exec(did || '');
  if (!m || m[2].length <= 12) return did;
  return m[1] + m[2].slice(0, 4) + '…' + m[2].slice(-4);
}

function plural(n, one, many) {
  return fmtNum(n) + ' ' + (Number(n) === 1 ? one : many);
}

// ---------- routes and ids ----------

const DID_RE = /^did:ndi:[a-z0-9][a-z0-9-]{0,31}:[1-9A-HJ-NP-Za-km-z]+$/;
const RFC3339_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function hashFor(page, id, query) {
  let out = '#/' + page;
  if (id !== undefined) out += '/' + encodeURIComponent(id);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v) q.set(k, v);
  const qs = q.toString();
  return qs ? out + '?' + qs : out;
}

const didHref = (did, at) => hashFor('did', did, { at });
const typeHref = (id) => hashFor('type', id);
const anchorHref = (did) => hashFor('anchor', did);
const listHref = (id, index) => hashFor('list', id, { index });
const issuerHref = (did, type, at) => hashFor('issuer', did, { type, at });

// pathEnc encodes an id for a REST path, keeping the '/' and ':' the
// gateway's {id=**} routes expect.
function pathEnc(id) {
  return encodeURIComponent(id).replace(/%2F/gi, '/').replace(/%3A/gi, ':');
}

// normalizeTime turns what a person types into RFC 3339 (UTC when no zone
// is given), or throws a message saying what is expected.
function normalizeTime(input) {
  const t = input.trim();
  if (RFC3339_RE.test(t)) return t.toUpperCase();
  let m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?)?$/.exec(t);
  if (m) {
    const iso = m[1] + 'T' + (m[2] || '00:00') + (m[3] || ':00') + 'Z';
    if (!Number.isNaN(new Date(iso).getTime())) return iso;
  }
  throw new Error('“' + t + '” is not a time. Enter a date and time in UTC such as 2026-03-01T12:00:00Z (or just 2026-03-01).');
}

// classify says which page a search input opens.
function classify(raw) {
  const input = raw.trim();
  if (input === '') {
    throw new Error('Type something to look up: a DID such as did:ndi:<network>:<id>, or a DID URL naming a key, a credential type, an accreditation or a status list.');
  }
  if (!input.startsWith('did:')) {
    throw new Error('“' + input + '” is not a DID or DID URL. Expected something starting with did:ndi:, for example did:ndi:<network>:<id>, did:ndi:<network>:<id>#key-1, …/types/<name>, …/accreditations/<name> or …/status/<name>.');
  }
  if (!input.startsWith('did:ndi:')) {
    throw new Error('“' + input + '” is not a did:ndi DID. This registry only holds DIDs of the form did:ndi:<network>:<id>.');
  }
  const hashAt = input.indexOf('#');
  const slashAt = input.indexOf('/');
  const didEnd = [hashAt, slashAt, input.indexOf('?')].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), input.length);
  const did = input.slice(0, didEnd);
  if (!DID_RE.test(did)) {
    throw new Error('“' + did + '” is not a well-formed did:ndi DID. Expected did:ndi:<network>:<id>, where the network is lowercase letters, digits and dashes and the id is base58 (no 0, O, I or l).');
  }
  if (slashAt >= 0 && (hashAt < 0 || slashAt < hashAt)) {
    const rest = input.slice(slashAt);
    const m = /^\/(status|types|accreditations)\/([^/#?]+)$/.exec(rest);
    if (!m) {
      throw new Error('“' + input + '” has a path this registry does not know. Expected <did>/status/<name> (a status list), <did>/types/<name> (a credential type) or <did>/accreditations/<name> (an accreditation).');
    }
    const id = did + '/' + m[1] + '/' + m[2];
    if (m[1] === 'status') return { page: 'list', id };
    if (m[1] === 'types') return { page: 'type', id };
    return { page: 'accreditation', id };
  }
  return { page: 'did', id: did };
}

function parseHash(hash) {
  const body = (hash || '').replace(/^#/, '');
  const qAt = body.indexOf('?');
  const path = qAt >= 0 ? body.slice(0, qAt) : body;
  const query = new URLSearchParams(qAt >= 0 ? body.slice(qAt + 1) : '');
  const parts = path.split('/').filter((p, i) => i > 0 || p !== '');
  const name = parts[0] || '';
  let arg;
  if (parts.length > 1) {
    const joined = parts.slice(1).join('/');
    try {
      arg = decodeURIComponent(joined);
    } catch (e) {
      arg = joined;
    }
  }
  return { name, arg, query };
}

// ---------- the node's endpoints ----------

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function explain(body, status, what) {
  let msg = '';
  if (body && typeof body === 'object') {
    const meta = body.didResolutionMetadata || body.dereferencingMetadata;
    const err = meta && meta.error;
    if (err) msg = [err.title, err.detail].filter(Boolean).join(': ');
    if (!msg) msg = body.message || body.detail || body.title || '';
  }
  const prefix = status === 404 ? 'Not found' : status >= 500 ? 'The node could not answer' : 'The node refused the request';
  return prefix + ' (' + what + ', HTTP ' + status + ')' + (msg ? ': ' + msg : '.');
}

async function request(path, opts, what) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), FETCH_TIMEOUT_MS);
  let res;
  try {
    res = await fetch(path, Object.assign({ signal: ctl.signal, credentials: 'same-origin' }, opts || {}));
  } catch (e) {
    throw new ApiError('Could not reach the node (' + what + '): ' + (e.name === 'AbortError' ? 'no answer within ' + FETCH_TIMEOUT_MS / 1000 + ' seconds' : e.message), 0);
  } finally {
    clearTimeout(timer);
  }
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null;
  }
  return { res, body, text };
}

async function getJSON(path, what, okStatuses) {
  const { res, body } = await request(path, { headers: { Accept: 'application/json' } }, what);
  if (!res.ok && !(okStatuses || []).includes(res.status)) throw new ApiError(explain(body, res.status, what), res.status);
  if (body === null) throw new ApiError('The node answered ' + what + ' with something that is not JSON.', res.status);
  return body;
}

// allPages follows next_key up to MAX_PAGES pages of PAGE_LIMIT items.
async function allPages(path, field, what, cache) {
  const key = path + '|' + field;
  if (cache && cache.has(key)) return cache.get(key);
  const run = (async () => {
    const out = [];
    let next = '';
    for (let page = 0; page < MAX_PAGES; page++) {
      const sep = path.includes('?') ? '&' : '?';
      let url = path + sep + 'pagination.limit=' + PAGE_LIMIT;
      if (next) url += '&pagination.key=' + encodeURIComponent(next);
      const body = await getJSON(url, what);
      out.push(...(body[field] || []));
      next = body.pagination && body.pagination.next_key;
      if (!next) return out;
    }
    out.truncated = true;
    return out;
  })();
  if (cache) cache.set(key, run);
  return run;
}

const api = {
  resolve(did, at) {
    const q = at ? '?versionTime=' + encodeURIComponent(at) : '';
    return request('/1.0/identifiers/' + encodeURIComponent(did) + q, { headers: { Accept: 'application/did-resolution' } }, 'resolving ' + did).then(({ res, body }) => {
      // 410 Gone is a deactivated DID: its last document still comes back.
      if ((res.ok || res.status === 410) && body && body.didDocument) return body;
      throw new ApiError(explain(body, res.status, 'resolving ' + did), res.status);
    });
  },
  didVersions: (did) => allPages('/ndi/did/v1/dids/' + pathEnc(did) + '/versions', 'versions', 'the versions of ' + did),
  anchors: (cache) => allPages('/ndi/accreditation/v1/trust_anchors', 'anchors', 'the trust anchors', cache),
  anchor: (did) => getJSON('/ndi/accreditation/v1/trust_anchors/' + pathEnc(did), 'the trust anchor ' + did),
  held: (did) => allPages('/ndi/accreditation/v1/subjects/' + pathEnc(did) + '/accreditations', 'accreditations', 'the accreditations held by ' + did),
  granted: (did, cache) => allPages('/ndi/accreditation/v1/accreditors/' + pathEnc(did) + '/accreditations', 'accreditations', 'the accreditations granted by ' + did, cache),
  accreditation: (id) => getJSON('/ndi/accreditation/v1/accreditations/' + pathEnc(id), 'the accreditation ' + id),
  types: (cache) => allPages('/ndi/accreditation/v1/credential_types', 'credential_types', 'the credential types', cache),
  type: (id) => getJSON('/ndi/accreditation/v1/credential_types/' + pathEnc(id), 'the credential type ' + id),
  verifyIssuer(did, type, at) {
    const q = at ? '?at_time=' + encodeURIComponent(at) : '';
    return getJSON('/ndi/accreditation/v1/verify_issuer/' + pathEnc(did) + '/' + pathEnc(type) + q, 'the accreditation chain of ' + did);
  },
  statusList: (id) => getJSON('/ndi/revocation/v1/status-list?list_id=' + encodeURIComponent(id), 'the status list ' + id),
  listHistory: (id) => allPages('/ndi/revocation/v1/lists/' + pathEnc(id) + '/history', 'versions', 'the history of ' + id),
};

// ---------- page frame ----------

function pageHeader(title, ...extra) {
  return [h('h1', { tabindex: '-1' }, title), ...extra];
}

function timeForm(label, current, onTime) {
  const id = 'as-of-' + Math.random().toString(36).slice(2, 8);
  const input = h('input', { id, type: 'text', test: 'as-of-input', value: current || '', placeholder: '2026-03-01T12:00:00Z', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': id + '-help' });
  const msg = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'panel' },
    h('label', { for: id }, label),
    h('div', { class: 'row' }, input, h('button', { type: 'submit', test: 'as-of-submit' }, 'Show')),
    h('p', { class: 'help', id: id + '-help' }, 'UTC, for example 2026-03-01T12:00:00Z. Leave empty for now.'),
    msg);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    msg.replaceChildren();
    const v = input.value.trim();
    if (v === '') return onTime('');
    try {
      onTime(normalizeTime(v));
    } catch (e) {
      msg.append(errorBox(e.message));
    }
  });
  return form;
}

// ---------- pages ----------

function homePage() {
  return [
    ...pageHeader('Look up the trust registry'),
    h('p', null, 'This node keeps three public registers: decentralised identifiers (DIDs) and every version of their documents, who is accredited to issue which kind of credential, and which credentials their issuers have revoked or suspended.'),
    h('p', null, 'Use the search box above, or start from:'),
    h('ul', null,
      h('li', null, link('#/registry', 'The trust registry'), ': trust anchors and the trees of accreditations below them.'),
      h('li', null, link('#/check', 'Check a credential'), ': paste or drop a credential and see whether it holds.')),
  ];
}

async function searchPage(arg) {
  const target = classify(arg || '');
  if (target.page === 'accreditation') {
    // An accreditation lives in its anchor's tree; open that tree.
    const res = await api.accreditation(target.id);
    const a = res.accreditation || {};
    const anchor = a.anchor_did || a.accreditor_did;
    return { redirect: anchorHref(anchor) };
  }
  const hrefs = { did: didHref, list: listHref, type: typeHref };
  return { redirect: hrefs[target.page](target.id) };
}

const RELATIONSHIPS = [
  ['authentication', 'authentication (logging in)'],
  ['assertionMethod', 'assertion (signing credentials)'],
  ['keyAgreement', 'key agreement (encryption)'],
  ['capabilityInvocation', 'capability invocation (changing this DID)'],
  ['capabilityDelegation', 'capability delegation'],
];

function keyAlgorithm(vm) {
  const mb = vm.publicKeyMultibase || '';
  if (mb.startsWith('z6Mk')) return 'Ed25519';
  if (mb.startsWith('zDn')) return 'ECDSA P-256';
  if (mb.startsWith('zQ3s')) return 'ECDSA secp256k1';
  const jwk = vm.publicKeyJwk;
  if (jwk) {
    if (jwk.crv === 'Ed25519') return 'Ed25519';
    if (jwk.crv === 'P-256') return 'ECDSA P-256';
    if (jwk.crv === 'secp256k1') return 'ECDSA secp256k1';
    return [jwk.kty, jwk.crv].filter(Boolean).join(' ') || 'unknown';
  }
  if (/Ed25519/i.test(vm.type || '')) return 'Ed25519';
  if (/Secp256k1/i.test(vm.type || '')) return 'ECDSA secp256k1';
  return 'unknown algorithm';
}

function sameId(ref, id, did) {
  const full = (r) => (r.startsWith('#') ? did + r : r);
  return full(ref) === full(id);
}

function collectKeys(doc) {
  const keys = [];
  const seen = new Set();
  const add = (vm) => {
    const id = vm.id || '';
    const full = id.startsWith('#') ? doc.id + id : id;
    if (seen.has(full)) return;
    seen.add(full);
    keys.push(vm);
  };
  (doc.verificationMethod || []).forEach(add);
  for (const [rel] of RELATIONSHIPS) for (const r of doc[rel] || []) if (r && typeof r === 'object') add(r);
  return keys.map((vm) => {
    const rels = RELATIONSHIPS.filter(([rel]) => (doc[rel] || []).some((r) => sameId(typeof r === 'string' ? r : r.id || '', vm.id || '', doc.id)));
    return { vm, rels };
  });
}

async function didPage(did, query) {
  if (!did || !DID_RE.test(did)) throw new Error('“' + (did || '') + '” is not a well-formed did:ndi DID (expected did:ndi:<network>:<id>).');
  let at = query.get('at') || '';
  if (at) at = normalizeTime(at);
  const [res, versions, held, anchor] = await Promise.all([
    api.resolve(did, at),
    api.didVersions(did).catch((e) => e),
    api.held(did).catch((e) => e),
    // Not a trust anchor is a 404 here, which is an answer, not a failure.
    api.anchor(did).catch((e) => (e.status === 404 ? null : e)),
  ]);
  const doc = res.didDocument || {};
  const meta = res.didDocumentMetadata || {};
  const out = pageHeader('DID', h('p', null, h('code', { test: 'did-id', class: 'did' }, doc.id || did)));
  if (meta.deactivated) {
    out.push(h('p', { class: 'deactivated', test: 'did-deactivated', role: 'status' },
      'This DID has been deactivated' + (meta.updated ? ' (on ' + fmtTime(meta.updated) + ')' : '') + '. Its keys can no longer be used to sign or prove anything, and it can never be changed again.'));
  }
  if (at) {
    out.push(h('p', { class: 'notice' }, 'Showing the document as it was at ' + fmtTime(at) + ' (version ' + (meta.versionId || '?') + '). ', link(didHref(did), 'Show the current document')));
  }
  out.push(kv([
    ['Version', meta.versionId],
    ['Created', fmtTime(meta.created)],
    ['Last changed', meta.updated ? fmtTime(meta.updated) : 'never'],
    ['Controller', doc.controller ? [].concat(doc.controller).join(', ') : undefined],
  ]));
  out.push(timeForm('See this DID as of a past time', at, (t) => navigate(didHref(did, t))));

  const keys = collectKeys(doc);
  out.push(h('h2', null, 'Keys (' + keys.length + ')'));
  if (keys.length === 0) out.push(h('p', null, 'This document lists no keys.'));
  out.push(h('ul', { class: 'cards' }, keys.map(({ vm, rels }) => h('li', { test: 'did-key' },
    h('h3', null, h('code', null, vm.id || '(no id)')),
    kv([
      ['Type', vm.type || 'unknown'],
      ['Algorithm', keyAlgorithm(vm)],
      ['Used for', rels.length ? rels.map(([, words]) => words).join('; ') : 'not referenced by any relationship'],
      ['Controller', vm.controller],
      ['Public key', h('code', null, vm.publicKeyMultibase || (vm.publicKeyJwk ? JSON.stringify(vm.publicKeyJwk) : '—'))],
    ])))));

  const services = doc.service || [];
  out.push(h('h2', null, 'Services (' + services.length + ')'));
  if (services.length === 0) out.push(h('p', null, 'This document lists no services.'));
  out.push(h('ul', { class: 'cards' }, services.map((svc) => h('li', { test: 'did-service' },
    h('h3', null, h('code', null, svc.id || '(no id)')),
    kv([
      ['Type', [].concat(svc.type || 'unknown').join(', ')],
      // Shown as text, not a link: the endpoint is whatever the controller wrote.
      ['Endpoint', h('code', null, typeof svc.serviceEndpoint === 'string' ? svc.serviceEndpoint : JSON.stringify(svc.serviceEndpoint))],
    ])))));

  out.push(...registryRole(did, held, anchor));

  out.push(h('details', { test: 'did-raw' },
    h('summary', null, 'Raw JSON (the W3C DID resolution result)'),
    h('pre', null, JSON.stringify(res, null, 2))));

  out.push(h('h2', null, 'Timeline of versions'));
  if (versions instanceof Error) {
    out.push(errorBox('The version history could not be read. ' + versions.message));
  } else {
    out.push(h('p', { class: 'muted' }, plural(versions.length, 'version', 'versions') + ', oldest first. Every version stays on the chain.'));
    out.push(h('ol', { class: 'timeline' }, versions.map((v, i) => {
      const m = v.metadata || {};
      const when = i === 0 ? m.created : m.updated || m.created;
      const shown = m.version_id === meta.versionId;
      const words = i === 0 ? 'created' : m.deactivated ? 'deactivated' : 'updated';
      return h('li', { test: 'did-version', class: (shown ? 'current' : '') + (m.deactivated ? ' gone' : '') },
        'Version ', h('span', { class: 'mono' }, m.version_id || String(i + 1)), ' — ', words, ' ', h('time', { datetime: when || '' }, fmtTime(when)), ' ',
        shown ? '(shown above)' : link(didHref(did, when), 'show this version'));
    })));
    if (versions.truncated) out.push(h('p', { class: 'notice' }, 'Only the first ' + versions.length + ' versions are shown.'));
  }
  return out;
}

// registryRole says what a DID is in the trust registry (now, whatever
// time the document is shown at): an anchor, and the accreditations it holds.
function registryRole(did, held, anchor) {
  const out = [h('h2', null, 'In the trust registry')];
  if (anchor instanceof Error) out.push(errorBox('Whether this DID is a trust anchor could not be read. ' + anchor.message));
  else if (anchor && anchor.active) out.push(h('p', null, 'This DID is a trust anchor: a root of trust. ', link(anchorHref(did), 'See the accreditations below it')));
  if (held instanceof Error) {
    out.push(errorBox('The accreditations this DID holds could not be read. ' + held.message));
    return out;
  }
  if (held.length === 0) {
    out.push(h('p', null, 'This DID holds no accreditation.'));
    return out;
  }
  const now = Date.now();
  out.push(h('ul', null, held.map((a) => {
    const state = edgeState(a, now);
    return h('li', null,
      'Accredited as ', h('strong', null, enumWord(a.role, 'ROLE_')), ' by ', link(didHref(a.accreditor_did), shortDid(a.accreditor_did)),
      ' — ', h('span', { class: 'state state-' + state }, state), ', valid ', windowWords(a.valid_from, a.valid_until), '. ',
      'Types: ', (a.scope || []).map((t, i) => [i ? ', ' : '', link(typeHref(t), t.split('/').pop())]), '. ',
      a.anchor_did ? link(anchorHref(a.anchor_did), 'See the tree') : null,
      a.role === 'ROLE_ISSUER' ? (a.scope || []).map((t) => [' · ', link(issuerHref(did, t), 'check the chain for ' + t.split('/').pop())]) : null);
  })));
  return out;
}

// ----- accreditation trees -----

function edgeState(a, now) {
  const st = a.status || '';
  if (st === 'STATUS_REVOKED') return 'revoked';
  if (st === 'STATUS_SUSPENDED') return 'suspended';
  if (a.valid_until && !a.valid_until.startsWith('0001') && new Date(a.valid_until).getTime() <= now) return 'expired';
  return 'active';
}

function windowWords(from, until) {
  return 'from ' + fmtTime(from) + ' ' + (until && !until.startsWith('0001') ? 'until ' + fmtTime(until) : 'with no end date');
}

function scopeWords(scope) {
  return scope && scope.length ? scope.join(', ') : 'no credential types';
}

// buildTree walks down from an anchor: the accreditations it granted as an
// anchor, then those each accreditor granted under them (parent_id), so a
// DID accredited in two trees is drawn in each with its own links.
async function buildTree(anchorDid, cache) {
  const root = { did: anchorDid, edge: null, children: [] };
  const now = Date.now();
  let count = 1;
  let truncated = false;
  let level = [root];
  for (let depth = 0; depth < TREE_MAX_DEPTH && level.length; depth++) {
    const next = [];
    const granted = await Promise.all(level.map((n) => api.granted(n.did, cache)));
    level.forEach((node, i) => {
      for (const a of granted[i]) {
        const parentOk = node.edge ? a.parent_id === node.edge.id : !a.parent_id && (!a.anchor_did || a.anchor_did === anchorDid);
        if (!parentOk) continue;
        if (count >= TREE_MAX_NODES) {
          truncated = true;
          return;
        }
        const child = { did: a.subject_did, edge: a, state: edgeState(a, now), children: [] };
        node.children.push(child);
        count++;
        if (a.role === 'ROLE_ACCREDITOR') next.push(child);
      }
    });
    level = next;
  }
  if (level.length) truncated = true;
  return { root, truncated };
}

function flatten(root) {
  const rows = [];
  const walk = (node, depth, parentRow) => {
    const row = rows.length;
    rows.push({ node, depth, parentRow });
    for (const c of node.children) walk(c, depth + 1, row);
  };
  walk(root, 0, -1);
  return rows;
}

function edgeTitle(a, state) {
  return enumWord(a.role, 'ROLE_') + ' accreditation ' + a.id + ': ' + a.accreditor_did + ' accredits ' + a.subject_did +
    '; scope: ' + scopeWords(a.scope) + '; valid ' + windowWords(a.valid_from, a.valid_until) + '; state: ' + state +
    (a.reason ? ' (' + a.reason + ')' : '');
}

const STATE_MARK = { active: '', suspended: ' ‖ suspended', revoked: ' ✕ revoked', expired: ' ⊘ expired' };

// drawTree draws the tree as an indented outline (each node on its own
// row, its link drawn from the parent's row), which stays readable on a
// 320 px screen where a wide layered drawing would shrink to nothing.
function drawTree(tree) {
  const rows = flatten(tree.root);
  const ROW = 58, INDENT = 26, BOX_H = 26, PAD = 8;
  const charW = 7.4;
  let width = 0;
  const parts = [];
  rows.forEach((r, i) => {
    const x = PAD + r.depth * INDENT;
    const y = PAD + i * ROW;
    const label = shortDid(r.node.did);
    const boxW = Math.ceil(label.length * charW) + 16;
    r.x = x;
    r.y = y;
    const role = r.node.edge ? enumWord(r.node.edge.role, 'ROLE_') : 'trust anchor';
    const nodeTitle = r.node.did + ' — ' + role;
    const node = s('a', { href: didHref(r.node.did), test: 'tree-node', 'data-did': r.node.did, class: 'node' + (r.node.edge ? '' : ' anchor'), 'aria-label': nodeTitle },
      s('title', null, nodeTitle),
      s('rect', { x, y, width: boxW, height: BOX_H, rx: 4 }),
      s('text', { x: x + 8, y: y + 17 }, label));
    width = Math.max(width, x + boxW);
    if (r.node.edge) {
      const a = r.node.edge;
      const p = rows[r.parentRow];
      const px = p.x + 10;
      // Each link draws its own stretch of the parent's trunk, from the
      // previous sibling's row (or the parent) down to its node, so a
      // revoked last child does not paint the trunk of its live siblings.
      const prev = p.lastChildY;
      const py = prev === undefined ? p.y + BOX_H : prev;
      const cy = y + BOX_H / 2;
      p.lastChildY = cy;
      const title = edgeTitle(a, r.node.state);
      const labelText = enumWord(a.role, 'ROLE_') + STATE_MARK[r.node.state];
      const lx = x + 8;
      parts.push(s('g', { class: 'edge edge-' + r.node.state, test: 'tree-edge', 'data-state': r.node.state, 'data-role': enumWord(a.role, 'ROLE_'), 'data-id': a.id, tabindex: '0', 'aria-label': title },
        s('title', null, title),
        s('path', { d: 'M' + px + ' ' + py + ' V' + cy + ' H' + x }),
        s('text', { x: lx, y: y + BOX_H + 15, class: 'edge-label' + (r.node.state === 'revoked' || r.node.state === 'suspended' ? ' mark-' + r.node.state : '') }, labelText)));
      width = Math.max(width, lx + labelText.length * 6.5);
    }
    // Row by row, the link into a node and then the node: the tab order
    // reads the tree top-down, and no trunk crosses a box drawn before it.
    parts.push(node);
  });
  const height = PAD * 2 + rows.length * ROW - (ROW - BOX_H - 20);
  width = Math.ceil(width + PAD);
  const svg = s('svg', { class: 'tree', test: 'tree', width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'group', 'aria-label': 'Accreditation tree of ' + tree.root.did },
    s('title', null, 'Accreditation tree of ' + tree.root.did + ': ' + plural(rows.length - 1, 'accreditation', 'accreditations')),
    parts);
  return svg;
}

function legend() {
  const sample = (state, words) => h('li', null,
    s('svg', { width: 40, height: 12, 'aria-hidden': 'true', focusable: 'false' }, s('line', { x1: 0, y1: 6, x2: 40, y2: 6, class: 'sample edge-' + state })),
    words);
  return h('ul', { class: 'legend', 'aria-label': 'Legend' },
    sample('active', 'solid green: active'),
    sample('suspended', 'long dashes, amber, ‖: suspended'),
    sample('revoked', 'short dashes, red, ✕: revoked'),
    sample('expired', 'dotted grey, ⊘: expired'));
}

function treeTable(tree) {
  const rows = flatten(tree.root).filter((r) => r.node.edge);
  if (rows.length === 0) return h('p', null, 'This anchor has accredited no one yet.');
  return h('details', null,
    h('summary', null, 'The same links as a table'),
    h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['Accreditor', 'Accredited', 'Role', 'Scope', 'Valid', 'State'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.map((r) => {
        const a = r.node.edge;
        return h('tr', null,
          h('td', null, link(didHref(a.accreditor_did), shortDid(a.accreditor_did))),
          h('td', null, link(didHref(a.subject_did), shortDid(a.subject_did))),
          h('td', null, enumWord(a.role, 'ROLE_')),
          h('td', { class: 'wrap' }, scopeWords(a.scope)),
          h('td', null, windowWords(a.valid_from, a.valid_until)),
          h('td', { class: 'state state-' + r.node.state }, r.node.state + (a.reason ? ' (' + a.reason + ')' : '')));
      })))));
}

function anchorSummary(v, headingTag) {
  const an = v.anchor || {};
  const scope = an.all_types ? 'all credential types' : null;
  return h('div', { test: 'anchor', class: 'panel' },
    h(headingTag, null, link(didHref(an.did), an.did, { class: 'did' })),
    kv([
      ['Scope', scope || h('span', null, (an.scope || []).map((t) => h('span', { class: 'tag' }, link(typeHref(t), t))))],
      ['Valid until', an.valid_until && !an.valid_until.startsWith('0001') ? fmtTime(an.valid_until) : 'no end date'],
      ['Registered', fmtTime(v.time)],
      ['Description', an.description],
      ['State', v.removed ? 'removed' + (v.reason ? ' (' + v.reason + ')' : '') : undefined],
    ]));
}

async function treeSection(did, cache) {
  const tree = await buildTree(did, cache);
  return [
    h('div', { class: 'tree-wrap' }, drawTree(tree)),
    tree.truncated ? h('p', { class: 'notice' }, 'The tree is large; only its first ' + TREE_MAX_NODES + ' nodes or ' + TREE_MAX_DEPTH + ' levels are drawn.') : null,
    treeTable(tree),
  ];
}

async function registryPage() {
  const cache = new Map();
  const [anchors, types] = await Promise.all([api.anchors(cache), api.types(cache).catch((e) => e)]);
  const out = pageHeader('Trust registry',
    h('p', null, 'Trust anchors are the roots of trust. Each accredits organisations (accreditors) that may accredit others, down to the issuers of credentials. Select a node to open its DID; focus a link and its details are read out.'),
    legend());
  if (anchors.length === 0) out.push(h('p', null, 'No trust anchors are registered on this chain yet.'));
  const trees = await Promise.all(anchors.map((v) => treeSection(v.anchor.did, cache).catch((e) => [errorBox('The tree of ' + v.anchor.did + ' could not be drawn. ' + e.message)])));
  anchors.forEach((v, i) => {
    out.push(h('section', { 'aria-label': 'Trust anchor ' + v.anchor.did }, anchorSummary(v, 'h2'), link(anchorHref(v.anchor.did), 'Open this anchor on its own page'), trees[i]));
  });
  out.push(h('h2', null, 'Credential types'));
  if (types instanceof Error) {
    out.push(errorBox('The credential types could not be read. ' + types.message));
  } else if (types.length === 0) {
    out.push(h('p', null, 'No credential types are registered yet.'));
  } else {
    out.push(h('ul', null, types.map((t) => h('li', null, link(typeHref(t.id), t.name || t.id), ' ', h('code', { class: 'muted' }, t.id), t.deprecated ? ' (deprecated)' : ''))));
  }
  return out;
}

async function anchorPage(did) {
  if (!did || !DID_RE.test(did)) throw new Error('“' + (did || '') + '” is not a well-formed did:ndi DID (expected did:ndi:<network>:<id>).');
  const res = await api.anchor(did);
  const out = pageHeader('Trust anchor', anchorSummary(res.version || {}, 'p'));
  if (!res.active) out.push(h('p', { class: 'notice' }, 'This DID is not a trust anchor now (removed or expired); its tree is shown as it stands.'));
  out.push(legend(), ...(await treeSection(did, new Map())));
  return out;
}

async function typePage(id) {
  if (!id) throw new Error('No credential type named. Expected a type id such as did:ndi:<network>:<id>/types/<name>.');
  const cache = new Map();
  const [res, anchors] = await Promise.all([api.type(id), api.anchors(cache)]);
  const t = res.credential_type || {};
  const out = pageHeader('Credential type: ' + (t.name || id), kv([
    ['Id', h('code', null, t.id)],
    ['Owner', t.owner_did ? link(didHref(t.owner_did), t.owner_did, { class: 'did' }) : undefined],
    ['VC types', (t.vc_types || []).join(', ')],
    ['Schema', t.schema_uri ? h('code', null, t.schema_uri) : undefined],
    ['Description', t.description],
    ['Deprecated', t.deprecated ? 'yes: no new credentials of this type should be issued' : undefined],
  ]));
  // Issuers: walk every tree whose anchor covers the type and keep the
  // issuer links whose scope names it.
  const covering = anchors.filter((v) => !v.removed && (v.anchor.all_types || (v.anchor.scope || []).includes(id)));
  const trees = await Promise.all(covering.map((v) => buildTree(v.anchor.did, cache)));
  const issuers = [];
  trees.forEach((tree, i) => {
    for (const r of flatten(tree.root)) {
      const a = r.node.edge;
      if (a && a.role === 'ROLE_ISSUER' && (a.scope || []).includes(id)) issuers.push({ a, state: r.node.state, anchor: covering[i].anchor.did });
    }
  });
  out.push(h('h2', null, 'Issuers (' + issuers.length + ')'));
  out.push(h('p', { class: 'muted' }, 'Every issuer accreditation for this type in the trees of the trust anchors whose scope covers it (' + plural(covering.length, 'anchor', 'anchors') + '). Open an issuer to see its chain as the chain itself checks it.'));
  if (issuers.length === 0) out.push(h('p', null, 'No one is accredited to issue this type.'));
  out.push(h('ul', { class: 'cards' }, issuers.map(({ a, state, anchor }) => h('li', { test: 'type-issuer' },
    h('h3', null, link(didHref(a.subject_did), a.subject_did, { class: 'did' })),
    kv([
      ['State', h('span', { class: 'state state-' + state }, state)],
      ['Accredited by', link(didHref(a.accreditor_did), shortDid(a.accreditor_did))],
      ['Valid', windowWords(a.valid_from, a.valid_until)],
      ['Trust anchor', link(anchorHref(anchor), shortDid(anchor))],
    ]),
    link(issuerHref(a.subject_did, id), 'Check this issuer’s chain')))));
  return out;
}

async function issuerPage(did, query) {
  if (!did || !DID_RE.test(did)) throw new Error('“' + (did || '') + '” is not a well-formed did:ndi DID (expected did:ndi:<network>:<id>).');
  const type = query.get('type') || '';
  let at = query.get('at') || '';
  if (at) at = normalizeTime(at);
  const out = pageHeader('Issuer accreditation', h('p', null, link(didHref(did), did, { class: 'did' })));
  if (!type) {
    const cache = new Map();
    const types = await api.types(cache);
    const sel = h('select', { id: 'type-select' }, types.map((t) => h('option', { value: t.id }, (t.name || t.id) + ' — ' + t.id)));
    const form = h('form', { class: 'panel' }, h('label', { for: 'type-select' }, 'Which credential type?'), h('div', { class: 'row' }, sel, h('button', { type: 'submit' }, 'Check')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      navigate(issuerHref(did, sel.value));
    });
    out.push(errorBox('Name a credential type to check this issuer for.'), form);
    return out;
  }
  const res = await api.verifyIssuer(did, type, at);
  const ok = !!res.accredited;
  out.push(h('p', { class: 'verdict-box verdict-' + (ok ? 'valid' : 'invalid') },
    'At ' + fmtTime(res.at_time) + ' this issuer was ', h('span', { test: 'verdict' }, ok ? 'accredited' : 'not accredited'),
    ' to issue ', link(typeHref(type), type, { class: 'did' }), '.'));
  if (res.reason) out.push(h('p', null, 'Why: ' + res.reason));
  out.push(timeForm('Check at another time', at, (t) => navigate(issuerHref(did, type, t))));
  out.push(h('h2', null, 'The chain, from the issuer up to its trust anchor'));
  const chain = res.chain || [];
  if (chain.length === 0) out.push(h('p', null, 'No accreditation links this issuer to a trust anchor.'));
  out.push(h('ol', { class: 'chain' }, chain.map((l) => {
    const valid = !!l.valid_at_time;
    const st = enumWord(l.status, 'STATUS_');
    const head = l.trust_anchor
      ? [link(didHref(l.subject_did), shortDid(l.subject_did)), ' is a trust anchor']
      : [link(didHref(l.accreditor_did), shortDid(l.accreditor_did)), ' accredits ', link(didHref(l.subject_did), shortDid(l.subject_did)), ' as ', enumWord(l.role, 'ROLE_')];
    return h('li', { test: 'chain-link', 'data-valid': String(valid), class: 'valid-' + valid },
      h('p', null, h('strong', null, valid ? '✓ valid then: ' : '✗ not valid then: '), head),
      kv([
        ['Accreditation', l.trust_anchor ? undefined : h('code', null, l.accreditation_id)],
        ['State', st || undefined],
        ['Window', l.valid_from || l.valid_until ? windowWords(l.valid_from, l.valid_until) : undefined],
        ['Problem', l.problem],
      ]));
  })));
  return out;
}

// ----- status lists -----

async function decodeEncodedList(encoded) {
  if (!encoded || encoded[0] !== 'u') throw new Error('The encodedList is not multibase base64url (it should start with “u”).');
  let b64 = encoded.slice(1).replace(/-/g, '+').replace(/_/g, '/');
  while (b64.length % 4) b64 += '=';
  const bin = atob(b64);
  const gz = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) gz[i] = bin.charCodeAt(i);
  if (typeof DecompressionStream === 'undefined') throw new Error('This browser cannot unpack a status list (it has no DecompressionStream); use a current browser.');
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function bitAt(bytes, i) {
  return (bytes[i >> 3] >> (7 - (i & 7))) & 1;
}

const POPCOUNT = (() => {
  const t = new Uint8Array(256);
  for (let i = 1; i < 256; i++) t[i] = (i & 1) + t[i >> 1];
  return t;
})();

function countBits(bytes, start, end) {
  let n = 0;
  let i = start;
  while (i < end && i & 7) n += bitAt(bytes, i++);
  while (i + 8 <= end) {
    n += POPCOUNT[bytes[i >> 3]];
    i += 8;
  }
  while (i < end) n += bitAt(bytes, i++);
  return n;
}

function drawDensity(bytes, size, purposeWord) {
  const COLS = 128;
  const cells = Math.max(1, Math.min(size, 4096));
  const rows = Math.ceil(cells / COLS);
  const CELL = 4;
  const canvas = h('canvas', { class: 'density', test: 'density', width: COLS * CELL, height: rows * CELL });
  let total = 0;
  const ctx = canvas.getContext('2d');
  for (let c = 0; c < cells; c++) {
    const start = Math.floor((c * size) / cells);
    const end = Math.floor(((c + 1) * size) / cells);
    const n = countBits(bytes, start, end);
    total += n;
    const frac = end > start ? n / (end - start) : 0;
    // Light for none set; from amber to dark red as more are set, so a
    // single set entry still shows.
    let fill = '#e6efe6';
    if (n > 0) {
      const k = Math.min(1, 0.25 + frac * 0.75);
      fill = 'rgb(' + Math.round(230 - 110 * k) + ',' + Math.round(160 - 140 * k) + ',' + Math.round(40 - 10 * k) + ')';
    }
    ctx.fillStyle = fill;
    ctx.fillRect((c % COLS) * CELL, Math.floor(c / COLS) * CELL, CELL, CELL);
  }
  const per = size / cells;
  const summary = fmtNum(total) + ' of ' + fmtNum(size) + ' entries ' + purposeWord + ' (' + ((100 * total) / size).toFixed(3) + '%)';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'Density picture of the list: ' + summary);
  canvas.append(summary);
  return { canvas, summary, per };
}

async function listPage(id, query) {
  if (!id || !/^did:ndi:[^/]+\/status\/[^/]+$/.test(id)) throw new Error('“' + (id || '') + '” is not a status list id. Expected <issuer-did>/status/<name>.');
  const [res, history] = await Promise.all([api.statusList(id), api.listHistory(id).catch((e) => e)]);
  const l = res.list || {};
  const size = Number(l.size_bits);
  const revocation = l.purpose === 'STATUS_PURPOSE_REVOCATION';
  const setWord = revocation ? 'revoked' : 'suspended';
  const out = pageHeader('Status list ' + (l.name || ''));
  out.push(h('div', { test: 'list-meta' }, kv([
    ['Id', h('code', null, l.id || id)],
    ['Issuer', link(didHref(l.issuer_did), l.issuer_did, { class: 'did' })],
    ['Purpose', revocation ? 'revocation: a set entry means the credential is revoked, for good' : l.purpose === 'STATUS_PURPOSE_SUSPENSION' ? 'suspension: a set entry means the credential is suspended; it can be reinstated' : enumWord(l.purpose, 'STATUS_PURPOSE_')],
    ['Size', fmtNum(size) + ' entries'],
    ['Sequence', fmtNum(res.sequence) + ' (updates applied)'],
    ['Created', fmtTime(l.created) + ' at height ' + fmtNum(l.created_height)],
    ['As of', fmtTime(res.as_of)],
    // The same list as the W3C BitstringStatusListCredential a verifier fetches.
    ['Raw', link('/1.0/identifiers/' + encodeURIComponent(l.issuer_did || '') + '/status/' + encodeURIComponent(l.name || ''), 'the W3C status list credential (JSON)')],
  ])));

  let bytes = null;
  out.push(h('h2', null, 'Density of ' + setWord + ' entries'));
  try {
    bytes = await decodeEncodedList(res.encoded_list);
    if (bytes.length * 8 < size) throw new Error('The decoded list holds ' + bytes.length * 8 + ' bits, fewer than its size ' + size + '.');
    const d = drawDensity(bytes, size, setWord);
    out.push(h('figure', null, d.canvas, h('figcaption', null, d.summary + '. Each square stands for ' + (d.per === 1 ? 'one entry' : 'about ' + fmtNum(Math.round(d.per)) + ' entries') + ', in index order from the top left, row by row; light means none set, amber to dark red means more of them set.')));
  } catch (e) {
    out.push(errorBox('The list could not be unpacked: ' + e.message));
  }

  out.push(h('h2', null, 'Look up one entry'));
  const input = h('input', { id: 'index-input', type: 'text', inputmode: 'numeric', test: 'index-input', autocomplete: 'off', 'aria-describedby': 'privacy-note', value: query.get('index') || '' });
  const result = h('div', { 'aria-live': 'polite', id: 'index-answer' });
  const form = h('form', { class: 'panel' },
    h('label', { for: 'index-input' }, 'Entry number (the statusListIndex in the credential, 0 to ' + fmtNum(size - 1) + ')'),
    h('div', { class: 'row' }, input, h('button', { type: 'submit', test: 'index-submit' }, 'Look up')),
    h('p', { class: 'help', id: 'privacy-note', test: 'privacy-note' },
      'Privacy: this page downloaded the whole list and looks the entry up in your browser, so the node cannot tell which credential you are checking (it is hidden among all ' + fmtNum(size) + ' entries). Asking the node for one entry (its credential-status query) is quicker for very large lists, but tells the node which credential you are interested in.'),
    result);
  const lookup = () => {
    result.replaceChildren();
    const raw = input.value.trim();
    if (!/^\d+$/.test(raw)) {
      result.append(errorBox('“' + raw + '” is not an entry number. Enter a whole number from 0 to ' + fmtNum(size - 1) + '.'));
      return;
    }
    const i = Number(raw);
    if (!Number.isSafeInteger(i) || i >= size) {
      result.append(errorBox('Entry ' + raw + ' is outside this list, which has entries 0 to ' + fmtNum(size - 1) + '.'));
      return;
    }
    if (!bytes) {
      result.append(errorBox('The list could not be unpacked, so the entry cannot be looked up.'));
      return;
    }
    const set = bitAt(bytes, i) === 1;
    const word = set ? setWord : 'not ' + setWord;
    result.append(h('p', { class: 'result-big' }, 'Entry ' + fmtNum(i) + ': ', h('strong', { test: 'index-result', class: set ? 'state-revoked' : 'state-active' }, word),
      ' (as of sequence ' + fmtNum(res.sequence) + ', ' + fmtTime(res.as_of) + ')'));
    replaceHash(listHref(id, String(i)));
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    lookup();
  });
  out.push(form);
  if (query.get('index') !== null && query.get('index') !== '') lookup();

  out.push(h('h2', null, 'History of updates'));
  if (history instanceof Error) {
    out.push(errorBox('The history could not be read. ' + history.message));
  } else {
    const rows = history.slice().reverse();
    out.push(h('p', { class: 'muted' }, plural(history.length, 'version', 'versions') + ', newest first' + (history.truncated ? ' (only the first ' + history.length + ' are read)' : '') + '.'));
    out.push(h('div', { class: 'table-wrap' }, h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Updates of the list'),
      h('thead', null, h('tr', null, ['Sequence', 'Height', 'Time', 'Changed'].map((t, i) => h('th', { scope: 'col', class: i < 2 ? 'num' : null }, t)))),
      h('tbody', null, rows.map((v) => {
        const setN = Number(v.set_count || 0);
        const clearedN = Number(v.cleared_count || 0);
        const seq = Number(v.sequence || 0);
        const changed = seq === 0 ? 'created' : fmtNum(setN + clearedN) + ' changed (' + fmtNum(setN) + ' ' + setWord + (revocation ? '' : ', ' + fmtNum(clearedN) + ' reinstated') + ')';
        return h('tr', { test: 'list-update' },
          h('td', { class: 'num' }, fmtNum(seq)),
          h('td', { class: 'num' }, fmtNum(v.height)),
          h('td', null, fmtTime(v.time)),
          h('td', null, changed));
      })))));
  }
  return out;
}

// ----- checking a credential -----

const CHECK_WORDS = {
  format: ['The credential is in a format this node can read', 'The credential could not be read: it is not a well-formed credential'],
  signature: ['The issuer’s signature is genuine', 'The issuer’s signature does not match: the credential was changed, or was not signed by its issuer'],
  'validity period': ['The credential is within its validity period', 'The credential is outside its validity period (expired, or not yet valid)'],
  'credential type': ['The kind of credential is registered on the chain', 'The kind of credential is not registered on the chain'],
  'issuer accredited at validFrom': ['The issuer was accredited to issue this kind of credential when it was issued', 'The issuer was not accredited to issue this kind of credential when it was issued'],
  'issuer accredited now': ['The issuer is still accredited to issue this kind of credential', 'The issuer is no longer accredited to issue this kind of credential'],
};

function checkWords(c) {
  const name = c.check || '';
  let pair = CHECK_WORDS[name];
  if (!pair && name.startsWith('status')) {
    pair = /suspension/.test(name)
      ? ['The credential is not suspended', 'The credential has been suspended by its issuer']
      : ['The credential has not been revoked by its issuer', 'The credential has been revoked by its issuer'];
  }
  if (c.result === 'undecided') return 'This could not be checked (' + name + '): the chain gave no usable answer';
  if (!pair) return name + ': ' + (c.result === 'passed' ? 'passed' : 'failed');
  return c.result === 'passed' ? pair[0] : pair[1];
}

const VERDICT_WORDS = {
  valid: 'Valid: every check passed.',
  invalid: 'Not valid: at least one check failed. Do not rely on this credential.',
  undecided: 'Undecided: some checks could not be made, so this node cannot say whether the credential holds.',
};

function checkPage() {
  const area = h('textarea', { id: 'credential-input', test: 'credential-input', spellcheck: 'false', 'aria-describedby': 'credential-help' });
  const file = h('input', { id: 'credential-file', type: 'file', accept: '.json,.jsonld,.jwt,.jws,.txt,application/json,text/plain' });
  const results = h('div', { id: 'check-results', 'aria-live': 'polite' });
  const readFile = (f) => {
    if (!f) return;
    if (f.size > 256 * 1024) {
      results.replaceChildren(errorBox('The file ' + f.name + ' is too large for a credential (over 256 KiB).'));
      return;
    }
    f.text().then((t) => {
      area.value = t.trim();
      results.replaceChildren(h('p', null, 'Loaded ' + f.name + '. Press “Check” to check it.'));
    }, (e) => results.replaceChildren(errorBox('The file could not be read: ' + e.message)));
  };
  file.addEventListener('change', () => readFile(file.files[0]));
  area.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    area.classList.add('dragover');
  });
  area.addEventListener('dragleave', () => area.classList.remove('dragover'));
  area.addEventListener('drop', (ev) => {
    ev.preventDefault();
    area.classList.remove('dragover');
    readFile(ev.dataTransfer && ev.dataTransfer.files[0]);
  });
  const button = h('button', { type: 'submit', test: 'check-submit' }, 'Check');
  const form = h('form', { class: 'panel' },
    h('label', { for: 'credential-input' }, 'The credential (paste it, or drop a file here)'),
    area,
    h('p', { class: 'help', id: 'credential-help' }, 'A compact JWS (eyJ…) or a JSON credential with a proof.'),
    h('p', null, h('label', { for: 'credential-file' }, 'Or choose a file: '), file),
    h('div', { class: 'row' }, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = area.value.trim();
    results.replaceChildren();
    if (!text) {
      results.append(errorBox('Paste a credential or choose a file first.'));
      return;
    }
    button.disabled = true;
    results.append(h('p', null, 'Checking…'));
    try {
      const found = await runCheck(text);
      results.replaceChildren();
      append(results, [found]);
    } catch (e) {
      results.replaceChildren(errorBox(e.message));
    } finally {
      button.disabled = false;
    }
  });
  return [
    ...pageHeader('Check a credential'),
    h('p', null, 'The node checks the credential’s signature, its validity period, that its issuer is accredited for its kind, and whether its issuer has revoked or suspended it. Nothing you paste is stored.'),
    form, results,
  ];
}

async function runCheck(text) {
  const { res, body } = await request('/1.0/credentials/verify', {
    method: 'POST',
    headers: { 'Content-Type': text[0] === '{' ? 'application/json' : 'text/plain', Accept: 'application/json' },
    body: text,
  }, 'checking the credential');
  if (res.status === 404 || res.status === 405) {
    return [errorBox('This node cannot check credentials: it does not offer the verify endpoint (/1.0/credentials/verify). Use `ndid credential verify` or another node.')];
  }
  if (!res.ok || !body || !body.verdict) throw new ApiError(explain(body, res.status, 'checking the credential'), res.status);
  const verdict = ['valid', 'invalid', 'undecided'].includes(body.verdict) ? body.verdict : 'undecided';
  const out = [
    h('h2', null, 'Result'),
    h('p', { class: 'verdict-box verdict-' + verdict, test: 'verdict', 'data-verdict': verdict }, VERDICT_WORDS[verdict]),
    kv([
      ['Issuer', body.issuer ? link(didHref(body.issuer), body.issuer, { class: 'did' }) : undefined],
      ['Credential', body.credentialId ? h('code', null, body.credentialId) : undefined],
      ['Issued', body.validFrom ? fmtTime(body.validFrom) : undefined],
      ['Format', body.format],
    ]),
    h('h3', null, 'Each check'),
    h('ul', { class: 'checks' }, (body.checks || []).map((c) => {
      const r = ['passed', 'failed', 'undecided'].includes(c.result) ? c.result : 'undecided';
      return h('li', { test: 'check-result', 'data-result': r, 'data-check': c.check, class: 'result-' + r },
        h('span', { class: 'word result-' + r }, r === 'passed' ? '✓ Passed:' : r === 'failed' ? '✗ Failed:' : '? Not checked:'),
        checkWords(c),
        c.detail ? h('details', null, h('summary', null, 'Technical detail'), h('p', { class: 'muted wrap' }, c.check + ': ' + c.detail)) : null);
    })),
  ];
  if (body.trust && body.trust.note) out.push(h('p', { class: 'muted' }, 'Whom this answer trusts: ' + body.trust.note));
  return out;
}

// ---------- router ----------

let renderSeq = 0;

function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function replaceHash(hash) {
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

const PAGES = {
  '': ['home', homePage],
  did: ['did', didPage],
  registry: ['registry', registryPage],
  anchor: ['anchor', anchorPage],
  type: ['type', typePage],
  issuer: ['issuer', issuerPage],
  list: ['list', listPage],
  check: ['check', checkPage],
};

async function render(moveFocus) {
  const seq = ++renderSeq;
  const main = document.getElementById('main');
  const route = parseHash(location.hash);
  const search = document.getElementById('search-input');
  let pageName = 'home';
  let content;
  main.setAttribute('aria-busy', 'true');
  main.removeAttribute('data-loaded');
  try {
    if (route.name === 'search') {
      if (search && route.arg) search.value = route.arg;
      main.setAttribute('data-page', 'home');
      main.replaceChildren(h('p', null, 'Looking up…'));
      const r = await searchPage(route.arg || '');
      if (seq !== renderSeq) return;
      // Found: the box is cleared for the next search (on an error it
      // keeps the text, to be corrected).
      if (search) search.value = '';
      location.replace(r.redirect);
      return;
    }
    const entry = PAGES[route.name];
    if (!entry) throw new Error('There is no page “' + route.name + '”. Use the search box, or go to the trust registry.');
    pageName = entry[0];
    main.setAttribute('data-page', pageName);
    main.replaceChildren(h('p', null, 'Loading…'));
    content = await entry[1](route.arg, route.query);
  } catch (e) {
    content = [h('h1', { tabindex: '-1' }, 'Something went wrong'), errorBox(e && e.message ? e.message : String(e)), h('p', null, link('#/', 'Back to the search'))];
  }
  if (seq !== renderSeq) return;
  main.setAttribute('data-page', route.name === 'search' ? 'home' : pageName);
  main.replaceChildren();
  append(main, [content]);
  main.setAttribute('aria-busy', 'false');
  main.setAttribute('data-loaded', 'true');
  const title = main.querySelector('h1');
  document.title = (title ? title.textContent + ' — ' : '') + 'NDI Chain trust registry';
  const announce = document.getElementById('announce');
  if (announce) announce.textContent = title ? title.textContent + ' loaded' : 'Page loaded';
  if (moveFocus && title) title.focus();
}

function start() {
  const form = document.getElementById('search');
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = document.getElementById('search-input').value;
    navigate('#/search/' + encodeURIComponent(v.trim()));
  });
  document.getElementById('skip').addEventListener('click', (ev) => {
    ev.preventDefault();
    document.getElementById('main').focus();
  });
  window.addEventListener('hashchange', () => render(true));
  window.addEventListener('unhandledrejection', (ev) => showFatal(ev.reason));
  window.addEventListener('error', (ev) => showFatal(ev.error || ev.message));
  render(false);
}

function showFatal(err) {
  const main = document.getElementById('main');
  if (!main || main.querySelector('[data-test=error]')) return;
  main.append(errorBox('Unexpected error in the explorer: ' + (err && err.message ? err.message : String(err))));
  main.setAttribute('data-loaded', 'true');
}

start();
