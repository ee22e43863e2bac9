-- Each current observation beside the same series' value a year earlier, in the period
-- before and a quarter earlier (same measure, area, unit, value kind and length of period),
-- with the changes and, from the measure's polarity, whether the year-on-year change is
-- better or worse. The earlier values come from the warehouse's series: a figure, a
-- comparison value or a return. The quarter-earlier point also serves the plausibility
-- check of int_observation_checks.

{% set year_earlier = "cast(" ~ dbt.dateadd('month', -12, 'later_points.period_start') ~ " as " ~ type_date() ~ ")" %}
{% set period_before = "cast(" ~ dbt.dateadd('month', '-later_points.period_length_months', 'later_points.period_start') ~ " as " ~ type_date() ~ ")" %}
{% set quarter_earlier = "cast(" ~ dbt.dateadd('month', -3, 'later_points.period_start') ~ " as " ~ type_date() ~ ")" %}

with

observations as (
    select * from {{ ref('int_observations_resolved') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

measures as (
    select * from {{ ref('measures') }}
),

series_points as (
    select
        observations.observation_key,
        observations.measure_code,
        observations.area,
        observations.unit,
        observations.value_kind,
        observations.value,
        observations.period_start,
        observations.period_label,
        observations.quarter_label,
        periods.period_length_months
    from observations
    inner join periods
        on observations.period_id = periods.period_id
    where observations.is_current
        and observations.measure_code is not null
        and periods.period_length_months is not null
),

-- the same series twelve months, one period and three months earlier, in one pass
earlier_points as (
    select
        later_points.observation_key,
        max(case when earlier_points.period_start = {{ year_earlier }} then earlier_points.value end)
            as value_a_year_earlier,
        max(case when earlier_points.period_start = {{ period_before }} then earlier_points.value end)
            as previous_period_value,
        max(case when earlier_points.period_start = {{ quarter_earlier }} then earlier_points.value end)
            as value_a_quarter_earlier,
        max(case when earlier_points.period_start = {{ quarter_earlier }} then earlier_points.period_label end)
            as quarter_earlier_period_label,
        max(case when earlier_points.period_start = {{ quarter_earlier }} then earlier_points.quarter_label end)
            as quarter_earlier_stated_in
    from series_points as later_points
    inner join series_points as earlier_points
        on later_points.measure_code = earlier_points.measure_code
        and later_points.area = earlier_points.area
        and later_points.unit = earlier_points.unit
        and later_points.value_kind = earlier_points.value_kind
        and later_points.period_length_months = earlier_points.period_length_months
        and earlier_points.period_start in ({{ year_earlier }}, {{ period_before }}, {{ quarter_earlier }})
    group by later_points.observation_key
),

points_compared as (
    select
        series_points.observation_key,
        series_points.unit,
        measures.polarity,
        earlier_points.value_a_year_earlier,
        series_points.value - earlier_points.value_a_year_earlier as change_on_a_year_earlier,
        earlier_points.previous_period_value,
        series_points.value - earlier_points.previous_period_value as change_on_previous_period,
        earlier_points.value_a_quarter_earlier,
        earlier_points.quarter_earlier_period_label,
        earlier_points.quarter_earlier_stated_in,
        -- a share's change is in percentage points: no percentage of a percentage
        case
            when series_points.unit not in ('percent', 'percentage_points') and earlier_points.value_a_year_earlier > 0
                then round(100.0 * (series_points.value - earlier_points.value_a_year_earlier)
                    / earlier_points.value_a_year_earlier, 1)
        end as percent_change_on_a_year_earlier,
        case
            when series_points.unit not in ('percent', 'percentage_points') and earlier_points.previous_period_value > 0
                then round(100.0 * (series_points.value - earlier_points.previous_period_value)
                    / earlier_points.previous_period_value, 1)
        end as percent_change_on_previous_period
    from series_points
    left join measures
        on series_points.measure_code = measures.measure_code
    left join earlier_points
        on series_points.observation_key = earlier_points.observation_key
),

final as (
    select
        observation_key,
        value_a_year_earlier,
        change_on_a_year_earlier,
        percent_change_on_a_year_earlier,
        case
            when change_on_a_year_earlier > 0 then 'up'
            when change_on_a_year_earlier < 0 then 'down'
            when change_on_a_year_earlier = 0 then 'same'
        end as direction_on_a_year_earlier,
        case
            when change_on_a_year_earlier is null or change_on_a_year_earlier = 0 then null
            when polarity = 'up_is_good' then change_on_a_year_earlier > 0
            when polarity = 'down_is_good' then change_on_a_year_earlier < 0
        end as is_better_on_a_year_earlier,
        previous_period_value,
        change_on_previous_period,
        percent_change_on_previous_period,
        value_a_quarter_earlier,
        quarter_earlier_period_label,
        quarter_earlier_stated_in
    from points_compared
)

select * from final
