# Side-by-side check of `screening-simulate` (NB + TF-IDF) against the same procedure written with
# scikit-learn, as ASReview builds it: TfidfVectorizer(stop_words="english") over title + " " + abstract,
# MultinomialNB(alpha=3.822), ASReview's double balance (a=2.155, alpha=0.94, b=0.789, beta=1),
# max query one record at a time, 1 prior include + 1 prior exclude. Same WSS@95 / RRF@10 definitions
# (priors left out). Needs Debian's python3-sklearn:
#   /usr/bin/python3 tests/Benchmarks/screening-vs-sklearn.py ../shared/testdata/screening/Ferdinands2020_sim_nudging.csv.gz [seeds]
import csv, gzip, math, sys
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB


def read(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    label = "label_included" if "label_included" in rows[0] else "included"
    texts = [((r.get("title") or "") + " " + (r.get("abstract") or "")) for r in rows]
    return texts, np.array([1 if r[label] == "1" else 0 for r in rows])


def double_balance(train, y, rng):
    ones, zeros = train[y[train] == 1], train[y[train] == 0]
    n = len(train)
    w1 = 2.155 * (len(ones) / len(zeros)) ** -0.94
    w0 = 1 - (1 - 0.789) * (1 + math.log(n)) ** -1.0
    share = w1 * len(ones) * n / (w1 * len(ones) + w0 * len(zeros))
    n1 = int(math.floor(share)) + (1 if rng.random() < share - math.floor(share) else 0)
    n1 = max(1, min(n - 2, n1))
    def fill(src, k):
        copies = k // len(src)
        return np.append(np.tile(src, copies), rng.choice(src, k - copies * len(src), replace=False))
    return np.concatenate([fill(ones, n1), fill(zeros, n - n1)])


def run(X, y, seed):
    rng = np.random.RandomState(seed)
    ones, zeros = np.where(y == 1)[0], np.where(y == 0)[0]
    labelled = [int(rng.choice(ones)), int(rng.choice(zeros))]
    pool = np.setdiff1d(np.arange(len(y)), labelled)
    order, found, total = [], 1, int(y.sum())
    while len(pool) and found < total:
        idx = double_balance(np.array(labelled), y, rng)
        nb = MultinomialNB(alpha=3.822).fit(X[idx], y[idx])
        best = pool[int(np.argmax(nb.predict_proba(X[pool])[:, 1]))]
        labelled.append(int(best)); order.append(int(y[best])); found += y[best]
        pool = pool[pool != best]
    order += [0] * len(pool)
    n, inclusions = len(order), sum(order)
    needed = math.ceil(0.95 * inclusions)
    screened = next(i + 1 for i, c in enumerate(np.cumsum(order)) if c >= needed)
    wss = (n - screened) / n - 0.05
    rrf = sum(order[: math.ceil(0.10 * n)]) / inclusions
    return wss, rrf


texts, y = read(sys.argv[1])
X = TfidfVectorizer(stop_words="english").fit_transform(texts)
seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
results = [run(X, y, s) for s in range(1, seeds + 1)]
print(sys.argv[1].split("/")[-1], "scikit-learn NB + TF-IDF, double balance:",
      "WSS@95 %.1f" % (100 * np.mean([r[0] for r in results])), "RRF@10 %.1f" % (100 * np.mean([r[1] for r in results])),
      "per seed", [round(100 * r[0], 1) for r in results])
