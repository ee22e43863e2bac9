-- A measure over quarters, with the change on the same period a year earlier.
--
-- Start here for any time series: change the measure and area in `chosen_measure`
-- (every code and its label: select measure_code, label from dim_measure). The values
-- come from fct_observations, so a point stated only as a comparison ("down from 204 in
-- the same period last year") counts too, and a restated point shows its latest value.
-- Only the points of the measure's series are kept (is_at_measure_grain): a quarter for a
-- flow, the month end for a stock (a headcount), never a year-to-date total beside them.
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

months as (
    select * from dim_month
),

series_points as (
    select
        observations.measure_code,
        observations.measure_label,
        observations.area,
        months.quarter_label,
        observations.period_label,
        observations.period_start,
        observations.value,
        observations.unit,
        observations.value_a_year_earlier,
        observations.change_on_a_year_earlier,
        observations.percent_change_on_a_year_earlier,
        observations.is_restated
    from observations
    inner join chosen_measure
        on observations.measure_code = chosen_measure.measure_code
        and observations.area = chosen_measure.area
    inner join months
        on observations.period_end_month = months.month_id
    where observations.is_at_measure_grain
        and observations.value_kind = 'level'
)

select * from series_points
order by period_start
