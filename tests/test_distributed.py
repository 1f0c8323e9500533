"""The review on Dask: a local cluster of two worker processes gives the pandas result row for row."""
from __future__ import annotations

import logging

import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import reviewer  # noqa: E402
from reviewer import OUTPUT_COLUMNS, review_frame  # noqa: E402
from reviewer.api import ColumnClashError, MissingColumnError  # noqa: E402
from reviewer.cli import main  # noqa: E402
from reviewer.tables.distributed import ClusterError, expand_inputs, model_loads, review_files_dask  # noqa: E402
from reviewer.tables.files import TableError, iter_chunks  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def drafts(corpus) -> pd.DataFrame:
    texts = corpus["text"].sample(150, random_state=11).tolist()
    texts[5:5] = ["", "   ", None, "😢🙏", "x" * 30_000, "Maaf, 我不能参加 интервью besok. Sorry!"]
    return pd.DataFrame({"id": range(len(texts)), "text": pd.Series(texts, dtype=object)})


@pytest.fixture(scope="module")
def expected(drafts, model) -> pd.DataFrame:
    return review_frame(drafts, model=model)


@pytest.fixture(scope="module")
def parts(drafts, tmp_path_factory):
    """The drafts as 12 Parquet and 12 CSV partition files (part-2 before part-10)."""
    folder = tmp_path_factory.mktemp("parts")
    bounds = list(range(0, len(drafts), -(-len(drafts) // 12))) + [len(drafts)]
    for i, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
        drafts.iloc[lo:hi].to_parquet(folder / f"part-{i}.parquet", index=False)
        drafts.iloc[lo:hi].to_csv(folder / f"part-{i}.csv", index=False)
    return folder


def assert_same_rows(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal row for row and column for column; Dask stores object text columns as strings
    (None becomes <NA>) and integers may widen, so values are compared, not dtypes."""
    def plain(df: pd.DataFrame) -> pd.DataFrame:
        df = df.reset_index(drop=True).astype(object)
        return df.where(df.notna(), None)

    pd.testing.assert_frame_equal(plain(got), plain(expected), check_dtype=False)


def test_review_dask_without_a_cluster_uses_the_local_scheduler(drafts, expected, model):
    with pytest.raises(ValueError):  # no distributed Client yet: this test runs before the fixture
        distributed.default_client()
    ddf = dd.from_pandas(drafts, npartitions=5, sort=False)
    got = reviewer.review_dask(ddf, text_column="text").compute(scheduler="threads")
    assert_same_rows(got, expected)


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                                       silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_review_dask_on_two_worker_processes_equals_pandas(client, drafts, expected, parts):
    ddf = dd.read_parquet(sorted((parts).glob("part-*.parquet"), key=lambda p: int(p.stem.split("-")[1])))
    assert ddf.npartitions == 12
    reviewed = reviewer.review_dask(ddf, text_column="text")
    assert list(reviewed.columns) == ["id", "text", *OUTPUT_COLUMNS]
    got = reviewed.compute()
    assert_same_rows(got, expected)
    assert set(got["status"]) == {"ok", "empty", "missing", "no_words", "too_long"}
    assert all(set(worker.values()) == {1} for worker in client.run(model_loads).values())


def test_model_loads_once_per_worker_not_per_partition(client, drafts):
    from reviewer.artifacts import _cached

    ddf = dd.from_pandas(drafts, npartitions=30, sort=False)
    for _ in range(2):  # a second job reuses what the workers hold
        assert len(reviewer.review_dask(ddf).compute()) == len(drafts)
    loads = client.run(model_loads)
    assert len(loads) == 2 and all(set(per_worker.values()) == {1} for per_worker in loads.values()), loads
    # Workers got the verified model from the client: none of them read the artifact itself.
    assert set(client.run(lambda: _cached.cache_info().misses).values()) == {0}


@pytest.mark.parametrize("pattern", ["part-*.parquet", "part-*.csv"])
def test_cli_engine_dask_with_scheduler_and_glob(client, parts, expected, tmp_path, capsys, pattern):
    out = tmp_path / "reviewed.parquet"
    code = main(["review", str(parts / pattern), "-o", str(out), "--engine", "dask",
                 "--scheduler", client.scheduler.address, "--no-progress"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"Reviewed {int((expected['status'] == 'ok').sum())} of {len(expected)} drafts" in captured.out
    got = pd.read_parquet(out)
    if pattern.endswith(".csv"):  # CSV is text: no None, ids read as text
        exp = expected.assign(id=expected["id"].astype(str))
        exp.loc[exp["text"].isna(), "status"] = "empty"
        exp["text"] = exp["text"].fillna("")
        assert_same_rows(got, exp)
    else:
        assert_same_rows(got, expected)


def test_review_files_dask_on_a_local_cluster_of_its_own(parts, expected, tmp_path, model):
    """No --scheduler: a LocalCluster of `jobs` processes is started for the run and closed after."""
    out = tmp_path / "out.jsonl"
    summary = review_files_dask([parts / "part-0.parquet", parts / "part-1.parquet"], out, jobs=1, progress=False)
    got = pd.concat(iter_chunks(out))
    n = len(pd.read_parquet(parts / "part-0.parquet")) + len(pd.read_parquet(parts / "part-1.parquet"))
    assert summary.rows == len(got) == n
    assert got["id"].tolist() == expected["id"].iloc[:n].tolist()


def test_file_errors_are_the_pandas_engine_errors(client, parts, tmp_path):
    addr = client.scheduler.address
    with pytest.raises(TableError, match="no file matches") as err:
        review_files_dask(str(parts / "nothing-*.parquet"), tmp_path / "o.csv", scheduler=addr)
    assert err.value.kind == "missing"
    with pytest.raises(MissingColumnError, match="the input has: id, text"):
        review_files_dask(str(parts / "part-*.parquet"), tmp_path / "o.csv", text_column="body", scheduler=addr)
    clash = tmp_path / "clash"
    clash.mkdir()
    pd.DataFrame({"text": ["a"], "status": ["x"]}).to_parquet(clash / "p.parquet")
    with pytest.raises(ColumnClashError):
        review_files_dask(str(clash), tmp_path / "o.csv", scheduler=addr)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.csv").write_text("text\nfine\n", encoding="utf-8")
    (bad / "b.csv").write_bytes(b"text\nok\nstill ok\ncaf\xe9\n")
    with pytest.raises(TableError, match=r"b\.csv: line 4 is not valid UTF-8") as err:
        review_files_dask(str(bad / "*.csv"), tmp_path / "o.csv", scheduler=addr, progress=False)
    assert err.value.kind == "encoding"
    assert not (tmp_path / "o.csv").exists()
    with pytest.raises(TableError, match="mix formats"):
        expand_inputs([parts / "part-0.csv", parts / "part-0.parquet"])


def test_unreachable_scheduler_is_a_one_line_error(parts, tmp_path, model):
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        review_files_dask(str(parts / "part-0.parquet"), tmp_path / "o.csv", scheduler="tcp://127.0.0.1:9",
                          connect_timeout="1s", progress=False)
    assert not (tmp_path / "o.csv").exists()


def test_review_dask_rejects_pandas_and_checks_columns(drafts):
    with pytest.raises(TypeError, match="review_frame"):
        reviewer.review_dask(drafts)
    with pytest.raises(MissingColumnError):
        reviewer.review_dask(dd.from_pandas(drafts, npartitions=2), text_column="body")
