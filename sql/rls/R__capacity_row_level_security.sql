-- Optional row-level security for the Capacity SDK tables (Flyway location db/capacity/rls).
--
-- Apply it after the versioned migrations, in the same schema. It is a repeatable migration: it is re-run
-- whenever this file changes, so new tables get their policy with the release that adds them.
--
-- Every policy admits the rows of the restaurant named by the transaction-local setting capacity.restaurant_id,
-- which the library sets at the start of every tenant-scoped transaction
-- (SELECT set_config('capacity.restaurant_id', '<uuid>', true)). Without the setting no row is visible.
--
-- Policies bind roles that are subject to RLS: not superusers, not roles with BYPASSRLS and not the tables' owner.
-- Run the library's tenant-scoped work as a role that does not own the tables (the migrations run as the owner).
-- The cross-tenant jobs (hold sweeper, allocation pruner) read across restaurants and therefore need the owner
-- or a role with BYPASSRLS. See docs/security.md.

DO
$$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['zones', 'dining_tables', 'table_adjacency', 'floor_plan_versions', 'holds',
                             'allocations', 'allocations_archive'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS capacity_tenant ON %I', t);
        EXECUTE format(
            'CREATE POLICY capacity_tenant ON %I '
            'USING (restaurant_id = nullif(current_setting(''capacity.restaurant_id'', true), '''')::uuid) '
            'WITH CHECK (restaurant_id = nullif(current_setting(''capacity.restaurant_id'', true), '''')::uuid)',
            t);
    END LOOP;
END
$$;
