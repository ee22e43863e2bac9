{#
    The mart of one plan priority: its figures from fct_figures, denormalised for BI, each
    beside its series a year earlier and in the period before (from fct_observations; the
    changes are worked out from the figure's own value, so a superseded statement has its
    own), and for a target its status (fct_targets).
    models/marts/priority_<n>_<slug>/ is generated from seeds/priorities.csv
    (python -m pcp_warehouse.priority_marts); its .sql file is one line:
        {{ priority_mart(<n>) }}
    A priority with no figures gives an empty table (the has_rows test warns about it).
#}
{% macro priority_mart(priority_number) %}

with

figures as (
    select * from {{ ref('fct_figures') }}
),

statements as (
    select * from {{ ref('fct_observation_statements') }}
),

observations as (
    select * from {{ ref('fct_observations') }}
),

targets as (
    select * from {{ ref('fct_targets') }}
),

priority_figures as (
    select * from figures
    where priority = {{ priority_number }}
),

-- the observation each figure's own value states, and that observation's series
figures_observed as (
    select
        priority_figures.*,
        observations.period_financial_year,
        observations.period_quarter_label,
        observations.period_end_quarter_label,
        observations.value_a_year_earlier,
        observations.value_a_year_earlier_source,
        observations.previous_period_value,
        observations.previous_period_value_source,
        targets.target_status
    from priority_figures
    left join statements
        on priority_figures.figure_id = statements.figure_id
        and statements.observation_role = 'value'
    left join observations
        on statements.observation_key = observations.observation_key
    left join targets
        on statements.observation_key = targets.target_observation_key
),

figures_compared as (
    select
        figure_id,
        document_id,
        quarter_label,
        quarter_label as stated_in_quarter,
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
        period_financial_year,
        period_quarter_label,
        period_end_quarter_label,
        comparison_value,
        comparison_period_id,
        comparison_period_label,
        comparison_period_start,
        comparison_period_end,
        stated_change,
        stated_change_unit,
        stated_share,
        whole_value,
        value_a_year_earlier,
        value_a_year_earlier_source,
        value - value_a_year_earlier as change_on_a_year_earlier,
        {{ percent_change('value', 'value_a_year_earlier', 'unit') }} as percent_change_on_a_year_earlier,
        {{ change_direction('value - value_a_year_earlier') }} as direction_on_a_year_earlier,
        {{ change_is_better('value - value_a_year_earlier', 'polarity') }} as is_better_on_a_year_earlier,
        previous_period_value,
        previous_period_value_source,
        value - previous_period_value as change_on_previous_period,
        {{ percent_change('value', 'previous_period_value', 'unit') }} as percent_change_on_previous_period,
        target_status,
        quote,
        is_current_value,
        is_restated
    from figures_observed
)

select * from figures_compared

{% endmacro %}
