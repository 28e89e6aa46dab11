-- The PostgreSQL settings the benchmarks are run with, for this 2-core, 24 GiB machine (the server runs beside
-- leadcycle). A distribution's defaults (shared_buffers 128 MB, max_wal_size 1 GB) suit a laptop: a bulk pass over
-- a 1M-contact workspace (5 GB with its events) then spends a third of its time waiting on disk, because backends
-- write their own dirty pages out of a 128 MB cache and every GB of WAL forces a checkpoint, after which each
-- page's first change is logged whole again. Scale to the server: shared_buffers about a quarter of its memory,
-- effective_cache_size about two thirds, max_wal_size as large as the disk allows between checkpoints.
--
--   psql -U postgres -f bench/tune-postgres.sql && pg_ctlcluster 15 main restart   (or your service manager)
--
-- Durability is untouched: fsync and synchronous_commit keep their defaults.
ALTER SYSTEM SET shared_buffers = '6GB';
ALTER SYSTEM SET effective_cache_size = '16GB';
ALTER SYSTEM SET maintenance_work_mem = '1GB';
ALTER SYSTEM SET work_mem = '16MB';
ALTER SYSTEM SET wal_buffers = '64MB';
ALTER SYSTEM SET max_wal_size = '16GB';
ALTER SYSTEM SET min_wal_size = '2GB';
ALTER SYSTEM SET checkpoint_timeout = '15min';
ALTER SYSTEM SET random_page_cost = 1.1;
