with

priorities as (
    select * from {{ ref('priorities') }}
),

measures as (
    select * from {{ ref('measures') }}
),

figures as (
    select * from {{ ref('int_figures_conformed') }}
),

measure_counts as (
    select
        priority,
        count(*) as measure_count
    from measures
    group by priority
),

figure_counts as (
    select
        priority,
        count(*) as figure_count
    from figures
    group by priority
),

priorities_counted as (
    select
        priorities.priority,
        priorities.title,
        priorities.slug,
        priorities.mart_name,
        priorities.description,
        coalesce(measure_counts.measure_count, 0) as measure_count,
        coalesce(figure_counts.figure_count, 0) as figure_count
    from priorities
    left join measure_counts
        on priorities.priority = measure_counts.priority
    left join figure_counts
        on priorities.priority = figure_counts.priority
)

select * from priorities_counted
