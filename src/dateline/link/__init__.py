"""The cross-article layer: what several articles, in several languages, say together.

Stored per-article records become :class:`~dateline.model.Report` objects (``reports``), one
per event; reports of one happening become one :class:`~dateline.model.Incident`
(``incidents``); incidents group into stories, sources that disagree become contradictions, and
territory events become a control timeline (``stories``, ``contradictions``, ``control``).
Everything here compares language-independent values only: gazetteer ids, canonical actors and
sides, ISO dates.
"""
