with

withdrawals as (
    select document_id from {{ source('documents', 'withdrawals') }}
),

source as (
    -- a withdrawn document is deleted to the warehouse: its raw rows stay for the record
    select * from {{ source('returns', 'returns') }}
    where return_id not in (select document_id from withdrawals)
),

renamed as (
    select
        {{ dbt.concat(["return_id", "'-'", "cast(row_number as " ~ dbt.type_string() ~ ")"]) }} as return_row_id,
        cast(return_id as {{ dbt.type_string() }}) as return_id,
        cast(file_name as {{ dbt.type_string() }}) as file_name,
        cast(row_number as {{ dbt.type_int() }}) as row_number,
        cast(measure as {{ dbt.type_string() }}) as measure_code,
        cast(area as {{ dbt.type_string() }}) as area,
        cast(period_start as {{ type_date() }}) as period_start,
        cast(period_end as {{ type_date() }}) as period_end,
        cast(value as {{ type_double() }}) as value,
        cast(unit as {{ dbt.type_string() }}) as unit,
        cast(quarter_label as {{ dbt.type_string() }}) as quarter_label,
        cast(note as {{ dbt.type_string() }}) as note,
        cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from renamed
