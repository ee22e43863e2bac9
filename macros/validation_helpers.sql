{#
    Helpers for the check columns the Great Expectations suites read (expectations/).
    They compute numbers and words, never a verdict.
#}

{# Half a unit of the last decimal written: 0 decimals -> 0.5, 1 -> 0.05, 2 -> 0.005. #}
{% macro half_unit(decimals) -%}
    0.5 * power(cast(10 as {{ pcp_warehouse.type_double() }}), -({{ decimals }}))
{%- endmacro %}


{# Decimals a number needs (0 to 3): 84.7 -> 1, 19 -> 0, 14.25 -> 2. #}
{% macro number_decimals(number) -%}
    case
        when {{ number }} is null then null
        when {{ number }} = round({{ number }}, 0) then 0
        when {{ number }} = round({{ number }}, 1) then 1
        when {{ number }} = round({{ number }}, 2) then 2
        else 3
    end
{%- endmacro %}


{# Decimals written in a figure's text ("84.7%" -> 1, "£5.7m" -> 1, "48,810" -> 0, "Nine" -> 0);
   null where the warehouse cannot read them (callers fall back to number_decimals). #}
{% macro written_decimals(value_text) -%}
    {{ return(adapter.dispatch('written_decimals', 'pcp_warehouse')(value_text)) }}
{%- endmacro %}

{% macro default__written_decimals(value_text) -%}
    cast(null as {{ dbt.type_int() }})
{%- endmacro %}

{% macro duckdb__written_decimals(value_text) -%}
    length(regexp_extract({{ value_text }}, '[0-9]\.([0-9]+)', 1))
{%- endmacro %}


{# Part of a text: length characters from position start (1-based). #}
{# the text with the first match of a regular expression removed #}
{% macro regexp_strip(string_text, pattern) -%}
    {{ return(adapter.dispatch('regexp_strip', 'pcp_warehouse')(string_text, pattern)) }}
{%- endmacro %}

{% macro default__regexp_strip(string_text, pattern) -%}
    regexp_replace({{ string_text }}, {{ pattern }}, '')
{%- endmacro %}

{% macro text_slice(string_text, start, length) -%}
    {{ return(adapter.dispatch('text_slice', 'pcp_warehouse')(string_text, start, length)) }}
{%- endmacro %}

{% macro default__text_slice(string_text, start, length) -%}
    substring({{ string_text }}, {{ start }}, {{ length }})
{%- endmacro %}

{% macro bigquery__text_slice(string_text, start, length) -%}
    substr({{ string_text }}, {{ start }}, {{ length }})
{%- endmacro %}


{# Words that say a number went up or down, as written in the quarterly updates. #}
{% macro direction_words() -%}
    {{ return({
        'up': ['increase', 'up from', 'up by', 'up on', 'rose', 'risen', 'rising', 'grew', 'grown',
               'growth', 'additional', 'higher'],
        'down': ['reduction', 'reduced', 'reduce', 'decrease', 'fell', 'fallen', 'falling', 'down from',
                 'down by', 'down on', 'came down', 'fewer', ' less ', 'lower', 'drop', 'declin'],
    }) }}
{%- endmacro %}


{# The direction a text's words state: 1 (only words of going up), -1 (only words of going
   down), 0 (words of both: the text contradicts itself) or null (no such words). #}
{% macro direction_in_words(text) -%}
    {%- set words = pcp_warehouse.direction_words() -%}
    {%- set lowered = 'lower(' ~ text ~ ')' -%}
    {%- set says_up -%}
        ({% for word in words['up'] %}{{ lowered }} like '%{{ word }}%'{% if not loop.last %} or {% endif %}{% endfor %})
    {%- endset -%}
    {%- set says_down -%}
        ({% for word in words['down'] %}{{ lowered }} like '%{{ word }}%'{% if not loop.last %} or {% endif %}{% endfor %})
    {%- endset -%}
    case
        when {{ text }} is null then null
        when {{ says_up }} and {{ says_down }} then 0
        when {{ says_up }} then 1
        when {{ says_down }} then -1
    end
{%- endmacro %}
