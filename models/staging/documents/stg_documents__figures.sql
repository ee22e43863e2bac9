with

withdrawals as (
    select document_id from {{ source('documents', 'withdrawals') }}
),

source as (
    -- a withdrawn document is deleted to the warehouse: its raw rows stay for the record
    select * from {{ source('documents', 'figures') }}
    where document_id not in (select document_id from withdrawals)
),

renamed as (
    select
        cast(figure_id as {{ dbt.type_string() }}) as figure_id,
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(figure_index as {{ dbt.type_int() }}) as figure_index,
        cast(page as {{ dbt.type_int() }}) as page,
        cast(priority as {{ dbt.type_int() }}) as priority,
        cast(objective as {{ dbt.type_string() }}) as objective,
        -- homes loaded before area_text existed wrote the conformed name, which conforms to itself
        cast(coalesce(area_text, area) as {{ dbt.type_string() }}) as area,
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
        cast(coalesce(words_before, '') as {{ dbt.type_string() }}) as words_before,
        cast(coalesce(words_after, '') as {{ dbt.type_string() }}) as words_after,
        cast(section_label as {{ dbt.type_string() }}) as section_label,
        cast(coalesce(bullet, quote) as {{ dbt.type_string() }}) as bullet,
        cast(value_start as {{ dbt.type_int() }}) as value_start,
        cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from renamed
