import pytest

from gugus.linkage.generate import generate_records
from gugus.linkage.matching import _spark_session, resolve
from gugus.linkage.tests import cases

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    session = _spark_session()
    yield session
    session.stop()


def partition(clusters) -> set[frozenset[str]]:
    return {frozenset(group) for _, group in clusters.groupby("cluster_id")["record_id"]}


def test_spark_gives_the_same_clusters_as_duckdb(spark):
    records = generate_records(600, seed=21).drop(columns=["person_id", "family_id", "falsified"])
    on_duckdb = resolve(records)
    on_spark = resolve(records, backend="spark", spark_session=spark)
    assert partition(on_spark.clusters) == partition(on_duckdb.clusters)
    assert on_spark.clusters["cluster_id"].nunique() == on_duckdb.clusters["cluster_id"].nunique() == 292


def test_spark_resolves_the_hard_cases(spark):
    clusters = resolve(cases.records(), backend="spark", spark_session=spark).clusters
    assert cases.clusters_as_sets(clusters) == cases.EXPECTED_CLUSTERS
