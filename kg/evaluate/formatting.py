"""The two forms of a report: the text table of `kg eval` and the JSON data of
`kg eval --json`."""

from __future__ import annotations

from dataclasses import fields
from pathlib import PurePosixPath

from kg.evaluate.relations import CONFIDENT
from kg.evaluate.report import RATIO_FIELDS, SCORE_FIELDS, Ratio, Report, Score

_ROW_LABELS = {
    "papers": "papers P/R/F1",
    "organizations": "orgs P/R/F1",
    "techniques": "techniques P/R/F1",
    "models": "models P/R/F1",
    "people": "people P/R/F1",
    "authors": "authors P/R/F1",
    "arxiv": "arXiv id recall",
    "year": "year accuracy",
    "code": "code-link recall",
    "labs": "paper-lab recall",
}


def _cell(value: Score | Ratio) -> str:
    if isinstance(value, Score):
        return f"{value.precision:.2f}/{value.recall:.2f}/{value.f1:.2f}"
    if not value.total:
        return "- (0/0)"
    return f"{value.value:.2f} ({value.hits}/{value.total})"


def format_report(report: Report, details: bool = False) -> str:
    """A table: one row per metric, one column per document and one for the total."""
    columns = [*report.documents, report.overall]
    headers = [PurePosixPath(d.document).stem[:16] for d in columns]
    rows = [[_ROW_LABELS[name], *(_cell(getattr(d, name)) for d in columns)]
            for name in (*SCORE_FIELDS, *RATIO_FIELDS)]
    if report.overall.relations:
        for predicate, _ in report.overall.relations:
            rows.append([f"rel {predicate} P/R/F1",
                         *(_cell(dict(d.relations)[predicate]) if d.relations else "-"
                           for d in columns)])
        rows.append([f"rel conf>={CONFIDENT} precision",
                     *(_cell(d.confident) if d.relations else "-" for d in columns)])
    counts = ["gold/pred papers", *(f"{d.papers.n_gold}/{d.papers.n_pred}" for d in columns)]
    table = [["metric", *headers], counts, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = []
    for n, row in enumerate(table):
        lines.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    if details:
        for d in report.documents:
            for title, groups in (("missing", d.missing), ("spurious", d.spurious)):
                for category, names in groups:
                    lines.append("")
                    lines.append(f"{d.document} {title} {category} ({len(names)}):")
                    lines.extend(f"  - {name}" for name in names)
    return "\n".join(lines)


def report_json(value):
    """An evaluation report (or any part of one) as JSON data, with the derived
    scores: precision, recall and f1 of a Score, value of a Ratio."""
    if hasattr(value, "__dataclass_fields__"):
        data = {f.name: report_json(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, Score):
            data.update(precision=round(value.precision, 4), recall=round(value.recall, 4), f1=round(value.f1, 4))
        elif isinstance(value, Ratio):
            data["value"] = round(value.value, 4)
        return data
    if isinstance(value, (list, tuple)):
        return [report_json(v) for v in value]
    return value
