with

measures as (
    select * from {{ ref('measures') }}
),

measures_described as (
    select
        measure_code,
        priority,
        label,
        unit,
        polarity,
        kind,
        {{ measure_value_kind('kind') }} as value_kind,
        subject,
        terms,
        description
    from measures
)

select * from measures_described
