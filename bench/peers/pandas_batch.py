"""The hand-built batch pattern this service replaces, for comparison: read the CSV with pandas, predict with a
scikit-learn logistic regression on Iris, write the CSV with a prediction column. That is
less output than the service writes (it adds the label and one probability per class), so the comparison favours
this script. Training is done first and not timed (the pattern
loads a fitted model). Prints one JSON line with the timed phases in milliseconds.

    python3 bench/peers/pandas_batch.py <input.csv> <output.csv>
    python3 bench/peers/pandas_batch.py s3://<bucket>/<key> s3://<bucket>/<key> --endpoint <url> --workdir <dir>

With S3 locations it is the whole pattern of an S3-triggered function written by hand: boto3 `download_file` of the input to a
local file, read, predict, write a local file, boto3 `upload_file` of the output (credentials from the environment).
"""
import argparse
import json
import os
import time

import pandas as pd
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def split_s3(location):
    bucket, _, key = location[len("s3://"):].partition("/")
    return bucket, key


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--endpoint")
    parser.add_argument("--workdir", default="/tmp")
    args = parser.parse_args()
    remote = args.source.startswith("s3://")
    s3 = None
    if remote:
        import boto3

        s3 = boto3.client("s3", endpoint_url=args.endpoint, region_name="us-east-1")
    local_in = os.path.join(args.workdir, "peer-input.csv") if remote else args.source
    local_out = os.path.join(args.workdir, "peer-output.csv") if remote else args.target

    iris = load_iris()
    model = LogisticRegression(max_iter=500).fit(iris.data, iris.target)

    start = time.perf_counter()
    if remote:
        s3.download_file(*split_s3(args.source), local_in)
    downloaded = time.perf_counter()
    frame = pd.read_csv(local_in)
    read = time.perf_counter()
    features = frame[FEATURES].to_numpy()
    frame["prediction"] = model.predict(features)
    predicted = time.perf_counter()
    frame.to_csv(local_out, index=False)
    written = time.perf_counter()
    if remote:
        s3.upload_file(local_out, *split_s3(args.target))
    uploaded = time.perf_counter()

    print(json.dumps({
        "rows": len(frame),
        "downloadMs": (downloaded - start) * 1000,
        "readMs": (read - downloaded) * 1000,
        "predictMs": (predicted - read) * 1000,
        "writeMs": (written - predicted) * 1000,
        "uploadMs": (uploaded - written) * 1000,
        "workMs": (written - downloaded) * 1000,
        "totalMs": (uploaded - start) * 1000,
    }))


if __name__ == "__main__":
    main()
