-- One priority by area: for each area, how many figures and measures the quarterly
-- updates give for it, over which quarters, and which measures they are.
--
-- Change the mart to look at another priority (priority_2_anti_social_behaviour …
-- priority_7_road_safety; the list: select priority, title, mart_name from dim_priority).
--
-- pcp sql --file analyses/priority_by_area.sql

with

priority_figures as (
    select * from priority_1_local_visible_accessible_policing
),

by_area as (
    select
        area,
        area_type,
        parent_area,
        count(*) as figures,
        count(distinct measure_code) as measures,
        count(*) filter (where measure_code is null) as unmapped_figures,
        min(quarter_label) as first_quarter,
        max(quarter_label) as latest_quarter,
        string_agg(distinct measure_label, '; ' order by measure_label) as measure_labels
    from priority_figures
    group by area, area_type, parent_area
)

select * from by_area
order by figures desc, area
