"""Tables of drafts in and out: files read and written in chunks, batches over processes, Dask.

files (formats, chunked reading, atomic writing), batch (`reviewer review` on one machine) and
distributed (the same review on a Dask cluster; needs the `dask` extra).
"""
