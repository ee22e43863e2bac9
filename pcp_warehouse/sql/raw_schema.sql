-- Raw layer, written by the loader (one transaction per source file).
create schema if not exists raw;

create table if not exists raw.documents (
    document_id varchar primary key,      -- sha256 of the file's bytes
    file_name varchar not null,
    source_format varchar not null,       -- text | flattened_text | pdf
    title varchar,
    quarter_label varchar,                -- "2019/20 Q2"
    financial_year varchar,               -- "2019/20"
    quarter integer,                      -- 1..4 of the financial year
    data_to date,                         -- first day of the "Data to" month
    version varchar,                      -- as written: "1.2"
    produced date,                        -- first day of the "Produced" month
    page_count integer not null,
    figure_count integer not null,
    loaded_at timestamp not null,
    text_sha256 varchar                   -- of the text, line ends, trailing spaces and blank lines aside
);

create table if not exists raw.figures (
    figure_id varchar primary key,        -- first 16 hex of document_id + "-" + 4-digit index
    document_id varchar not null,
    figure_index integer not null,
    page integer not null,
    priority integer,
    objective varchar,
    area varchar not null,                -- conformed when loaded; the build conforms area_text anew
    value double not null,
    unit varchar not null,
    value_kind varchar not null,          -- level | change | target
    period_start date,
    period_end date,
    comparison_value double,
    comparison_period_start date,
    comparison_period_end date,
    stated_change double,
    stated_change_unit varchar,
    stated_change_decimals integer,
    stated_share double,
    whole_value double,
    value_text varchar not null,
    subject varchar,
    quote varchar not null,
    loaded_at timestamp not null,
    -- what the measure and the area are read from at every build (seeds applied then, not here)
    area_text varchar,                    -- the area as the document writes it ("CPR")
    words_before varchar,                 -- the figure's own words before the number
    words_after varchar,                  -- and after it
    section_label varchar,                -- the bullet's local section label
    bullet varchar,                       -- the whole bullet
    value_start integer                   -- where the number starts in the quote (0-based)
);

-- homes created before the build mapped measures: the same columns, added in place
-- (their old `measure` column stays unread)
alter table raw.figures add column if not exists area_text varchar;
alter table raw.figures add column if not exists words_before varchar;
alter table raw.figures add column if not exists words_after varchar;
alter table raw.figures add column if not exists section_label varchar;
alter table raw.figures add column if not exists bullet varchar;
alter table raw.figures add column if not exists value_start integer;
alter table raw.documents add column if not exists text_sha256 varchar;

create table if not exists raw.returns (
    return_id varchar not null,           -- sha256 of the return file's bytes
    file_name varchar not null,
    row_number integer not null,          -- line in the CSV / row in the sheet (header = 1)
    measure varchar not null,             -- code from seeds/measures.csv
    area varchar not null,                -- conformed area from seeds/areas.csv
    period_start date not null,
    period_end date not null,
    value double not null,
    unit varchar not null,
    quarter_label varchar,                -- the quarter the return reports for, e.g. "2019/20 Q2"
    note varchar,
    loaded_at timestamp not null,
    primary key (return_id, row_number)
);

-- documents and returns taken out of the warehouse (`pcp documents withdraw`): their rows
-- stay in raw and their files in the archive; every build leaves them out
create table if not exists raw.withdrawals (
    document_id varchar primary key,      -- a raw.documents document_id or a raw.returns return_id
    withdrawn_at timestamp not null,
    reason varchar
);
