"""A Label Studio connection: retries with backoff, errors in annotkit's terms.

This is the one place that talks HTTP to Label Studio, through the SDK's
configured client (base URL, token header, token refresh). Responses stay
plain JSON: Label Studio's result items are compared and stored exactly as
the server holds them, and pages are read without building typed models.

The API token never appears in a message: errors name the URL and the
status, and any text taken from a response is scrubbed of the token.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import httpx

from annotkit.errors import StudioAuthError, StudioError

log = logging.getLogger(__name__)

RETRY_STATUS = frozenset({429, 502, 503, 504})
DEFAULT_RETRY_FOR = 60.0
PAGE_SIZE = 1000
# The SDK's transport would itself repeat a request after a dropped
# connection or an HTTP 5xx, even an import: a lost answer would then mean
# duplicate tasks. annotkit decides what to repeat.
_NO_SDK_RETRIES: Any = {"max_retries": 0}


class StudioUnavailable(StudioError):
    """Label Studio did not answer, or answered 'try again', until the deadline.

    A request that may have been carried out (an import, a create) is never
    repeated blindly: callers catch this, reread the server's state and redo
    only what is missing.
    """


class Studio:
    """A connection to one Label Studio server with one API token.

    ``retry_for`` is how long, in seconds, transient failures (connection
    refused or reset, timeouts, HTTP 429/502/503/504) are retried with
    exponential backoff before ``StudioUnavailable`` is raised.
    """

    def __init__(
        self,
        url: str,
        token: str,
        *,
        retry_for: float = DEFAULT_RETRY_FOR,
        timeout: float = 300.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not url:
            raise StudioError(
                "no Label Studio URL: pass --url or set LABEL_STUDIO_URL "
                "(`annotkit studio up` starts a local server)"
            )
        if not token:
            raise StudioAuthError(
                f"no API token for Label Studio at {url}: pass --token or set "
                "LABEL_STUDIO_API_KEY"
            )
        from label_studio_sdk import LabelStudio

        self.url = url.rstrip("/")
        self._token = token
        self.retry_for = retry_for
        self._sleep = sleep
        self._clock = clock
        self._sdk = LabelStudio(  # type: ignore[no-untyped-call]
            base_url=self.url, api_key=token, timeout=timeout
        )
        # The SDK's own transport: it adds the token header (and refreshes
        # personal access tokens); annotkit reads the JSON itself.
        self._http = self._sdk._client_wrapper.httpx_client
        self._users: dict[int, str] | None = None

    def __repr__(self) -> str:
        return f"Studio({self.url!r})"

    def close(self) -> None:
        """Close the connection pool."""
        self._http.httpx_client.close()

    def __enter__(self) -> Studio:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests ---------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        retry: bool = True,
        what: str = "",
    ) -> Any:
        """The JSON answer of one API call; None for an empty answer.

        With ``retry`` (for reads and idempotent writes) transient failures
        are retried until ``retry_for`` runs out; without it the first one
        raises ``StudioUnavailable`` at once.
        """
        what = what or f"{method} /{path}"
        deadline = self._clock() + self.retry_for
        delay = 0.25
        while True:
            try:
                response = self._http.request(
                    path, method=method, params=dict(params or {}), json=body,
                    request_options=_NO_SDK_RETRIES,
                )
            except httpx.TransportError as error:
                problem = f"{type(error).__name__}: {self._scrub(str(error)) or 'no answer'}"
            else:
                status = response.status_code
                if status < 300:
                    return response.json() if response.content else None
                if status in (401, 403):
                    raise StudioAuthError(
                        f"Label Studio at {self.url} refused the API token "
                        f"(HTTP {status} on {what}); check --token or LABEL_STUDIO_API_KEY"
                    )
                if status not in RETRY_STATUS:
                    raise StudioError(
                        f"Label Studio at {self.url} refused {what}: HTTP {status}: "
                        f"{self._detail(response)}"
                    )
                problem = f"HTTP {status}"
            if not retry or self._clock() >= deadline:
                raise StudioUnavailable(
                    f"Label Studio at {self.url} is unavailable ({problem}) during {what}"
                    + ("" if not retry else f"; gave up after {self.retry_for:g} s")
                )
            log.info("Label Studio unavailable (%s) during %s; retrying", problem, what)
            self._sleep(min(delay, max(0.0, deadline - self._clock())))
            delay = min(delay * 2, 5.0) * (1 + random.random() / 10)

    def _detail(self, response: httpx.Response) -> str:
        try:
            data = response.json()
        except ValueError:
            text = response.text[:300]
        else:
            if isinstance(data, dict):
                data = data.get("validation_errors") or data.get("detail") or data
            text = json.dumps(data, ensure_ascii=False)[:500]
        return self._scrub(text)

    def _scrub(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text

    def wait_until_up(self) -> None:
        """Return once the server answers again; StudioUnavailable after ``retry_for``."""
        self.request("GET", "api/current-user/whoami", what="a health check")

    # -- users and projects -------------------------------------------------

    def connect(self) -> dict[str, Any]:
        """Check URL and token with one call: the current user, or one clear error."""
        try:
            response = self._http.request("api/current-user/whoami", method="GET",
                                          request_options=_NO_SDK_RETRIES)
        except httpx.TransportError as error:
            raise StudioError(
                f"cannot reach Label Studio at {self.url} ({type(error).__name__}); is the "
                "URL right and the server running? (`annotkit studio up` starts one)"
            ) from None
        if response.status_code in (401, 403):
            raise StudioAuthError(
                f"Label Studio at {self.url} refused the API token (HTTP "
                f"{response.status_code}); check --token or LABEL_STUDIO_API_KEY"
            )
        if response.status_code != 200 or not _is_json_object(response):
            raise StudioError(
                f"{self.url} does not answer like a Label Studio server "
                f"(HTTP {response.status_code} on /api/current-user/whoami); check the URL"
            )
        user: dict[str, Any] = response.json()
        return user

    def user_name(self, user_id: int | None) -> str:
        """The e-mail of a user, else ``user-ID``."""
        if user_id is None:
            return "user-unknown"
        if self._users is None:
            self._users = {}
            try:
                users = self.request("GET", "api/users/", what="listing users") or []
            except StudioUnavailable:
                raise
            except StudioError:  # a token that may not list users
                users = []
            for user in users:
                if isinstance(user, dict) and isinstance(user.get("id"), int):
                    self._users[user["id"]] = user.get("email") or ""
        if user_id not in self._users:
            try:
                user = self.request("GET", f"api/users/{user_id}", what=f"reading user {user_id}")
            except StudioUnavailable:
                raise
            except StudioError:
                user = None
            self._users[user_id] = user.get("email") or "" if isinstance(user, dict) else ""
        return self._users[user_id] or f"user-{user_id}"

    def find_project(self, title: str) -> dict[str, Any] | None:
        """The project called ``title``; StudioError if several are."""
        found = [p for p in self.iter_pages("api/projects/", {"title": title}, key="results")
                 if p.get("title") == title]
        if len(found) > 1:
            ids = ", ".join(str(p["id"]) for p in found)
            raise StudioError(
                f"Label Studio at {self.url} has {len(found)} projects titled {title!r} "
                f"(ids {ids}); rename all but one"
            )
        return found[0] if found else None

    def project(self, project_id: int) -> dict[str, Any]:
        """One project's settings."""
        project: dict[str, Any] = self.request("GET", f"api/projects/{project_id}")
        return project

    def create_project(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A new project (not retried: a lost answer is settled by ``find_project``)."""
        project: dict[str, Any] = self.request(
            "POST", "api/projects/", body=dict(fields), retry=False, what="creating the project"
        )
        return project

    def update_project(self, project_id: int, fields: Mapping[str, Any]) -> None:
        """Change project settings (idempotent, so retried)."""
        self.request("PATCH", f"api/projects/{project_id}", body=dict(fields),
                     what="updating the project settings")

    # -- tasks and predictions ------------------------------------------------

    def iter_pages(
        self, path: str, params: Mapping[str, Any], *, key: str = "tasks",
        page_size: int = PAGE_SIZE, on_page: Callable[[int], None] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every item of a paged listing, asking for no page past the last."""
        page = 1
        seen = 0
        while True:
            data = self.request("GET", path, params={**params, "page": page,
                                                     "page_size": page_size},
                                what=f"listing {path} page {page}")
            if isinstance(data, list):  # an unpaged listing
                yield from data
                return
            items = data.get(key) or []
            yield from items
            seen += len(items)
            if on_page is not None:
                on_page(seen)
            total = data.get("total", data.get("count"))
            if not items or (isinstance(total, int) and seen >= total) or (
                key == "results" and not data.get("next")
            ):
                return
            page += 1

    def iter_tasks(
        self, project_id: int, *, include: Sequence[str] = (), full: bool = False,
        query: Mapping[str, Any] | None = None, page_size: int = PAGE_SIZE,
        on_page: Callable[[int], None] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """The project's tasks in id order; ``full`` adds annotations and predictions."""
        params: dict[str, Any] = {"project": project_id}
        if full:
            params["fields"] = "all"
        if include:
            params["include"] = ",".join(include)
        if query:
            params["query"] = json.dumps(query)
        return self.iter_pages("api/tasks/", params, page_size=page_size, on_page=on_page)

    def predictions(self, project_id: int) -> list[dict[str, Any]]:
        """Every prediction of the project."""
        return list(self.request("GET", "api/predictions/", params={"project": project_id},
                                 what="listing predictions") or [])

    def import_tasks(self, project_id: int, tasks: Sequence[Mapping[str, Any]]) -> list[int]:
        """Create tasks (with their predictions); not retried, see ``StudioUnavailable``."""
        answer = self.request(
            "POST", f"api/projects/{project_id}/import",
            params={"return_task_ids": "true", "commit_to_project": "true"},
            body=list(tasks), retry=False, what=f"importing {len(tasks)} task(s)",
        )
        return list(answer.get("task_ids") or []) if isinstance(answer, dict) else []

    def import_predictions(
        self, project_id: int, predictions: Sequence[Mapping[str, Any]]
    ) -> None:
        """Add predictions to existing tasks; not retried, see ``StudioUnavailable``."""
        self.request(
            "POST", f"api/projects/{project_id}/import/predictions", body=list(predictions),
            retry=False, what=f"importing {len(predictions)} prediction(s)",
        )

    def update_prediction(self, prediction_id: int, fields: Mapping[str, Any]) -> None:
        """Replace a prediction's result and score (idempotent)."""
        self.request("PATCH", f"api/predictions/{prediction_id}", body=dict(fields),
                     what=f"updating prediction {prediction_id}")

    def delete_prediction(self, prediction_id: int) -> None:
        """Delete one prediction; deleting one already gone is fine."""
        self._delete(f"api/predictions/{prediction_id}", f"prediction {prediction_id}")

    def update_task(self, task_id: int, fields: Mapping[str, Any]) -> None:
        """Replace a task's data or meta (idempotent)."""
        self.request("PATCH", f"api/tasks/{task_id}", body=dict(fields),
                     what=f"updating task {task_id}")

    def delete_task(self, task_id: int) -> None:
        """Delete one task; deleting one already gone is fine."""
        self._delete(f"api/tasks/{task_id}", f"task {task_id}")

    def _delete(self, path: str, what: str) -> None:
        try:
            self.request("DELETE", path, what=f"deleting {what}")
        except StudioError as error:
            if "HTTP 404" not in str(error):
                raise

    # -- annotations (what the browser posts; used by tests and tools) --------

    def create_annotation(self, task_id: int, body: Mapping[str, Any]) -> dict[str, Any]:
        """Submit an annotation to a task, as the labeling page does."""
        annotation: dict[str, Any] = self.request(
            "POST", f"api/tasks/{task_id}/annotations/", body=dict(body), retry=False,
            what=f"submitting an annotation to task {task_id}",
        )
        return annotation


def _is_json_object(response: httpx.Response) -> bool:
    try:
        return isinstance(response.json(), dict)
    except ValueError:
        return False
