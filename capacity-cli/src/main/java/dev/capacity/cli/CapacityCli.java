package dev.capacity.cli;

import dev.capacity.api.error.CapacityError;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line: {@code java -jar capacity-cli.jar sweep|prune|status|help [options]}. Each run does its job
 * once and exits with a code from 0 to 4 (see {@code --help}), which is what cron jobs and the runbooks
 * ({@code docs/ops}) need.
 */
public final class CapacityCli {

    private CapacityCli() {
    }

    /**
     * Runs a command and exits the JVM with its exit code.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        // An application may choose for its own JVM what the library never sets for its hosts.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.exit(run(Arrays.asList(args), System.out, System.err, System.getenv(), InstantSource.system()));
    }

    /**
     * Runs a command.
     *
     * @param args the command and its options
     * @param out where reports go
     * @param err where usage errors and failures go
     * @param env the environment variables
     * @param clock business time
     * @return the exit code
     */
    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env,
            InstantSource clock) {
        if (args.isEmpty()) {
            err.print(Help.text());
            return ExitCode.USAGE.code();
        }
        String name = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (Set.of("help", "--help", "-h").contains(name) || rest.contains("--help") || rest.contains("-h")) {
            out.print(Help.text());
            return ExitCode.OK.code();
        }
        String schema = "capacity";
        try {
            Command command = switch (name) {
                case "sweep" -> new SweepCommand();
                case "prune" -> new PruneCommand();
                case "status" -> new StatusCommand();
                default -> throw new UsageError("unknown command '" + name + "'");
            };
            Set<String> options = new HashSet<>(command.options());
            options.addAll(Target.OPTIONS);
            Arguments parsed = Arguments.parse(rest, options, command.flags());
            Target target = Target.from(parsed, env);
            schema = target.schema();
            return command.run(parsed, target, out, clock).code();
        } catch (UsageError e) {
            err.println("capacity-cli: " + e.getMessage());
            err.println("Run 'java -jar capacity-cli.jar --help' for the commands and options.");
            return ExitCode.USAGE.code();
        } catch (CapacityError e) {
            return Failures.report(e, schema, err).code();
        } catch (SQLException e) {
            return Failures.report(e, schema, err).code();
        } catch (RuntimeException e) {
            return Failures.report(e, schema, err).code();
        }
    }
}
