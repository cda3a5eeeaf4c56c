"""A small browser for benchmarks, on the standard library only: keeps cookies, fills in forms with their CSRF
token, signs in like a person, follows background jobs to their file, and times every request.

Requests go over plain HTTP to 127.0.0.1 with `X-Forwarded-Proto: https`, as the TLS-terminating proxy of
docs/deployment.md sends them, so the production settings (secure cookies, strict CSRF checks) apply unchanged.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    ms: float  # from sending the request to reading the last byte of the body
    path: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class RequestFailed(Exception):
    pass


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons: not sent unless pressed

    def values(self, **changes: str) -> list[tuple[str, str]]:
        """The form's own values (hidden fields, selected options, ticked boxes) with some replaced or added."""
        out = [(name, changes[name] if name in changes else value) for name, value in self.fields]
        out += [(name, value) for name, value in changes.items() if name not in {n for n, _ in self.fields}]
        return out


class FormParser(HTMLParser):
    """Every <form> on a page with what a browser would submit by default."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
            return
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image"):
                form.buttons.append((a["name"], a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((a["name"], a.get("value", "on")))
            elif kind != "file":
                form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("name"):
            form.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select, self._select_first, self._select_chosen = a["name"], None, False
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                form.fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            if not self._select_chosen and self._select_first is not None and self.forms:
                self.forms[-1].fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self.forms:
                self.forms[-1].fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


JOB_PATH = re.compile(r"/jobs/(?P<id>[0-9a-f-]{36})/")


class Client:
    """One person's browser: its own cookies; one request at a time."""

    def __init__(self, base_url: str, *, timeout: float = 300) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.origin = f"https://{self.host}:{self.port}"  # as the browser sees the site, behind the proxy
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.username = ""

    # --- requests

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None) -> Response:
        all_headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "arp-benchmark",
            "Accept": "text/html,application/json;q=0.9,*/*;q=0.8",
            **(headers or {}),
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            data = raw.read()
        except (OSError, http.client.HTTPException) as error:
            raise RequestFailed(f"{method} {path}: {type(error).__name__}: {error}") from error
        finally:
            connection.close()
        ms = (time.perf_counter() - started) * 1000
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                self._keep_cookie(value)
        headers_out = {k.lower(): v for k, v in raw.getheaders()}
        return Response(raw.status, headers_out, data, ms, path)

    def _keep_cookie(self, header: str) -> None:
        pair, *attributes = header.split(";")
        name, _, value = pair.strip().partition("=")
        expired = any(a.strip().lower().startswith("max-age=0") for a in attributes) or value in ('""', "")
        if expired:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: list[tuple[str, str]], *, referer: str = "", files=None) -> Response:
        """A form post with the CSRF cookie and the Origin and Referer a browser sends; files: [(name, filename,
        bytes, content type)] makes it multipart."""
        headers = {"Origin": self.origin, "Referer": self.origin + (referer or path)}
        if files:
            boundary = uuid.uuid4().hex
            body = _multipart(boundary, fields, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request("POST", path, body=body, headers=headers)

    def follow(self, response: Response, *, limit: int = 5) -> Response:
        """Follow redirects with GETs, as a browser does after a form post."""
        while response.status in (301, 302, 303, 307, 308) and limit:
            response = self.get(self.path_of(response.location, response.path))
            limit -= 1
        return response

    @staticmethod
    def path_of(location: str, current: str = "/") -> str:
        parts = urlsplit(urljoin(current, location))
        return parts.path + (f"?{parts.query}" if parts.query else "")

    # --- what people do

    def submit(self, page: Response, form: Form, **changes: str) -> Response:
        action = self.path_of(form.action or page.path, page.path)
        return self.post(action, form.values(**changes), referer=page.path)

    def sign_in(self, username: str, password: str) -> Response:
        page = self.get("/accounts/sign-in/")
        if page.status != 200:
            raise RequestFailed(f"sign-in page answered {page.status}")
        form = next(f for f in forms_of(page.text) if any(n == "password" for n, _ in f.fields))
        done = self.submit(page, form, username=username, password=password)
        if done.status != 302:
            raise RequestFailed(f"signing in as {username} answered {done.status} (wrong password, or locked out?)")
        self.username = username
        return done

    def download(self, path: str, *, poll_every: float = 0.25) -> tuple[Response, dict]:
        """A download as a person gets it: the file at once, or a background job followed from the request to
        its finished file (polling its status JSON, as the progress page does). Returns the file's response
        and what happened: {"job": bool, "ms": total, "polls": n}."""
        started = time.perf_counter()
        first = self.get(path)
        match = JOB_PATH.search(self.path_of(first.location, path)) if first.status in (302, 303) else None
        if not match:
            return first, {"job": False, "ms": first.ms, "polls": 0}
        job = match.group("id")
        polls = 0
        while True:
            status = self.get(f"/jobs/{job}/status.json")
            polls += 1
            if status.status != 200:
                return status, {"job": True, "ms": (time.perf_counter() - started) * 1000, "polls": polls}
            state = status.json()
            if state.get("finished"):
                break
            time.sleep(poll_every)
        if state.get("state") != "succeeded":
            failed = Response(500, {}, json.dumps(state).encode(), 0, path)
            return failed, {"job": True, "ms": (time.perf_counter() - started) * 1000, "polls": polls}
        file = self.get(f"/jobs/{job}/download")
        return file, {"job": True, "ms": (time.perf_counter() - started) * 1000, "polls": polls}


def _multipart(boundary: str, fields: list[tuple[str, str]], files) -> bytes:
    out = []
    for name, value in fields:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, data, content_type in files:
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)
