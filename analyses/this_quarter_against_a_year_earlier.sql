-- This quarter against the same quarter a year earlier, for every measure and area: the
-- latest quarter observed, its value, the value a year earlier, the change and whether it
-- is better or worse by the measure's polarity (blank where there is no year-earlier point).
--
-- "This quarter" is the latest quarter any measure's series reaches: the quarter observed,
-- not the quarter of the document that states it. A quarter's point (is_quarter_point) is
-- a flow over the quarter, or a stock or share counted at the quarter's last month end.
--
-- pcp sql --file analyses/this_quarter_against_a_year_earlier.sql

with

observations as (
    select * from fct_observations
),

quarter_points as (
    select *
    from observations
    where measure_code is not null
        and is_quarter_point
        and value_kind = 'level'
),

latest_quarter as (
    select max(period_end_quarter_label) as period_end_quarter_label
    from quarter_points
),

this_quarter as (
    select
        quarter_points.priority,
        quarter_points.measure_code,
        quarter_points.measure_label,
        quarter_points.measure_kind,
        quarter_points.area,
        quarter_points.period_end_quarter_label,
        quarter_points.period_label,
        quarter_points.value,
        quarter_points.value_a_year_earlier,
        quarter_points.change_on_a_year_earlier,
        quarter_points.percent_change_on_a_year_earlier,
        quarter_points.direction_on_a_year_earlier,
        quarter_points.is_better_on_a_year_earlier,
        quarter_points.unit
    from quarter_points
    inner join latest_quarter
        on quarter_points.period_end_quarter_label = latest_quarter.period_end_quarter_label
)

select * from this_quarter
order by priority, measure_code, area
