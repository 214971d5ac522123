"""Deciding, after each observation of an import, whether to stop waiting and how long to sleep.

Shared by the sync and async clients, which only poll and sleep.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from pinecone_imports._api._versions import VALIDATION_RESULT_SINCE, reports_validation_result
from pinecone_imports._client._retry import RETRYABLE_STATUSES

if TYPE_CHECKING:
    from pinecone_imports._client._models import BulkImport
from pinecone_imports._errors import (
    APIConnectionError,
    APIStatusError,
    ImportDroppedRecordsError,
    ImportWaitTimeoutError,
    InvalidRequestError,
    PineconeImportsError,
)

DEFAULT_POLL_INTERVAL = 5.0
# A poll has already retried on its own before it counts as failed; five of those in a row (a
# few minutes at the default interval) mean the host is gone rather than briefly unwell.
DEFAULT_MAX_FAILED_POLLS = 5
logger: Final = logging.getLogger("pinecone_imports")


def is_transient(error: PineconeImportsError) -> bool:
    """Whether a later poll may well succeed where this one failed (the same statuses and
    connection failures the retry policy retries)."""
    if isinstance(error, APIConnectionError):
        return True
    return isinstance(error, APIStatusError) and error.status_code in RETRYABLE_STATUSES


def _check_seconds(name: str, value: object, *, allow_none: bool) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise InvalidRequestError(f"{name} must be a number of seconds >= 0, not {value!r}")
    return float(value)


def check_can_tell_dropped_records(api_version: str) -> None:
    """Refuse fail_on_dropped_records on a version that never says how many records were dropped.

    Refusing up front beats a wait that can never fail for that reason (and lets the command line
    refuse before it starts an import).
    """
    if not reports_validation_result(api_version):
        raise InvalidRequestError(
            f"failing on dropped records needs API version {VALIDATION_RESULT_SINCE} or newer (the first "
            f"to report validationResult); this client uses {api_version}"
        )


def check_dropped_records(final: BulkImport) -> None:
    """Raise ImportDroppedRecordsError when `final` Completed but records failed validation.

    With errorMode `continue` the service skips bad records and still completes; a caller that
    needs every record asks wait_for_import(fail_on_dropped_records=True) to treat that as a failure.
    """
    result = final.validation_result
    if final.status != "Completed" or result is None or not result.import_errors:
        return
    passed = f" ({result.import_successes:,} passed)" if result.import_successes is not None else ""
    raise ImportDroppedRecordsError(
        f"import {final.id} Completed but dropped {result.import_errors:,} record(s) that failed "
        f"validation{passed}",
        import_id=str(final.id),
        import_errors=result.import_errors,
        final=final,
    )


def _check_max_failed_polls(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidRequestError(f"max_failed_polls must be a whole number >= 1 or None, not {value!r}")
    return value


def _say_gave_up(error: PineconeImportsError, failed: int) -> None:
    # The same exception is raised again, so `except APIConnectionError` and the like keep
    # working; only its text gains why the wait stopped.
    said = f"gave up waiting after {failed} consecutive failed polls; the last one: {error}"
    error.args = (said, *error.args[1:])
    if isinstance(error, APIConnectionError):
        error.message = said


@dataclass
class WaitClock:
    import_id: str
    timeout: float | None
    poll_interval: float
    fail_on_dropped_records: bool = False
    max_failed_polls: int | None = DEFAULT_MAX_FAILED_POLLS
    started: float = field(default_factory=time.monotonic)
    failed_in_a_row: int = 0

    @classmethod
    def create(
        cls,
        import_id: str,
        timeout: object,
        poll_interval: object,
        max_failed_polls: object = DEFAULT_MAX_FAILED_POLLS,
        *,
        fail_on_dropped_records: bool = False,
        api_version: str,
    ) -> WaitClock:
        interval = _check_seconds("poll_interval", poll_interval, allow_none=False)
        if not interval:
            raise InvalidRequestError("poll_interval must be more than 0 seconds")
        if fail_on_dropped_records:
            check_can_tell_dropped_records(api_version)
        return cls(
            import_id,
            _check_seconds("timeout", timeout, allow_none=True),
            interval,
            fail_on_dropped_records=fail_on_dropped_records,
            max_failed_polls=_check_max_failed_polls(max_failed_polls),
        )

    def after_failed_poll(self, error: PineconeImportsError) -> float | None:
        """Seconds to sleep before polling again, or None when `error` ends the wait.

        An import runs for many minutes, so one poll that failed even after its own retries
        (a proxy restarting, a rate limiter) is no reason to give up on it; anything that is not
        transient, a failure when the wait's time is up, or the `max_failed_polls`-th failed poll
        in a row ends it (a host that stays unreachable would otherwise be polled forever).
        """
        if not is_transient(error):
            return None
        self.failed_in_a_row += 1
        if self.max_failed_polls is not None and self.failed_in_a_row >= self.max_failed_polls:
            _say_gave_up(error, self.failed_in_a_row)
            return None
        delay = self.poll_interval
        if self.timeout is not None:
            remaining = self.timeout - (time.monotonic() - self.started)
            if remaining <= 0:
                return None
            delay = min(delay, remaining)
        in_a_row = (
            f"{self.failed_in_a_row} of {self.max_failed_polls}"
            if self.max_failed_polls
            else str(self.failed_in_a_row)
        )
        logger.warning(
            "polling import %s failed (%s); polling again in %.1f s (failed polls in a row: %s)",
            self.import_id,
            error,
            delay,
            in_a_row,
        )
        return delay

    def next_sleep(self, observed: BulkImport) -> float | None:
        """None when `observed` is final; otherwise seconds to sleep.

        Raises ImportWaitTimeoutError on timeout, and ImportDroppedRecordsError for a Completed
        import that dropped records when the wait was asked to fail on those.
        """
        self.failed_in_a_row = 0
        if observed.is_finished:
            if self.fail_on_dropped_records:
                check_dropped_records(observed)
            return None
        waited = time.monotonic() - self.started
        if self.timeout is None:
            return self.poll_interval
        remaining = self.timeout - waited
        if remaining <= 0:
            percent = observed.percent_complete
            progress = f", {percent:.1f}% complete" if isinstance(percent, int | float) else ""
            raise ImportWaitTimeoutError(
                f"import {self.import_id} is still {observed.status}{progress} after {waited:.1f} s "
                f"(timeout {self.timeout:g} s); it keeps running: wait again or cancel it",
                import_id=self.import_id,
                waited=waited,
                last_seen=observed,
            )
        return min(self.poll_interval, remaining)
