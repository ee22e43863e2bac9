-- Restatements: the same observation (observation_key: measure, area, unit, value kind and
-- period) can be stated by several documents. The latest document wins - by financial year,
-- quarter, then version - and within a document a figure's own value beats a comparison
-- value. All statements are kept; is_current marks the winner and is_restated says the
-- statements disagree.

with

observations as (
    select * from {{ ref('int_observations') }}
),

ranked_statements as (
    select
        *,
        row_number() over (
            partition by observation_key
            order by
                financial_year desc nulls last,
                quarter_number desc nulls last,
                document_version_order desc nulls last,
                data_to_month desc nulls last,
                loaded_at desc,
                case when observation_role = 'value' then 1 else 2 end,
                figure_index
        ) as statement_rank
    from observations
),

current_statements as (
    select
        observation_key,
        observation_id as current_observation_id,
        document_id as current_document_id,
        value as current_value
    from ranked_statements
    where statement_rank = 1
),

statement_counts as (
    select
        observation_key,
        count(*) as statement_count,
        count(distinct document_id) as document_count,
        min(value) as min_value,
        max(value) as max_value
    from observations
    group by observation_key
),

differing_earlier_statements as (
    select
        ranked_statements.observation_key,
        ranked_statements.value,
        ranked_statements.document_id,
        ranked_statements.quarter_label,
        ranked_statements.document_version,
        row_number() over (
            partition by ranked_statements.observation_key
            order by ranked_statements.statement_rank
        ) as earlier_rank
    from ranked_statements
    inner join current_statements
        on ranked_statements.observation_key = current_statements.observation_key
    where ranked_statements.document_id <> current_statements.current_document_id
        and ranked_statements.value <> current_statements.current_value
),

restated_from_statements as (
    select
        observation_key,
        value as restated_from_value,
        document_id as restated_from_document_id,
        quarter_label as restated_from_quarter_label,
        document_version as restated_from_document_version
    from differing_earlier_statements
    where earlier_rank = 1
),

resolved as (
    select
        ranked_statements.observation_id,
        ranked_statements.observation_key,
        ranked_statements.figure_id,
        ranked_statements.return_row_id,
        ranked_statements.observation_role,
        ranked_statements.document_id,
        ranked_statements.quarter_label,
        ranked_statements.financial_year,
        ranked_statements.quarter_number,
        ranked_statements.document_version,
        ranked_statements.priority,
        ranked_statements.measure_code,
        ranked_statements.measure_label,
        ranked_statements.area,
        ranked_statements.area_type,
        ranked_statements.unit,
        ranked_statements.value_kind,
        ranked_statements.value,
        ranked_statements.period_id,
        ranked_statements.period_start,
        ranked_statements.period_end,
        ranked_statements.period_label,
        ranked_statements.statement_rank,
        ranked_statements.statement_rank = 1 as is_current,
        current_statements.current_observation_id,
        current_statements.current_value,
        case
            when ranked_statements.statement_rank > 1
                then current_statements.current_observation_id
        end as superseded_by_observation_id,
        case
            when ranked_statements.statement_rank > 1
                then ranked_statements.value <> current_statements.current_value
        end as differs_from_current,
        statement_counts.statement_count,
        statement_counts.document_count,
        statement_counts.min_value <> statement_counts.max_value as is_restated,
        case
            when ranked_statements.statement_rank = 1
                then restated_from_statements.restated_from_value
        end as restated_from_value,
        case
            when ranked_statements.statement_rank = 1
                then restated_from_statements.restated_from_document_id
        end as restated_from_document_id,
        case
            when ranked_statements.statement_rank = 1
                then restated_from_statements.restated_from_quarter_label
        end as restated_from_quarter_label,
        case
            when ranked_statements.statement_rank = 1
                then restated_from_statements.restated_from_document_version
        end as restated_from_document_version
    from ranked_statements
    inner join current_statements
        on ranked_statements.observation_key = current_statements.observation_key
    inner join statement_counts
        on ranked_statements.observation_key = statement_counts.observation_key
    left join restated_from_statements
        on ranked_statements.observation_key = restated_from_statements.observation_key
)

select * from resolved
