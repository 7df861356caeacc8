"""A small, asserted patch of Material's search worker (the minified file of the INSTALLED
package), applied at build time. Material is in maintenance mode, so we carry the fix ourselves;
every replacement must match exactly once, otherwise the build fails (an upgrade of Material
must not silently drop the fix).

The patches (Material 9.8.1, src/.../integrations/search):

1. query/segment: `for (let j = i + 1; j < query.length; j++)` never tries the whole query as
   one token, so 两个维护 became 两个 + 维护 even when the index holds 两个维护. Bound made
   inclusive (`j <= query.length`).
2. _/index.ts `search()`: the query is cut into runs by `kbSearch.runs()` instead of
   `/\\p{sc=Han}+/gu`: Han runs, and glossary words with digits, letters or quotes
   (“1+3”制度体系, 20字) as one run each.
3. _/index.ts `search()`: each run goes through `kbSearch.segment` (the prelude below) instead
   of `[...segment(run, index)].join("* ")`. It reads the run under its search key
   (kb.search_terms.search_key: no quotes or 、, half-width, lower case), maps glossary aliases
   and traditional characters to the simplified term, keeps a run that is an indexed word whole
   (else segments it with the fixed `segment`, which may add overlapping parts), and adds a
   "contains" clause (`*word*`) for each multi-character segment, so 维护 also finds 两个维护.
4. query/_ `getSearchQueryTerms`: a clause counts as found when a matched token *contains* it
   (was: starts with it), consistent with 3; otherwise results found through the contains
   clause would be marked "missing" the term they show.
5. _/index.ts `Search` constructor: a lunr pipeline step indexes (and queries) every token
   under its search key and drops tokens without a letter or digit (punctuation), so the
   token “1+3”制度体系 of the text and the query 1+3制度体系 meet.

The prelude is static; the glossary data comes with the index (`worker_data`, in
search_index.json's `config.kb`), so the file's name can be its content hash (`worker_name`).
"""
from __future__ import annotations

import hashlib
import re

from .search_terms import IGNORED, SearchTerms, search_key, special_pattern

MARKER = "/* kb-search-patch */"


class WorkerPatchError(RuntimeError):
    """Material's worker does not look the way the patch expects (e.g. after an upgrade)."""


# (name, pattern, replacement). Identifiers are captured, not spelt: minified names differ
# between builds, the code shape is what we rely on.
PATCHES = [
    ("segment: try the whole query as one token",
     re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in "),
     r"for(let \1=\2+1;\1<=\3.length;\1++)\3.slice(\2,\1)in "),
    ("search: glossary words with digits, letters or quotes are one run, like Han runs",
     re.compile(re.escape(r'new RegExp("\\p{sc=Han}+","gu")')),
     "kbSearch.runs()"),
    ("search: glossary-aware segmentation of Han runs",
     re.compile(r'(\w+)=>\[\.\.\.(\w+)\(\1,this\.index\.invertedIndex\)\]\.join\("\* "\)'),
     r"\1=>kbSearch.segment(\1,this.index.invertedIndex,\2)"),
    ("getSearchQueryTerms: a token containing the clause term matches it",
     re.compile(r"(for\(let (\w+) of (\w+)\))(\w+)\[(\w+)\]\.startsWith\(\2\.term\)"),
     r"\1\4[\5].includes(\2.term)"),
    ("index: every token is indexed under its search key",
     re.compile(re.escape('this.ref("location");')),
     'kbSearch.pipeline(this);this.ref("location");'),
]

PRELUDE = r"""/* kb-search-patch */
/* 党建知识库: glossary-aware search (hooks/search_index.py, kb/search_worker.py). */
var kbSearch=(function(){
var ALIASES={},KEYS=[],CHARS={},RUNS=/\p{sc=Han}+/gu;
var IGNORED=/[%(ignored)s]/g,WORDY=/[\p{L}\p{N}]/u;
function load(kb){
  ALIASES=kb.aliases||{};CHARS=kb.chars||{};
  KEYS=Object.keys(ALIASES).sort(function(a,b){return b.length-a.length||(a<b?-1:1)});
  RUNS=new RegExp((kb.special?kb.special+"|":"")+"\\p{sc=Han}+","gu");
}
self.addEventListener("message",function(ev){
  var d=ev.data&&ev.data.data;if(d&&d.config&&d.config.kb)load(d.config.kb);
});
function key(s){return s.normalize("NFKC").toLowerCase().replace(IGNORED,"")}
function canonical(run){
  run=key(run);
  var out="",i=0;
  next: while(i<run.length){
    for(var k=0;k<KEYS.length;k++)
      if(run.startsWith(KEYS[k],i)){out+=ALIASES[KEYS[k]];i+=KEYS[k].length;continue next}
    out+=CHARS[run[i]]||run[i];i++;
  }
  return out;
}
function segment(run,index,split){
  run=canonical(run);
  var parts=(run in index)?[run]:Array.from(split(run,index));
  return parts.map(function(p){return p.length>1?p+" *"+p:p}).join(" ");
}
function normalizeToken(token){
  var k=key(token.toString());
  return WORDY.test(k)?token.update(function(){return k}):null;
}
function pipeline(builder){   /* lunr is defined after this prelude */
  if(!normalizeToken.label)lunr.Pipeline.registerFunction(normalizeToken,"kbSearchKey");
  builder.pipeline.add(normalizeToken);builder.searchPipeline.add(normalizeToken);
}
return {canonical:canonical,segment:segment,runs:function(){RUNS.lastIndex=0;return RUNS},
        pipeline:pipeline,load:load,key:key};
})();
"""
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")


def worker_data(terms: SearchTerms, traditional_chars: dict[str, str]) -> dict:
    """What the patched worker needs besides its code, for search_index.json's config.kb:
    search key -> term key for every term and alias (terms map to themselves so that the
    longest match wins: 中央八项规定精神 must not be read as its alias 中央八项规定 followed by
    精神), traditional -> simplified characters, and the pattern of glossary words jieba cannot
    keep whole (kb.search_terms.special_pattern)."""
    words = {search_key(term): search_key(term) for term in terms.terms}
    for alias, term in terms.aliases.items():
        words.setdefault(search_key(alias), search_key(term))
    return {"aliases": dict(sorted(words.items())),
            "chars": dict(sorted(traditional_chars.items())),
            "special": special_pattern(terms.words())}


def apply_patches(js: str) -> str:
    for name, pattern, replacement in PATCHES:
        js, count = pattern.subn(replacement, js)
        if count != 1:
            raise WorkerPatchError(
                f"search worker patch '{name}' matched {count} times (expected 1): Material's "
                "search worker changed. Check hooks/kb/search_worker.py against the installed "
                "mkdocs-material before upgrading.")
    return js


def _js_class_char(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-" else ch


def patch_worker(js: str) -> str:
    """The worker source with the prelude and the patches. `js` must be the untouched file of
    the installed package (a second patch of a patched file is refused). Its source map no
    longer fits and is not referenced."""
    if MARKER in js:
        raise WorkerPatchError("search worker is already patched; patch the package's original")
    prelude = PRELUDE % {"ignored": "".join(_js_class_char(c) for c in IGNORED)}
    return prelude + _SOURCE_MAP.sub("", apply_patches(js)) + "\n"


def worker_name(js: str) -> str:
    """search.<content hash>.min.js: a rebuilt worker never hides behind a cached old one."""
    return f"search.{hashlib.sha256(js.encode('utf-8')).hexdigest()[:12]}.min.js"
