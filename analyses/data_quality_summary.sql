-- Data quality of the last refresh: every check with its severity, what it protects, and
-- how many figures passed, failed or were accepted as reviewed exceptions; then how many
-- figures the measure catalogue does not map yet (listed in unmapped_figures).
--
-- An error-severity failure blocks publishing, so in published marts `failed` counts only
-- warnings; `accepted` counts the exceptions in seeds/validation_exceptions.csv.
--
-- pcp sql --file analyses/data_quality_summary.sql

with

checks as (
    select * from validation_results
),

figures as (
    select * from fct_figures
),

per_check as (
    select
        suite,
        check_name,
        severity,
        count(*) as checked,
        count(*) filter (where status = 'passed') as passed,
        count(*) filter (where status = 'failed') as failed,
        count(*) filter (where status = 'accepted') as accepted,
        max(protects) as protects
    from checks
    group by suite, check_name, severity
),

catalogue_coverage as (
    select
        'measure catalogue' as suite,
        'figure_has_a_measure' as check_name,
        'info' as severity,
        count(*) as checked,
        count(*) filter (where measure is not null) as passed,
        count(*) filter (where measure is null) as failed,
        0 as accepted,
        'every figure maps to a measure of seeds/measures.csv (unmapped ones: unmapped_figures)' as protects
    from figures
),

summary as (
    select * from per_check
    union all
    select * from catalogue_coverage
)

select * from summary
order by failed desc, severity, suite, check_name
