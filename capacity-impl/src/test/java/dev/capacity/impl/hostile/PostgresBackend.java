package dev.capacity.impl.hostile;

import dev.capacity.api.AllocationPruner;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.FloorPlanStore;
import dev.capacity.api.FloorPlans;
import dev.capacity.api.HoldSweeper;
import dev.capacity.api.ManualAssignmentValidator;
import dev.capacity.api.PrunerSettings;
import dev.capacity.api.SweeperSettings;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.time.MutableInstantSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The PostgreSQL implementation on a schema of its own. Each run starts from empty tables; the fingerprint is the
 * row count and an md5 of the ordered rows of every table in the schema, so that any change anywhere shows.
 */
public final class PostgresBackend implements Backend {

    private final DataSource dataSource;
    private final String schema;
    private final MutableInstantSource clock = MutableInstantSource.of(HostileValues.T0);
    private final PostgresCapacity capacity;
    private final String fingerprintSql;

    /**
     * Empties the schema's tables and builds the library on it.
     *
     * @param dataSource connections to the schema (a small pool)
     * @param schema the schema
     */
    public PostgresBackend(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
        List<String> tables = tables(dataSource, schema);
        execute("TRUNCATE " + String.join(", ", tables.stream().filter(t -> !t.startsWith("flyway"))
                .map(t -> "\"" + schema + "\"." + t).toList()) + " CASCADE");
        this.fingerprintSql = String.join(" UNION ALL ", tables.stream().map(t -> "SELECT '" + t + "', count(*), "
                + "md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) FROM \"" + schema + "\"." + t
                + " x").toList());
        this.capacity = PostgresCapacity.builder().dataSource(dataSource).schema(schema).clock(clock)
                .listenForChanges(false).build();
    }

    /** Every base table of the schema, sorted. */
    static List<String> tables(DataSource dataSource, String schema) {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                        + schema + "' AND table_type = 'BASE TABLE' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private void execute(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public AllocationStore store() {
        return capacity.allocationStore();
    }

    @Override
    public FloorPlanStore floorPlanStore() {
        return capacity.floorPlanStore();
    }

    @Override
    public FloorPlans floorPlans() {
        return capacity.floorPlans();
    }

    @Override
    public ManualAssignmentValidator validator() {
        return capacity.validator();
    }

    @Override
    public HoldSweeper sweeper(SweeperSettings settings) {
        return capacity.holdSweeper(settings);
    }

    @Override
    public AllocationPruner pruner(PrunerSettings settings) {
        return capacity.allocationPruner(settings);
    }

    @Override
    public MutableInstantSource clock() {
        return clock;
    }

    @Override
    public String fingerprint(World world) {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(fingerprintSql)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append(' ').append(rs.getLong(2)).append(' ').append(rs.getString(3))
                        .append('\n');
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    @Override
    public void close() {
        capacity.close();
    }

    @Override
    public String toString() {
        return name() + " " + schema;
    }
}
