{#
    Fails (one row) when the model is empty. Use with severity warn where an empty
    table is legitimate but worth a look, e.g. a priority with no figures this quarter.
#}
{% test has_rows(model) %}

select 1 as empty_model
where not exists (
    select 1 from {{ model }}
)

{% endtest %}
