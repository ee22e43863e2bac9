{#
    Use a model's custom schema (+schema in dbt_project.yml) as-is instead of
    dbt's default "<target schema>_<custom schema>": the layers land in the
    schemas staging, intermediate, marts and reference, whatever the target.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
