"""DDL of every warehouse table and view, with a schema version and migrations.

The warehouse is the contract between mining and analyses; docs/schema.md documents every
column. Logical keys are noted in comments but not declared as constraints: DuckDB builds
an index for each declared key, which slows bulk loads, and the miner guarantees them.
"""

from __future__ import annotations

SCHEMA_VERSION = 19

FUNCTIONS_TABLE = """
    CREATE TABLE IF NOT EXISTS functions (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, blob, language, start_line, name)
        blob VARCHAR NOT NULL,
        language VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        start_line INTEGER NOT NULL,
        end_line INTEGER NOT NULL,
        length INTEGER NOT NULL,
        cyclomatic INTEGER NOT NULL,
        nesting INTEGER NOT NULL,
        parameters INTEGER NOT NULL,
        complex_conditionals INTEGER,  -- the code-health biomarkers (schema 15)
        bumps INTEGER,
        variables INTEGER,
        shape VARCHAR                  -- hash of the syntax tree's shape: equal = duplicated
    )"""

# The cohesion of the classes of HEAD's blobs (schema 15), a cache keyed by blob like
# ``functions`` and pruned with it.
CLASSES_TABLE = """
    CREATE TABLE IF NOT EXISTS classes (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, blob, language, start_line, name)
        blob VARCHAR NOT NULL,
        language VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        start_line INTEGER NOT NULL,
        methods INTEGER NOT NULL,      -- methods other than constructors
        lcom4 INTEGER NOT NULL         -- connected groups of methods (shared fields, calls)
    )"""

# Every tag of a repository that names a commit (mining.tags; schema 16), read again on
# every scan.
TAGS_TABLE = """
    CREATE TABLE IF NOT EXISTS tags (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, name)
        name VARCHAR NOT NULL,         -- without refs/tags/; untrusted text
        sha VARCHAR NOT NULL,          -- the tagged commit
        tagged_at TIMESTAMPTZ NOT NULL, -- the tagger date, else the commit's committer date
        annotated BOOLEAN NOT NULL
    )"""

# The age of the lines of HEAD's main line (mining.line_ages; schema 18): what each
# main-line commit did to lines by the position that landed them, and the ages at the last
# main-line commit walked, so a scan walks only the commits after it.
LINE_AGE_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS line_work (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, sha, path, born)
        sha VARCHAR NOT NULL,          -- a main-line commit
        path VARCHAR NOT NULL,         -- the file after the commit (deleted: before it)
        born INTEGER,                  -- the main-line position that landed the lines it
                                       -- deleted or replaced (0: unknown); NULL: new lines
        lines INTEGER NOT NULL
    )""",
    """
    CREATE TABLE IF NOT EXISTS line_ages (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, path, start_line)
        path VARCHAR NOT NULL,
        start_line INTEGER NOT NULL,   -- 1-based; a run of lines landed together
        lines INTEGER NOT NULL,
        born INTEGER NOT NULL          -- the main-line position that landed them (0: unknown)
    )""",
    """
    CREATE TABLE IF NOT EXISTS line_age_heads (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id)
        sha VARCHAR NOT NULL,          -- the main-line commit line_ages describes
        position INTEGER NOT NULL      -- its position on the main line
    )""",
)

# How each main-line commit landed and who reviewed it (mining.landing, core.landing;
# schema 17), kept across scans: a commit is classified once, again when the rules change.
LANDING_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS landing_kinds (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, sha)
        sha VARCHAR NOT NULL,          -- a commit of HEAD's main line, or of a merged branch's
        via VARCHAR,                   -- NULL: on the main line; else the merge that brought
                                       -- the branch whose first-parent chain it is on
        brings VARCHAR[],              -- a merge with via: the commits its merge brought
        kind VARCHAR NOT NULL,         -- pull-request | trailers | merge | direct
        forge VARCHAR,                 -- the table of patterns that matched
        number INTEGER,                -- the pull request's number, when written
        source VARCHAR,                -- the branch or project it came from; untrusted text
        evidence VARCHAR NOT NULL,     -- the matched text; untrusted text
        web_committed BOOLEAN NOT NULL, -- committed by a forge's own identity (its web merge)
        rules VARCHAR NOT NULL         -- the key of the rules that classified it
    )""",
    """
    CREATE TABLE IF NOT EXISTS landing_reviewers (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, sha, name, email)
        sha VARCHAR NOT NULL,
        person_id BIGINT NOT NULL,     -- resolved through identities as authors are
        trailer VARCHAR NOT NULL,      -- Reviewed-by | Acked-by | ...
        name VARCHAR NOT NULL,         -- as written; untrusted text
        email VARCHAR NOT NULL
    )""",
)

INVENTORY_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS manifests (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, path)
        path VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,         -- manifest | lockfile
        ecosystems VARCHAR[] NOT NULL,
        dependencies INTEGER NOT NULL
    )""",
    """
    CREATE TABLE IF NOT EXISTS dependencies (
        repo_id INTEGER NOT NULL,
        manifest VARCHAR NOT NULL,
        lockfile VARCHAR,
        ecosystem VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        spec VARCHAR,
        version VARCHAR,
        direct BOOLEAN NOT NULL,
        dev BOOLEAN NOT NULL,
        line INTEGER,
        introduced_sha VARCHAR,
        introduced_at TIMESTAMPTZ
    )""",
    """
    CREATE TABLE IF NOT EXISTS published_packages (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, manifest)
        manifest VARCHAR NOT NULL,     -- the manifest at HEAD that names the package
        ecosystem VARCHAR NOT NULL,
        name VARCHAR NOT NULL          -- normalised as dependencies' names are (schema 12)
    )""",
    """
    CREATE TABLE IF NOT EXISTS technologies (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, name)
        name VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        source VARCHAR NOT NULL,       -- dependency | file | files (languages)
        evidence VARCHAR,
        evidence_count INTEGER NOT NULL,
        share DOUBLE
    )""",
)

DECISIONS_TABLE = """
    CREATE TABLE IF NOT EXISTS decisions (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, path)
        path VARCHAR NOT NULL,
        number INTEGER,
        title VARCHAR NOT NULL,
        status VARCHAR,
        date DATE,
        format VARCHAR NOT NULL,       -- adr-tools | madr
        decision_makers VARCHAR[] NOT NULL,
        consulted VARCHAR[] NOT NULL,
        informed VARCHAR[] NOT NULL,
        links VARCHAR[] NOT NULL,      -- "relation: target file"
        paths VARCHAR[] NOT NULL,      -- files and folders at HEAD it names
        technologies VARCHAR[] NOT NULL,
        text VARCHAR                   -- the record as written
    )"""

STANDARDS_TABLE = """
    CREATE TABLE IF NOT EXISTS standards_snapshots (
        snapshot INTEGER NOT NULL,     -- one per scan that changed something
        taken_at TIMESTAMPTZ NOT NULL,
        repo VARCHAR NOT NULL,         -- logical key (snapshot, repo, check_id)
        check_id VARCHAR NOT NULL,
        passed BOOLEAN,                -- NULL: the check does not apply
        evidence VARCHAR NOT NULL
    )"""

RISK_TABLE = """
    CREATE TABLE IF NOT EXISTS risk_snapshots (
        snapshot INTEGER NOT NULL,     -- one per scan that changed something
        taken_at TIMESTAMPTZ NOT NULL,
        id VARCHAR NOT NULL,           -- logical key (snapshot, id)
        score INTEGER NOT NULL,
        title VARCHAR NOT NULL,
        risk VARCHAR NOT NULL          -- every field of the risk, as JSON
    )"""

# What the scan keeps of the HEAD snapshot for the checks and the trends, so that no
# reader needs the repository itself (schema 7).
CAPTURE_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS file_texts (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, path)
        path VARCHAR NOT NULL,
        blob VARCHAR NOT NULL,
        text VARCHAR NOT NULL,         -- at most 256 KiB, cut at a line end
        truncated BOOLEAN NOT NULL
    )""",
    """
    CREATE TABLE IF NOT EXISTS secret_findings (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, path, line, kind)
        path VARCHAR NOT NULL,
        blob VARCHAR NOT NULL,
        line INTEGER NOT NULL,
        kind VARCHAR NOT NULL
    )""",
    """
    CREATE TABLE IF NOT EXISTS trend_samples (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, path, revision)
        path VARCHAR NOT NULL,         -- the file's path at HEAD
        revision INTEGER NOT NULL,     -- 1 = the file's first revision
        revisions INTEGER NOT NULL,    -- the file's revisions in all
        sha VARCHAR NOT NULL,
        commit_time TIMESTAMPTZ NOT NULL,
        author_time TIMESTAMPTZ NOT NULL,
        old_path VARCHAR NOT NULL,     -- the file's path in that revision
        blob VARCHAR NOT NULL,
        status VARCHAR NOT NULL,       -- measured | large | binary | missing
        loc INTEGER,
        functions INTEGER,
        cyclomatic INTEGER,
        max_cyclomatic INTEGER,
        mean_cyclomatic DOUBLE,
        indentation DOUBLE
    )""",
)

COMPONENT_RULES_TABLE = """
    CREATE TABLE IF NOT EXISTS component_rules (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, position)
        position INTEGER NOT NULL,     -- the first rule (lowest position) that matches wins
        name VARCHAR NOT NULL,         -- a component of [components] in techlead.toml
        regex VARCHAR NOT NULL         -- its globs as one regular expression (core.globs)
    )"""

METRIC_HISTORY_TABLE = """
    CREATE TABLE IF NOT EXISTS metric_history (
        taken_at TIMESTAMPTZ NOT NULL, -- the moment of the scan that recorded it
        metric VARCHAR NOT NULL,       -- a name of direction.catalogue.CATALOGUE
        scope VARCHAR NOT NULL,        -- "workspace" or a repository's name
        value DOUBLE                   -- NULL: nothing to measure
    )"""

# Back-computed metric values (direction.history_cache; schema 11): a cache, never the only
# copy of anything, so it may be emptied at any time.
METRIC_CACHE_TABLE = """
    CREATE TABLE IF NOT EXISTS metric_cache (
        metric VARCHAR NOT NULL,       -- logical key (metric, scope, snapshot, fingerprint)
        scope VARCHAR NOT NULL,        -- as metric_history names it
        snapshot VARCHAR NOT NULL,     -- the scope's snapshot commits (and the moment, if dated)
        fingerprint VARCHAR NOT NULL,  -- everything else the value depends on, hashed
        repo_ids INTEGER[] NOT NULL,   -- the scope's repositories: a scan of one clears the row
        value DOUBLE                   -- NULL: nothing to measure
    )"""

# The facts and functions of past blobs (those HEAD does not hold) read for analyses as of
# a date (analyses.as_of; schema 14): a cache keyed by content, so a blob is read and
# measured once per warehouse, not once per command; it may be emptied at any time (a
# migration that changes how files are measured must empty it).
PAST_BLOB_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS past_files (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, blob, path, measured or not)
        path VARCHAR NOT NULL,         -- a path the blob had (its language decides the facts)
        blob VARCHAR NOT NULL,
        mode VARCHAR,
        size BIGINT,
        language VARCHAR,
        component VARCHAR,
        is_binary BOOLEAN,
        lines INTEGER,
        code INTEGER,
        comment INTEGER,
        blank INTEGER,
        generated_marker BOOLEAN,
        functions INTEGER,
        cyclomatic_total INTEGER,
        cyclomatic_max INTEGER,
        indentation_total DOUBLE,      -- NULL: counted (lines) but not measured
        indentation_max INTEGER,
        indentation_mean DOUBLE,
        documentable INTEGER,
        documented INTEGER,
        secrets_scanned BOOLEAN,
        global_nesting INTEGER,        -- schema 15, as in files
        classes INTEGER,
        lcom4_max INTEGER
    )""",
    # the functions of the measured past_files: the columns of ``functions``, in its order
    # (readers put rows of both in one table: analyses.as_of, analyses.health)
    FUNCTIONS_TABLE.replace("IF NOT EXISTS functions (", "IF NOT EXISTS past_functions (", 1),
)

# HEAD's main line and its trees, for analyses "as of a date" (mining.mainline; schema 9).
MAINLINE_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS landings (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, sha)
        sha VARCHAR NOT NULL,
        position INTEGER,              -- on HEAD's first-parent chain: 1 = the oldest
        landed INTEGER NOT NULL        -- the first main-line position that contains it
    )""",
    """
    CREATE TABLE IF NOT EXISTS tree_spans (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, path, since_pos)
        path VARCHAR NOT NULL,
        blob VARCHAR NOT NULL,
        mode VARCHAR NOT NULL,
        since_pos INTEGER NOT NULL,    -- the main-line position that added or changed it
        until_pos INTEGER,             -- the position that changed or deleted it; NULL: HEAD
        language VARCHAR               -- by its name (mining.languages)
    )""",
)

# Every version of a manifest or lockfile that was on HEAD's main line, parsed once per
# blob (mining.manifest_history; schema 11): a cache by content, kept across re-mines.
MANIFEST_HISTORY_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS manifest_blobs (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, path, blob)
        path VARCHAR NOT NULL,         -- the parser depends on the path
        blob VARCHAR NOT NULL,
        kind VARCHAR,                  -- manifest | lockfile; NULL when not read
        status VARCHAR NOT NULL,       -- parsed | unreadable | missing
        dependencies INTEGER NOT NULL
    )""",
    """
    CREATE TABLE IF NOT EXISTS manifest_blob_dependencies (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, path, blob, ecosystem, name)
        path VARCHAR NOT NULL,
        blob VARCHAR NOT NULL,
        ecosystem VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        version VARCHAR,
        direct BOOLEAN NOT NULL,
        dev BOOLEAN NOT NULL
    )""",
)

POLICY_TABLE = """
    CREATE TABLE IF NOT EXISTS policy (
        name VARCHAR NOT NULL,         -- logical key: a field of core.policy.Policy
        value VARCHAR NOT NULL,        -- JSON
        source VARCHAR NOT NULL        -- "default", or FILE:LINE of the [policy] setting
    )"""

TABLES: tuple[str, ...] = (
    POLICY_TABLE,
    METRIC_HISTORY_TABLE,
    METRIC_CACHE_TABLE,
    *PAST_BLOB_TABLES,
    """
    CREATE TABLE IF NOT EXISTS techlead_meta (
        key VARCHAR NOT NULL,          -- logical key
        value VARCHAR NOT NULL
    )""",
    """
    CREATE TABLE IF NOT EXISTS repos (
        repo_id INTEGER NOT NULL,      -- logical key
        name VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        team VARCHAR,
        is_bare BOOLEAN NOT NULL,
        is_shallow BOOLEAN NOT NULL,
        is_partial BOOLEAN NOT NULL,
        object_format VARCHAR NOT NULL,
        head_ref VARCHAR,
        head_sha VARCHAR,
        tips VARCHAR[] NOT NULL,
        all_refs BOOLEAN NOT NULL,
        since VARCHAR,
        copies BOOLEAN NOT NULL,
        config_key VARCHAR NOT NULL,
        commits INTEGER NOT NULL,
        first_commit_at TIMESTAMPTZ,
        last_commit_at TIMESTAMPTZ,
        last_scan_id INTEGER NOT NULL,
        fetched_at TIMESTAMPTZ,        -- the clone's last fetch (FETCH_HEAD), or its cloning
        missing_objects INTEGER        -- objects a partial clone lacked when history was mined
    )""",
    """
    CREATE TABLE IF NOT EXISTS scans (
        scan_id INTEGER NOT NULL,      -- logical key (repo_id, scan_id)
        repo_id INTEGER NOT NULL,
        started_at TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ NOT NULL,
        techlead_version VARCHAR NOT NULL,
        mode VARCHAR NOT NULL,
        commits_added INTEGER NOT NULL,
        changes_added INTEGER NOT NULL,
        unknown_line_counts INTEGER NOT NULL,
        old_head VARCHAR,
        new_head VARCHAR,
        jobs INTEGER NOT NULL,
        warnings VARCHAR[] NOT NULL
    )""",
    """
    CREATE TABLE IF NOT EXISTS commits (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, sha)
        sha VARCHAR NOT NULL,
        parents VARCHAR[] NOT NULL,
        author_id BIGINT NOT NULL,
        committer_id BIGINT NOT NULL,
        author_time TIMESTAMPTZ NOT NULL,
        author_offset SMALLINT NOT NULL,
        commit_time TIMESTAMPTZ NOT NULL,
        commit_offset SMALLINT NOT NULL,
        subject VARCHAR NOT NULL,
        body VARCHAR NOT NULL,
        is_merge BOOLEAN NOT NULL,
        is_grafted BOOLEAN NOT NULL,
        files_changed INTEGER NOT NULL,
        lines_added INTEGER,
        lines_deleted INTEGER
    )""",
    """
    CREATE TABLE IF NOT EXISTS file_changes (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, sha, path)
        sha VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        old_path VARCHAR,
        change_type VARCHAR NOT NULL,
        similarity TINYINT,
        added INTEGER,
        deleted INTEGER,
        is_binary BOOLEAN NOT NULL,
        old_mode VARCHAR NOT NULL,
        new_mode VARCHAR NOT NULL,
        old_blob VARCHAR,
        new_blob VARCHAR,
        is_generated BOOLEAN NOT NULL,
        is_vendored BOOLEAN NOT NULL,
        is_excluded BOOLEAN NOT NULL,
        old_blob_lines INTEGER,        -- renames and copies only: what git reports
        new_blob_lines INTEGER,        -- as deleted/added without rename detection
        role VARCHAR                   -- the path's file role (core.roles; schema 9)
    )""",
    """
    CREATE TABLE IF NOT EXISTS commit_authors (
        repo_id INTEGER NOT NULL,
        sha VARCHAR NOT NULL,
        person_id BIGINT NOT NULL,
        role VARCHAR NOT NULL,         -- author | co-author | committer
        name VARCHAR NOT NULL,
        email VARCHAR NOT NULL,
        raw_name VARCHAR NOT NULL,
        raw_email VARCHAR NOT NULL
    )""",
    """
    CREATE TABLE IF NOT EXISTS people (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, person_id)
        person_id BIGINT NOT NULL,
        name VARCHAR NOT NULL,
        email VARCHAR NOT NULL,
        is_bot BOOLEAN NOT NULL,
        team VARCHAR,
        commits INTEGER NOT NULL,
        co_authored INTEGER NOT NULL,
        first_commit_at TIMESTAMPTZ,
        last_commit_at TIMESTAMPTZ
    )""",
    """
    CREATE TABLE IF NOT EXISTS identities (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, person_id, name, email)
        person_id BIGINT NOT NULL,
        name VARCHAR NOT NULL,
        email VARCHAR NOT NULL,
        roles VARCHAR[] NOT NULL,
        commits INTEGER NOT NULL,
        first_seen TIMESTAMPTZ NOT NULL,
        last_seen TIMESTAMPTZ NOT NULL
    )""",
    """
    CREATE TABLE IF NOT EXISTS files (
        repo_id INTEGER NOT NULL,      -- logical key (repo_id, path)
        path VARCHAR NOT NULL,
        blob VARCHAR NOT NULL,
        mode VARCHAR NOT NULL,
        size BIGINT,
        language VARCHAR,
        component VARCHAR NOT NULL,
        is_binary BOOLEAN,
        lines INTEGER,
        code INTEGER,
        comment INTEGER,
        blank INTEGER,
        generated_marker BOOLEAN NOT NULL,
        is_generated BOOLEAN NOT NULL,
        is_vendored BOOLEAN NOT NULL,
        is_excluded BOOLEAN NOT NULL,
        functions INTEGER,
        cyclomatic_total INTEGER,
        cyclomatic_max INTEGER,
        indentation_total DOUBLE,
        indentation_max INTEGER,
        indentation_mean DOUBLE,
        secrets_scanned BOOLEAN,       -- searched for secrets (schema 7)
        role VARCHAR,                  -- the path's file role (core.roles; schema 9)
        documentable INTEGER,          -- Python: the module and public definitions (schema 12)
        documented INTEGER,            -- Python: those of them with a docstring
        global_nesting INTEGER,        -- deepest control structure outside functions (schema 15)
        classes INTEGER,               -- classes with methods (NULL: no grammar)
        lcom4_max INTEGER              -- the least cohesive class's LCOM4 (NULL: no class)
    )""",
    FUNCTIONS_TABLE,
    CLASSES_TABLE,
    *INVENTORY_TABLES,
    RISK_TABLE,
    DECISIONS_TABLE,
    STANDARDS_TABLE,
    *CAPTURE_TABLES,
    COMPONENT_RULES_TABLE,
    *MAINLINE_TABLES,
    *MANIFEST_HISTORY_TABLES,
    TAGS_TABLE,
    *LINE_AGE_TABLES,
    *LANDING_TABLES,
)

VIEWS: tuple[str, ...] = (
    """
    CREATE OR REPLACE VIEW changes AS
    SELECT fc.*, c.author_id, c.author_time, c.commit_time, c.is_merge
    FROM file_changes fc JOIN commits c USING (repo_id, sha)""",
    """
    CREATE OR REPLACE VIEW persons AS
    SELECT person_id,
           arg_max(name, last_commit_at) AS name,
           arg_max(email, last_commit_at) AS email,
           bool_or(is_bot) AS is_bot,
           arg_max(team, last_commit_at) AS team,
           sum(commits)::INTEGER AS commits,
           count(*)::INTEGER AS repos,
           min(first_commit_at) AS first_commit_at,
           max(last_commit_at) AS last_commit_at
    FROM people GROUP BY person_id""",
)

# Migrations from version N to N+1, applied in order by connection.open_warehouse.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "ALTER TABLE file_changes ADD COLUMN old_blob_lines INTEGER",
        "ALTER TABLE file_changes ADD COLUMN new_blob_lines INTEGER",
        "ALTER TABLE files ADD COLUMN functions INTEGER",
        "ALTER TABLE files ADD COLUMN cyclomatic_total INTEGER",
        "ALTER TABLE files ADD COLUMN cyclomatic_max INTEGER",
        "ALTER TABLE files ADD COLUMN indentation_total DOUBLE",
        "ALTER TABLE files ADD COLUMN indentation_max INTEGER",
        "ALTER TABLE files ADD COLUMN indentation_mean DOUBLE",
        FUNCTIONS_TABLE,
        # the snapshot key changes with complexity, so every repository is measured again
        "UPDATE repos SET config_key = 'schema-1'",
    ),
    2: (
        *INVENTORY_TABLES,
        RISK_TABLE,
        # the inventory is part of the HEAD snapshot: read it on the next scan
        "UPDATE repos SET config_key = 'schema-2'",
    ),
    3: (
        DECISIONS_TABLE,
        "UPDATE repos SET config_key = 'schema-3'",  # mine the ADR logs on the next scan
    ),
    4: (STANDARDS_TABLE,),
    5: (
        "ALTER TABLE decisions ADD COLUMN IF NOT EXISTS text VARCHAR",  # 3 made it already
        "UPDATE repos SET config_key = 'schema-5'",  # read the records' text on the next scan
    ),
    6: (
        POLICY_TABLE,
        *CAPTURE_TABLES,
        "ALTER TABLE files ADD COLUMN IF NOT EXISTS secrets_scanned BOOLEAN",
        # capture documents' texts, secrets and complexity trends on the next scan
        "UPDATE repos SET config_key = 'schema-7'",
    ),
    7: (
        "ALTER TABLE repos ADD COLUMN IF NOT EXISTS fetched_at TIMESTAMPTZ",
        "ALTER TABLE repos ADD COLUMN IF NOT EXISTS missing_objects INTEGER",
    ),
    8: (
        "ALTER TABLE files ADD COLUMN IF NOT EXISTS role VARCHAR",
        "ALTER TABLE file_changes ADD COLUMN IF NOT EXISTS role VARCHAR",
        COMPONENT_RULES_TABLE,
        *MAINLINE_TABLES,
        "UPDATE repos SET config_key = 'schema-9'",  # classify every path on the next scan
    ),
    9: (METRIC_HISTORY_TABLE,),
    # the manifests' history: every scan reads the versions not read yet (mining.scan)
    10: MANIFEST_HISTORY_TABLES,
    11: (
        INVENTORY_TABLES[2],  # published_packages
        "ALTER TABLE files ADD COLUMN IF NOT EXISTS documentable INTEGER",
        "ALTER TABLE files ADD COLUMN IF NOT EXISTS documented INTEGER",
        # Python files measured before lack docstrings: measure them again (the cache
        # takes a file with indentation as measured)
        "UPDATE files SET indentation_total = NULL WHERE language = 'Python'",
        # read the packages and measure docstrings on the next scan
        "UPDATE repos SET config_key = 'schema-12'",
    ),
    12: (METRIC_CACHE_TABLE,),
    13: PAST_BLOB_TABLES,
    14: (
        # tree-sitter replaces lizard (issue 17): measure every file again, with the
        # code-health biomarkers; what was measured the old way goes
        *(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}"
            for table in ("functions", "past_functions")
            for column, kind in (
                ("complex_conditionals", "INTEGER"),
                ("bumps", "INTEGER"),
                ("variables", "INTEGER"),
                ("shape", "VARCHAR"),
            )
        ),
        *(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} INTEGER"
            for table in ("files", "past_files")
            for column in ("global_nesting", "classes", "lcom4_max")
        ),
        CLASSES_TABLE,
        "DELETE FROM functions",
        "DELETE FROM past_functions",
        "DELETE FROM past_files",
        "DELETE FROM trend_samples",
        "DELETE FROM metric_cache",
        # the cache takes a file with indentation as measured
        "UPDATE files SET indentation_total = NULL",
        "UPDATE repos SET config_key = 'schema-15'",
    ),
    15: (
        TAGS_TABLE,
        "UPDATE repos SET config_key = 'schema-16'",  # read the tags on the next scan
    ),
    # how changes land (issue 19): the next scan classifies every main-line commit
    16: LANDING_TABLES,
    # the line ages: the next scan of each repository walks its main line (mining.scan)
    17: LINE_AGE_TABLES,
    # a re-scan adds only the main line's new commits to what the last scan stored
    # (mining.mainline.MainlineTail): no row an earlier techlead computed is kept; the
    # next scan of each repository reads its main line whole, even if nothing moved
    18: ("DELETE FROM landings", "DELETE FROM tree_spans"),
}

# Tables that hold rows of one repository, cleared when that repository is re-mined.
# (``functions`` is not one: it is a cache keyed by blob, pruned with each HEAD snapshot;
# nor are ``manifest_blobs`` and ``manifest_blob_dependencies``, pruned with the main line.)
REPO_TABLES: tuple[str, ...] = (
    "commits",
    "file_changes",
    "commit_authors",
    "people",
    "identities",
    "files",
    "manifests",
    "dependencies",
    "technologies",
    "published_packages",
    "decisions",
    "file_texts",
    "secret_findings",
    "trend_samples",
    "component_rules",
    "landings",
    "tree_spans",
    "tags",
    "line_work",
    "line_ages",
    "line_age_heads",
    "landing_kinds",
    "landing_reviewers",
)
