"""Ralph's LRS with its filesystem backend, for her2sim's tests: `python ralph-lrs.py HOST PORT`.

Ralph 5.1.0's filesystem LRS backend writes every POST to one file with the operation type
"create", which refuses a second POST once the file exists ("already exists and overwrite is
not allowed"); its Elasticsearch, MongoDB and ClickHouse backends have no such limit. This
launcher makes the filesystem backend append instead, and changes nothing else: statement
validation, duplicate-id handling, authentication and the xAPI API are Ralph's own.
Environment as for `ralph runserver -b fs` (RALPH_AUTH_FILE, RALPH_BACKENDS__LRS__FS__...).
"""
import os
import sys

os.environ.setdefault("RALPH_RUNSERVER_BACKEND", "fs")

from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

import uvicorn  # noqa: E402

if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run("ralph.api:app", host=host, port=port, log_level="warning")
