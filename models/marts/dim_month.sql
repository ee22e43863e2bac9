-- The calendar: one row per month from the earliest month any period (of a figure, a
-- comparison value or a return) starts in to the latest it ends in, months with no figure
-- included, so a BI tool can use it as its date table. Months are keyed 'YYYY-MM'.

with

periods as (
    select * from {{ ref('int_periods') }}
),

bounds as (
    select
        cast({{ dbt.date_trunc('month', 'min(period_start)') }} as {{ type_date() }}) as first_month,
        cast({{ dbt.date_trunc('month', 'max(period_end)') }} as {{ type_date() }}) as last_month
    from periods
    where period_start is not null
        and period_end is not null
),

digits as (
    select 0 as digit union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
),

-- up to 1,000 months (83 years) after the first
month_offsets as (
    select hundreds.digit * 100 + tens.digit * 10 + units.digit as month_offset
    from digits as hundreds
    cross join digits as tens
    cross join digits as units
),

months as (
    select cast({{ dbt.dateadd('month', 'month_offsets.month_offset', 'bounds.first_month') }} as {{ type_date() }}) as month_start
    from bounds
    cross join month_offsets
    where {{ dbt.dateadd('month', 'month_offsets.month_offset', 'bounds.first_month') }} <= bounds.last_month
),

months_described as (
    select
        month_start,
        cast({{ dbt.last_day('month_start', 'month') }} as {{ type_date() }}) as month_end,
        {{ date_part_number('year', 'month_start') }} as calendar_year,
        {{ date_part_number('month', 'month_start') }} as month_number,
        {{ financial_year_start('month_start') }} as financial_year_start,
        {{ financial_quarter('month_start') }} as financial_quarter
    from months
),

final as (
    select
        {{ left_chars(date_to_iso_string('month_start'), 7) }} as month_id,
        month_start,
        month_end,
        calendar_year,
        month_number,
        {{ financial_year_label('financial_year_start') }} as financial_year,
        financial_quarter,
        {{ dbt.concat([
            financial_year_label('financial_year_start'),
            "' Q'",
            'cast(financial_quarter as ' ~ dbt.type_string() ~ ')',
        ]) }} as quarter_label,
        cast({{ dbt.dateadd('month', '-((month_number - 1) % 3)', 'month_start') }} as {{ type_date() }}) as quarter_start
    from months_described
)

select * from final
