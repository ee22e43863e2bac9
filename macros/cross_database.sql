{#
    Small portability helpers. Models call these instead of warehouse-specific
    functions or type names; a new warehouse gets a <adapter>__ implementation.
#}

{# A double-precision float (dbt.type_float() is a 4-byte real on DuckDB). #}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'pcp_warehouse')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro bigquery__type_double() -%}
    float64
{%- endmacro %}


{# A date type. #}
{% macro type_date() -%}
    {{ return(adapter.dispatch('type_date', 'pcp_warehouse')()) }}
{%- endmacro %}

{% macro default__type_date() -%}
    date
{%- endmacro %}


{# An integer part (year, month, day) of a date. #}
{% macro date_part_number(datepart, date) -%}
    {{ return(adapter.dispatch('date_part_number', 'pcp_warehouse')(datepart, date)) }}
{%- endmacro %}

{% macro default__date_part_number(datepart, date) -%}
    cast(extract({{ datepart }} from {{ date }}) as {{ dbt.type_int() }})
{%- endmacro %}


{# A date as an ISO 8601 string, YYYY-MM-DD. #}
{% macro date_to_iso_string(date) -%}
    {{ return(adapter.dispatch('date_to_iso_string', 'pcp_warehouse')(date)) }}
{%- endmacro %}

{% macro default__date_to_iso_string(date) -%}
    cast(cast({{ date }} as {{ pcp_warehouse.type_date() }}) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro duckdb__date_to_iso_string(date) -%}
    strftime(cast({{ date }} as date), '%Y-%m-%d')
{%- endmacro %}


{# The first n characters of a string. #}
{% macro left_chars(string_text, length) -%}
    {{ return(adapter.dispatch('left_chars', 'pcp_warehouse')(string_text, length)) }}
{%- endmacro %}

{% macro default__left_chars(string_text, length) -%}
    substring({{ string_text }}, 1, {{ length }})
{%- endmacro %}

{#- The value kind the extractor gives figures of a measure of this kind (seeds/measures.csv `kind`). -#}
{% macro measure_value_kind(kind) -%}
    case
        when {{ kind }} in ('change', 'target') then {{ kind }}
        else 'level'
    end
{%- endmacro %}
