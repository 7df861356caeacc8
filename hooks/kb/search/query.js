/* 党建知识库: how a query's text is read, shared by the header box's worker (worker.js, through
 * importScripts) and the 搜索 page (docs/assets/kb-search.js, through a script tag), so the two
 * cannot drift apart. Written as search/query-<content hash>.js (kb/search/site_index.py),
 * named in the manifest (config.kb of search_index.json) as `query`.
 *
 * kbQuery(manifest) gives, for that index:
 *   key(s)          kb.search.terms.search_key: NFKC, lower case, no quotes or 、;
 *   canonical(run)  a run under its key, glossary aliases read as their term, traditional
 *                   characters as simplified ones;
 *   fold(s)         text for a phrase check: key, no white space, traditional as simplified;
 *   keys            the alias keys, longest first (ties in code order);
 *   runs            the regex of a query's runs: special terms, Han runs, letters/digits;
 *   shardOf(t, n)   kb.search.shards.shard_of: fnv1a of the first two code points, mod n.
 */
var KB_IGNORED = /[“”‘’"'「」『』、·・]/g;
var KB_GAP = "[“”‘’\"'「」『』、·・]*";

function kbQuery(kb) {
  var aliases = kb.aliases || {}, chars = kb.chars || {};
  var keys = Object.keys(aliases).sort(function (a, b) {
    return b.length - a.length || (a < b ? -1 : 1);
  });
  var runs = new RegExp((kb.special ? kb.special + "|" : "") + "\\p{sc=Han}+|[\\p{L}\\p{N}]+", "gu");

  function key(s) { return s.normalize("NFKC").toLowerCase().replace(KB_IGNORED, ""); }

  function canonical(run) {
    run = key(run);
    var out = "", i = 0;
    next: while (i < run.length) {
      for (var k = 0; k < keys.length; k++)
        if (run.startsWith(keys[k], i)) { out += aliases[keys[k]]; i += keys[k].length; continue next; }
      out += chars[run[i]] || run[i]; i++;
    }
    return out;
  }

  function fold(s) {
    s = key(s).replace(/\s+/g, "");
    var out = "";
    for (var ch of s) out += chars[ch] || ch;
    return out;
  }

  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var ch of text) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }

  function shardOf(token, shards) { return fnv1a(Array.from(token).slice(0, 2).join("")) % shards; }

  return {key: key, canonical: canonical, fold: fold, keys: keys, runs: runs, shardOf: shardOf};
}
