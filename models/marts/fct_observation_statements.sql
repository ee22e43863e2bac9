-- Every statement of every observation: each figure value, comparison value and return
-- row that gives a measure, area and period a value, with the document that stated it.
-- fct_observations keeps the winner; this is the history an auditor reads, restatements
-- (statements that differ from the current value) included.

with

statements as (
    select * from {{ ref('int_observations_resolved') }}
),

documents as (
    select * from {{ ref('stg_documents__documents') }}
),

return_rows as (
    select * from {{ ref('stg_returns__returns') }}
),

statements_documented as (
    select
        statements.observation_id,
        statements.observation_key,
        statements.figure_id,
        statements.return_row_id,
        statements.observation_role,
        statements.document_id,
        coalesce(documents.file_name, return_rows.file_name) as file_name,
        statements.quarter_label as stated_in_quarter,
        statements.document_version,
        statements.priority,
        statements.measure_code,
        statements.measure_label,
        statements.area,
        statements.unit,
        statements.value_kind,
        statements.period_id,
        statements.period_start,
        statements.period_end,
        statements.period_label,
        statements.value,
        statements.statement_rank,
        statements.is_current,
        statements.current_value,
        coalesce(statements.differs_from_current, false) as differs_from_current,  -- null for the winner
        statements.statement_count,
        statements.is_restated
    from statements
    left join documents
        on statements.document_id = documents.document_id
    left join return_rows
        on statements.return_row_id = return_rows.return_row_id
)

select * from statements_documented
