"""The committed benchmark runs: one copy, in nnguide's package data, read into typed records."""

from __future__ import annotations

import json
from dataclasses import asdict
from importlib.resources import files
from typing import Any

import bench_mnist
import pytest
from site_facts import ROOT

from nnguide.bench_results import RUNS, VARIANTS, BenchmarkRun, VariantResult, load_run


def raw(name: str) -> dict[str, Any]:
    text = files("nnguide.bench_results").joinpath(f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@pytest.mark.parametrize("name", RUNS)
def test_every_committed_run_loads_with_every_variant(name: str) -> None:
    run = load_run(name)
    assert [result.variant for result in run.results] == list(VARIANTS)
    assert all(result.device == run.device for result in run.results)
    assert run.result("source").speedup_vs_source == 1.0
    for result in run.results:
        assert len(result.seconds_per_epoch) == result.epochs
        assert result.best_seconds_per_epoch == min(result.seconds_per_epoch)
        # the ratio the benchmark computed, from the numbers it stored
        expected = run.result("source").best_seconds_per_epoch / result.best_seconds_per_epoch
        assert result.speedup_vs_source == pytest.approx(expected)


@pytest.mark.parametrize("name", RUNS)
def test_a_run_reads_back_as_the_json_it_came_from(name: str) -> None:
    data = raw(name)
    back = asdict(load_run(name))
    back["results"] = [
        {**result, "seconds_per_epoch": list(result["seconds_per_epoch"])}
        for result in back["results"]
    ]
    assert back == data


def test_the_runs_are_the_ones_named() -> None:
    assert load_run("mnist-cuda").device == "cuda"
    assert load_run("mnist-cpu").device == "cpu"


def test_a_missing_or_extra_key_is_named() -> None:
    data = raw("mnist-cpu")
    del data["threads"]
    data["gpu"] = "none"
    with pytest.raises(ValueError, match=r"missing \['threads'\], unexpected \['gpu'\]"):
        BenchmarkRun.from_dict(data)
    entry = raw("mnist-cpu")["results"][0]
    del entry["test_accuracy"]
    with pytest.raises(ValueError, match=r"result 'source' .* missing \['test_accuracy'\]"):
        VariantResult.from_dict(entry)


def test_an_unknown_run_or_variant_says_what_exists() -> None:
    with pytest.raises(ValueError, match=r"choose one of \['mnist-cuda', 'mnist-cpu'\]"):
        load_run("mnist-tpu")
    with pytest.raises(KeyError, match="it has"):
        load_run("mnist-cpu").result("compiled")


def test_the_package_holds_the_only_copy_and_the_benchmark_writes_its_format() -> None:
    assert not list((ROOT / "benchmarks" / "results").glob("mnist-*.json"))
    assert vars(bench_mnist)["VARIANTS"] is VARIANTS  # one list of variants, in nnguide
