{#
    Fails for every row where the expression is not true (rows where it is null
    fail too). On a column, the expression is appended to the column name:
        - expression_is_true:
            arguments:
              expression: ">= 0"
#}
{% test expression_is_true(model, expression, column_name=none) %}

select *
from {{ model }}
{% if column_name is none %}
where not coalesce({{ expression }}, false)
{% else %}
where not coalesce({{ column_name }} {{ expression }}, false)
{% endif %}

{% endtest %}
