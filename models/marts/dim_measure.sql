with

measures as (
    select * from {{ ref('measures') }}
),

grains as (
    select * from {{ ref('int_measure_grains') }}
),

measures_described as (
    select
        measures.measure_code,
        measures.priority,
        measures.label,
        measures.unit,
        measures.polarity,
        measures.kind,
        {{ measure_value_kind('measures.kind') }} as value_kind,
        measures.subject,
        measures.terms,
        measures.description,
        grains.grain_months,
        grains.grain_source,
        measures.target_for,
        coalesce(measures.per_event, false) as is_per_event,
        measures.compared_with,
        measures.area_role
    from measures
    left join grains
        on measures.measure_code = grains.measure_code
)

select * from measures_described
