"""Where a session's problems come from: made ahead, a starter, or fresh.

A problem is drawn with a fresh seed from the operating system (never a seed the
student has seen for that skill). After each review, while the student reads the
feedback, the skill's next problem is made and kept in the database (see
:mod:`.prepared`); and once a session, in a background thread while the student reads
the first problem, the rest of nnquiz is imported and problems are made ahead for that
skill and for the next new skills, so that the next session starts at once.

When nothing is made ahead for a skill (its first problem on a new database, or the
first after an nnquiz upgrade), an easy skill shows one of the problems shipped with
nnquiz (:mod:`.starters`, a few a family) that the student has not seen, picked with
the operating system's randomness; it is shown from its JSON like a problem made
ahead, so NumPy is not needed yet. Only when every starter has been seen, or the
skill has none, is the first problem generated on the spot.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from types import ModuleType

from . import course
from . import starters as shipped
from .prepared import ProblemView, to_json
from .store import Store

MAX_SEED = 999_999  # seeds in ids stay short enough to type into nnquiz show
PREPARE_NEW = 2  # new skills that keep a problem made ahead (the next session's first)
TRIES = 20  # draws before a seed the student has seen is accepted


def fresh_seed() -> int:
    """A seed from the operating system's randomness (no global random state)."""
    return int.from_bytes(os.urandom(8), "big") % MAX_SEED + 1


def load_registry() -> ModuleType:
    """The problem registry, imported when first needed (it brings NumPy)."""
    return importlib.import_module("nnquiz.problems.registry")


def fresh(
    registry: ModuleType,
    store: Store,
    item: course.Item,
    seed: Callable[[], int],
    avoid: Collection[str] = (),
):
    """A problem of the item's skill with a new seed, one the student has not seen (nor
    one of ``avoid``)."""
    seen = store.problems_seen(item.key) | set(avoid)
    for _ in range(TRIES):
        problem = registry.generate(item.family, seed(), item.difficulty)
        if problem.id not in seen:
            break
    return problem


def os_index(n: int) -> int:
    """A number from 0 to n - 1 from the operating system's randomness."""
    return int.from_bytes(os.urandom(8), "big") % n


def starter(
    store: Store,
    item: course.Item,
    read: Callable[[str | None, str | None], list[str]] = shipped.read,
    pick: Callable[[int], int] = os_index,
    avoid: Collection[str] = (),
) -> ProblemView | None:
    """A shipped starter problem of the item's skill that the student has not seen (nor
    one of ``avoid``), or None (none left, none shipped, or none this nnquiz can read)."""
    lines = read(item.family, item.difficulty)
    if not lines:
        return None
    seen = store.problems_seen(item.key) | set(avoid)
    views = []
    for line in lines:
        try:
            view = ProblemView.from_json(line)
        except (ValueError, KeyError, TypeError):
            continue
        skill = (view.data.get("family"), view.difficulty)
        if skill == (item.family, item.difficulty) and view.id not in seen:
            views.append(view)
    return views[pick(len(views))] if views else None


class Problems:
    """A session's source of problems (the registry is loaded only when needed)."""

    def __init__(
        self,
        store: Store,
        stamp: str,
        registry: Callable[[], ModuleType] = load_registry,
        seed: Callable[[], int] = fresh_seed,
        starters: Callable[[str | None, str | None], list[str]] = shipped.read,
    ):
        self.store, self.stamp, self.registry, self.seed = store, stamp, registry, seed
        self.starters = starters
        self._job: threading.Thread | None = None
        self._avoid: dict[str, set[str]] = {}  # problems not to show again, by skill

    def avoid(self, key: str, problem_id: str) -> None:
        """Never show ``problem_id`` for skill ``key`` again this session (an undone
        review leaves no trace of it in the database)."""
        self._avoid.setdefault(key, set()).add(problem_id)

    def for_item(self, item: course.Item) -> tuple:
        """(what to show, the full problem or None): the problem made ahead when there is
        one, else an unseen starter problem (both shown from their JSON; NumPy is not
        needed yet, and the session builds the full problem when the answer comes),
        else a fresh one."""
        avoid = self._avoid.get(item.key, set())
        ready = self.store.prepared(item.key)
        if ready is not None:
            problem_id, text, made_by = ready
            seen = self.store.problems_seen(item.key) | avoid
            if made_by == self.stamp and problem_id not in seen:
                try:
                    return ProblemView.from_json(text), None
                except (ValueError, KeyError, TypeError):
                    pass  # not a problem this nnquiz can read: make a new one
        view = starter(self.store, item, self.starters, avoid=avoid)
        if view is not None:
            return view, None
        problem = fresh(self.registry(), self.store, item, self.seed, avoid)
        return problem, problem

    def prepare(self, item: course.Item) -> None:
        """Make the skill's next problem now, unless one is waiting already."""
        ready = self.store.prepared(item.key)
        if ready is None or ready[2] != self.stamp:
            p = fresh(self.registry(), self.store, item, self.seed, self._avoid.get(item.key, ()))
            self.store.prepare(item.key, p.id, to_json(p), self.stamp)

    def head_start(
        self, item: course.Item, order_known: bool, families: tuple[str, ...] = ()
    ) -> None:
        """Once a session, start the background job (see the module docstring).
        ``families`` (the session's --family) limits the new skills it prepares."""
        if self._job is None:
            job = Ahead(self.store.path, self.stamp, self.seed, item, self.store.started(),
                        order_known, families)  # fmt: skip
            self._job = threading.Thread(target=job.run, daemon=True)
            self._job.start()

    def close(self) -> None:
        """Wait for the background job (a few tenths of a second at most)."""
        if self._job is not None:
            self._job.join(timeout=30)


@dataclass
class Ahead:
    """The background job, with its own database connection."""

    path: object
    stamp: str
    seed: Callable[[], int]
    item: course.Item
    started: set[str]
    order_known: bool
    families: tuple[str, ...] = ()

    def run(self) -> None:
        try:
            from ..answers import grade  # noqa: F401
            from ..problems import model  # noqa: F401
            from . import scheduling  # noqa: F401

            store = Store.attach(self.path)
        except Exception:  # only a head start: the session does without it
            return
        try:
            self._prepare(store)
        except Exception:
            pass
        finally:
            store.close()

    def _prepare(self, store: Store) -> None:
        order = course.cached_order(store) if self.order_known else None
        order = order or course.family_order(store, load_registry)
        order = course.restrict(order, self.families)  # as the session orders them
        registry = load_registry()
        ready = store.prepared_keys()
        new = [i for i in course.new_items(order, [], self.started) if i.key not in ready]
        items = ([self.item] if self.item.key not in ready else []) + new[:PREPARE_NEW]
        for it in items:
            p = fresh(registry, store, it, self.seed)
            store.prepare(it.key, p.id, to_json(p), self.stamp)
