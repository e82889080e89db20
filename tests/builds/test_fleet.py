"""Fleet builds: sites built in parallel, a failing one named while the others go live."""

from __future__ import annotations

import threading

import pytest

from app.builds.fleet import SiteOutcome, available_cores, build_many
from app.publishing.pipeline import live_release


def test_builds_run_at_the_same_time_one_per_job():
    both_inside = threading.Barrier(2, timeout=30)  # broken unless two builds overlap

    def build(database, slug):
        both_inside.wait()
        return SiteOutcome(slug, None)

    outcomes = build_many(None, ["a", "b", "c", "d"], jobs=2, build=build)
    assert [o.slug for o in outcomes] == ["a", "b", "c", "d"]
    assert not both_inside.broken


def test_a_crash_building_one_site_fails_that_site_only():
    def build(database, slug):
        if slug == "b":
            raise RuntimeError("boom")
        return SiteOutcome(slug, None)

    done = []
    outcomes = build_many(None, ["a", "b", "c"], jobs=2, build=build, on_done=done.append)
    assert [o.error is None for o in outcomes] == [True, False, True]
    assert "erreur interne" in outcomes[1].error
    assert sorted(o.slug for o in done) == ["a", "b", "c"]


def test_jobs_default_to_the_available_cores():
    assert available_cores() >= 1


@pytest.mark.parametrize("processes", [False, True], ids=["threads", "build processes"])
def test_parallel_fleet_names_the_failing_site_and_publishes_the_others(
    database, settings, make_commune, publish_pages, processes
):
    for slug in ("aspet", "aurignac"):
        publish_pages(database, make_commune(slug=slug, name=slug.title()), {"Mairie": "Texte."})
    make_commune(slug="boulogne", name="Boulogne", theme="no-such-theme")
    outcomes = build_many(database, ["aspet", "aurignac", "boulogne"], jobs=2, processes=processes)
    failed = {o.slug: o.error for o in outcomes if o.error}
    assert list(failed) == ["boulogne"] and "no-such-theme" in failed["boulogne"]
    for slug in ("aspet", "aurignac"):
        assert live_release(settings.sites_dir / slug) is not None


def test_build_processes_are_replaced_after_their_quota_of_builds(
    database, settings, make_commune, publish_pages, monkeypatch
):
    """Every RECYCLE_AFTER builds per process, a fresh pool of processes takes over."""
    import concurrent.futures

    from app.builds import fleet

    pools = []

    class CountedPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(fleet, "ProcessPoolExecutor", CountedPool)
    monkeypatch.setattr(fleet, "RECYCLE_AFTER", 1)
    slugs = ["aspet", "aurignac", "boulogne"]
    for slug in slugs:
        publish_pages(database, make_commune(slug=slug, name=slug.title()), {"Mairie": "Texte."})
    outcomes = build_many(database, slugs, jobs=2, processes=True)
    assert [(o.slug, o.error) for o in outcomes] == [(slug, None) for slug in slugs]
    assert len(pools) == 2  # 2 builds for the first pair of processes, 1 for the next
    for slug in slugs:
        assert live_release(settings.sites_dir / slug) is not None
