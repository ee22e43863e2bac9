-- The plan at a glance: one row per measure series (measure, area, unit) with its latest
-- point at the measure's grain, that point's changes on a year earlier and on a quarter
-- earlier, better or worse by the measure's polarity, the statement it came from, and the
-- status of the series' current target as a RAG colour. The dashboard's index page shows
-- this table as it stands; BI dashboards can read it the same way.

with

observations as (
    select * from {{ ref('fct_observations') }}
),

statements as (
    select * from {{ ref('fct_observation_statements') }}
),

figures as (
    select * from {{ ref('fct_figures') }}
),

measures as (
    select * from {{ ref('dim_measure') }}
),

priorities as (
    select * from {{ ref('dim_priority') }}
),

targets as (
    select * from {{ ref('fct_targets') }}
),

-- the points a trend chart draws: levels at the measure's own grain
series_points as (
    select * from observations
    where measure_code is not null
        and value_kind = 'level'
        and is_at_measure_grain
        and period_end is not null
),

series as (
    select
        measure_code,
        area,
        unit,
        cast(count(*) as integer) as point_count,
        cast(count(distinct period_id) as integer) as period_count,
        cast(count_if(is_restated) as integer) as restated_point_count,
        min(period_end) as first_period_end
    from series_points
    group by measure_code, area, unit
),

points_by_recency as (
    select
        *,
        row_number() over (
            partition by measure_code, area, unit
            order by period_end desc, period_start desc, observation_key
        ) as recency
    from series_points
),

latest_points as (
    select * from points_by_recency
    where recency = 1
),

-- the statement the latest point's value comes from (a figure, or a return row)
latest_statements as (
    select
        latest_points.observation_key,
        statements.file_name,
        statements.document_version
    from latest_points
    inner join statements
        on latest_points.observation_id = statements.observation_id
),

-- of a series' targets, the one whose period ends last (then the one set last)
targets_by_recency as (
    select
        *,
        row_number() over (
            partition by measure_code, area
            order by target_period_end desc, set_in_quarter desc, target_observation_key
        ) as recency
    from targets
),

current_targets as (
    select * from targets_by_recency
    where recency = 1
),

scored as (
    select
        measures.priority,
        priorities.title as priority_title,
        series.measure_code,
        measures.label as measure_label,
        series.area,
        series.unit,
        measures.polarity,
        measures.kind as measure_kind,
        measures.grain_months,
        latest_points.is_per_event_measure,
        series.point_count,
        series.period_count,
        series.period_count >= 2 as is_recurring,
        series.restated_point_count,
        series.first_period_end,
        latest_points.period_label as latest_period_label,
        latest_points.period_start as latest_period_start,
        latest_points.period_end as latest_period_end,
        latest_points.value as latest_value,
        latest_points.is_restated as is_latest_restated,
        latest_points.restated_from_value as latest_restated_from_value,
        latest_points.value_a_year_earlier,
        latest_points.value_a_year_earlier_source,
        latest_points.change_on_a_year_earlier,
        latest_points.percent_change_on_a_year_earlier,
        latest_points.is_better_on_a_year_earlier,
        latest_points.value_a_quarter_earlier,
        latest_points.change_on_a_quarter_earlier,
        latest_points.percent_change_on_a_quarter_earlier,
        latest_points.is_better_on_a_quarter_earlier,
        latest_points.stated_in_quarter as latest_stated_in_quarter,
        latest_points.document_id as latest_document_id,
        latest_statements.file_name as latest_file_name,
        latest_statements.document_version as latest_document_version,
        figures.page as latest_page,
        figures.quote as latest_quote,
        current_targets.target_value,
        current_targets.target_period_label,
        current_targets.target_period_end,
        current_targets.progress_value as target_progress_value,
        current_targets.target_status
    from series
    inner join latest_points
        on series.measure_code = latest_points.measure_code
        and series.area = latest_points.area
        and series.unit = latest_points.unit
    inner join measures
        on series.measure_code = measures.measure_code
    left join priorities
        on measures.priority = priorities.priority
    left join latest_statements
        on latest_points.observation_key = latest_statements.observation_key
    left join figures
        on latest_points.figure_id = figures.figure_id
    left join current_targets
        on series.measure_code = current_targets.measure_code
        and series.area = current_targets.area
),

final as (
    select
        *,
        -- red: missed; amber: behind or not yet met with time to go; green: met or on track
        case
            when target_status in ('met', 'on track') then 'green'
            when target_status in ('behind', 'not yet met') then 'amber'
            when target_status = 'missed' then 'red'
        end as target_rag
    from scored
)

select * from final
