"""Real concurrent transactions for PostgreSQL tests: each "editor" is a thread with its own connection.

Two shapes cover the races the suite checks: one editor holds a transaction
open while the other runs into it, and several editors start at the same instant.
Outcomes are collected by name: the *success* label, the (English) message of
a ``ValidationError``, or the ``repr`` of anything else that went wrong.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation


def skip_unless_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")


def run_in_thread(target, results, name, success="done"):
    def run():
        try:
            target()
            results[name] = success
        except ValidationError as error:
            with translation.override("en"):
                results[name] = error.messages[0]
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong in the thread
            results[name] = repr(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def join_all(threads):
    for thread in threads:
        thread.join(60)


def first_holds_then_second(first, second, success="done"):
    """Run *first* in a transaction held open while *second* runs into it; return both outcomes."""
    first_is_done, results = threading.Event(), {}

    def first_editor():
        with transaction.atomic():
            first()
            first_is_done.set()
            threading.Event().wait(1.5)  # hold the transaction open

    def second_editor():
        first_is_done.wait(10)
        second()

    join_all(
        [run_in_thread(first_editor, results, "first", success), run_in_thread(second_editor, results, "second", success)]
    )
    return results


def at_the_same_instant(actions, success="done"):
    """Start every action of the dict *actions* at once; return their outcomes by key."""
    start, results = threading.Barrier(len(actions)), {}

    def starting_together(action):
        def run():
            start.wait(10)
            action()

        return run

    join_all([run_in_thread(starting_together(action), results, name, success) for name, action in actions.items()])
    return results
