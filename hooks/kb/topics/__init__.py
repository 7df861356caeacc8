"""Topics: data/topics.yml (`taxonomy`: five topics, sub-topics, weighted cue words) and the
corpus in; the topic of every section and paragraph out (`classify`), explainable by its cues.
"""
