/**
 * A PostgreSQL fixture for tests: a fresh schema per test class with every migration applied, on embedded
 * PostgreSQL 17 (no Docker) or on the server named by {@code CAPACITY_TEST_JDBC_URL}.
 */
@NullMarked
package dev.capacity.testkit.postgres;

import org.jspecify.annotations.NullMarked;
