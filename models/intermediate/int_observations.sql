-- Every figure is an observation of its measure, area and period; every comparison value
-- is an observation of the same measure and area for the comparison period; every row of a
-- structured return is an observation of its measure, area and period.
-- observation_key identifies what is observed: mapped measure, area, unit, value kind and
-- a known period. Observations that lack a measure or a period are keyed by themselves,
-- and so are those of a measure the catalogue counts per event (cash seized on one
-- operation and cash seized on another in the same month are two amounts that add up,
-- not two statements of one value).

with

figures as (
    select * from {{ ref('int_figures_conformed') }}
),

returns as (
    select * from {{ ref('int_returns_conformed') }}
),

measures as (
    select * from {{ ref('measures') }}
),

value_observations as (
    select
        {{ dbt.concat(['figure_id', "':value'"]) }} as observation_id,
        figure_id,
        cast(null as {{ dbt.type_string() }}) as return_row_id,
        cast('value' as {{ dbt.type_string() }}) as observation_role,
        document_id,
        quarter_label,
        financial_year,
        quarter_number,
        document_version,
        document_version_order,
        data_to_month,
        loaded_at,
        figure_index,
        priority,
        measure_code,
        measure_label,
        area,
        area_type,
        unit,
        value_kind,
        value,
        period_id,
        period_start,
        period_end,
        period_label
    from figures
),

comparison_observations as (
    select
        {{ dbt.concat(['figure_id', "':comparison'"]) }} as observation_id,
        figure_id,
        cast(null as {{ dbt.type_string() }}) as return_row_id,
        cast('comparison' as {{ dbt.type_string() }}) as observation_role,
        document_id,
        quarter_label,
        financial_year,
        quarter_number,
        document_version,
        document_version_order,
        data_to_month,
        loaded_at,
        figure_index,
        priority,
        measure_code,
        measure_label,
        area,
        area_type,
        unit,
        value_kind,
        comparison_value as value,
        comparison_period_id as period_id,
        comparison_period_start as period_start,
        comparison_period_end as period_end,
        comparison_period_label as period_label
    from figures
    where comparison_value is not null
),

return_observations as (
    select
        {{ dbt.concat(['return_row_id', "':return'"]) }} as observation_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        return_row_id,
        cast('return' as {{ dbt.type_string() }}) as observation_role,
        return_id as document_id,
        quarter_label,
        financial_year,
        quarter_number,
        cast(null as {{ dbt.type_string() }}) as document_version,
        cast(null as {{ dbt.type_int() }}) as document_version_order,
        cast(null as {{ type_date() }}) as data_to_month,
        loaded_at,
        row_number as figure_index,
        priority,
        measure_code,
        measure_label,
        area,
        area_type,
        unit,
        value_kind,
        value,
        period_id,
        period_start,
        period_end,
        period_label
    from returns
),

observations as (
    select * from value_observations
    union all
    select * from comparison_observations
    union all
    select * from return_observations
),

observations_keyed as (
    select
        observations.*,
        case
            when observations.measure_code is not null
                and observations.period_start is not null
                and observations.period_end is not null
                and not coalesce(measures.per_event, false)
                then {{ dbt.concat([
                    'observations.measure_code', "'|'",
                    'observations.area', "'|'",
                    'observations.unit', "'|'",
                    'observations.value_kind', "'|'",
                    'observations.period_id',
                ]) }}
            else observations.observation_id
        end as observation_key
    from observations
    left join measures
        on observations.measure_code = measures.measure_code
)

select * from observations_keyed
