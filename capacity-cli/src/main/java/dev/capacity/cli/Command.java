package dev.capacity.cli;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Set;

/** One command of the command line. Settings are read and checked before the database is touched. */
interface Command {

    /** @return the options this command takes with a value, besides {@link Target#OPTIONS} */
    Set<String> options();

    /** @return the options this command takes without a value */
    default Set<String> flags() {
        return Set.of();
    }

    /**
     * Runs the command once.
     *
     * @param args the parsed options
     * @param target the database
     * @param out where the report goes
     * @param clock business time, as the library sees it
     * @return how the run ended
     * @throws UsageError for a bad option value, before anything ran
     * @throws SQLException when a query of the command's own fails
     */
    ExitCode run(Arguments args, Target target, PrintStream out, InstantSource clock) throws SQLException;
}
