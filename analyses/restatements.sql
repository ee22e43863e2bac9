-- Every restated observation: a measure, area and period that documents gave different
-- values, with each value and the document and quarter that stated it, the current
-- (winning) statement first.
--
-- The latest document wins: by financial year, quarter, then version ("1.10" after "1.2").
-- A restatement is found whatever the wording, because statements meet on the observation
-- (measure, area, period), not on the sentence.
--
-- pcp sql --file analyses/restatements.sql

with

statements as (
    select * from fct_observation_statements
),

current_statements as (
    select
        observation_key,
        document_id as current_document_id
    from statements
    where is_current
),

-- restated: another document gave the observation another value (two values in one
-- document are two statements of the text, checked by the one-value check, not a restatement)
restated_observations as (
    select distinct statements.observation_key
    from statements
    inner join current_statements
        on statements.observation_key = current_statements.observation_key
    where statements.differs_from_current
        and statements.document_id <> current_statements.current_document_id
),

restated as (
    select
        statements.measure_code,
        statements.measure_label,
        statements.area,
        statements.period_label,
        statements.period_start,
        statements.value,
        statements.current_value,
        statements.is_current,
        statements.differs_from_current,
        statements.stated_in_quarter,
        statements.document_version,
        statements.file_name,
        statements.observation_role,
        statements.statement_rank,
        statements.observation_key
    from statements
    inner join restated_observations
        on statements.observation_key = restated_observations.observation_key
)

select * from restated
order by measure_code, area, period_start, statement_rank
