with

measures as (
    select * from {{ ref('measures') }}
),

figures as (
    select * from {{ ref('int_figures_conformed') }}
),

catalogued_measures as (
    select
        measure_code,
        priority,
        label,
        unit,
        polarity,
        value_kind,
        description,
        match_pattern,
        true as is_catalogued_measure
    from measures
),

uncatalogued_measures as (
    select distinct
        measure_code,
        cast(null as {{ dbt.type_int() }}) as priority,
        measure_code as label,
        cast(null as {{ dbt.type_string() }}) as unit,
        cast(null as {{ dbt.type_string() }}) as polarity,
        cast(null as {{ dbt.type_string() }}) as value_kind,
        cast('Measure code found in figures but missing from the measure catalogue.' as {{ dbt.type_string() }}) as description,
        cast(null as {{ dbt.type_string() }}) as match_pattern,
        false as is_catalogued_measure
    from figures
    where measure_code is not null
        and not is_catalogued_measure
),

all_measures as (
    select * from catalogued_measures
    union all
    select * from uncatalogued_measures
)

select * from all_measures
