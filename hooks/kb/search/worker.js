/* 党建知识库: the search worker (hooks/search_index.py, kb/search/site_index.py, kb/search/shards.py).
 *
 * Speaks the message protocol of Material for MkDocs' own search worker, so Material's search
 * box, result list and keyboard handling stay as they are:
 *   {type: 0 SETUP, data: search_index.json}  ->  {type: 1 READY}
 *   {type: 2 QUERY, data: "query"}            ->  {type: 3 RESULT, data: {items: [[doc, ...], ...]}}
 * Instead of building a lunr index from every document, it fetches only the postings shard(s)
 * of the query's words and the files of the pages it shows. The data comes from config.kb of
 * search_index.json (the manifest). No request leaves the site.
 */
"use strict";

var KB = null;                 /* the manifest */
var ROOT = new URL("../../../", self.location.href);   /* site root: assets/javascripts/workers/ */
var CACHE = {};                /* file name -> Promise of its JSON */
var KEYS = [], RUNS = /\p{sc=Han}+|[\p{L}\p{N}]+/gu;
var IGNORED = /[“”‘’"'「」『』、·・]/g;
var GAP = "[“”‘’\"'「」『』、·・]*";

function setup(kb) {
  KB = kb;
  KEYS = Object.keys(kb.aliases || {}).sort(function (a, b) {
    return b.length - a.length || (a < b ? -1 : 1);
  });
  RUNS = new RegExp((kb.special ? kb.special + "|" : "") + "\\p{sc=Han}+|[\\p{L}\\p{N}]+", "gu");
}

/* kb.search.terms.search_key: NFKC, lower case, no quotes or 、 */
function key(s) { return s.normalize("NFKC").toLowerCase().replace(IGNORED, ""); }

/* A query run under its search key, glossary aliases read as their term, traditional
 * characters as simplified ones. */
function canonical(run) {
  run = key(run);
  var out = "", i = 0;
  next: while (i < run.length) {
    for (var k = 0; k < KEYS.length; k++)
      if (run.startsWith(KEYS[k], i)) { out += KB.aliases[KEYS[k]]; i += KEYS[k].length; continue next; }
    out += (KB.chars && KB.chars[run[i]]) || run[i]; i++;
  }
  return out;
}

/* kb.search.shards.fnv1a / shard_of, over code points */
function fnv1a(text) {
  var h = 0x811c9dc5;
  for (var ch of text) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}
function shardOf(token) { return fnv1a(Array.from(token).slice(0, 2).join("")) % KB.shards; }

function load(name) {
  if (!(name in CACHE))
    CACHE[name] = fetch(new URL("search/" + KB.dir + "/" + name, ROOT).href)
      .then(function (r) { if (!r.ok) throw new Error(name + ": " + r.status); return r.json(); })
      .catch(function (err) { delete CACHE[name]; throw err; });
  return CACHE[name];
}
function shard(token) { return load("s" + shardOf(token) + ".json"); }

/* The indexed words of a run: the run itself when indexed, else the longest indexed word at
 * each position (one shard per position: a shard holds every word with the same first two
 * characters). Single characters only when nothing longer was found. */
async function words(run) {
  var chars = Array.from(run);
  if (chars.length < 2) return [[run, (await shard(run))[run]]];
  var whole = (await shard(run))[run];
  if (whole) return [[run, whole]];
  var out = [], singles = [];
  for (var i = 0; i < chars.length;) {
    var found = 0;
    if (i + 1 < chars.length) {
      var postings = await shard(chars[i] + chars[i + 1]);
      for (var n = chars.length - i; n >= 2; n--) {
        var w = chars.slice(i, i + n).join("");
        if (postings[w]) { out.push([w, postings[w]]); found = n; break; }
      }
    }
    if (found) { i += found; continue; }
    singles.push(chars[i]); i++;
  }
  if (!out.length)
    for (var c of singles) out.push([c, (await shard(c))[c]]);
  return out;
}

function pageOf(doc) {
  var lo = 0, hi = KB.starts.length - 1;
  while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (KB.starts[mid] <= doc) lo = mid; else hi = mid - 1; }
  return lo;
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
  });
}

/* A regex finding the query words in text, allowing quotes or 、 between their characters. */
function marker(tokens) {
  var alts = tokens.filter(function (t) { return t.length; }).sort(function (a, b) { return b.length - a.length; })
    .map(function (t) {
      return Array.from(t).map(function (c) { return c.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&"); }).join(GAP);
    });
  return alts.length ? new RegExp(alts.join("|"), "giu") : null;
}

function highlight(text, re) {
  if (!re) return escapeHtml(text);
  var out = "", last = 0, m;
  re.lastIndex = 0;
  while ((m = re.exec(text)) !== null) {
    if (!m[0].length) { re.lastIndex++; continue; }
    out += escapeHtml(text.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>";
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/* The (at most two) blocks that show a query word, else the first block. */
function snippet(blocks, re) {
  var hits = [];
  for (var b of blocks) {
    if (re) { re.lastIndex = 0; if (re.test(b)) hits.push(b); }
    if (hits.length === 2) break;
  }
  if (!hits.length && blocks.length) hits = [blocks[0]];
  return hits.map(function (b) { return "<p>" + highlight(b, re) + "</p>"; }).join("");
}

async function search(query) {
  var runs = [];
  query.replace(RUNS, function (run) { runs.push(canonical(run)); return run; });
  if (!runs.length) return {items: []};
  var found = [];
  for (var run of runs) found = found.concat(await words(run));
  var tokens = [], lists = [];
  for (var f of found) if (tokens.indexOf(f[0]) < 0) { tokens.push(f[0]); lists.push(f[1] || []); }

  /* Documents with most query words first (those lacking some show them struck through,
   * as in Material), then by score. */
  var acc = new Map();
  lists.forEach(function (list, t) {
    for (var i = 0; i < list.length; i += 2) {
      var a = acc.get(list[i]);
      if (!a) acc.set(list[i], a = {doc: list[i], score: 0, hits: {}});
      a.score += list[i + 1]; a.hits[tokens[t]] = true;
    }
  });
  var docs = Array.from(acc.values());
  docs.forEach(function (d) { d.n = Object.keys(d.hits).length; });
  docs.sort(function (a, b) { return b.n - a.n || b.score - a.score || a.doc - b.doc; });

  /* Group by page, pages in order of their best document. */
  var groups = new Map();
  for (var d of docs) {
    var p = pageOf(d.doc);
    if (!groups.has(p)) { if (groups.size >= KB.pages) continue; groups.set(p, []); }
    groups.get(p).push(d);
  }
  var pages = Array.from(groups.keys());
  var files = await Promise.all(pages.map(function (p) { return load("p" + p + ".json"); }));
  var re = marker(tokens);
  var items = pages.map(function (p, n) {
    var file = files[n], start = KB.starts[p], hits = groups.get(p);
    function item(doc, score, matched) {
      var d = file.d[doc - start], terms = {};
      for (var t of tokens) terms[t] = !!matched[t];
      return {location: file.u + (d[0] ? "#" + d[0] : ""), title: highlight(d[1], re),
              text: snippet(d[2], re), score: score / 100, terms: terms};
    }
    var out = hits.map(function (h) { return item(h.doc, h.score, h.hits); });
    if (!hits.some(function (h) { return h.doc === start; })) out.push(item(start, 0, {}));
    return out;
  });
  return {items: items};
}

/* Answer the newest query only: results of a query overtaken by typing are not sent. */
var pending = null, busy = false;
async function run() {
  busy = true;
  while (pending !== null) {
    var query = pending, result;
    pending = null;
    try { result = await search(query); }
    catch (err) { console.warn("search: " + query, err); result = {items: []}; }
    if (pending === null) postMessage({type: 3, data: result});
  }
  busy = false;
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === 0) {
    setup(message.data.config.kb);
    postMessage({type: 1});
  } else if (message.type === 2) {
    pending = String(message.data || "");
    if (!busy) run();
  }
});
