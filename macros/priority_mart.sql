{#
    The mart of one plan priority: its figures from fct_figures, denormalised for BI.
    models/marts/priority_<n>_<slug>/priority_<n>_<slug>.sql is one line:
        {{ priority_mart(<n>) }}
    A priority with no figures gives an empty table (the has_rows test warns about it).
#}
{% macro priority_mart(priority_number) %}

with

figures as (
    select * from {{ ref('fct_figures') }}
),

priority_figures as (
    select
        figure_id,
        document_id,
        quarter_label,
        financial_year,
        quarter_number,
        document_version,
        page,
        priority,
        priority_title,
        objective,
        area,
        area_type,
        parent_area,
        measure as measure_code,
        measure_label,
        unit,
        polarity,
        value,
        value_text,
        value_kind,
        subject,
        period_id,
        period_label,
        period_start,
        period_end,
        comparison_value,
        comparison_period_id,
        comparison_period_label,
        comparison_period_start,
        comparison_period_end,
        stated_change,
        stated_change_unit,
        stated_share,
        whole_value,
        quote,
        is_current_value,
        is_restated
    from figures
    where priority = {{ priority_number }}
)

select * from priority_figures

{% endmacro %}
