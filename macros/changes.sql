{#
    A value against an earlier one, said one way everywhere (int_observation_comparisons,
    the priority marts).
#}

{# percent change; none for a share, whose change is in percentage points #}
{% macro percent_change(value, earlier, unit) -%}
    case
        when {{ unit }} not in ('percent', 'percentage_points') and {{ earlier }} > 0
            then round(100.0 * ({{ value }} - {{ earlier }}) / {{ earlier }}, 1)
    end
{%- endmacro %}

{% macro change_direction(change) -%}
    case
        when ({{ change }}) > 0 then 'up'
        when ({{ change }}) < 0 then 'down'
        when ({{ change }}) = 0 then 'same'
    end
{%- endmacro %}

{# better or worse by the measure's polarity; null when neutral or unchanged #}
{% macro change_is_better(change, polarity) -%}
    case
        when ({{ change }}) is null or ({{ change }}) = 0 then null
        when {{ polarity }} = 'up_is_good' then ({{ change }}) > 0
        when {{ polarity }} = 'down_is_good' then ({{ change }}) < 0
    end
{%- endmacro %}
