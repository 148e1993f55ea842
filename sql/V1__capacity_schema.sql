-- Capacity SDK schema, version 1.
--
-- Plain PostgreSQL (13+), schema-unqualified: run it with the target schema first on the search_path
-- (Flyway does this when configured with schemas=capacity). Every table is keyed by restaurant_id (the tenant);
-- restaurants and bookings belong to the host, so their ids carry no foreign keys. Windows are half-open [start, end).
--
-- Business time is always bound by the library as a parameter; now() appears only in audit defaults
-- (created_at, archived_at, changed_at) that no rule reads.

-- Needed for "restaurant_id WITH =, table_id WITH =" inside the GiST exclusion constraint.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- ---------------------------------------------------------------------------------------------------------------
-- Floor plan
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE zones (
    id            uuid        NOT NULL,
    restaurant_id uuid        NOT NULL,
    name          text        NOT NULL,
    sort_order    integer     NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT zones_pkey PRIMARY KEY (id),
    -- Composite key so that children can reference (restaurant_id, id) and never cross tenants.
    CONSTRAINT zones_restaurant_id_id_key UNIQUE (restaurant_id, id),
    CONSTRAINT zones_name_not_blank CHECK (btrim(name) <> ''),
    CONSTRAINT zones_name_length CHECK (char_length(name) <= 200)
);

-- Zone names are unique per restaurant, case-insensitively.
CREATE UNIQUE INDEX zones_restaurant_lower_name_key ON zones (restaurant_id, lower(name));

CREATE TABLE dining_tables (
    id             uuid        NOT NULL,
    restaurant_id  uuid        NOT NULL,
    zone_id        uuid        NOT NULL,
    label          text        NOT NULL,
    capacity       integer     NOT NULL,
    min_party_size integer     NOT NULL DEFAULT 1,
    max_party_size integer,
    movable        boolean     NOT NULL DEFAULT true,
    active         boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dining_tables_pkey PRIMARY KEY (id),
    CONSTRAINT dining_tables_restaurant_id_id_key UNIQUE (restaurant_id, id),
    CONSTRAINT dining_tables_restaurant_label_key UNIQUE (restaurant_id, label),
    -- The zone must belong to the same restaurant; a zone with tables cannot be deleted.
    CONSTRAINT dining_tables_zone_fkey FOREIGN KEY (restaurant_id, zone_id)
        REFERENCES zones (restaurant_id, id) ON DELETE RESTRICT,
    CONSTRAINT dining_tables_label_not_blank CHECK (btrim(label) <> ''),
    CONSTRAINT dining_tables_label_length CHECK (char_length(label) <= 100),
    CONSTRAINT dining_tables_capacity_positive CHECK (capacity > 0),
    CONSTRAINT dining_tables_min_party_positive CHECK (min_party_size >= 1),
    CONSTRAINT dining_tables_max_party_valid CHECK (max_party_size IS NULL OR max_party_size >= min_party_size)
);

CREATE INDEX dining_tables_zone_idx ON dining_tables (restaurant_id, zone_id);

-- Undirected adjacency ("these two tables can be pushed together"), stored once with table_a < table_b.
CREATE TABLE table_adjacency (
    restaurant_id uuid        NOT NULL,
    table_a       uuid        NOT NULL,
    table_b       uuid        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT table_adjacency_pkey PRIMARY KEY (restaurant_id, table_a, table_b),
    CONSTRAINT table_adjacency_ordered CHECK (table_a < table_b),
    -- Both ends in the same restaurant; the edge goes with either table.
    CONSTRAINT table_adjacency_a_fkey FOREIGN KEY (restaurant_id, table_a)
        REFERENCES dining_tables (restaurant_id, id) ON DELETE CASCADE,
    CONSTRAINT table_adjacency_b_fkey FOREIGN KEY (restaurant_id, table_b)
        REFERENCES dining_tables (restaurant_id, id) ON DELETE CASCADE
);

-- Finds edges by their second end (the primary key serves the first) and serves the cascade from table_b.
CREATE INDEX table_adjacency_b_idx ON table_adjacency (restaurant_id, table_b);

-- One row per restaurant whose floor plan was ever edited; bumped by the triggers below.
CREATE TABLE floor_plan_versions (
    restaurant_id uuid        NOT NULL,
    version       bigint      NOT NULL,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT floor_plan_versions_pkey PRIMARY KEY (restaurant_id),
    CONSTRAINT floor_plan_versions_positive CHECK (version > 0)
);

-- Bumps the restaurant's floor-plan version in the editing transaction and notifies listeners on channel
-- 'capacity_floor_plan' with the restaurant id as payload (delivered on commit, deduplicated per transaction).
-- The table is qualified with the trigger's own schema so that the trigger works whatever the caller's
-- search_path is.
CREATE FUNCTION capacity_bump_floor_plan_version() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    affected uuid[];
    r        uuid;
BEGIN
    IF TG_OP = 'INSERT' THEN
        affected := ARRAY[NEW.restaurant_id];
    ELSIF TG_OP = 'DELETE' THEN
        affected := ARRAY[OLD.restaurant_id];
    ELSIF NEW.restaurant_id IS DISTINCT FROM OLD.restaurant_id THEN
        affected := ARRAY[OLD.restaurant_id, NEW.restaurant_id];
    ELSE
        affected := ARRAY[NEW.restaurant_id];
    END IF;
    FOREACH r IN ARRAY affected LOOP
        EXECUTE format(
            'INSERT INTO %I.floor_plan_versions AS v (restaurant_id, version, changed_at) VALUES ($1, 1, now()) '
            'ON CONFLICT (restaurant_id) DO UPDATE SET version = v.version + 1, changed_at = now()',
            TG_TABLE_SCHEMA) USING r;
        PERFORM pg_notify('capacity_floor_plan', r::text);
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER zones_floor_plan_version
    AFTER INSERT OR UPDATE OR DELETE ON zones
    FOR EACH ROW EXECUTE FUNCTION capacity_bump_floor_plan_version();

CREATE TRIGGER dining_tables_floor_plan_version
    AFTER INSERT OR UPDATE OR DELETE ON dining_tables
    FOR EACH ROW EXECUTE FUNCTION capacity_bump_floor_plan_version();

CREATE TRIGGER table_adjacency_floor_plan_version
    AFTER INSERT OR UPDATE OR DELETE ON table_adjacency
    FOR EACH ROW EXECUTE FUNCTION capacity_bump_floor_plan_version();

-- ---------------------------------------------------------------------------------------------------------------
-- Holds and the allocation ledger
-- ---------------------------------------------------------------------------------------------------------------

-- A hold claims tables for a window until expires_at (the abandonment deadline, independent of the window).
-- It is active iff expires_at > now and confirmed_at IS NULL. Confirmed holds keep their row (without
-- allocations of their own) so that confirming again is idempotent; expired ones are deleted by the sweeper.
CREATE TABLE holds (
    id                   uuid        NOT NULL,
    restaurant_id        uuid        NOT NULL,
    booking_id           uuid,
    starts_at            timestamptz NOT NULL,
    ends_at              timestamptz NOT NULL,
    expires_at           timestamptz NOT NULL,
    table_ids            uuid[]      NOT NULL,
    party_size           integer,
    created_by           text,
    floor_plan_version   bigint      NOT NULL DEFAULT 0,
    metadata             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at           timestamptz NOT NULL,
    confirmed_at         timestamptz,
    confirmed_booking_id uuid,
    slack_override_reason text,
    slack_override_actor  text,
    adjacency_mode       text        NOT NULL DEFAULT 'connected',
    CONSTRAINT holds_pkey PRIMARY KEY (id),
    CONSTRAINT holds_restaurant_id_id_key UNIQUE (restaurant_id, id),
    CONSTRAINT holds_window_valid CHECK (starts_at < ends_at),
    CONSTRAINT holds_expiry_after_creation CHECK (expires_at > created_at),
    CONSTRAINT holds_tables_present CHECK (cardinality(table_ids) > 0),
    CONSTRAINT holds_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT holds_confirmation_complete CHECK ((confirmed_at IS NULL) = (confirmed_booking_id IS NULL)),
    CONSTRAINT holds_party_size_positive CHECK (party_size IS NULL OR party_size > 0),
    CONSTRAINT holds_override_complete CHECK ((slack_override_reason IS NULL) = (slack_override_actor IS NULL)),
    CONSTRAINT holds_adjacency_mode_valid CHECK (adjacency_mode IN ('connected', 'pairwise', 'off'))
);

-- The sweeper's claim order: unconfirmed holds by (expires_at, id). Partial, so confirmed holds cost nothing.
CREATE INDEX holds_sweep_idx ON holds (expires_at, id) WHERE confirmed_at IS NULL;
-- Active holds of a restaurant, and the booking's own hold.
CREATE INDEX holds_restaurant_expiry_idx ON holds (restaurant_id, expires_at) WHERE confirmed_at IS NULL;
CREATE INDEX holds_booking_idx ON holds (restaurant_id, booking_id) WHERE booking_id IS NOT NULL;
-- Confirmed hold rows are kept for idempotent confirmation until the pruner drops them with the window's history.
CREATE INDEX holds_confirmed_end_idx ON holds (ends_at, id) WHERE confirmed_at IS NOT NULL;

-- The ledger: one row per occupied table and window.
CREATE TABLE allocations (
    id                    uuid        NOT NULL,
    restaurant_id         uuid        NOT NULL,
    table_id              uuid        NOT NULL,
    kind                  text        NOT NULL,
    booking_id            uuid,
    hold_id               uuid,
    during                tstzrange   NOT NULL,
    created_at            timestamptz NOT NULL,
    created_by            text,
    note                  text,
    slack_override_reason text,
    slack_override_actor  text,
    CONSTRAINT allocations_pkey PRIMARY KEY (id),
    CONSTRAINT allocations_restaurant_id_id_key UNIQUE (restaurant_id, id),
    CONSTRAINT allocations_kind_valid CHECK (kind IN ('hold', 'booking', 'maintenance')),
    CONSTRAINT allocations_hold_iff_hold_id CHECK ((kind = 'hold') = (hold_id IS NOT NULL)),
    CONSTRAINT allocations_booking_has_booking_id CHECK (kind <> 'booking' OR booking_id IS NOT NULL),
    CONSTRAINT allocations_maintenance_has_no_booking CHECK (kind <> 'maintenance' OR booking_id IS NULL),
    CONSTRAINT allocations_during_half_open CHECK (
        NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)
        AND NOT lower_inf(during) AND NOT upper_inf(during)),
    CONSTRAINT allocations_override_complete CHECK (
        (slack_override_reason IS NULL) = (slack_override_actor IS NULL)),
    CONSTRAINT allocations_table_fkey FOREIGN KEY (restaurant_id, table_id)
        REFERENCES dining_tables (restaurant_id, id) ON DELETE RESTRICT,
    CONSTRAINT allocations_hold_fkey FOREIGN KEY (restaurant_id, hold_id)
        REFERENCES holds (restaurant_id, id) ON DELETE CASCADE,
    -- The final arbiter: no two allocations of any kind overlap on one table. Application checks only
    -- produce friendly errors before it.
    CONSTRAINT allocations_no_overlap EXCLUDE USING gist (
        restaurant_id WITH =, table_id WITH =, during WITH &&)
);

CREATE INDEX allocations_booking_idx ON allocations (restaurant_id, booking_id) WHERE booking_id IS NOT NULL;
-- Serves the ON DELETE CASCADE from holds (the sweeper deletes thousands of holds per batch).
CREATE INDEX allocations_hold_idx ON allocations (hold_id) WHERE hold_id IS NOT NULL;
-- The pruner walks candidates by end of window; the cost of a batch must not grow with the table.
CREATE INDEX allocations_upper_during_idx ON allocations (upper(during), id);

-- History of pruned allocations: the same columns plus archived_at; no exclusion and no foreign keys.
CREATE TABLE allocations_archive (
    id                    uuid        NOT NULL,
    restaurant_id         uuid        NOT NULL,
    table_id              uuid        NOT NULL,
    kind                  text        NOT NULL,
    booking_id            uuid,
    hold_id               uuid,
    during                tstzrange   NOT NULL,
    created_at            timestamptz NOT NULL,
    created_by            text,
    note                  text,
    slack_override_reason text,
    slack_override_actor  text,
    archived_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT allocations_archive_pkey PRIMARY KEY (id),
    CONSTRAINT allocations_archive_kind_valid CHECK (kind IN ('hold', 'booking', 'maintenance'))
);

CREATE INDEX allocations_archive_restaurant_idx ON allocations_archive (restaurant_id, upper(during));
CREATE INDEX allocations_archive_booking_idx ON allocations_archive (restaurant_id, booking_id)
    WHERE booking_id IS NOT NULL;
CREATE INDEX allocations_archive_archived_at_idx ON allocations_archive (archived_at);
