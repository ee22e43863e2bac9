with

periods as (
    select * from {{ ref('int_periods') }}
),

final as (
    select
        period_id,
        period_start,
        period_end,
        period_kind,
        period_label,
        period_length_days,
        period_length_months,
        financial_year,
        financial_quarter,
        quarter_label
    from periods
)

select * from final
