"""`ihya serve` refuses to start, with a clear message, when its port is taken."""

import os
import socket

from tests.conftest import run_ihya


def test_serve_exits_with_a_clear_message_when_its_port_is_taken(tmp_path):
    env = {**os.environ, "IHYA_HOME": str(tmp_path)}  # nothing is served: no database needed
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run_ihya(env, "serve", "--port", str(port), check=False)
    assert proc.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in proc.stderr and "port is taken" in proc.stderr
    assert "serving on" not in proc.stderr
