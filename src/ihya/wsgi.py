"""WSGI entry point."""

import os

# One BLAS thread per request thread. The server already runs several processes with several
# threads each; OpenBLAS's own threads (one per core by default) spin while they wait, which more
# than doubled the CPU time of a ranking under load and took it from the other requests. Set
# before NumPy is first imported; an operator's own setting wins.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ihya.settings")
application = get_wsgi_application()
