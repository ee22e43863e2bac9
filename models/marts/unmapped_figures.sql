with

figures as (
    select * from {{ ref('int_figures_conformed') }}
),

unmapped as (
    select
        figure_id,
        document_id,
        quarter_label,
        page,
        priority,
        priority_title,
        objective,
        area,
        value,
        value_text,
        unit,
        value_kind,
        subject,
        period_id,
        period_label,
        quote,
        match_score,
        candidate_1,
        candidate_1_score,
        candidate_2,
        candidate_2_score,
        candidate_3,
        candidate_3_score
    from figures
    where measure_code is null
)

select * from unmapped
