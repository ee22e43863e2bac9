-- Helper columns for the figure checks of expectations/figure_checks.yml, one row per figure.
-- This model computes numbers (differences, deviations, rounding tolerances, directions, the
-- shares and totals a figure implies); the verdict on them comes from Great Expectations.
-- A column is null where it does not apply to the figure.
--
-- Rounding: a figure written with d decimals stands for anything within half a unit of its
-- last decimal ("19%" is 18.5-19.5, "14.5%" is 14.45-14.55). Counts and other whole amounts
-- are exact; percentages, percentage points and £m are rounded even when whole.

{# what ends the clause a figure's direction words are read from #}
{% set clause_break = "(;|\\bbut\\b|\\balthough\\b|\\bthough\\b|\\bwhereas\\b|\\bwhile\\b)" %}

with

figures as (
    select * from {{ ref('int_figures_conformed') }}
),

measures as (
    select * from {{ ref('measures') }}
),

figures_scoped as (
    select
        figure_id,
        document_id,
        quarter_label,
        figure_index,
        page,
        priority,
        measure_code,
        measure_label,
        area,
        unit,
        value_kind,
        value,
        value_text,
        period_id,
        comparison_value,
        comparison_period_id,
        stated_change,
        stated_change_unit,
        stated_change_decimals,
        stated_share,
        whole_value,
        quote,
        value_start,
        coalesce(
            {{ written_decimals('value_text') }},
            {{ number_decimals('value') }}
        ) as value_decimals,
        {{ number_decimals('comparison_value') }} as comparison_decimals,
        {{ number_decimals('stated_share') }} as stated_share_decimals,
        unit in ('percent', 'percentage_points', 'gbp_million') as is_rounded_unit,
        comparison_value is not null and value_kind <> 'change' as has_comparison
    from figures
),

figures_rounded as (
    select
        *,
        case
            when is_rounded_unit or value_decimals > 0 then {{ half_unit('value_decimals') }}
            else 0
        end as value_rounding,
        case
            when comparison_value is null then null
            when is_rounded_unit or comparison_decimals > 0 then {{ half_unit('comparison_decimals') }}
            else 0
        end as comparison_rounding,
        case
            when stated_change is null then null
            when stated_change_unit in ('percent', 'percentage_points', 'gbp_million')
                or coalesce(stated_change_decimals, 0) > 0
                then {{ half_unit('coalesce(stated_change_decimals, 0)') }}
            else 0
        end as stated_change_rounding,
        case
            when stated_share is not null then {{ half_unit('stated_share_decimals') }}
        end as stated_share_rounding
    from figures_scoped
),

stated_change_bounds as (
    select
        *,
        stated_change - stated_change_rounding as stated_change_low,
        stated_change + stated_change_rounding as stated_change_high
    from figures_rounded
),

whole_number_checks as (
    select
        *,
        case when unit = 'count' then value - floor(value) end as value_fraction,
        case
            when unit = 'count' and comparison_value is not null
                then comparison_value - floor(comparison_value)
        end as comparison_fraction
    from stated_change_bounds
),

difference_checks as (
    select
        *,
        case when has_comparison then value - comparison_value end as computed_difference,
        case
            when has_comparison
                and stated_change is not null
                and stated_change_unit not in ('percent', 'percentage_points')
                then round(
                    greatest(
                        abs(stated_change - (value - comparison_value))
                        - value_rounding - comparison_rounding,
                        0
                    ),
                    9
                )
        end as difference_deviation,
        case
            when has_comparison
                and stated_change is not null
                and stated_change_unit not in ('percent', 'percentage_points')
                then stated_change_rounding
        end as difference_tolerance
    from whole_number_checks
),

percent_change_bounds as (
    select
        *,
        case
            when has_comparison and comparison_value <> 0
                then (value - comparison_value) / comparison_value * 100
        end as computed_pct_change,
        case
            when has_comparison and comparison_value - comparison_rounding > 0
                then ((value - value_rounding) / (comparison_value + comparison_rounding) - 1) * 100
        end as computed_pct_change_low,
        case
            when has_comparison and comparison_value - comparison_rounding > 0
                then ((value + value_rounding) / (comparison_value - comparison_rounding) - 1) * 100
        end as computed_pct_change_high
    from difference_checks
),

percent_change_checks as (
    select
        *,
        case
            when stated_change_unit = 'percent' and computed_pct_change_low is not null
                then round(
                    greatest(
                        computed_pct_change_low - stated_change,
                        stated_change - computed_pct_change_high,
                        0
                    ),
                    9
                )
        end as pct_change_deviation,
        case
            when stated_change_unit = 'percent' and computed_pct_change_low is not null
                then stated_change_rounding
        end as pct_change_tolerance
    from percent_change_bounds
),

point_change_checks as (
    select
        *,
        case
            when unit = 'percent' and has_comparison then value - comparison_value
        end as computed_pp_change,
        case
            when stated_change_unit = 'percentage_points' and unit = 'percent' and has_comparison
                then round(
                    greatest(
                        abs(stated_change - (value - comparison_value))
                        - value_rounding - comparison_rounding,
                        0
                    ),
                    9
                )
        end as pp_change_deviation,
        case
            when stated_change_unit = 'percentage_points' and unit = 'percent' and has_comparison
                then stated_change_rounding
        end as pp_change_tolerance
    from percent_change_checks
),

direction_windows as (
    select
        *,
        case
            when has_comparison then sign(round(value - comparison_value, 9))
            when value_kind = 'change' and stated_change is not null then sign(value)
        end as numbers_direction,
        case
            when stated_change <> 0 then sign(stated_change)
        end as stated_direction,
        -- "GOS in August 2018 was 4% lower …, lengthened from 14 to 18 minutes": 18 is not
        -- the "18" of "2018"
        coalesce(value_start + 1, {{ dbt.position('value_text', 'quote') }}) as value_position
    from point_change_checks
),

direction_clauses as (
    select
        *,
        -- the figure's own clause, up to 50 characters before it and 70 after: "4% higher
        -- than in 2017 (1,010 more), but 7% lower than …" speaks of two changes
        case
            when numbers_direction is not null and value_position > 0
                then {{ regexp_strip(
                    text_slice(
                        'quote',
                        'greatest(value_position - 50, 1)',
                        'value_position - greatest(value_position - 50, 1)'
                    ),
                    "'(?i)^.*" ~ clause_break ~ "'"
                ) }}
        end as clause_before,
        case
            when numbers_direction is not null and value_position > 0
                then {{ regexp_strip(
                    text_slice('quote', 'value_position + ' ~ dbt.length('value_text'), '70'),
                    "'(?i)" ~ clause_break ~ ".*$'"
                ) }}
        end as clause_after
    from direction_windows
),

direction_checks as (
    select
        *,
        -- "(… waits of 13 minutes, down from 20), and throughput rose": the clause of a
        -- figure in brackets ends with them
        {{ dbt.concat([
            'clause_before',
            'value_text',
            "case when " ~ regexp_strip(text_slice('quote', '1', 'value_position - 1'), "'^.*\\)'")
                ~ " like '%(%' then "
                ~ regexp_strip('clause_after', "'\\).*$'") ~ " else clause_after end",
        ]) }} as direction_words_text
    from direction_clauses
),

direction_words as (
    select
        *,
        {{ direction_in_words('direction_words_text') }} as words_direction
    from direction_checks
),

sentence_share_candidates as (
    select
        parts.figure_id,
        shares.figure_id as share_figure_id,
        shares.value as share_value,
        shares.value_text as share_value_text,
        shares.value_rounding as share_rounding,
        shares.value_position as share_position,
        {{ dbt.length('shares.value_text') }} as share_text_length,
        parts.value_position as part_position,
        parts.quote,
        row_number() over (
            partition by parts.figure_id
            order by shares.figure_index desc
        ) as share_nearness
    from direction_words as parts
    inner join direction_words as shares
        on parts.document_id = shares.document_id
        and parts.quote = shares.quote
        and shares.figure_index < parts.figure_index
    where parts.whole_value is not null
        and parts.stated_share is null
        and parts.unit <> 'percent'
        and shares.unit = 'percent'
        and shares.value_kind = 'level'
),

sentence_shares as (
    select
        figure_id,
        share_figure_id,
        share_value,
        share_value_text,
        share_rounding,
        case
            when share_position > 0 and part_position > share_position + share_text_length
                then lower({{ text_slice(
                    'quote',
                    'share_position + share_text_length',
                    'part_position - share_position - share_text_length'
                ) }})
        end as words_between
    from sentence_share_candidates
    where share_nearness = 1
),

sentence_share_meanings as (
    select
        figure_id,
        share_figure_id,
        share_value,
        share_value_text,
        share_rounding,
        case
            when words_between like '%only%'
                or words_between like '%remaining%'
                or words_between like '%remainder%'
                or words_between like '%leaving%'
                or words_between like '%the rest%'
                then 'rest'
            -- "resolved 68% of the crimes, so that just 197 of the 616 went back": the
            -- words do not always say which, so the nearer reading is checked
            else 'part or rest'
        end as share_words_say
    from sentence_shares
),

linked_shares as (
    select
        direction_words.*,
        case
            when direction_words.whole_value is not null and direction_words.unit <> 'percent'
                then direction_words.value
        end as part_value,
        case
            when direction_words.whole_value is not null and direction_words.stated_share is not null
                then direction_words.stated_share
            else sentence_share_meanings.share_value
        end as linked_share,
        case
            when direction_words.whole_value is not null and direction_words.stated_share is not null
                then direction_words.stated_share_rounding
            else sentence_share_meanings.share_rounding
        end as linked_share_tolerance,
        case
            when direction_words.whole_value is not null and direction_words.stated_share is not null
                then direction_words.figure_id
            else sentence_share_meanings.share_figure_id
        end as linked_share_figure_id,
        case
            when direction_words.whole_value is not null and direction_words.stated_share is not null
                then 'part'
            else sentence_share_meanings.share_words_say
        end as share_words_say
    from direction_words
    left join sentence_share_meanings
        on direction_words.figure_id = sentence_share_meanings.figure_id
),

share_checks as (
    select
        *,
        case
            when part_value is not null and whole_value > 0 then part_value / whole_value * 100
        end as computed_part_share
    from linked_shares
),

share_readings as (
    select
        *,
        case
            when share_words_say = 'part or rest'
                then case
                    when abs(100 - computed_part_share - linked_share) < abs(computed_part_share - linked_share)
                        then 'rest'
                    else 'part'
                end
            else share_words_say
        end as share_refers_to
    from share_checks
),

share_deviations as (
    select
        *,
        case
            when share_refers_to = 'rest' then 100 - computed_part_share
            when share_refers_to = 'part' then computed_part_share
        end as computed_share,
        case
            when linked_share is not null and computed_part_share is not null
                then round(
                    abs(
                        case
                            when share_refers_to = 'rest' then 100 - computed_part_share
                            else computed_part_share
                        end
                        - linked_share
                    ),
                    9
                )
        end as share_deviation
    from share_readings
),

implied_total_bases as (
    select
        *,
        case
            when unit not in ('percent', 'percentage_points')
                and stated_share > 0
                and whole_value is null
                then 'share'
            when value_kind = 'change'
                and unit not in ('percent', 'percentage_points')
                and stated_change_unit = 'percent'
                and stated_change <> 0
                then 'change'
        end as implied_total_basis
    from share_deviations
),

implied_totals as (
    select
        *,
        case
            when implied_total_basis = 'share' then stated_share
            when implied_total_basis = 'change' then stated_change
        end as implied_from,
        case
            when implied_total_basis = 'share' then abs(value) / stated_share * 100
            when implied_total_basis = 'change' then abs(value) / abs(stated_change) * 100
        end as implied_total,
        case
            when implied_total_basis = 'share'
                then abs(value) / (stated_share + stated_share_rounding) * 100
            when implied_total_basis = 'change'
                then abs(value) / (abs(stated_change) + stated_change_rounding) * 100
        end as implied_total_low,
        case
            when implied_total_basis = 'share' and stated_share > stated_share_rounding
                then abs(value) / (stated_share - stated_share_rounding) * 100
            when implied_total_basis = 'change' and abs(stated_change) > stated_change_rounding
                then abs(value) / (abs(stated_change) - stated_change_rounding) * 100
        end as implied_total_high
    from implied_total_bases
),

sentence_total_candidates as (
    select
        totals.figure_id,
        others.figure_id as other_total_figure_id,
        others.implied_total as other_total,
        others.implied_total_low as other_total_low,
        others.implied_total_high as other_total_high,
        others.value_text as other_total_text,
        {{ dbt.concat(["'the share stated with '", 'others.value_text', "' in the same sentence implies'"]) }}
            as other_total_source,
        row_number() over (
            partition by totals.figure_id
            order by others.figure_index
        ) as other_order
    from implied_totals as totals
    inner join implied_totals as others
        on totals.document_id = others.document_id
        and totals.quote = others.quote
        and totals.figure_id <> others.figure_id
    where totals.implied_total_basis = 'share'
        and others.implied_total_basis = 'share'
),

base_measures as (
    select
        measure_code as base_measure_code,
        {{ dbt.concat(['measure_code', "'_change'"]) }} as change_measure_code
    from measures
),

base_level_candidates as (
    select
        totals.figure_id,
        levels.figure_id as other_total_figure_id,
        levels.comparison_value as other_total,
        levels.comparison_value - levels.comparison_rounding as other_total_low,
        levels.comparison_value + levels.comparison_rounding as other_total_high,
        levels.value_text as other_total_text,
        {{ dbt.concat(["'the same measure, stated as '", 'levels.value_text', "', is compared with'"]) }}
            as other_total_source,
        row_number() over (
            partition by totals.figure_id
            order by levels.figure_index
        ) as other_order
    from implied_totals as totals
    inner join base_measures
        on totals.measure_code = base_measures.change_measure_code
    inner join implied_totals as levels
        on totals.document_id = levels.document_id
        and totals.area = levels.area
        and levels.measure_code = base_measures.base_measure_code
    where totals.implied_total_basis = 'change'
        and levels.value_kind = 'level'
        and levels.has_comparison
        and (totals.period_id is null or totals.period_id = levels.period_id)
        and (totals.comparison_period_id is null or totals.comparison_period_id = levels.comparison_period_id)
),

other_totals as (
    select * from sentence_total_candidates
    where other_order = 1
    union all
    select * from base_level_candidates
    where other_order = 1
),

totals_compared as (
    select
        implied_totals.*,
        other_totals.other_total_figure_id,
        other_totals.other_total,
        other_totals.other_total_low,
        other_totals.other_total_high,
        other_totals.other_total_text,
        other_totals.other_total_source,
        case
            when other_totals.other_total is not null and implied_totals.implied_total_high is not null
                then round(
                    greatest(
                        other_totals.other_total_low - implied_totals.implied_total_high,
                        implied_totals.implied_total_low - other_totals.other_total_high,
                        0
                    ),
                    9
                )
        end as implied_total_gap
    from implied_totals
    left join other_totals
        on implied_totals.figure_id = other_totals.figure_id
),

figure_checks as (
    select
        figure_id,
        document_id,
        quarter_label,
        figure_index,
        page,
        priority,
        measure_code,
        measure_label,
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
        value_rounding,
        comparison_rounding,
        stated_change_rounding,
        stated_change_low,
        stated_change_high,
        value_fraction,
        comparison_fraction,
        computed_difference,
        difference_deviation,
        difference_tolerance,
        computed_pct_change,
        computed_pct_change_low,
        computed_pct_change_high,
        pct_change_deviation,
        pct_change_tolerance,
        computed_pp_change,
        pp_change_deviation,
        pp_change_tolerance,
        numbers_direction,
        stated_direction,
        direction_words_text,
        words_direction,
        part_value,
        linked_share,
        linked_share_tolerance,
        linked_share_figure_id,
        share_words_say,
        share_refers_to,
        computed_part_share,
        computed_share,
        share_deviation,
        implied_total_basis,
        implied_from,
        implied_total,
        implied_total_low,
        implied_total_high,
        other_total_figure_id,
        other_total,
        other_total_low,
        other_total_high,
        other_total_text,
        other_total_source,
        implied_total_gap
    from totals_compared
)

select * from figure_checks
