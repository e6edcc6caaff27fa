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

def _exit_with_parent():
    """A test run that is killed leaves no LRS behind: exit once the parent is gone."""
    import threading
    import time

    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    _exit_with_parent()
    uvicorn.run("ralph.api:app", host=host, port=port, log_level="warning")
