package dev.capacity.examples.wiring;

import com.sun.net.httpserver.HttpExchange;
import dev.capacity.api.TableId;
import dev.capacity.api.TimeWindow;
import dev.capacity.api.error.ErrorCode;
import dev.capacity.api.error.InvalidRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A form-encoded request body. Every malformed value becomes the library's {@link InvalidRequest} (400, code
 * {@code INVALID_REQUEST}) naming the field, so the client gets the same kind of problem as for the library's own
 * input checks.
 */
final class Form {

    /** Bodies are tiny; anything larger is not a form of this API. */
    private static final int MAX_BYTES = 16 * 1024;

    private final Map<String, String> fields;

    private Form(Map<String, String> fields) {
        this.fields = fields;
    }

    static Form read(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw invalid("body", "The form is larger than " + MAX_BYTES + " bytes.");
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : new String(bytes, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.put(name, value);
        }
        return new Form(fields);
    }

    private String required(String field) {
        String value = fields.get(field);
        if (value == null || value.isBlank()) {
            throw invalid(field, "'" + field + "' is required.");
        }
        return value.trim();
    }

    <T> T id(String field, Function<String, T> parse) {
        return id(field, required(field), parse);
    }

    <T> @Nullable T optionalId(String field, Function<String, T> parse) {
        String value = fields.get(field);
        return value == null || value.isBlank() ? null : id(field, value.trim(), parse);
    }

    static <T> T id(String field, String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "'" + field + "' must be a UUID.");
        }
    }

    int positive(String field) {
        String text = required(field);
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(field, "'" + field + "' must be a positive whole number.");
    }

    List<TableId> tables() {
        List<TableId> tables = new ArrayList<>();
        for (String id : required("tables").split(",")) {
            tables.add(id("tables", id.trim(), TableId::parse));
        }
        return tables;
    }

    TimeWindow window() {
        Instant start;
        try {
            start = Instant.parse(required("start"));
        } catch (DateTimeParseException e) {
            throw invalid("start", "'start' must be an ISO-8601 instant such as 2030-01-01T19:00:00Z.");
        }
        return TimeWindow.starting(start, Duration.ofMinutes(positive("minutes")));
    }

    private static InvalidRequest invalid(String field, String detail) {
        return new InvalidRequest(ErrorCode.INVALID_REQUEST, field, detail);
    }
}
