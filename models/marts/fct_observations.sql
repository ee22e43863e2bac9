with

observations as (
    select * from {{ ref('int_observations_resolved') }}
),

current_observations as (
    select
        observation_key,
        observation_id,
        figure_id,
        return_row_id,
        observation_role,
        document_id,
        quarter_label,
        priority,
        measure_code,
        measure_label,
        area,
        area_type,
        unit,
        value_kind,
        value,
        period_id,
        period_start,
        period_end,
        period_label,
        statement_count,
        document_count,
        is_restated,
        restated_from_value,
        restated_from_document_id,
        restated_from_quarter_label
    from observations
    where is_current
)

select * from current_observations
