package dev.capacity.cli;

/** The text of {@code --help}. */
final class Help {

    private Help() {
    }

    static String text() {
        StringBuilder codes = new StringBuilder();
        for (ExitCode code : ExitCode.values()) {
            codes.append("  ").append(code.code()).append("  ").append(code.meaning()).append('\n');
        }
        return """
                Usage: java -jar capacity-cli.jar <command> [options]

                Runs one job of the Capacity SDK once against a database, then exits.

                Commands:
                  sweep    delete expired holds (HoldSweeper.sweep(), one bounded call)
                  prune    archive old allocations: bounded pruner calls until no backlog is left, with progress
                  status   print sweep lag, expired-hold backlog, prunable backlog and archive size
                  help     print this text

                Database (every command):
                  --jdbc-url URL          jdbc:postgresql://host:port/database (or CAPACITY_JDBC_URL)
                  --user NAME             database user (or CAPACITY_JDBC_USER)
                  --password SECRET       password (or CAPACITY_JDBC_PASSWORD, which keeps it out of ps)
                  --schema NAME           schema the migrations were applied to (default capacity)

                sweep:
                  --batch-size N          holds per batch (default 1000)
                  --max-batches N         most batches in this run (default 10000)
                  --time-budget D         no new batch starts after this (default 45s)
                  --grace D               leave holds alone this long after their expiry (default 0s)

                prune:
                  --retention D           archive allocations whose window ended longer ago than this (default 30d)
                  --batch-size N          rows per batch (default 5000)
                  --batches-per-call N    batches per pruner call (default 20)
                  --call-budget D         time budget of one pruner call (default 20s)
                  --max-calls N           stop after this many calls, backlog or not (default: until none is left)
                  --archive-retention D   also purge archive rows archived longer ago than this (default: keep)
                  --dry-run               only count what is due; change nothing

                status:
                  --retention D           as for prune (default 30d)
                  --max-sweep-lag D       exit 1 if the oldest expired hold is older than this
                  --max-expired-holds N   exit 1 if more expired holds are waiting for the sweeper
                  --max-prunable N        exit 1 if more allocations are due for archiving

                Durations: 500ms, 90s, 5m, 2h, 30d, or ISO-8601 (PT90S, P30D).

                Exit codes:
                """ + codes;
    }
}
