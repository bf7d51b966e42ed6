"""Backups: the database and the data files under IHYA_HOME in one archive with a manifest of
checksums (``ihya backup FILE``), and its restore (``ihya restore FILE``)."""
