package dev.capacity.api;

/** How strictly a multi-table selection must be joined in the undirected adjacency graph. */
public enum AdjacencyMode {
    /** The selected tables form one connected part of the graph (a chain or cluster of pushed-together tables). */
    CONNECTED,
    /** Every selected table is adjacent to every other one. */
    PAIRWISE,
    /** Adjacency is not checked. */
    OFF
}
