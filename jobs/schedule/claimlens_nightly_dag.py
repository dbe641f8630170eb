"""claimlens nightly: one spark-submit per as-of date, with Airflow's SparkSubmitOperator.

Schedule: 03:30 America/Los_Angeles, for the day that has just ended there (the last of the
marketplaces' days to end when the Americas are in scope; see jobs/schedule/claimlens.cron). The
as-of date is the day before the scheduled time, in that zone: AS_OF below. It is computed from
`data_interval_end` because that is the scheduled time in Airflow 2 (cron data intervals, where
`{{ ds }}` would also be D) and in Airflow 3 (cron trigger timetable, where `{{ ds }}` is D+1).

Reruns and backfills: the job replaces only its date's partitions, atomically, and a rerun gives the
same output, so "Clear" on a task instance, or a backfill, is safe. As-of dates June 1-30:
    airflow dags backfill claimlens_nightly -s 2026-06-01 -e 2026-06-30            # Airflow 2
    airflow backfill create --dag-id claimlens_nightly \
        --from-date 2026-06-02 --to-date 2026-07-01                                  # Airflow 3
max_active_runs=1 keeps backfill dates from running at once on a small cluster; raise it if the
cluster has room (different dates never touch each other's partitions).
A long catch-up is cheaper as one job than as one task per date: the job's own backfill form
computes every date of a range in one run, with identical output (docs/running.md, "Backfills"):
    scripts/submit.sh ... -- --input ... --output ... --from 2026-06-01 --to 2026-06-30

Connection `spark_default` names the cluster (host `yarn`, `spark://host:7077` or `k8s://https://...`,
with deploy-mode in its extra). S3 credentials come from the cluster (instance profile, IRSA) or the
worker's environment: never put keys in `conf` here, it is rendered into the task log.
Requires apache-airflow-providers-apache-spark.
"""

from datetime import timedelta

import pendulum

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

MARKETPLACE_TZ = "America/Los_Angeles"
JAR = "/opt/claimlens/claimlens.jar"  # target/claimlens.jar of `mvn package`
INPUT = "s3a://lake/raw"
OUTPUT = "s3a://lake/claimlens"
# the day before the scheduled time, in the marketplace zone (a Jinja template, rendered per run)
AS_OF = (
    "{{ data_interval_end.in_timezone('" + MARKETPLACE_TZ + "').subtract(days=1).to_date_string() }}"
)

with DAG(
    dag_id="claimlens_nightly",
    description="claimlens seller-risk tables for the day that just ended",
    schedule="30 3 * * *",
    start_date=pendulum.datetime(2026, 6, 1, tz=MARKETPLACE_TZ),
    catchup=False,  # backfill explicitly (see above) rather than on deploy
    max_active_runs=1,
    default_args={
        "owner": "risk-data-eng",
        # a failed run leaves the published tables as they were, so retrying is safe
        "retries": 2,
        "retry_delay": timedelta(minutes=20),
        "execution_timeout": timedelta(hours=4),
    },
    tags=["claimlens", "spark"],
) as dag:
    SparkSubmitOperator(
        task_id="claimlens",
        conn_id="spark_default",
        application=JAR,
        java_class="io.claimlens.job.ClaimlensMain",
        name="claimlens-" + AS_OF,
        conf={
            "spark.sql.shuffle.partitions": "400",
            # register the tables in the cluster's Hive metastore (drop with --register-tables)
            "spark.sql.catalogImplementation": "hive",
        },
        application_args=[
            "--input", INPUT,
            "--output", OUTPUT,
            "--as-of", AS_OF,
            "--register-tables", "claimlens",
        ],
        # the job's exit code: 0 ok, 2 bad arguments or policy, 3 input schema (retries will not
        # fix those two; a human must), 1 anything else
    )
