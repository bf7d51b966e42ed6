"""`ihya serve` refuses to start, with a clear message, when its port is taken; a local demo gets
no HTTPS advice, a production configuration does."""

import os
import socket

from tests.conftest import run_ihya


def _serve_on_a_taken_port(env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run_ihya(env, "serve", "--port", str(port), check=False)
    return proc, port


def test_serve_exits_with_a_clear_message_when_its_port_is_taken(tmp_path):
    env = {**os.environ, "IHYA_HOME": str(tmp_path)}  # nothing is served: no database needed
    env.pop("IHYA_ENV", None)
    env.pop("IHYA_HTTPS", None)
    proc, port = _serve_on_a_taken_port(env)
    assert proc.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in proc.stderr and "port is taken" in proc.stderr
    assert "serving on" not in proc.stderr
    assert "security.W0" not in proc.stderr  # a local demo: no HTTPS advice


def test_a_production_configuration_keeps_the_https_advice(tmp_path):
    env = {
        **os.environ,
        "IHYA_HOME": str(tmp_path),
        "IHYA_ENV": "production",
        "IHYA_SECRET_KEY": "k" * 40 + "-production-secret-for-the-test",
        "IHYA_ALLOWED_HOSTS": "ihya.example.ly",
    }
    env.pop("IHYA_HTTPS", None)
    proc, _port = _serve_on_a_taken_port(env)
    assert proc.returncode == 1
    assert "security.W012" in proc.stderr and "security.W016" in proc.stderr
