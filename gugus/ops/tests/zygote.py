"""A process that starts Django once and forks a child per ``gugus`` command, for the crash tests.

Starting ``python -m gugus`` costs seconds on a loaded machine; forking a process that has already
imported everything costs milliseconds, and the child is a real process of its own that the test
can kill with SIGKILL. The parent never opens a database connection, so no child inherits one.

Protocol, one JSON object per line on standard input, one answer per line on standard output:
  {"args": [...], "out": PATH, "err": PATH, "env": {...}}  ->  "pid P"   (the child's output goes to the files)
  {"reap": P}                                             ->  "status P CODE"  (-N when killed by signal N)
"""

from __future__ import annotations

import json
import os
import sys


def main() -> int:
    from gugus.cli import main as gugus_main
    from gugus.cli import setup_django

    setup_django()
    import gugus.audit.cli  # noqa: F401  (imported before forking, like everything the commands use)
    import gugus.cases.cli  # noqa: F401
    import gugus.cases.importer  # noqa: F401

    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if "reap" in request:
            _pid, status = os.waitpid(request["reap"], 0)
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            print(f"status {request['reap']} {code}", flush=True)
            continue
        pid = os.fork()
        if pid == 0:  # the child: its own output files, its own environment, then the command
            try:
                out = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                err = os.open(request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(out, 1)
                os.dup2(err, 2)
                sys.stdin.close()
                os.environ.update(request.get("env", {}))
                code = gugus_main(request["args"])
                sys.stdout.flush()
                sys.stderr.flush()
            except BaseException as error:  # noqa: BLE001 (reported through the exit code and the file)
                print(f"{type(error).__name__}: {error}", file=sys.stderr, flush=True)
                code = 70
            os._exit(code)
        print(f"pid {pid}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
