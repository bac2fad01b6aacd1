"""Judges share one list of submissions and each submission is graded by exactly one judge."""

from __future__ import annotations

import random

from course.grader.judge import Claims


def _counter(tmp_path) -> str:
    path = tmp_path / "claims"
    path.write_bytes(b"")
    return str(path)


def test_judges_taking_turns_grade_each_submission_once(tmp_path):
    counter = _counter(tmp_path)
    judges = [Claims(counter, 50) for _ in range(3)]
    taken: list[list[int]] = [[] for _ in judges]
    order = random.Random(52)
    live = list(range(len(judges)))
    while live:  # the judges ask in any order, as their submissions take unequal times
        k = order.choice(live)
        index = judges[k].take()
        if index is None:
            live.remove(k)
        else:
            taken[k].append(index)
    every = sorted(i for mine in taken for i in mine)
    assert every == list(range(50))
    assert all(mine == sorted(mine) for mine in taken)  # each in the list's order
    assert all(mine for mine in taken)


def test_a_judge_alone_takes_every_submission_in_order(tmp_path):
    alone = Claims(None, 4)
    assert [alone.take() for _ in range(5)] == [0, 1, 2, 3, None]
    counter = _counter(tmp_path)
    shared = Claims(counter, 3)
    assert [shared.take() for _ in range(4)] == [0, 1, 2, None]
    late = Claims(counter, 3)  # everything was taken before it started
    assert late.take() is None


def test_judges_in_separate_processes_share_the_list(tmp_path):
    import multiprocessing

    counter = _counter(tmp_path)
    with multiprocessing.get_context("fork").Pool(4) as pool:
        taken = pool.starmap(_take_all, [(counter, 400)] * 4)
    assert sorted(i for mine in taken for i in mine) == list(range(400))


def _take_all(counter: str, count: int) -> list[int]:
    claims, mine = Claims(counter, count), []
    while (index := claims.take()) is not None:
        mine.append(index)
    return mine
