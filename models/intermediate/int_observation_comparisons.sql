-- Each current observation beside the same series' value a year earlier, in the period
-- before and a quarter earlier (same measure, area, unit, value kind and length of period),
-- with the changes and, from the measure's polarity, whether the year-on-year change is
-- better or worse. The earlier values come from the warehouse's series (a figure, a
-- comparison value or a return: "stated" when the figure itself gives it, "series" when
-- another statement does), else from a change the figure states against that period
-- ("up 19% on the same period last year": "implied"). The quarter-earlier point also
-- serves the plausibility check of int_observation_checks.

{% set year_earlier = "cast(" ~ dbt.dateadd('month', -12, 'later_points.period_start') ~ " as " ~ type_date() ~ ")" %}
{% set period_before = "cast(" ~ dbt.dateadd('month', '-later_points.period_length_months', 'later_points.period_start') ~ " as " ~ type_date() ~ ")" %}
{% set quarter_earlier = "cast(" ~ dbt.dateadd('month', -3, 'later_points.period_start') ~ " as " ~ type_date() ~ ")" %}
{% set implied_year_earlier = "cast(" ~ dbt.dateadd('month', -12, 'points_implied.period_start') ~ " as " ~ type_date() ~ ")" %}
{% set implied_period_before = "cast(" ~ dbt.dateadd('month', '-points_implied.period_length_months', 'points_implied.period_start') ~ " as " ~ type_date() ~ ")" %}

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

figures as (
    select * from {{ ref('int_figures_conformed') }}
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
        observations.figure_id,
        observations.observation_role,
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
        max(case when earlier_points.period_start = {{ year_earlier }} then earlier_points.figure_id end)
            as year_earlier_figure_id,
        max(case when earlier_points.period_start = {{ period_before }} then earlier_points.value end)
            as previous_period_value,
        max(case when earlier_points.period_start = {{ period_before }} then earlier_points.figure_id end)
            as period_before_figure_id,
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

-- the change a figure states, against the period it names
stated_changes as (
    select
        figure_id,
        stated_change,
        stated_change_unit,
        comparison_period_start
    from figures
    where stated_change is not null
        and comparison_period_start is not null
),

-- the earlier value the stated change implies: "up 51" on 515 is 464, "up 12.5%" on 515 is
-- 457.8, "up 3.1 points" on 76.2% is 73.1%
points_implied as (
    select
        series_points.*,
        stated_changes.comparison_period_start as stated_comparison_start,
        case
            when stated_changes.stated_change_unit = series_points.unit
                then round(series_points.value - stated_changes.stated_change, 4)
            when stated_changes.stated_change_unit = 'percentage_points' and series_points.unit = 'percent'
                then round(series_points.value - stated_changes.stated_change, 4)
            when stated_changes.stated_change_unit = 'percent'
                and series_points.unit not in ('percent', 'percentage_points')
                and stated_changes.stated_change > -100
                then round(series_points.value / (1 + stated_changes.stated_change / 100.0), 1)
        end as implied_earlier_value
    from series_points
    left join stated_changes
        on series_points.figure_id = stated_changes.figure_id
        and series_points.observation_role = 'value'
        and series_points.value_kind = 'level'  -- a change figure's value is the change itself
),

earlier_values as (
    select
        points_implied.observation_key,
        points_implied.value,
        points_implied.unit,
        points_implied.measure_code,
        {#- the series' value, else the one the figure's stated change implies, and which it is #}
        {%- for column, figure_column, implied_start in [
            ('value_a_year_earlier', 'year_earlier_figure_id', implied_year_earlier),
            ('previous_period_value', 'period_before_figure_id', implied_period_before)
        ] %}
        coalesce(
            earlier_points.{{ column }},
            case when points_implied.stated_comparison_start = {{ implied_start }}
                then points_implied.implied_earlier_value end
        ) as {{ column }},
        case
            when earlier_points.{{ column }} is not null
                then case when earlier_points.{{ figure_column }} = points_implied.figure_id then 'stated' else 'series' end
            when points_implied.implied_earlier_value is not null
                and points_implied.stated_comparison_start = {{ implied_start }}
                then 'implied'
        end as {{ column }}_source,
        {%- endfor %}
        earlier_points.value_a_quarter_earlier,
        earlier_points.quarter_earlier_period_label,
        earlier_points.quarter_earlier_stated_in
    from points_implied
    left join earlier_points
        on points_implied.observation_key = earlier_points.observation_key
),

points_compared as (
    select
        earlier_values.observation_key,
        earlier_values.unit,
        measures.polarity,
        earlier_values.value_a_year_earlier,
        earlier_values.value_a_year_earlier_source,
        earlier_values.value - earlier_values.value_a_year_earlier as change_on_a_year_earlier,
        earlier_values.previous_period_value,
        earlier_values.previous_period_value_source,
        earlier_values.value - earlier_values.previous_period_value as change_on_previous_period,
        earlier_values.value_a_quarter_earlier,
        earlier_values.quarter_earlier_period_label,
        earlier_values.quarter_earlier_stated_in,
        -- a share's change is in percentage points: no percentage of a percentage
        {{ percent_change('earlier_values.value', 'earlier_values.value_a_year_earlier', 'earlier_values.unit') }}
            as percent_change_on_a_year_earlier,
        {{ percent_change('earlier_values.value', 'earlier_values.previous_period_value', 'earlier_values.unit') }}
            as percent_change_on_previous_period
    from earlier_values
    left join measures
        on earlier_values.measure_code = measures.measure_code
),

final as (
    select
        observation_key,
        value_a_year_earlier,
        value_a_year_earlier_source,
        change_on_a_year_earlier,
        percent_change_on_a_year_earlier,
        {{ change_direction('change_on_a_year_earlier') }} as direction_on_a_year_earlier,
        {{ change_is_better('change_on_a_year_earlier', 'polarity') }} as is_better_on_a_year_earlier,
        previous_period_value,
        previous_period_value_source,
        change_on_previous_period,
        percent_change_on_previous_period,
        value_a_quarter_earlier,
        quarter_earlier_period_label,
        quarter_earlier_stated_in
    from points_compared
)

select * from final
