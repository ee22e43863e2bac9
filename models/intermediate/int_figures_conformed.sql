-- Every figure with its document (quarter, version), its area conformed to the areas seed
-- (unknown areas kept, flagged), its measure as int_figure_measures gives it from the
-- catalogue at this build, its priority and its periods. A stock measure's figure is
-- observed in the last month of the span the text states (stated_period_start keeps the
-- span's start), so every point of a stock series has one grain.

with

figures as (
    select * from {{ ref('stg_documents__figures') }}
),

documents as (
    select * from {{ ref('stg_documents__documents') }}
),

areas as (
    select * from {{ ref('areas') }}
),

figure_measures as (
    select * from {{ ref('int_figure_measures') }}
),

measures as (
    select * from {{ ref('measures') }}
),

priorities as (
    select * from {{ ref('priorities') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

loaded_areas as (
    select distinct
        area as area_as_loaded
    from figures
),

area_matches as (
    select
        loaded_areas.area_as_loaded,
        areas.area,
        case
            when lower(areas.area) = lower(loaded_areas.area_as_loaded) then 1
            else 2
        end as match_rank
    from loaded_areas
    inner join areas
        on lower(areas.area) = lower(loaded_areas.area_as_loaded)
        or {{ dbt.concat(["'|'", 'lower(areas.aliases)', "'|'"]) }}
            like {{ dbt.concat(["'%|'", 'lower(loaded_areas.area_as_loaded)', "'|%'"]) }}
),

ranked_area_matches as (
    select
        area_as_loaded,
        area,
        row_number() over (
            partition by area_as_loaded
            order by match_rank, area
        ) as match_order
    from area_matches
),

conformed_areas as (
    select
        area_as_loaded,
        area
    from ranked_area_matches
    where match_order = 1
),

figures_observed as (
    select
        figures.*,
        {{ observed_period_start('measures.kind', 'figures.period_start', 'figures.period_end') }}
            as observed_period_start,
        {{ observed_period_start(
            'measures.kind', 'figures.comparison_period_start', 'figures.comparison_period_end'
        ) }} as observed_comparison_period_start
    from figures
    left join figure_measures
        on figures.figure_id = figure_measures.figure_id
    left join measures
        on figure_measures.measure_code = measures.measure_code
),

figures_with_period_ids as (
    select
        *,
        {{ period_id('observed_period_start', 'period_end') }} as period_id,
        {{ period_id('observed_comparison_period_start', 'comparison_period_end') }} as comparison_period_id
    from figures_observed
),

figures_conformed as (
    select
        figures.figure_id,
        figures.document_id,
        figures.figure_index,
        figures.page,
        figures.priority,
        figures.objective,
        coalesce(conformed_areas.area, figures.area) as area,
        figure_measures.measure_code,
        figure_measures.match_score,
        figure_measures.match_margin,
        figure_measures.match_evidence,
        figure_measures.candidate_1,
        figure_measures.candidate_1_score,
        figure_measures.candidate_2,
        figure_measures.candidate_2_score,
        figure_measures.candidate_3,
        figure_measures.candidate_3_score,
        figures.value,
        -- a bare number is a count to the extractor ("33,958 were operational"); a mapped
        -- figure is in its measure's unit, of its measure's kind
        case
            when figures.unit = 'count' and measures.unit is not null then measures.unit
            else figures.unit
        end as unit,
        case
            when measures.kind is not null then {{ measure_value_kind('measures.kind') }}
            else figures.value_kind
        end as value_kind,
        figures.unit as unit_as_extracted,
        figures.value_kind as value_kind_as_extracted,
        figures.observed_period_start as period_start,
        figures.period_end,
        figures.period_start as stated_period_start,
        figures.comparison_value,
        figures.observed_comparison_period_start as comparison_period_start,
        figures.comparison_period_end,
        figures.comparison_period_start as stated_comparison_period_start,
        figures.stated_change,
        figures.stated_change_unit,
        figures.stated_change_decimals,
        figures.stated_share,
        figures.whole_value,
        figures.value_text,
        figures.subject,
        figures.quote,
        figures.value_start,
        figures.loaded_at,

        documents.quarter_label,
        documents.financial_year,
        documents.quarter_number,
        documents.document_version,
        documents.document_version_order,
        documents.data_to_month,

        priorities.title as priority_title,
        priorities.slug as priority_slug,

        figures.area as area_as_loaded,
        coalesce(areas.area_type, 'unknown') as area_type,
        areas.parent_area,
        areas.area is not null as is_known_area,

        measures.label as measure_label,
        measures.polarity,
        measures.unit as measure_unit,
        measures.priority as measure_priority,
        measures.measure_code is not null as is_catalogued_measure,

        figures.period_id,
        value_periods.period_label,
        value_periods.period_kind,
        figures.comparison_period_id,
        comparison_periods.period_label as comparison_period_label
    from figures_with_period_ids as figures
    left join documents
        on figures.document_id = documents.document_id
    left join conformed_areas
        on figures.area = conformed_areas.area_as_loaded
    left join areas
        on conformed_areas.area = areas.area
    left join figure_measures
        on figures.figure_id = figure_measures.figure_id
    left join measures
        on figure_measures.measure_code = measures.measure_code
    left join priorities
        on figures.priority = priorities.priority
    left join periods as value_periods
        on figures.period_id = value_periods.period_id
    left join periods as comparison_periods
        on figures.comparison_period_id = comparison_periods.period_id
)

select * from figures_conformed
