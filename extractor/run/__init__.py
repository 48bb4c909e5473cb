"""Running extraction over many pages: discovery, workers, the cache, and writing outputs.

The stages themselves (readers, interpreter, writers) know nothing of files
on disk, processes or caches; this package is where those concerns live, so
``extract``, ``drift``, ``diff`` and ``history`` share one way of running.
"""
