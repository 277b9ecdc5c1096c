"""The hand-built batch pattern this service replaces, for comparison: read the CSV with pandas, predict with a
scikit-learn logistic regression on Iris, write the CSV with a prediction column. That is
less output than the service writes (it adds the label and one probability per class), so the comparison favours
this script. Training is done first and not timed (the pattern
loads a fitted model). Prints one JSON line with the timed phases in milliseconds.

    python3 bench/peers/pandas_batch.py <input.csv> <output.csv>
"""
import json
import sys
import time

import pandas as pd
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def main(source: str, target: str) -> None:
    iris = load_iris()
    model = LogisticRegression(max_iter=500).fit(iris.data, iris.target)

    start = time.perf_counter()
    frame = pd.read_csv(source)
    read = time.perf_counter()
    features = frame[FEATURES].to_numpy()
    frame["prediction"] = model.predict(features)
    predicted = time.perf_counter()
    frame.to_csv(target, index=False)
    written = time.perf_counter()

    print(json.dumps({
        "rows": len(frame),
        "readMs": (read - start) * 1000,
        "predictMs": (predicted - read) * 1000,
        "writeMs": (written - predicted) * 1000,
        "totalMs": (written - start) * 1000,
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
