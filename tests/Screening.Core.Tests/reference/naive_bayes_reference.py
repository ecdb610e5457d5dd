# Reference values for NaiveBayesTests and TextFeatureSpaceTests, computed by scikit-learn
# (Debian python3-sklearn 1.2.1): /usr/bin/python3 tests/Screening.Core.Tests/reference/naive_bayes_reference.py
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB

# 1. MultinomialNB(alpha=3.822), ASReview's default, on a small weighted matrix.
X = np.array([
    [0.5, 0.0, 0.3, 0.0, 0.8],
    [0.0, 0.9, 0.0, 0.4, 0.0],
    [0.6, 0.1, 0.5, 0.0, 0.2],
    [0.0, 0.7, 0.1, 0.6, 0.0],
    [0.1, 0.6, 0.0, 0.5, 0.1],
])
y = np.array([1, 0, 1, 0, 0])
nb = MultinomialNB(alpha=3.822).fit(X, y)
test = np.array([[0.7, 0.0, 0.2, 0.0, 0.7], [0.0, 0.8, 0.0, 0.6, 0.0], [0.3, 0.3, 0.3, 0.3, 0.3]])
log_proba = nb.predict_log_proba(test)
print("nb log-odds", repr((log_proba[:, 1] - log_proba[:, 0]).tolist()))

# The same with record 0 counted three times (what a resampled training set does).
nb3 = MultinomialNB(alpha=3.822).fit(np.vstack([X, X[0], X[0]]), np.append(y, [1, 1]))
lp3 = nb3.predict_log_proba(test)
print("nb log-odds, record 0 x3", repr((lp3[:, 1] - lp3[:, 0]).tolist()))

# 2. TfidfVectorizer as ASReview configures it (stop_words="english", otherwise defaults).
texts = ["exosomes mesenchymal cells mice", "hospital costs stroke care", "exosomes memory mice mice"]
tfidf = TfidfVectorizer(stop_words="english").fit(texts)
matrix = tfidf.transform(texts).toarray()
for i, row in enumerate(matrix):
    print("tfidf row", i, repr(sorted(round(v, 10) for v in row if v > 0)))

# 3. ASReview 0.9.3's vectoriser (asreview/feature_extraction/tfidf.py at v0.9.3:
#    CountVectorizer(ngram_range=(1, ngram_max)) + TfidfTransformer(), no stop-word list) with ngram_max = 2,
#    and the same with sublinear tf; the texts avoid one-letter words (scikit-learn's token pattern drops them).
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
texts2 = ["exosomes from stem cells in mice", "costs of stroke care in hospital", "exosomes and memory in mice mice"]
for sublinear in (False, True):
    counts = CountVectorizer(ngram_range=(1, 2)).fit_transform(texts2)
    matrix = TfidfTransformer(sublinear_tf=sublinear).fit_transform(counts).toarray()
    for i, row in enumerate(matrix):
        print("bigram tfidf sublinear=%s row" % sublinear, i, repr(sorted(round(v, 10) for v in row if v > 0)))

# 4. Section 1's matrix among words no training record has (all-zero columns), 13 words in all: columns
#    0-3 unseen, 4-7 two seen and two unseen, 8-11 three seen and one unseen, 12 unseen. The fit works four
#    words at a time, so this puts a block of unseen words, mixed blocks and an unseen remainder word in
#    one fit; the test rows weigh the unseen words too.
def spread(rows):
    out = np.zeros((rows.shape[0], 13))
    for source, target in enumerate([4, 6, 8, 9, 10]):
        out[:, target] = rows[:, source]
    return out
X13 = spread(X)
test13 = spread(test)
test13[:, [0, 3, 5, 11, 12]] = [0.4, 0.2, 0.1, 0.3, 0.5]
nb13 = MultinomialNB(alpha=3.822).fit(X13, y)
lp13 = nb13.predict_log_proba(test13)
print("nb log-odds, 13 words, 8 unseen", repr((lp13[:, 1] - lp13[:, 0]).tolist()))
