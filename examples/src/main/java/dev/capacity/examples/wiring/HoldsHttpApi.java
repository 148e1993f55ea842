package dev.capacity.examples.wiring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.capacity.api.Allocation;
import dev.capacity.api.AllocationStore;
import dev.capacity.api.AssignRequest;
import dev.capacity.api.BookingId;
import dev.capacity.api.Confirmation;
import dev.capacity.api.Hold;
import dev.capacity.api.HoldId;
import dev.capacity.api.PlaceHoldRequest;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.ValidationOptions;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.InternalFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small booking API on the JDK's {@link HttpServer}, to show how a host answers with the library's errors: every
 * {@link CapacityError} becomes an RFC 9457 problem with the error's status ({@link ProblemResponses}); malformed
 * input becomes the library's own {@code INVALID_REQUEST} (400); anything unexpected a 500 problem without details.
 *
 * <p>Requests are form-encoded ({@code application/x-www-form-urlencoded}):
 * <ul>
 *   <li>{@code POST /restaurants/{r}/holds}: {@code tables} (comma-separated ids), {@code start} (ISO-8601),
 *       {@code minutes}, {@code party}, {@code ttlSeconds}, optional {@code booking}; 201 with the hold.</li>
 *   <li>{@code POST /restaurants/{r}/holds/{h}/confirm}: {@code booking}; 200 with the confirmation.</li>
 *   <li>{@code POST /restaurants/{r}/assignments}: {@code booking}, {@code tables}, {@code start}, {@code minutes},
 *       {@code party}; 201 with the allocations.</li>
 * </ul>
 *
 * <p>Thread-safe; {@link #close()} stops the server.
 */
public final class HoldsHttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HoldsHttpApi.class);
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;
    private final AllocationStore store;

    private HoldsHttpApi(HttpServer server, ExecutorService executor, AllocationStore store) {
        this.server = server;
        this.executor = executor;
        this.store = store;
    }

    /**
     * Starts the server.
     *
     * @param address where to listen, for example {@code new InetSocketAddress("127.0.0.1", 0)} for any free port
     * @param store the ledger, for example {@code capacity.allocationStore()}
     * @return the running server
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static HoldsHttpApi start(InetSocketAddress address, AllocationStore store) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        HoldsHttpApi api = new HoldsHttpApi(server, executor, store);
        server.createContext("/restaurants/", api::handle);
        server.start();
        return api;
    }

    /** @return where the server listens, for example {@code http://127.0.0.1:43125} */
    public URI baseUri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (CapacityError e) {
                ProblemResponses.send(exchange, e);
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                ProblemResponses.send(exchange, new InternalFailure("The request failed unexpectedly.", e));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        // /restaurants/{r}/holds, /restaurants/{r}/holds/{h}/confirm, /restaurants/{r}/assignments
        String[] parts = exchange.getRequestURI().getPath().split("/");
        boolean holds = parts.length == 4 && parts[3].equals("holds");
        boolean confirm = parts.length == 6 && parts[3].equals("holds") && parts[5].equals("confirm");
        boolean assignments = parts.length == 4 && parts[3].equals("assignments");
        if (!holds && !confirm && !assignments) {
            ProblemResponses.send(exchange, 404, "Not Found", "No such resource.");
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            ProblemResponses.send(exchange, 405, "Method Not Allowed", "Use POST.");
            return;
        }
        RestaurantId restaurant = Form.id("restaurant", parts[2], RestaurantId::parse);
        Form form = Form.read(exchange);
        if (holds) {
            placeHold(exchange, restaurant, form);
        } else if (confirm) {
            HoldId hold = Form.id("hold", parts[4], HoldId::parse);
            Confirmation c = store.confirmHold(restaurant, hold, form.id("booking", BookingId::parse));
            ProblemResponses.respond(exchange, 200, JSON, "{\"holdId\":\"" + c.holdId() + "\",\"bookingId\":\""
                    + c.bookingId() + "\",\"confirmedAt\":\"" + c.confirmedAt() + "\",\"tables\":"
                    + c.allocations().size() + "}");
        } else {
            List<Allocation> seated = store.assign(new AssignRequest(restaurant, form.id("booking", BookingId::parse),
                    form.tables(), form.window(), form.positive("party"), "http",
                    ValidationOptions.defaults()));
            ProblemResponses.respond(exchange, 201, JSON, "{\"bookingId\":\"" + seated.get(0).bookingId()
                    + "\",\"tables\":" + seated.size() + "}");
        }
    }

    private void placeHold(HttpExchange exchange, RestaurantId restaurant, Form form) throws IOException {
        BookingId booking = form.optionalId("booking", BookingId::parse);
        Hold hold = store.placeHold(PlaceHoldRequest.builder(restaurant, form.window())
                .tables(form.tables())
                .partySize(form.positive("party"))
                .ttl(Duration.ofSeconds(form.positive("ttlSeconds")))
                .bookingId(booking)
                .createdBy("http")
                .build());
        exchange.getResponseHeaders().set("Location", "/restaurants/" + restaurant + "/holds/" + hold.id());
        ProblemResponses.respond(exchange, 201, JSON, "{\"holdId\":\"" + hold.id() + "\",\"expiresAt\":\""
                + hold.expiresAt() + "\"}");
    }

    /**
     * Stops the server and its worker threads. Call it once requests have drained (a load balancer stopped sending
     * them): a request still running is cut off, and rolls back whole.
     */
    @Override
    public void close() {
        // stop(n) would wait for running exchanges, but on JDK 17 it waits the full n seconds even when none runs.
        server.stop(0);
        executor.shutdownNow();
    }
}
