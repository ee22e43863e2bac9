-- Every measure with a target, and whether the target is met, missed, on track or behind.
--
-- The catalogue says which measure each target is set for (seeds/measures.csv target_for);
-- fct_targets reads the progress: a stock's latest count on or before the target month, a
-- flow's total over the target's period so far.
--
-- pcp sql --file analyses/targets_and_their_status.sql

with

targets as (
    select * from fct_targets
),

statuses as (
    select
        measure_code,
        measure_label,
        area,
        target_value,
        target_period_label,
        set_in_quarter,
        progress_value,
        progress_from,
        progress_to,
        percent_of_target,
        target_status
    from targets
)

select * from statuses
order by measure_code, area, target_period_label
