-- Every observation that got worse on the same period a year earlier, worst first.
--
-- Worse is read from each measure's polarity in the catalogue (a rise in KSI casualties is
-- worse, a rise in Special Constables better); neutral measures are left out. The year-earlier
-- value is the warehouse's own: a figure, a comparison value the text states, or a return.
--
-- pcp sql --file analyses/got_worse_on_a_year_earlier.sql

with

observations as (
    select * from fct_observations
),

worse as (
    select
        priority,
        measure_code,
        measure_label,
        area,
        period_label,
        period_quarter_label,
        value,
        value_a_year_earlier,
        change_on_a_year_earlier,
        percent_change_on_a_year_earlier,
        unit
    from observations
    where is_better_on_a_year_earlier = false
)

select * from worse
order by abs(percent_change_on_a_year_earlier) desc nulls last, measure_code, area
