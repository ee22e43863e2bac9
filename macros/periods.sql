{#
    Period helpers. A period is a pair of ISO dates (start, end), both inclusive.
    UK financial years run April to March; financial quarter 1 is April to June.
#}

{# Key of a period: "2019-07-01/2019-09-30" (ISO 8601 interval), "unknown" for a
   missing end, null when both ends are missing. #}
{% macro period_id(period_start, period_end) -%}
    case
        when {{ period_start }} is null and {{ period_end }} is null then null
        else {{ dbt.concat([
            "coalesce(" ~ pcp_warehouse.date_to_iso_string(period_start) ~ ", 'unknown')",
            "'/'",
            "coalesce(" ~ pcp_warehouse.date_to_iso_string(period_end) ~ ", 'unknown')",
        ]) }}
    end
{%- endmacro %}


{# The period a measure of the kind is observed for. A stock is counted at a date, so
   whatever span the text states it for ("516 during the last quarter"), it is the count
   in the span's last month; a flow, a share, a change or a target keeps its span. #}
{% macro observed_period_start(kind, period_start, period_end) -%}
    case
        when {{ kind }} = 'stock' and {{ period_end }} is not null
            then cast({{ dbt.date_trunc('month', period_end) }} as {{ pcp_warehouse.type_date() }})
        else {{ period_start }}
    end
{%- endmacro %}


{# Calendar year in which the financial year holding the date starts (2019 for 2020-02-01). #}
{% macro financial_year_start(date) -%}
    case
        when {{ pcp_warehouse.date_part_number('month', date) }} >= 4
            then {{ pcp_warehouse.date_part_number('year', date) }}
        else {{ pcp_warehouse.date_part_number('year', date) }} - 1
    end
{%- endmacro %}


{# Financial quarter (1..4) holding the date: April-June is 1, January-March is 4. #}
{% macro financial_quarter(date) -%}
    case
        when {{ pcp_warehouse.date_part_number('month', date) }} between 4 and 6 then 1
        when {{ pcp_warehouse.date_part_number('month', date) }} between 7 and 9 then 2
        when {{ pcp_warehouse.date_part_number('month', date) }} between 10 and 12 then 3
        else 4
    end
{%- endmacro %}


{# "2019/20" from the start year 2019 (an integer expression). #}
{% macro financial_year_label(start_year) -%}
    {{ dbt.concat([
        "cast(" ~ start_year ~ " as " ~ dbt.type_string() ~ ")",
        "'/'",
        dbt.right("cast(" ~ start_year ~ " + 1 as " ~ dbt.type_string() ~ ")", "2"),
    ]) }}
{%- endmacro %}


{#
    A document version as written ("1", "1.2", "1.10") as a number that sorts it part by
    part (1.10 after 1.2): up to three parts of up to three digits each.
#}
{% macro version_order(version) -%}
    case
        when {{ version }} is not null then
            coalesce(cast(nullif({{ dbt.split_part(version, "'.'", 1) }}, '') as {{ dbt.type_int() }}), 0) * 1000000
            + coalesce(cast(nullif({{ dbt.split_part(version, "'.'", 2) }}, '') as {{ dbt.type_int() }}), 0) * 1000
            + coalesce(cast(nullif({{ dbt.split_part(version, "'.'", 3) }}, '') as {{ dbt.type_int() }}), 0)
    end
{%- endmacro %}
