-- Check columns for validating counts and percentages, one row per figure. Each computed
-- column is null where it does not apply; each is_* flag is true (passes), false (fails)
-- or null (does not apply). failed_checks lists the names of the failing checks.
-- Tolerances follow the rounding of the stated figure: "19%" is 18.5-19.5, "14.5%" 14.45-14.55.

with

figures as (
    select * from {{ ref('int_figures_conformed') }}
),

figures_scoped as (
    select
        figure_id,
        document_id,
        quarter_label,
        page,
        priority,
        measure_code,
        area,
        unit,
        value_kind,
        value,
        value_text,
        comparison_value,
        stated_change,
        stated_change_unit,
        stated_change_decimals,
        stated_share,
        whole_value,
        quote,
        unit = 'count' as is_count,
        comparison_value is not null and value_kind <> 'change' as has_comparison,
        whole_value is not null and unit <> 'percent' as has_whole
    from figures
),

count_checks as (
    select
        *,
        case when is_count then value - floor(value) end as value_fraction,
        case when is_count then value = floor(value) end as is_whole,
        case
            when is_count and value_kind in ('level', 'target') then value >= 0
        end as is_non_negative,
        case
            when is_count and comparison_value is not null
                then comparison_value = floor(comparison_value)
        end as is_comparison_whole,
        case
            when unit = 'percent' and value_kind <> 'change' then value between 0 and 100
        end as is_share_in_range,
        case
            when stated_share is not null then stated_share between 0 and 100
        end as is_stated_share_in_range
    from figures_scoped
),

difference_checks as (
    select
        *,
        case when has_comparison then value - comparison_value end as computed_difference,
        case
            when has_comparison
                and stated_change is not null
                and stated_change_unit not in ('percent', 'percentage_points')
                then stated_change - (value - comparison_value)
        end as difference_error,
        case
            when has_comparison
                and stated_change is not null
                and stated_change_unit not in ('percent', 'percentage_points')
                then abs(stated_change - (value - comparison_value))
        end as difference_deviation,
        case
            when has_comparison
                and stated_change is not null
                and stated_change_unit not in ('percent', 'percentage_points')
                then 0.5 * power(cast(10 as {{ type_double() }}), -coalesce(stated_change_decimals, 0))
        end as difference_tolerance
    from count_checks
),

percent_change_checks as (
    select
        *,
        case
            when has_comparison and comparison_value <> 0
                then (value - comparison_value) / comparison_value * 100
        end as computed_pct_change,
        case
            when stated_change_unit = 'percent' and stated_change is not null
                then 0.5 * power(cast(10 as {{ type_double() }}), -coalesce(stated_change_decimals, 0))
        end as stated_pct_tolerance,
        case
            when stated_change_unit = 'percent'
                and stated_change is not null
                and has_comparison
                and comparison_value <> 0
                then abs((value - comparison_value) / comparison_value * 100 - stated_change)
        end as pct_change_deviation
    from difference_checks
),

point_change_checks as (
    select
        *,
        case
            when unit = 'percent' and has_comparison then value - comparison_value
        end as computed_pp_change,
        case
            when stated_change_unit = 'percentage_points' and stated_change is not null
                then 0.5 * power(cast(10 as {{ type_double() }}), -coalesce(stated_change_decimals, 0))
        end as stated_pp_tolerance,
        case
            when stated_change_unit = 'percentage_points'
                and stated_change is not null
                and unit = 'percent'
                and has_comparison
                then abs((value - comparison_value) - stated_change)
        end as pp_change_deviation
    from percent_change_checks
),

part_whole_checks as (
    select
        *,
        case when has_whole then value end as part_value,
        case when has_whole then value <= whole_value end as is_part_within_whole,
        case
            when has_whole and whole_value <> 0 then value / whole_value * 100
        end as computed_share,
        case
            when stated_share is not null and unit <> 'percent' and stated_share <> 0
                then value / stated_share * 100
        end as implied_whole,
        case
            when stated_share is null then null
            when stated_share = round(stated_share, 0) then 0.5
            when stated_share = round(stated_share, 1) then 0.05
            else 0.005
        end as stated_share_tolerance
    from point_change_checks
),

share_checks as (
    select
        *,
        case
            when stated_share is not null and computed_share is not null
                then abs(computed_share - stated_share)
        end as share_deviation
    from part_whole_checks
),

consistency_flags as (
    select
        *,
        case
            when difference_deviation is not null
                then difference_deviation <= difference_tolerance + 1e-9
        end as is_difference_consistent,
        case
            when pct_change_deviation is not null
                then pct_change_deviation <= stated_pct_tolerance + 1e-9
        end as is_pct_change_consistent,
        case
            when pp_change_deviation is not null
                then pp_change_deviation <= stated_pp_tolerance + 1e-9
        end as is_pp_change_consistent,
        case
            when share_deviation is not null
                then share_deviation <= stated_share_tolerance + 1e-9
        end as is_share_consistent
    from share_checks
),

failed_check_lists as (
    select
        *,
        nullif(trim({{ dbt.concat([
            "case when not is_whole then 'count_is_whole ' else '' end",
            "case when not is_non_negative then 'count_is_non_negative ' else '' end",
            "case when not is_comparison_whole then 'comparison_is_whole ' else '' end",
            "case when not is_share_in_range then 'share_in_range ' else '' end",
            "case when not is_stated_share_in_range then 'stated_share_in_range ' else '' end",
            "case when not is_difference_consistent then 'difference_matches ' else '' end",
            "case when not is_pct_change_consistent then 'pct_change_matches ' else '' end",
            "case when not is_pp_change_consistent then 'pp_change_matches ' else '' end",
            "case when not is_part_within_whole then 'part_within_whole ' else '' end",
            "case when not is_share_consistent then 'share_matches ' else '' end",
        ]) }}), '') as failed_checks
    from consistency_flags
),

figure_checks as (
    select
        figure_id,
        document_id,
        quarter_label,
        page,
        priority,
        measure_code,
        area,
        unit,
        value_kind,
        value,
        value_text,
        comparison_value,
        stated_change,
        stated_change_unit,
        stated_change_decimals,
        stated_share,
        whole_value,
        quote,
        value_fraction,
        is_whole,
        is_non_negative,
        is_comparison_whole,
        is_share_in_range,
        is_stated_share_in_range,
        computed_difference,
        difference_error,
        difference_deviation,
        difference_tolerance,
        is_difference_consistent,
        computed_pct_change,
        stated_pct_tolerance,
        pct_change_deviation,
        is_pct_change_consistent,
        computed_pp_change,
        stated_pp_tolerance,
        pp_change_deviation,
        is_pp_change_consistent,
        part_value,
        is_part_within_whole,
        computed_share,
        stated_share_tolerance,
        share_deviation,
        is_share_consistent,
        implied_whole,
        failed_checks,
        failed_checks is not null as has_failed_check
    from failed_check_lists
)

select * from figure_checks
