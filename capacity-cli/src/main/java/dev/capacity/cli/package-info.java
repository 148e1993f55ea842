/**
 * The {@code capacity-cli} command line: runs the hold sweeper, the allocation pruner or a status report once
 * against a database and exits with a code that cron jobs and runbooks can act on. Entry point:
 * {@link dev.capacity.cli.CapacityCli}.
 */
@NullMarked
package dev.capacity.cli;

import org.jspecify.annotations.NullMarked;
