-- A measure over quarters, with the change on the same quarter a year earlier.
--
-- Start here for any time series: change the measure and area in `chosen_measure`
-- (every code and its label: select measure_code, label from dim_measure). The values
-- come from fct_observations, so a quarter stated only as a comparison ("down from 204 in
-- the same period last year") counts too, and a restated quarter shows its latest value.
--
-- pcp sql --file analyses/measure_over_quarters.sql

with

chosen_measure as (
    select
        'ksi_casualties' as measure_code,
        'Essex' as area
),

observations as (
    select * from fct_observations
),

periods as (
    select * from dim_period
),

quarterly_values as (
    select
        observations.measure_code,
        observations.measure_label,
        observations.area,
        observations.unit,
        periods.financial_year,
        periods.financial_quarter,
        periods.quarter_label,
        periods.period_start,
        observations.value,
        observations.is_restated
    from observations
    inner join chosen_measure
        on observations.measure_code = chosen_measure.measure_code
        and observations.area = chosen_measure.area
    inner join periods
        on observations.period_id = periods.period_id
    where periods.period_kind = 'quarter'
        and observations.value_kind = 'level'
),

with_year_on_year as (
    select
        this_year.measure_code,
        this_year.measure_label,
        this_year.area,
        this_year.quarter_label,
        this_year.period_start,
        this_year.value,
        this_year.unit,
        last_year.value as value_a_year_earlier,
        this_year.value - last_year.value as change_on_a_year_earlier,
        round(
            cast(100.0 * (this_year.value - last_year.value) / nullif(last_year.value, 0) as numeric), 1
        ) as percent_change_on_a_year_earlier,
        this_year.is_restated
    from quarterly_values as this_year
    left join quarterly_values as last_year
        on last_year.financial_quarter = this_year.financial_quarter
        and last_year.period_start = this_year.period_start - interval '1 year'
)

select * from with_year_on_year
order by period_start
