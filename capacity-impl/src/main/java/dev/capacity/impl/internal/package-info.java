/**
 * Internals of the PostgreSQL implementation: SQL, row mapping, transactions and error translation. Not API:
 * anything here may change in any release.
 */
@NullMarked
package dev.capacity.impl.internal;

import org.jspecify.annotations.NullMarked;
