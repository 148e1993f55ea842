/**
 * Internals of the PostgreSQL implementation: SQL, row mapping and the translation of database failures. Not API:
 * anything here may change in any release, and hosts must not use it.
 */
@NullMarked
package dev.capacity.impl.internal;

import org.jspecify.annotations.NullMarked;
