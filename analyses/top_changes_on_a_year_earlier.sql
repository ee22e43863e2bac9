-- The ten largest changes on the same quarter a year earlier, in the latest quarter with
-- any, by percentage (percentage points for a share), with whether each is better or
-- worse by the measure's polarity.
--
-- A quarter's point (is_quarter_point) is a flow over the quarter, or a stock or share
-- counted at the quarter's last month end: a year-to-date total never stands beside a quarter.
--
-- pcp sql --file analyses/top_changes_on_a_year_earlier.sql

with

observations as (
    select * from fct_observations
),

changes as (
    select
        priority,
        measure_code,
        measure_label,
        area,
        period_end_quarter_label,
        period_label,
        value,
        value_a_year_earlier,
        change_on_a_year_earlier,
        unit,
        -- a share's change is read in percentage points, not as a percentage of a percentage
        coalesce(percent_change_on_a_year_earlier, change_on_a_year_earlier) as size_of_change,
        case
            when unit in ('percent', 'percentage_points') then 'percentage points'
            else 'percent'
        end as size_of_change_unit,
        direction_on_a_year_earlier,
        is_better_on_a_year_earlier
    from observations
    where measure_code is not null
        and is_quarter_point
        and value_kind = 'level'
        and change_on_a_year_earlier is not null
),

latest_quarter as (
    select max(period_end_quarter_label) as period_end_quarter_label
    from changes
),

ranked as (
    select
        changes.*,
        row_number() over (
            order by abs(changes.size_of_change) desc, changes.measure_code, changes.area
        ) as change_rank
    from changes
    inner join latest_quarter
        on changes.period_end_quarter_label = latest_quarter.period_end_quarter_label
)

select * from ranked
where change_rank <= 10
order by change_rank
