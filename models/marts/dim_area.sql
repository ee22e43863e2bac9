with

areas as (
    select * from {{ ref('areas') }}
),

figures as (
    select * from {{ ref('int_figures_conformed') }}
),

catalogued_areas as (
    select
        area,
        area_type,
        parent_area,
        aliases,
        true as is_known_area
    from areas
),

unknown_areas as (
    select distinct
        area,
        cast('unknown' as {{ dbt.type_string() }}) as area_type,
        cast(null as {{ dbt.type_string() }}) as parent_area,
        cast(null as {{ dbt.type_string() }}) as aliases,
        false as is_known_area
    from figures
    where not is_known_area
),

all_areas as (
    select * from catalogued_areas
    union all
    select * from unknown_areas
)

select * from all_areas
