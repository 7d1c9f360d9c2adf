"""The processes of the local stack: started on free ports of 127.0.0.1 in a temporary
folder, each in its own process group, and all stopped by ``Stack.stop`` whatever happened."""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = os.environ.get("STACK_POSTGRES", "postgres://postgres@127.0.0.1:5432")


class Failed(Exception):
    """A check did not hold, or a service did not come up."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, *, timeout: float, step: float = 0.25, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:  # noqa: BLE001, S110 - not up yet
            pass
        time.sleep(step)
    raise Failed(f"{what}: not within {timeout:.0f} s")


def http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1 only
        return response.status == 200


class Stack:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="manara-stack-"))
        self.logs = self.tmp / "logs"
        self.logs.mkdir()
        self.processes: dict[str, subprocess.Popen] = {}
        self.database = f"manara_stack_{os.getpid()}"
        self.redis_port = free_port()
        self.s3_port = free_port()
        self.web_ports = [free_port(), free_port()]
        while self.web_ports[0] == self.web_ports[1] or 8000 in self.web_ports:
            self.web_ports = [free_port(), free_port()]
        self.bucket = "manara-stack"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MANARA_"))},
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{POSTGRES}/{self.database}",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/1",
            "MANARA_BASE_URL": f"https://127.0.0.1:{self.web_ports[0]}",
            "MANARA_CERTIFICATE_KEY": secrets.token_urlsafe(48),
            "EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "MANARA_S3_BUCKET": self.bucket,
            "MANARA_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "MANARA_S3_ACCESS_KEY_ID": "stack-check",
            "MANARA_S3_SECRET_ACCESS_KEY": "stack-check-secret",
            "MANARA_TRUSTED_PROXIES": "127.0.0.1",
            "MANARA_VERIFY_RATE_PER_MINUTE": "10",
            "MANARA_STATIC_ROOT": str(self.tmp / "static"),
            # The media folder must not be needed: point it where nothing can be written.
            "MANARA_MEDIA_ROOT": str(self.tmp / "no-local-media" / "media"),
            # A killed worker's task returns to the queue soon, and the beat's sweep for
            # unrendered certificates runs often, so recovery shows within the check.
            "CELERY_VISIBILITY_TIMEOUT": "15",
            "MANARA_RENDER_SWEEP_SECONDS": "10",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "4",
            "PYTHONUNBUFFERED": "1",
        }
        # A plain file where the media folder's parent would be: no write can go there.
        (self.tmp / "no-local-media").write_text("not a folder\n")

    # -- processes ---------------------------------------------------------------------
    def start(self, name: str, command: list[str], **kwargs) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 - our own commands
            command,
            cwd=BASE_DIR,
            env=kwargs.pop("env", self.env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as one
            **kwargs,
        )
        self.processes[name] = process
        return process

    def kill(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def manage(self, *args: str, timeout: float = 300) -> str:
        result = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise Failed(f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    # -- services ----------------------------------------------------------------------
    def start_redis(self) -> None:
        self.start(
            "redis",
            [
                shutil.which("redis-server") or "redis-server",
                "--bind", "127.0.0.1",
                "--port", str(self.redis_port),
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.tmp),
            ],
        )  # fmt: skip # a command line: each flag beside its value

        def pong() -> bool:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")

        wait_until(pong, timeout=15, what="redis-server")

    def stop_redis(self) -> None:
        self.kill("redis")

    def start_s3(self) -> None:
        self.start(
            "s3",
            [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)],
        )
        wait_until(
            lambda: http_ok(f"http://127.0.0.1:{self.s3_port}/moto-api/"),
            timeout=30,
            what="moto S3 server",
        )
        import boto3

        boto3.client(
            "s3",
            endpoint_url=self.env["MANARA_S3_ENDPOINT_URL"],
            aws_access_key_id="stack-check",
            aws_secret_access_key="stack-check-secret",  # noqa: S106 - the local fake's
            region_name="us-east-1",
        ).create_bucket(Bucket=self.bucket)

    def create_database(self) -> None:
        subprocess.run(  # noqa: S603
            ["psql", f"{POSTGRES}/postgres", "-qc", f'CREATE DATABASE "{self.database}"'],
            check=True,
            capture_output=True,
        )

    def create_database_from(self, template: str) -> None:
        """A copy of an existing database (PostgreSQL's template), for a quicker start."""
        subprocess.run(  # noqa: S603
            [
                "psql", f"{POSTGRES}/postgres", "-qc",
                f'CREATE DATABASE "{self.database}" TEMPLATE "{template}"',
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip # a command line: each flag beside its value

    def drop_database(self) -> None:
        drop = f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'
        subprocess.run(["psql", f"{POSTGRES}/postgres", "-qc", drop], capture_output=True)

    def start_web(self, index: int) -> None:
        port = self.web_ports[index]
        self.start(
            f"web{index + 1}",
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "lms.wsgi:application"],
            env={**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        )

    def wait_web(self, index: int) -> None:
        port = self.web_ports[index]
        wait_until(
            lambda: http_ok(f"http://127.0.0.1:{port}/readyz"),
            timeout=60,
            what=f"web {index + 1} ready",
        )

    def start_worker(self, name: str = "worker") -> None:
        self.start(
            name,
            [
                PYTHON, "-m", "celery", "-A", "lms", "worker",
                "--concurrency=1", "--prefetch-multiplier=1",
                "--without-gossip", "--without-mingle", "--loglevel=INFO",
                "-n", f"{name}@%h",
            ],
        )  # fmt: skip # a command line: each flag beside its value
        wait_until(lambda: "ready" in self.log(name), timeout=60, what=f"{name} ready")

    def start_beat(self, name: str = "beat") -> None:
        self.start(
            name,
            [
                PYTHON, "-m", "celery", "-A", "lms", "beat", "--loglevel=INFO",
                "--pidfile=", f"--schedule={self.tmp / name}",
            ],
        )  # fmt: skip # a command line: each flag beside its value

    def stop(self) -> None:
        """Ask every process to stop at once, give them five seconds together, then kill
        what lingers (and say which, so a slow shutdown shows)."""
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        for name, process in list(self.processes.items())[::-1]:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"  ({name} did not stop within 5 s of SIGTERM: killed)", flush=True)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            self.processes.pop(name, None)
        self.drop_database()
