-- One row per distinct period (start, end) a figure, a comparison value or a structured
-- return describes, and the last month of each (where a stock stated for it is observed),
-- classified (month, quarter, financial year, ...) and labelled.

with

figures as (
    select * from {{ ref('stg_documents__figures') }}
),

returns as (
    select * from {{ ref('stg_returns__returns') }}
),

value_periods as (
    select
        period_start,
        period_end
    from figures
    where period_start is not null
        or period_end is not null
),

comparison_periods as (
    select
        comparison_period_start as period_start,
        comparison_period_end as period_end
    from figures
    where comparison_period_start is not null
        or comparison_period_end is not null
),

return_periods as (
    select
        period_start,
        period_end
    from returns
),

stated_periods as (
    select period_start, period_end from value_periods
    union
    select period_start, period_end from comparison_periods
    union
    select period_start, period_end from return_periods
),

-- a stock is observed in the last month of the span it is stated for (observed_period_start)
stock_months as (
    select
        {{ observed_period_start("'stock'", 'period_start', 'period_end') }} as period_start,
        period_end
    from stated_periods
    where period_end is not null
),

distinct_periods as (
    select period_start, period_end from stated_periods
    union
    select period_start, period_end from stock_months
),

periods_measured as (
    select
        {{ period_id('period_start', 'period_end') }} as period_id,
        period_start,
        period_end,
        case
            when period_start is not null and period_end is not null
                then {{ dbt.datediff('period_start', 'period_end', 'day') }} + 1
        end as period_length_days,
        coalesce(
            period_start = cast({{ dbt.date_trunc('month', 'period_start') }} as {{ type_date() }})
            and period_end = cast({{ dbt.last_day('period_end', 'month') }} as {{ type_date() }}),
            false
        ) as is_whole_months,
        {{ date_part_number('month', 'period_start') }} as start_month,
        {{ financial_year_start('period_start') }} as start_financial_year,
        {{ financial_year_start('period_end') }} as end_financial_year
    from distinct_periods
),

periods_in_months as (
    select
        *,
        case
            when is_whole_months
                then {{ dbt.datediff('period_start', dbt.dateadd('day', 1, 'period_end'), 'month') }}
        end as period_length_months
    from periods_measured
),

periods_classified as (
    select
        *,
        case
            when not is_whole_months then 'other'
            when period_length_months = 1 then 'month'
            when period_length_months = 3 and start_month in (1, 4, 7, 10) then 'quarter'
            when period_length_months = 6 and start_month in (4, 10) then 'half_year'
            when period_length_months = 12 and start_month = 4 then 'financial_year'
            when period_length_months = 12 and start_month = 1 then 'calendar_year'
            when period_length_months = 12 then 'twelve_months'
            else 'months'
        end as period_kind,
        case
            when start_financial_year = end_financial_year
                then {{ financial_year_label('start_financial_year') }}
        end as financial_year
    from periods_in_months
),

periods_with_quarters as (
    select
        *,
        case
            when period_kind = 'quarter' then {{ financial_quarter('period_start') }}
        end as financial_quarter
    from periods_classified
),

periods_labelled as (
    select
        period_id,
        period_start,
        period_end,
        period_kind,
        period_length_days,
        period_length_months,
        financial_year,
        financial_quarter,
        case
            when period_kind = 'quarter'
                then {{ dbt.concat([
                    'financial_year',
                    "' Q'",
                    'cast(financial_quarter as ' ~ dbt.type_string() ~ ')',
                ]) }}
        end as quarter_label,
        case
            when period_kind = 'quarter'
                then {{ dbt.concat([
                    'financial_year',
                    "' Q'",
                    'cast(financial_quarter as ' ~ dbt.type_string() ~ ')',
                ]) }}
            when period_kind = 'financial_year' then financial_year
            when period_kind = 'month'
                then {{ left_chars(date_to_iso_string('period_start'), 7) }}
            else {{ dbt.concat([
                "coalesce(" ~ date_to_iso_string('period_start') ~ ", 'unknown')",
                "' to '",
                "coalesce(" ~ date_to_iso_string('period_end') ~ ", 'unknown')",
            ]) }}
        end as period_label
    from periods_with_quarters
)

select * from periods_labelled
