with

observations as (
    select * from {{ ref('int_observations_resolved') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

comparisons as (
    select * from {{ ref('int_observation_comparisons') }}
),

measures as (
    select * from {{ ref('dim_measure') }}
),

months as (
    select * from {{ ref('dim_month') }}
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
),

-- the period's own month, financial year and quarter: grouping by these never adds a
-- comparison value of a year earlier to the current one (quarter_label is the document's)
observations_dated as (
    select
        current_observations.*,
        current_observations.quarter_label as stated_in_quarter,
        {{ left_chars(date_to_iso_string('current_observations.period_end'), 7) }} as period_end_month,
        periods.financial_year as period_financial_year,
        periods.quarter_label as period_quarter_label,
        periods.period_kind,
        periods.period_length_months,
        measures.kind as measure_kind,
        coalesce(measures.is_per_event, false) as is_per_event_measure,
        measures.grain_months,
        -- a point of the measure's series: a BI tool filtering on this never adds a
        -- year-to-date total to the quarters inside it
        coalesce(
            measures.grain_months is null or periods.period_length_months = measures.grain_months,
            false
        ) as is_at_measure_grain
    from current_observations
    left join periods
        on current_observations.period_id = periods.period_id
    left join measures
        on current_observations.measure_code = measures.measure_code
),

-- the quarter the period ends in, for a stock's month too; a quarter's point is the
-- quarter itself, or for what is counted at a date (a stock, a share) the quarter's last month
observations_quartered as (
    select
        observations_dated.*,
        months.quarter_label as period_end_quarter_label,
        coalesce(
            observations_dated.period_kind = 'quarter'
            or (
                observations_dated.period_kind = 'month'
                and observations_dated.measure_kind in ('stock', 'share')
                and months.month_number % 3 = 0
            ),
            false
        ) as is_quarter_point
    from observations_dated
    left join months
        on observations_dated.period_end_month = months.month_id
),

-- beside the same series a year earlier and in the period before
observations_compared as (
    select
        observations_quartered.*,
        comparisons.value_a_year_earlier,
        comparisons.value_a_year_earlier_source,
        comparisons.change_on_a_year_earlier,
        comparisons.percent_change_on_a_year_earlier,
        comparisons.direction_on_a_year_earlier,
        comparisons.is_better_on_a_year_earlier,
        comparisons.previous_period_value,
        comparisons.previous_period_value_source,
        comparisons.change_on_previous_period,
        comparisons.percent_change_on_previous_period,
        comparisons.value_a_quarter_earlier,
        observations_quartered.value - comparisons.value_a_quarter_earlier as change_on_a_quarter_earlier,
        {{ percent_change('observations_quartered.value', 'comparisons.value_a_quarter_earlier', 'observations_quartered.unit') }}
            as percent_change_on_a_quarter_earlier,
        {{ change_is_better('observations_quartered.value - comparisons.value_a_quarter_earlier', 'measures.polarity') }}
            as is_better_on_a_quarter_earlier
    from observations_quartered
    left join comparisons
        on observations_quartered.observation_key = comparisons.observation_key
    left join measures
        on observations_quartered.measure_code = measures.measure_code
)

select * from observations_compared
