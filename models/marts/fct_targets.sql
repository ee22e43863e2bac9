-- Every current target beside the measure it is set for (seeds/measures.csv target_for)
-- and whether it is met, missed, on track or behind.
--
-- Progress toward a stock target ("600 Specials by March 2021") is the measure's latest
-- count on or before the target month; on track when the last year's change, carried on
-- to the target month, reaches it. Progress toward a flow target ("130 road checks
-- planned for 2019/20") is the total the documents state for the target's period, else the
-- sum of the measure's quarters inside it; on track when the share done is at least the
-- share of the period gone.

with

observations as (
    select * from {{ ref('fct_observations') }}
),

measures as (
    select * from {{ ref('dim_measure') }}
),

targets as (
    select
        observations.observation_key as target_observation_key,
        observations.measure_code as target_measure_code,
        observations.measure_label as target_label,
        measures.target_for as measure_code,
        observations.area,
        observations.value as target_value,
        observations.period_label as target_period_label,
        observations.period_start as target_period_start,
        observations.period_end as target_period_end,
        observations.quarter_label as set_in_quarter
    from observations
    inner join measures
        on observations.measure_code = measures.measure_code
    where observations.value_kind = 'target'
        and measures.target_for is not null
        and observations.period_end is not null
),

targets_measured as (
    select
        targets.*,
        measures.label as measure_label,
        measures.kind as measure_kind,
        measures.polarity,
        {{ dbt.datediff('targets.target_period_start', 'targets.target_period_end', 'month') }} + 1
            as target_period_months
    from targets
    inner join measures
        on targets.measure_code = measures.measure_code
),

measure_points as (
    select * from observations
    where value_kind = 'level'
),

-- a stock: its latest count on or before the target month
latest_counts as (
    select
        targets_measured.target_observation_key,
        measure_points.value,
        measure_points.period_end,
        measure_points.change_on_a_year_earlier,
        row_number() over (
            partition by targets_measured.target_observation_key
            order by measure_points.period_end desc
        ) as recency
    from targets_measured
    inner join measure_points
        on targets_measured.measure_code = measure_points.measure_code
        and targets_measured.area = measure_points.area
        and measure_points.period_end <= targets_measured.target_period_end
        and measure_points.is_at_measure_grain
    where targets_measured.measure_kind = 'stock'
),

-- a flow: the total stated for the target's period ...
stated_totals as (
    select
        targets_measured.target_observation_key,
        measure_points.value,
        measure_points.period_end
    from targets_measured
    inner join measure_points
        on targets_measured.measure_code = measure_points.measure_code
        and targets_measured.area = measure_points.area
        and measure_points.period_start = targets_measured.target_period_start
        and measure_points.period_end = targets_measured.target_period_end
    where targets_measured.measure_kind = 'flow'
),

-- ... else the sum of its quarters inside it
quarter_sums as (
    select
        targets_measured.target_observation_key,
        sum(measure_points.value) as value,
        max(measure_points.period_end) as period_end,
        count(*) as quarters_summed
    from targets_measured
    inner join measure_points
        on targets_measured.measure_code = measure_points.measure_code
        and targets_measured.area = measure_points.area
        and measure_points.period_start >= targets_measured.target_period_start
        and measure_points.period_end <= targets_measured.target_period_end
        and measure_points.is_quarter_point
    where targets_measured.measure_kind = 'flow'
    group by targets_measured.target_observation_key
),

progress as (
    select
        targets_measured.*,
        coalesce(latest_counts.value, stated_totals.value, quarter_sums.value) as progress_value,
        coalesce(latest_counts.period_end, stated_totals.period_end, quarter_sums.period_end) as progress_to,
        case
            when latest_counts.value is not null then 'latest count'
            when stated_totals.value is not null then 'stated total'
            when quarter_sums.value is not null then 'sum of quarters'
        end as progress_from,
        latest_counts.change_on_a_year_earlier as count_change_on_a_year_earlier
    from targets_measured
    left join latest_counts
        on targets_measured.target_observation_key = latest_counts.target_observation_key
        and latest_counts.recency = 1
    left join stated_totals
        on targets_measured.target_observation_key = stated_totals.target_observation_key
    left join quarter_sums
        on targets_measured.target_observation_key = quarter_sums.target_observation_key
),

progress_timed as (
    select
        progress.*,
        {{ dbt.datediff('progress.progress_to', 'progress.target_period_end', 'month') }} as months_to_go,
        case
            when progress.polarity = 'down_is_good' then progress.progress_value <= progress.target_value
            else progress.progress_value >= progress.target_value
        end as is_met
    from progress
),

statused as (
    select
        progress_timed.*,
        case
            when progress_value is null then 'no data'
            when is_met then 'met'
            when months_to_go <= 0 then 'missed'
            when measure_kind = 'stock' and count_change_on_a_year_earlier is null then 'not yet met'
            -- a stock: the last year's change carried on to the target month
            when measure_kind = 'stock'
                then case
                    when (progress_value + count_change_on_a_year_earlier * months_to_go / 12.0 >= target_value)
                        = (polarity <> 'down_is_good')
                        then 'on track'
                    else 'behind'
                end
            -- a flow: the share done against the share of the period gone
            when progress_value * target_period_months >= target_value * (target_period_months - months_to_go)
                then 'on track'
            else 'behind'
        end as target_status
    from progress_timed
),

final as (
    select
        target_observation_key,
        target_measure_code,
        target_label,
        measure_code,
        measure_label,
        measure_kind,
        area,
        target_value,
        target_period_label,
        target_period_start,
        target_period_end,
        set_in_quarter,
        progress_value,
        progress_from,
        progress_to,
        months_to_go,
        case
            when target_value <> 0 then round(100.0 * progress_value / target_value, 1)
        end as percent_of_target,
        target_status
    from statused
)

select * from final
