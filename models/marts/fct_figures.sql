with

figures as (
    select * from {{ ref('int_figures_conformed') }}
),

observations as (
    select * from {{ ref('int_observations_resolved') }}
),

value_observations as (
    select
        figure_id,
        is_current,
        is_restated
    from observations
    where observation_role = 'value'
),

figures_with_resolution as (
    select
        figures.figure_id,
        figures.document_id,
        figures.figure_index,
        figures.page,
        figures.priority,
        figures.objective,
        figures.area,
        figures.measure_code as measure,
        figures.value,
        figures.unit,
        figures.value_kind,
        figures.period_start,
        figures.period_end,
        figures.stated_period_start,
        figures.comparison_value,
        figures.comparison_period_start,
        figures.comparison_period_end,
        figures.stated_comparison_period_start,
        figures.stated_change,
        figures.stated_change_unit,
        figures.stated_change_decimals,
        figures.stated_share,
        figures.whole_value,
        figures.value_text,
        figures.subject,
        figures.quote,
        figures.loaded_at,
        figures.quarter_label,
        figures.financial_year,
        figures.quarter_number,
        figures.document_version,
        figures.priority_title,
        figures.area_as_loaded,
        figures.area_type,
        figures.parent_area,
        figures.is_known_area,
        figures.measure_label,
        figures.polarity,
        figures.is_catalogued_measure,
        figures.period_id,
        figures.period_label,
        figures.comparison_period_id,
        figures.comparison_period_label,
        value_observations.is_current as is_current_value,
        value_observations.is_restated
    from figures
    left join value_observations
        on figures.figure_id = value_observations.figure_id
)

select * from figures_with_resolution
