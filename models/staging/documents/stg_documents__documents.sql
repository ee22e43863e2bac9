with

withdrawals as (
    select document_id from {{ source('documents', 'withdrawals') }}
),

source as (
    -- a withdrawn document is deleted to the warehouse: its raw rows stay for the record
    select * from {{ source('documents', 'documents') }}
    where document_id not in (select document_id from withdrawals)
),

renamed as (
    select
        cast(document_id as {{ dbt.type_string() }}) as document_id,
        cast(file_name as {{ dbt.type_string() }}) as file_name,
        cast(source_format as {{ dbt.type_string() }}) as source_format,
        cast(title as {{ dbt.type_string() }}) as document_title,
        cast(quarter_label as {{ dbt.type_string() }}) as quarter_label,
        cast(financial_year as {{ dbt.type_string() }}) as financial_year,
        cast(quarter as {{ dbt.type_int() }}) as quarter_number,
        cast(data_to as {{ type_date() }}) as data_to_month,
        cast(version as {{ dbt.type_string() }}) as document_version,
        {{ version_order('cast(version as ' ~ dbt.type_string() ~ ')') }} as document_version_order,
        cast(produced as {{ type_date() }}) as produced_month,
        cast(page_count as {{ dbt.type_int() }}) as page_count,
        cast(figure_count as {{ dbt.type_int() }}) as figure_count,
        cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from renamed
