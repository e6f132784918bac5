"""Many problems at once, in order, on every core: :func:`generate_many`.

A problem depends only on its ``(family, seed, difficulty)``, so worker processes can
make problems in any order and the output is the same as making them one by one.
``generate_many`` hands the workers chunks of specs, keeps only a few chunks in flight,
and yields the problems in the order asked, so memory stays flat however many problems
are asked for.

The workers are forked from this process where the platform can fork and this process
runs no other thread: they start at once with what is already imported. Elsewhere they
are fresh Python processes (``spawn``), which take a fraction of a second to import
nnquiz. Either way small batches are made in this process instead. Apart from
starting and stopping its workers, this module does no I/O.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from itertools import chain, islice
from typing import Any

from . import registry
from .model import Problem

Spec = tuple[str, int, str]  # (family, seed, difficulty)

SERIAL_BELOW = 200  # fewer problems than this are made in this process
CHUNK = 100  # problems per task handed to a worker (about a tenth of a second of work)
AHEAD = 4  # tasks in flight per worker: enough to keep it busy, few enough to bound memory
MAX_WORKERS = 8


def default_workers() -> int:
    """One worker per CPU core this process may use (at most MAX_WORKERS)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def generate_many(
    specs: Iterable[Spec],
    workers: int | None = None,
    transform: Callable[[Problem], Any] | None = None,
    render: bool = True,
    figures: bool = True,
) -> Iterator[Any]:
    """The problem of each ``(family, seed, difficulty)`` in ``specs``, in order.

    - ``workers``: worker processes; None means one per CPU core, 0 or 1 makes every
      problem in this process. Fewer than SERIAL_BELOW specs are made here too.
    - ``transform``: applied to each problem in the worker, and its result is yielded
      instead of the problem (for example ``functools.partial(render, fmt="json")``:
      text is cheaper to send back than a Problem). It must be picklable: a function
      defined at module level, or a ``functools.partial`` of one.
    - ``render=False`` makes the problems without statement and solution text
      (``registry.generate(..., render=False)``): enough for grading, and much cheaper.
    - ``figures=False`` leaves the figures undrawn (an output that shows none).

    The output is the same whatever ``workers`` is. ``specs`` is read lazily, a few
    chunks ahead of what has been yielded. Close the iterator (or let it finish) to
    stop the workers; an error in a worker is raised here.
    """
    make = partial(_make_one, transform=transform, render=render, figures=figures)
    yield from map_ordered(make, specs, workers)


def map_ordered(
    fn: Callable[[Any], Any],
    items: Iterable[Any],
    workers: int | None = None,
    chunk: int = CHUNK,
    serial_below: int = SERIAL_BELOW,
    shared: Any = None,
) -> Iterator[Any]:
    """``fn(item)`` for each of ``items``, in order, computed on every core: the engine
    of :func:`generate_many`, for any work that depends only on its item.

    ``fn`` must be picklable (a module-level function or a ``functools.partial`` of
    one), and so must the items and results. Items go to the workers ``chunk`` at a
    time (choose about a tenth of a second of work); fewer than ``serial_below`` items,
    or ``workers`` 0 or 1, are done in this process. ``items`` is read lazily.

    ``shared``: data every call needs (not None), handed to each worker once, as it
    starts (inherited, never copied, where workers fork); ``fn`` is then called as
    ``fn(shared, item)``. Items can then be small: indices into it."""
    if workers is not None and workers < 0:
        raise ValueError(f"workers must be 0 or more, not {workers}")
    n = default_workers() if workers is None else workers
    items = iter(items)
    head = list(islice(items, serial_below))
    if n <= 1 or len(head) < serial_below:
        yield from map(fn if shared is None else partial(fn, shared), chain(head, items))
    else:
        yield from _parallel(chain(head, items), n, fn, chunk, shared)


def _make_one(
    spec: Spec, transform: Callable[[Problem], Any] | None, render: bool, figures: bool = True
) -> Any:
    family, seed, difficulty = spec
    problem = registry.generate(family, seed, difficulty, render, figures)
    return problem if transform is None else transform(problem)


_SHARED: Any = None  # in a worker process: map_ordered's ``shared``, set as it starts


def _map(fn: Callable[..., Any], chunk: list[Any]) -> list[Any]:
    """A worker's task: one chunk of items."""
    if _SHARED is None:
        return [fn(item) for item in chunk]
    return [fn(_SHARED, item) for item in chunk]


def _start_worker(shared: Any) -> None:
    global _SHARED
    _SHARED = shared
    _ignore_ctrl_c()


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _parallel(
    items: Iterator[Any], workers: int, fn: Callable[..., Any], size: int, shared: Any = None
) -> Iterator[Any]:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    chunks = _chunks(items, size)
    method = _start_method()
    context = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(shared,)
    )
    pending: deque[Future] = deque()
    try:
        with _ctrl_c_ignored(), _frozen_for_fork(method == "fork"):
            # the workers start (inherit) with Ctrl-C ignored, at the first submit
            for chunk in islice(chunks, workers * AHEAD):
                pending.append(pool.submit(_map, fn, chunk))
        while pending:
            done = pending.popleft().result()
            for chunk in islice(chunks, 1):
                pending.append(pool.submit(_map, fn, chunk))
            yield from done
    finally:
        # On Ctrl-C, an error, or a consumer that stopped early (a closed pipe): drop
        # the queued chunks and wait for the running ones (a fraction of a second).
        pool.shutdown(wait=True, cancel_futures=True)


def _start_method() -> str:
    """``fork`` when it is safe (no other thread could hold a lock), else ``spawn``."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


@contextmanager
def _frozen_for_fork(fork: bool) -> Iterator[None]:
    """While workers fork: what they inherit is left out of their garbage collections, so
    a collection neither walks it nor copies its pages (``gc.freeze``, as the gc module's
    documentation advises before a fork). This process unfreezes at once."""
    if not fork:
        yield
        return
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _ignore_ctrl_c() -> None:
    """In a worker: Ctrl-C reaches the whole process group; the parent stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """Ignore Ctrl-C while workers start, so that none is interrupted half-way through
    starting (their tracebacks would litter the terminal). Only the main thread can."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
