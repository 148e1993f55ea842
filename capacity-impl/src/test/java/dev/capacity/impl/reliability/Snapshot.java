package dev.capacity.impl.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Every row of the library's tables as text, to prove that a failed call changed nothing. */
final class Snapshot {

    private static final List<String> TABLES = List.of("zones", "dining_tables", "table_adjacency",
            "floor_plan_versions", "holds", "allocations", "allocations_archive");

    private Snapshot() {
    }

    static List<String> of(DataSource ds) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t ORDER BY 1")) {
                    while (rs.next()) {
                        rows.add(table + " " + rs.getString(1));
                    }
                }
            }
        }
        return rows;
    }
}
