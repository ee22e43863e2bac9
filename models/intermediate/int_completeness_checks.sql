-- Helper columns for the completeness checks of expectations/completeness_checks.yml. The quarter
-- being published is the latest quarter loaded (its latest version); the previous quarter is the
-- latest one before it. One row per plan priority (figures it has this quarter) and one row per
-- measure reported in the previous quarter (figures it has this quarter). Counts only: the
-- verdict comes from Great Expectations.

with

documents as (
    select * from {{ ref('stg_documents__documents') }}
),

figures as (
    select * from {{ ref('int_figures_conformed') }}
),

priorities as (
    select * from {{ ref('priorities') }}
),

measures as (
    select * from {{ ref('measures') }}
),

quarters as (
    select
        financial_year,
        quarter_number,
        max(quarter_label) as quarter_label,
        max(coalesce(document_version_order, 0)) as latest_version_order
    from documents
    where financial_year is not null
        and quarter_number is not null
    group by
        financial_year,
        quarter_number
),

ranked_quarters as (
    select
        *,
        row_number() over (
            order by financial_year desc, quarter_number desc
        ) as quarter_rank
    from quarters
),

latest_quarter as (
    select quarter_label
    from ranked_quarters
    where quarter_rank = 1
),

previous_quarter as (
    select quarter_label
    from ranked_quarters
    where quarter_rank = 2
),

quarter_documents as (
    select
        documents.document_id,
        ranked_quarters.quarter_rank
    from documents
    inner join ranked_quarters
        on documents.financial_year = ranked_quarters.financial_year
        and documents.quarter_number = ranked_quarters.quarter_number
        and coalesce(documents.document_version_order, 0) = ranked_quarters.latest_version_order
    where ranked_quarters.quarter_rank <= 2
),

quarter_figures as (
    select
        figures.figure_id,
        figures.figure_index,
        figures.page,
        figures.area,
        figures.quote,
        figures.priority,
        figures.measure_code,
        quarter_documents.quarter_rank
    from figures
    inner join quarter_documents
        on figures.document_id = quarter_documents.document_id
),

priority_figure_counts as (
    select
        priority,
        cast(sum(case when quarter_rank = 1 then 1 else 0 end) as {{ dbt.type_int() }}) as figures_this_quarter,
        cast(sum(case when quarter_rank = 2 then 1 else 0 end) as {{ dbt.type_int() }}) as figures_previous_quarter
    from quarter_figures
    group by priority
),

priority_coverage as (
    select
        {{ dbt.concat(["'priority|'", 'cast(priorities.priority as ' ~ dbt.type_string() ~ ')']) }} as check_key,
        cast('priority_section' as {{ dbt.type_string() }}) as coverage_kind,
        cast(null as {{ dbt.type_string() }}) as document_id,
        latest_quarter.quarter_label,
        previous_quarter.quarter_label as previous_quarter_label,
        priorities.priority,
        priorities.title as priority_title,
        cast(null as {{ dbt.type_string() }}) as measure,
        cast(null as {{ dbt.type_string() }}) as measure_label,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as area,
        cast(null as {{ dbt.type_string() }}) as previous_figure_id,
        cast(null as {{ dbt.type_int() }}) as previous_page,
        cast(null as {{ dbt.type_int() }}) as page,
        cast(null as {{ dbt.type_string() }}) as quote,
        coalesce(priority_figure_counts.figures_this_quarter, 0) as figures_this_quarter,
        case
            when previous_quarter.quarter_label is not null
                then coalesce(priority_figure_counts.figures_previous_quarter, 0)
        end as figures_previous_quarter
    from priorities
    cross join latest_quarter
    left join previous_quarter
        on 1 = 1
    left join priority_figure_counts
        on priorities.priority = priority_figure_counts.priority
),

measure_figure_counts as (
    select
        measure_code,
        cast(sum(case when quarter_rank = 1 then 1 else 0 end) as {{ dbt.type_int() }}) as figures_this_quarter,
        cast(sum(case when quarter_rank = 2 then 1 else 0 end) as {{ dbt.type_int() }}) as figures_previous_quarter
    from quarter_figures
    where measure_code is not null
    group by measure_code
),

ranked_previous_figures as (
    select
        measure_code,
        figure_id,
        page,
        area,
        quote,
        row_number() over (
            partition by measure_code
            order by figure_id
        ) as figure_order
    from quarter_figures
    where quarter_rank = 2
        and measure_code is not null
),

first_previous_figures as (
    select * from ranked_previous_figures
    where figure_order = 1
),

measure_coverage as (
    select
        {{ dbt.concat(["'measure|'", 'measure_figure_counts.measure_code']) }} as check_key,
        cast('measure' as {{ dbt.type_string() }}) as coverage_kind,
        cast(null as {{ dbt.type_string() }}) as document_id,
        latest_quarter.quarter_label,
        previous_quarter.quarter_label as previous_quarter_label,
        measures.priority,
        priorities.title as priority_title,
        measure_figure_counts.measure_code as measure,
        measures.label as measure_label,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        first_previous_figures.area,
        first_previous_figures.figure_id as previous_figure_id,
        first_previous_figures.page as previous_page,
        cast(null as {{ dbt.type_int() }}) as page,
        first_previous_figures.quote,
        measure_figure_counts.figures_this_quarter,
        measure_figure_counts.figures_previous_quarter
    from measure_figure_counts
    cross join latest_quarter
    cross join previous_quarter
    inner join first_previous_figures
        on measure_figure_counts.measure_code = first_previous_figures.measure_code
    left join measures
        on measure_figure_counts.measure_code = measures.measure_code
    left join priorities
        on measures.priority = priorities.priority
    where measure_figure_counts.figures_previous_quarter > 0
),

completeness_checks as (
    select * from priority_coverage
    union all
    select * from measure_coverage
)

select * from completeness_checks
