"""Search: the rendered pages and the glossary's terms in; a sharded static index and the
worker that answers Material's search box out. No request leaves the site.

    terms      which strings are one word; how a query maps onto them
    segment    jieba with the glossary terms as one-token words
    compact    text rules of search documents (what is dropped, what is kept)
    documents  one search document per section, in snippet-sized blocks
    shards     postings, scores and the index files, split so a query fetches only its shard
    update     the index kept up to date across `mkdocs serve` rebuilds
    results    the 搜索 results page's files: every posting, per-document metadata, speech texts
    suggest    terms and character readings for "did you mean" and the closest terms (on demand)
    worker.js  the browser side, speaking Material's search-worker protocol
"""
