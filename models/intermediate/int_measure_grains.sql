-- Each catalogued measure's grain: how many months one point of its series covers. A
-- stock is counted at a month end (1); a target is for the date it names (null); a flow,
-- share or change takes the seed's grain_months, else the period length its documents
-- state it for most often (the shorter on a tie), else a quarter (3).

with

measures as (
    select * from {{ ref('measures') }}
),

observations as (
    select * from {{ ref('int_observations_resolved') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

stated_lengths as (
    select
        observations.measure_code,
        periods.period_length_months,
        count(*) as statement_count
    from observations
    inner join periods
        on observations.period_id = periods.period_id
    where observations.observation_role = 'value'
        and periods.period_length_months is not null
    group by 1, 2
),

ranked_lengths as (
    select
        measure_code,
        period_length_months,
        row_number() over (
            partition by measure_code
            order by statement_count desc, period_length_months
        ) as length_rank
    from stated_lengths
),

measure_grains as (
    select
        measures.measure_code,
        case
            when measures.kind = 'stock' then 1
            when measures.kind = 'target' then cast(null as {{ dbt.type_int() }})
            else coalesce(measures.grain_months, ranked_lengths.period_length_months, 3)
        end as grain_months,
        case
            when measures.kind in ('stock', 'target') then 'kind'
            when measures.grain_months is not null then 'seed'
            when ranked_lengths.period_length_months is not null then 'most_stated'
            else 'default'
        end as grain_source
    from measures
    left join ranked_lengths
        on measures.measure_code = ranked_lengths.measure_code
        and ranked_lengths.length_rank = 1
)

select * from measure_grains
