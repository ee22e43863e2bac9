"""The measure of every figure, given at every build from the seeds of the day.

The catalogue (seeds/measures.csv) describes each measure by meaning: subject, terms,
unit, kind, priority. pcp_warehouse.measures scores each figure against every measure of
its priority and unit; each document is aligned with the quarters before and after it,
and a figure aligned with a mapped figure there takes that measure as evidence. A figure
gets the best measure when the score clears `min_score` and beats the runner-up by
`min_margin` (config in _intermediate__models.yml); otherwise the figure stays unmapped
with its three best candidates.
"""

import pandas as pd

from pcp_warehouse.measures import MATCH_COLUMNS, MatchSettings, match_rows


def model(dbt, session):
    dbt.config(materialized="table")
    figures = dbt.ref("stg_documents__figures").df()
    documents = dbt.ref("stg_documents__documents").df()
    measures = dbt.ref("measures").df()
    synonyms = dbt.ref("measure_synonyms").df()
    areas = dbt.ref("areas").df()

    # oldest first: each document is read with its neighbours in this order as evidence
    documents = documents.sort_values(
        ["financial_year", "quarter_number", "document_version_order", "loaded_at"], na_position="first"
    )
    # dbt reads config.get arguments as literals, so each setting is named in full
    defaults = MatchSettings()
    configured = {
        "min_score": dbt.config.get("min_score"),
        "min_margin": dbt.config.get("min_margin"),
        "neighbour_weight": dbt.config.get("neighbour_weight"),
        "neighbour_min_similarity": dbt.config.get("neighbour_min_similarity"),
    }
    settings = MatchSettings(
        **{name: float(value) if value is not None else getattr(defaults, name) for name, value in configured.items()}
    )
    rows = match_rows(
        figures.to_dict("records"),
        list(documents["document_id"]),
        measures.to_dict("records"),
        synonyms.to_dict("records"),
        settings,
        areas.to_dict("records"),
    )
    frame = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    return frame.astype(
        {
            "figure_id": "string",
            "measure_code": "string",
            "match_score": "float64",
            "match_margin": "float64",
            "match_evidence": "string",
            "candidate_1": "string",
            "candidate_1_score": "float64",
            "candidate_2": "string",
            "candidate_2_score": "float64",
            "candidate_3": "string",
            "candidate_3_score": "float64",
        }
    )
