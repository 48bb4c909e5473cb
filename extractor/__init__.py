"""docconform.extractor: reference pages to endpoints, schemas and drift findings.

Stages, each a subpackage: ``readers`` (a page format -> Document),
``interpret`` (Document -> Endpoint), ``crosslinks`` (tables linked across the
pages of a run), ``writers`` (Endpoint -> JSON Schema bundles, OpenAPI 3.1),
``drift`` (versions compared, pages linted, reports). ``run`` orchestrates a
whole extraction (files, workers, cache, outputs). Never imports
``docconform.conformance``.
"""
