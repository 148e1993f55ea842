package dev.capacity.cli;

/** The process exit codes of the command line, stable for scripts. */
enum ExitCode {
    /** The command did its work (sweep, prune), or every status figure is within its threshold. */
    OK(0, "done (sweep, prune), or every figure within its threshold (status)"),
    /** {@code status} only: a figure is above the threshold given on the command line. */
    ATTENTION(1, "status: a figure is above its --max-… threshold"),
    /** Unknown command or option, bad value, or no JDBC URL. */
    USAGE(2, "usage error: unknown command or option, bad value, no JDBC URL"),
    /** The database could not be reached, or a lock or statement timeout fired: run again later. */
    RETRYABLE(3, "retryable failure: database unreachable, lock or statement timeout; run again later"),
    /** Anything else, for example a schema without the library's tables. */
    FAILURE(4, "other failure, for example a schema the migrations were not applied to");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** @return the process exit code */
    int code() {
        return code;
    }

    /** @return what it means, for the help text */
    String meaning() {
        return meaning;
    }
}
