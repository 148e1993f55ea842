package dev.capacity.api;

import java.util.Objects;

/**
 * An undirected adjacency edge: two tables that can be pushed together. Normalised so that {@code a < b}
 * (UUID order as in PostgreSQL), so equal edges are equal values whatever order they were given in.
 *
 * @param a the lower table id
 * @param b the higher table id
 */
public record Adjacency(TableId a, TableId b) {

    /**
     * Creates an edge, swapping the ends if needed.
     *
     * @param a the lower table id
     * @param b the higher table id
     * @throws NullPointerException if an end is null
     * @throws IllegalArgumentException if both ends are the same table
     */
    public Adjacency {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.equals(b)) {
            throw new IllegalArgumentException("a table cannot be adjacent to itself: " + a);
        }
        if (a.compareTo(b) > 0) {
            TableId t = a;
            a = b;
            b = t;
        }
    }

    /**
     * Creates an edge between two tables, in either order.
     *
     * @param x one table
     * @param y the other table
     * @return the normalised edge
     */
    public static Adjacency of(TableId x, TableId y) {
        return new Adjacency(x, y);
    }

    /**
     * Tells whether the edge touches a table.
     *
     * @param table the table
     * @return {@code true} if it is one of the ends
     */
    public boolean touches(TableId table) {
        return a.equals(table) || b.equals(table);
    }
}
