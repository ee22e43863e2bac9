with

source as (
    select * from {{ source('documents', 'figures') }}
),

renamed as (
    select
        cast(figure_id as {{ dbt.type_string() }}) as figure_id,
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(figure_index as {{ dbt.type_int() }}) as figure_index,
        cast(page as {{ dbt.type_int() }}) as page,
        cast(priority as {{ dbt.type_int() }}) as priority,
        cast(objective as {{ dbt.type_string() }}) as objective,
        cast(area as {{ dbt.type_string() }}) as area,
        cast(measure as {{ dbt.type_string() }}) as measure_code,
        cast(value as {{ type_double() }}) as value,
        cast(unit as {{ dbt.type_string() }}) as unit,
        cast(value_kind as {{ dbt.type_string() }}) as value_kind,
        cast(period_start as {{ type_date() }}) as period_start,
        cast(period_end as {{ type_date() }}) as period_end,
        cast(comparison_value as {{ type_double() }}) as comparison_value,
        cast(comparison_period_start as {{ type_date() }}) as comparison_period_start,
        cast(comparison_period_end as {{ type_date() }}) as comparison_period_end,
        cast(stated_change as {{ type_double() }}) as stated_change,
        cast(stated_change_unit as {{ dbt.type_string() }}) as stated_change_unit,
        cast(stated_change_decimals as {{ dbt.type_int() }}) as stated_change_decimals,
        cast(stated_share as {{ type_double() }}) as stated_share,
        cast(whole_value as {{ type_double() }}) as whole_value,
        cast(value_text as {{ dbt.type_string() }}) as value_text,
        cast(subject as {{ dbt.type_string() }}) as subject,
        cast(quote as {{ dbt.type_string() }}) as quote,
        cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from renamed
