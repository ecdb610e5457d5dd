# Side-by-side check of `screening-simulate` (NB + TF-IDF) against the same procedure written with
# scikit-learn the way ASReview 0.9.3 builds it (the version of the published Ferdinands 2020 figures;
# asreview tag v0.9.3 = commit 4f4d137c7d5ecb8ca69d820c7594002ac1b8182a):
#   - features: CountVectorizer(ngram_range=(1, ngram_max)) + TfidfTransformer() over title + " " + abstract
#     (asreview/feature_extraction/tfidf.py; no stop-word list there); --stop-words english adds the list,
#     sublinear tf (this service's default) is on unless --raw-tf;
#   - MultinomialNB(alpha) (asreview/models/nb.py), ASReview's double balance (balance_strategies/double.py),
#     query "max", retrain after every record (n_instances = 1), 1 prior include + 1 prior exclude per trial;
#   - WSS@95 both ways: Cohen's (N - n95)/N - 0.05, and ASReview's (analysis/analysis.py Analysis.wss:
#     recall reached - (n95 - 1)/N), the latter also on the recall curve averaged over the trials, which is how
#     the published figure was made. Priors are not counted (N, I without them), as in ASReview.
# Defaults are this service's defaults (RankingOptions.Default / TextFeatureOptions.Default: bigrams, no stop-word
# list, sublinear tf, NB alpha and balance of Ferdinands' all-six-datasets setting); ASReview 0.9.3 with its own
# defaults is --ngram-max 1 --raw-tf --alpha 3.822 --balance 2.155,0.94,0.789. The seeds draw other priors than
# the C# command (numpy's generator), so compare means. Needs Debian's python3-sklearn:
#   /usr/bin/python3 tests/Benchmarks/screening-vs-sklearn.py ../shared/testdata/screening/Ferdinands2020_sim_nudging.csv.gz [seeds]
#       [--ngram-max N] [--stop-words english|none] [--alpha X] [--balance A,ALPHA,B] [--raw-tf]
import argparse, csv, gzip, math
import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.naive_bayes import MultinomialNB


def read(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    label = "label_included" if "label_included" in rows[0] else "included"
    clean = lambda v: "" if v in (None, "NA") else v
    texts = [clean(r.get("title")) + " " + clean(r.get("abstract")) for r in rows]
    return texts, np.array([1 if r[label] == "1" else 0 for r in rows])


def double_balance(train, y, rng, a, alpha, b, beta=1.0):
    ones, zeros = train[y[train] == 1], train[y[train] == 0]
    n = len(train)
    w1 = a * (len(ones) / len(zeros)) ** -alpha
    w0 = 1 - (1 - b) * (1 + math.log(n)) ** -beta
    share = w1 * len(ones) * n / (w1 * len(ones) + w0 * len(zeros))
    n1 = int(math.floor(share)) + (1 if rng.random() < share - math.floor(share) else 0)
    n1 = max(1, min(n - 2, n1))
    def fill(src, k):
        copies = k // len(src)
        return np.append(np.tile(src, copies), rng.choice(src, k - copies * len(src), replace=False))
    return np.concatenate([fill(ones, n1), fill(zeros, n - n1)])


def run(X, y, seed, args):
    rng = np.random.RandomState(seed)
    ones, zeros = np.where(y == 1)[0], np.where(y == 0)[0]
    labelled = [int(rng.choice(ones)), int(rng.choice(zeros))]
    pool = np.setdiff1d(np.arange(len(y)), labelled)
    order, found, total = [], 1, int(y.sum())
    while len(pool) and found < total:
        idx = double_balance(np.array(labelled), y, rng, *args.balance)
        nb = MultinomialNB(alpha=args.alpha).fit(X[idx], y[idx])
        best = pool[int(np.argmax(nb.predict_proba(X[pool])[:, 1]))]
        labelled.append(int(best)); order.append(int(y[best])); found += y[best]
        pool = pool[pool != best]
    return order + [0] * len(pool)


def cohen_wss(order, r=0.95):
    n, inclusions = len(order), sum(order)
    screened = int(np.argmax(np.cumsum(order) >= math.ceil(r * inclusions - 1e-9))) + 1
    return (n - screened) / n - (1 - r)


def asreview_wss(orders, r=0.95):
    # Analysis.wss on Analysis.inclusions_found: x_i = i/N, y_i = mean inclusions after i + 1 records / I.
    curve = np.mean([np.cumsum(o) for o in orders], axis=0) / sum(orders[0])
    i = int(np.argmax(100 * curve >= 100 * r - 1e-6))
    return curve[i] - i / len(orders[0])


def asreview_rrf(order, fraction=0.10):
    n = len(order)
    i = next(i for i in range(n) if 100 * i / n >= 100 * fraction - 1e-6)
    return sum(order[: i + 1]) / sum(order)


parser = argparse.ArgumentParser()
parser.add_argument("file")
parser.add_argument("seeds", nargs="?", type=int, default=5)
parser.add_argument("--ngram-max", type=int, default=2)
parser.add_argument("--stop-words", default="none")
parser.add_argument("--alpha", type=float, default=0.8267010267867003)
parser.add_argument("--balance", type=lambda s: [float(v) for v in s.split(",")], default=[0.7492527339524988, 1.376755934059147, 0.15013204593328155])
parser.add_argument("--raw-tf", action="store_true")
args = parser.parse_args()

texts, y = read(args.file)
counts = CountVectorizer(ngram_range=(1, args.ngram_max), stop_words=None if args.stop_words == "none" else args.stop_words).fit_transform(texts)
X = TfidfTransformer(sublinear_tf=not args.raw_tf).fit_transform(counts).tocsr()
orders = [run(X, y, s, args) for s in range(1, args.seeds + 1)]
pct = lambda v: "%.1f" % (100 * v)
summary = lambda vs: "%.1f (%.1f)" % (100 * np.mean(vs), 100 * np.std(vs, ddof=1) if len(vs) > 1 else 0)
print(args.file.split("/")[-1], "scikit-learn NB + TF-IDF, double balance,", vars(args) | {"file": None},
      "| WSS@95 as published %s" % pct(asreview_wss(orders)),
      "| ASReview per seed %s" % summary([asreview_wss([o]) for o in orders]),
      "| Cohen per seed %s" % summary([cohen_wss(o) for o in orders]),
      "| RRF@10 %s" % summary([asreview_rrf(o) for o in orders]),
      "| recall@25%% %s" % summary([sum(o[: math.ceil(0.25 * len(o) - 1e-9)]) / sum(o) for o in orders]))
