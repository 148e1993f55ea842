package dev.capacity.examples.wiring;

import com.sun.net.httpserver.HttpExchange;
import dev.capacity.api.error.CapacityError;
import dev.capacity.api.error.Problem;
import dev.capacity.api.error.ProblemMapping;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Answers an HTTP exchange of the JDK's {@code com.sun.net.httpserver} with an RFC 9457 problem: the status from the
 * error ({@link CapacityError#httpStatus()}, through the {@link ProblemMapping}), {@code application/problem+json},
 * the request path as {@code instance}, and {@code Retry-After} on the retryable 503s. Stateless.
 */
public final class ProblemResponses {

    /** The media type of problem bodies. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private ProblemResponses() {
    }

    /**
     * Sends the error as a problem and closes the exchange.
     *
     * @param exchange the exchange, before its response headers were sent
     * @param error the error
     * @throws IOException if the client went away
     */
    public static void send(HttpExchange exchange, CapacityError error) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Problem problem = error.toProblem(new ProblemMapping() {
            @Override
            public @Nullable String instance(CapacityError e) {
                return path;
            }
        });
        if (error.isRetryable()) {
            // Nothing changed; the same request may succeed in a moment.
            exchange.getResponseHeaders().set("Retry-After", "2");
        }
        send(exchange, problem);
    }

    /**
     * Sends a problem that does not come from the library (an unknown route, a wrong method) and closes the exchange.
     *
     * @param exchange the exchange
     * @param status the HTTP status
     * @param title the short summary
     * @param detail what happened
     * @throws IOException if the client went away
     */
    public static void send(HttpExchange exchange, int status, String title, String detail) throws IOException {
        send(exchange, new Problem("about:blank", title, status, detail, exchange.getRequestURI().getPath(),
                Map.of()));
    }

    private static void send(HttpExchange exchange, Problem problem) throws IOException {
        respond(exchange, problem.status(), PROBLEM_JSON, problem.toJson());
    }

    /**
     * Sends a body and closes the exchange.
     *
     * @param exchange the exchange
     * @param status the HTTP status
     * @param contentType the media type
     * @param body the body
     * @throws IOException if the client went away
     */
    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
