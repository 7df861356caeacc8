"""A small, asserted patch of Material's search worker (the minified file of the INSTALLED
package), applied at build time. Material is in maintenance mode, so we carry the fix ourselves;
every replacement must match exactly once, otherwise the build fails (an upgrade of Material
must not silently drop the fix).

The three patches (Material 9.8.1, src/.../integrations/search):

1. query/segment: `for (let j = i + 1; j < query.length; j++)` never tries the whole query as
   one token, so 两个维护 became 两个 + 维护 even when the index holds 两个维护. Bound made
   inclusive (`j <= query.length`).
2. _/index.ts `search()`: each Han run of the query goes through `kbSearch.segment` (the prelude
   below) instead of `[...segment(run, index)].join("* ")`. It maps glossary aliases and
   traditional characters to the simplified term, keeps a run that is an indexed word whole
   (else segments it with the fixed `segment`, which may add overlapping parts), and adds a
   "contains" clause (`*word*`) for each multi-character segment, so 维护 also finds 两个维护.
3. query/_ `getSearchQueryTerms`: a clause counts as found when a matched token *contains* it
   (was: starts with it), consistent with 2; otherwise results found through the contains
   clause would be marked "missing" the term they show.
"""
from __future__ import annotations

import json
import re

from .search_terms import SearchTerms

MARKER = "/* kb-search-patch */"


class WorkerPatchError(RuntimeError):
    """Material's worker does not look the way the patch expects (e.g. after an upgrade)."""


# (name, pattern, replacement). Identifiers are captured, not spelt: minified names differ
# between builds, the code shape is what we rely on.
PATCHES = [
    ("segment: try the whole query as one token",
     re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in "),
     r"for(let \1=\2+1;\1<=\3.length;\1++)\3.slice(\2,\1)in "),
    ("search: glossary-aware segmentation of Han runs",
     re.compile(r'(\w+)=>\[\.\.\.(\w+)\(\1,this\.index\.invertedIndex\)\]\.join\("\* "\)'),
     r"\1=>kbSearch.segment(\1,this.index.invertedIndex,\2)"),
    ("getSearchQueryTerms: a token containing the clause term matches it",
     re.compile(r"(for\(let (\w+) of (\w+)\))(\w+)\[(\w+)\]\.startsWith\(\2\.term\)"),
     r"\1\4[\5].includes(\2.term)"),
]

PRELUDE = r"""/* kb-search-patch */
/* 党建知识库: glossary-aware query segmentation (hooks/search_index.py, kb/search_worker.py). */
var kbSearch=(function(){
var ALIASES=%(aliases)s,CHARS=%(chars)s;
var KEYS=Object.keys(ALIASES).sort(function(a,b){return b.length-a.length});
function canonical(run){
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
return {canonical:canonical,segment:segment};
})();
"""


def prelude(terms: SearchTerms, traditional_chars: dict[str, str]) -> str:
    def js(value: dict) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Terms map to themselves so that the longest match wins: 中央八项规定精神 must not be read
    # as its alias 中央八项规定 followed by 精神.
    words = {**{term: term for term in terms.terms}, **terms.aliases}
    return PRELUDE % {"aliases": js(words), "chars": js(traditional_chars)}


def apply_patches(js: str) -> str:
    for name, pattern, replacement in PATCHES:
        js, count = pattern.subn(replacement, js)
        if count != 1:
            raise WorkerPatchError(
                f"search worker patch '{name}' matched {count} times (expected 1): Material's "
                "search worker changed. Check hooks/kb/search_worker.py against the installed "
                "mkdocs-material before upgrading.")
    return js


def patch_worker(js: str, terms: SearchTerms, traditional_chars: dict[str, str]) -> str:
    """The worker source with the prelude and the three patches. `js` must be the untouched
    file of the installed package (a second patch of a patched file is refused)."""
    if MARKER in js:
        raise WorkerPatchError("search worker is already patched; patch the package's original")
    return prelude(terms, traditional_chars) + apply_patches(js)
