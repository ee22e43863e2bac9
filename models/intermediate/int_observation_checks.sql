-- Helper columns for the observation checks of expectations/observation_checks.yml: one row per
-- observed measure, area, unit, value kind and period (observation_key) with its current (published)
-- statement. It counts the values the latest document gives, carries the restatement it replaces
-- and the value one quarter earlier in the same series; the verdict comes from Great Expectations.
-- Observations without a measure or a full period are left out (nothing else states them).

with

observations as (
    select * from {{ ref('int_observations_resolved') }}
),

documents as (
    select * from {{ ref('stg_documents__documents') }}
),

comparisons as (
    select * from {{ ref('int_observation_comparisons') }}
),

current_observations as (
    select
        observation_key,
        observation_id,
        figure_id,
        observation_role,
        document_id,
        quarter_label,
        financial_year,
        quarter_number,
        document_version,
        priority,
        measure_code,
        measure_label,
        area,
        unit,
        value_kind,
        value,
        period_id,
        period_start,
        period_end,
        period_label,
        statement_count,
        document_count,
        restated_from_value,
        restated_from_quarter_label,
        restated_from_document_version
    from observations
    where is_current
        and measure_code is not null
        and period_start is not null
        and period_end is not null
),

latest_document_statements as (
    select
        observations.observation_key,
        observations.document_id,
        observations.value
    from observations
    inner join current_observations
        on observations.observation_key = current_observations.observation_key
        and coalesce(observations.financial_year, '') = coalesce(current_observations.financial_year, '')
        and coalesce(observations.quarter_number, 0) = coalesce(current_observations.quarter_number, 0)
        and coalesce(observations.document_version, '') = coalesce(current_observations.document_version, '')
),

latest_document_values as (
    select
        observation_key,
        count(*) as latest_statement_count,
        count(distinct value) as latest_value_count,
        min(value) as latest_min_value,
        max(value) as latest_max_value
    from latest_document_statements
    group by observation_key
),

-- the files the latest statements come from: two files of one quarter and version name both
latest_document_files as (
    select distinct
        latest_document_statements.observation_key,
        coalesce(documents.file_name, latest_document_statements.document_id) as file_name
    from latest_document_statements
    left join documents
        on latest_document_statements.document_id = documents.document_id
),

latest_document_file_names as (
    select
        observation_key,
        {{ dbt.listagg('file_name', "', '", 'order by file_name') }} as latest_file_names
    from latest_document_files
    group by observation_key
),

observation_checks as (
    select
        current_observations.observation_key,
        current_observations.observation_id,
        current_observations.figure_id,
        current_observations.observation_role,
        current_observations.document_id,
        current_observations.quarter_label,
        current_observations.document_version,
        current_observations.priority,
        current_observations.measure_code as measure,
        current_observations.measure_label,
        current_observations.area,
        current_observations.unit,
        current_observations.value_kind,
        current_observations.value,
        current_observations.period_start,
        current_observations.period_end,
        current_observations.period_label,
        current_observations.statement_count,
        current_observations.document_count,
        latest_document_values.latest_statement_count,
        latest_document_values.latest_value_count,
        latest_document_values.latest_min_value,
        latest_document_values.latest_max_value,
        latest_document_file_names.latest_file_names,
        current_observations.restated_from_value,
        current_observations.restated_from_quarter_label,
        current_observations.restated_from_document_version,
        comparisons.value_a_quarter_earlier as previous_quarter_value,
        comparisons.quarter_earlier_period_label as previous_period_label,
        comparisons.quarter_earlier_stated_in as previous_value_quarter_label,
        case
            when comparisons.value_a_quarter_earlier > 0 and current_observations.value > 0
                then greatest(current_observations.value, comparisons.value_a_quarter_earlier)
                / least(current_observations.value, comparisons.value_a_quarter_earlier)
        end as quarter_on_quarter_factor,
        case
            when comparisons.value_a_quarter_earlier is not null
                then greatest(abs(current_observations.value), abs(comparisons.value_a_quarter_earlier))
        end as quarter_on_quarter_larger_value
    from current_observations
    inner join latest_document_values
        on current_observations.observation_key = latest_document_values.observation_key
    inner join latest_document_file_names
        on current_observations.observation_key = latest_document_file_names.observation_key
    -- the plausibility check compares levels only
    left join comparisons
        on current_observations.observation_key = comparisons.observation_key
        and current_observations.value_kind = 'level'
)

select * from observation_checks
