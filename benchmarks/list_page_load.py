"""Benchmark: the factory list page under load, against a trivial endpoint of the same app.

    python benchmarks/list_page_load.py [--factories 5000] [--clients 20] [--seconds 20]

Loads a fresh SQLite registry of N demo factories, logs a viewer in, serves the app with
`ihya serve` (gunicorn, 2 workers x 4 threads) and runs wrk with 20 concurrent connections for
the list page (50 per page, filtered by status and sorted by jobs lost, page 3) and for
/healthz (no database, no session). Prints the p50/p95/p99 latency and the throughput of both.
Needs `wrk` (Debian package).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT p50=%.2f p95=%.2f p99=%.2f requests=%d errors=%d rps=%.1f\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6)))
end
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ihya(env, *args):
    subprocess.run(
        [sys.executable, "-m", "ihya.cli", *args], env=env, check=True, capture_output=True
    )


def login(base: str, username: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/login/")
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf}
    ).encode()
    request = urllib.request.Request(
        base + "/login/", data=data, headers={"Referer": base + "/login/"}
    )
    opener.open(request)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def wrk(url: str, cookie: str, clients: int, seconds: int, script: Path) -> str:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{clients}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return re.search(r"RESULT .*", out).group(0)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--factories", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "IHYA_HOME": str(tmp / "home")}
        env.pop("IHYA_DATABASE_URL", None)
        ihya(env, "db", "upgrade")
        ihya(env, "demo", "load", "--factories", str(args.factories), "--no-trade")
        password = "load test password 1"
        code = (
            "import ihya; ihya.setup()\nfrom ihya.accounts.services import user_create\n"
            f"user_create(username='load', role='viewer', password={password!r})\n"
        )
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        port = _port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ihya.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            cookie = login(base, "load", password)
            script = tmp / "p95.lua"
            script.write_text(LUA)
            page = base + "/factories/?status=stalled&sort=-jobs_lost&page=3"
            wrk(page, cookie, args.clients, 3, script)  # warm-up
            listing = wrk(page, cookie, args.clients, args.seconds, script)
            trivial = wrk(base + "/healthz", cookie, args.clients, args.seconds, script)
        finally:
            server.terminate()
            server.wait(10)
    print(
        f"factories: {args.factories:,}  clients: {args.clients}  duration: {args.seconds} s each"
    )
    print(f"factory list page (50 rows): {listing}")
    print(f"/healthz (trivial):          {trivial}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
