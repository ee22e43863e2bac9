-- Every row of a structured return as a statement of its measure, area and period, with
-- the quarter it reports for: its quarter_label when given, else the financial quarter its
-- period ends in. A return has no version: within one quarter a document's statement
-- ranks before a return's (see int_observations_resolved).

with

returns as (
    select * from {{ ref('stg_returns__returns') }}
),

measures as (
    select * from {{ ref('measures') }}
),

areas as (
    select * from {{ ref('areas') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

returns_observed as (
    select
        returns.*,
        {{ observed_period_start('measures.kind', 'returns.period_start', 'returns.period_end') }}
            as observed_period_start
    from returns
    left join measures
        on returns.measure_code = measures.measure_code
),

returns_with_periods as (
    select
        returns.*,
        periods.period_id,
        periods.period_label,
        {{ financial_year_label(financial_year_start('returns.period_end')) }} as period_end_financial_year,
        {{ financial_quarter('returns.period_end') }} as period_end_quarter
    from returns_observed as returns
    inner join periods
        on returns.observed_period_start = periods.period_start
        and returns.period_end = periods.period_end
),

returns_conformed as (
    select
        returns_with_periods.return_row_id,
        returns_with_periods.return_id,
        returns_with_periods.file_name,
        returns_with_periods.row_number,
        coalesce(
            returns_with_periods.quarter_label,
            {{ dbt.concat([
                'returns_with_periods.period_end_financial_year',
                "' Q'",
                'cast(returns_with_periods.period_end_quarter as ' ~ dbt.type_string() ~ ')',
            ]) }}
        ) as quarter_label,
        returns_with_periods.loaded_at,
        measures.priority,
        returns_with_periods.measure_code,
        measures.label as measure_label,
        returns_with_periods.area,
        areas.area_type,
        returns_with_periods.unit,
        {{ measure_value_kind('measures.kind') }} as value_kind,
        returns_with_periods.value,
        returns_with_periods.period_id,
        returns_with_periods.observed_period_start as period_start,
        returns_with_periods.period_end,
        returns_with_periods.period_start as stated_period_start,
        returns_with_periods.period_label
    from returns_with_periods
    inner join measures
        on returns_with_periods.measure_code = measures.measure_code
    left join areas
        on returns_with_periods.area = areas.area
),

returns_with_quarter as (
    select
        *,
        {{ left_chars('quarter_label', 7) }} as financial_year,
        cast({{ dbt.right('quarter_label', 1) }} as {{ dbt.type_int() }}) as quarter_number
    from returns_conformed
)

select * from returns_with_quarter
