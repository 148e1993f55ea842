package dev.capacity.examples.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.api.BookingId;
import dev.capacity.api.DiningTable;
import dev.capacity.api.RestaurantId;
import dev.capacity.api.TableSpec;
import dev.capacity.api.Zone;
import dev.capacity.impl.PostgresCapacity;
import dev.capacity.testkit.postgres.PostgresExtension;
import dev.capacity.testkit.postgres.TestDatabase;
import dev.capacity.testkit.time.MutableInstantSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@DisplayName("CapacityError answered as RFC 9457 problems by the JDK HttpServer")
class HoldsHttpApiTest {

    private static final String EIGHT_PM = "2030-01-01T20:00:00Z";

    private final MutableInstantSource clock = MutableInstantSource.fixed();
    private final PostgresCapacity capacity;
    private final HoldsHttpApi api;
    private final HttpClient http = HttpClient.newHttpClient();
    private final RestaurantId restaurant = RestaurantId.random();
    private final DiningTable t1;
    private final DiningTable t2;
    private final DiningTable big;

    HoldsHttpApiTest(TestDatabase db) {
        capacity = PostgresCapacity.builder().dataSource(db.dataSource()).schema(db.schema()).clock(clock)
                .listenForChanges(false).build();
        Zone zone = capacity.floorPlanStore().createZone(restaurant, "Main", 0);
        t1 = capacity.floorPlanStore().createTable(restaurant, TableSpec.of(zone.id(), "T1", 4));
        t2 = capacity.floorPlanStore().createTable(restaurant, TableSpec.of(zone.id(), "T2", 4));
        big = capacity.floorPlanStore().createTable(restaurant, TableSpec.of(zone.id(), "T8", 8));
        capacity.floorPlanStore().linkTables(restaurant, t1.id(), t2.id());
        api = HoldsHttpApi.start(new InetSocketAddress("127.0.0.1", 0), capacity.allocationStore());
    }

    @AfterEach
    void stop() {
        api.close();
        capacity.close();
    }

    private HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.baseUri() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String holds() {
        return "/restaurants/" + restaurant + "/holds";
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    @Test
    @DisplayName("a hold on a table another booking holds is 409 HOLD_CONFLICT with a problem body naming the hold")
    void conflict() throws Exception {
        HttpResponse<String> first = post(holds(), "tables=" + t1.id() + "&start=" + EIGHT_PM
                + "&minutes=120&party=4&ttlSeconds=300&booking=" + BookingId.random());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(contentType(first)).isEqualTo("application/json");
        Matcher id = Pattern.compile("\"holdId\":\"([0-9a-f-]{36})\"").matcher(first.body());
        assertThat(id.find()).as(first.body()).isTrue();

        HttpResponse<String> second = post(holds(), "tables=" + t1.id() + "," + t2.id() + "&start="
                + "2030-01-01T21:00:00Z&minutes=120&party=6&ttlSeconds=300");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(contentType(second)).isEqualTo("application/problem+json");
        assertThat(second.headers().firstValue("Retry-After")).isEmpty();
        assertThat(second.body())
                .startsWith("{\"type\":\"urn:capacity:problem:hold-conflict\"")
                .contains("\"status\":409", "\"code\":\"HOLD_CONFLICT\"", "\"retryable\":false",
                        "\"instance\":\"" + holds() + "\"", "\"holdId\":\"" + id.group(1) + "\"");
    }

    @Test
    @DisplayName("a manual assignment with too many empty seats is 422 SLACK_BUDGET_EXCEEDED listing the violation")
    void slack() throws Exception {
        HttpResponse<String> response = post("/restaurants/" + restaurant + "/assignments", "booking="
                + BookingId.random() + "&tables=" + big.id() + "&start=" + EIGHT_PM + "&minutes=90&party=2");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(contentType(response)).isEqualTo("application/problem+json");
        assertThat(response.body()).contains("\"status\":422", "\"code\":\"SLACK_BUDGET_EXCEEDED\"",
                "\"violations\":[{\"code\":\"SLACK_BUDGET_EXCEEDED\",\"severity\":\"ERROR\"", "\"slack\":6",
                "\"budget\":4");
        assertThat(capacity.allocationStore().allocationsOfTables(restaurant, java.util.List.of(big.id()),
                dev.capacity.api.TimeWindow.starting(java.time.Instant.parse(EIGHT_PM), Duration.ofHours(2))))
                .as("nothing was written").isEmpty();
    }

    @Test
    @DisplayName("a hold confirmed for its booking is 200; an unknown hold is 404 HOLD_NOT_FOUND")
    void confirm() throws Exception {
        BookingId booking = BookingId.random();
        HttpResponse<String> placed = post(holds(), "tables=" + t2.id() + "&start=" + EIGHT_PM
                + "&minutes=120&party=3&ttlSeconds=300&booking=" + booking);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String location = placed.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> confirmed = post(location + "/confirm", "booking=" + booking);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.body()).contains("\"bookingId\":\"" + booking + "\"", "\"tables\":1");

        HttpResponse<String> unknown = post(holds() + "/" + java.util.UUID.randomUUID() + "/confirm",
                "booking=" + booking);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"HOLD_NOT_FOUND\"");
    }

    @Test
    @DisplayName("malformed input is the library's 400 INVALID_REQUEST; unknown routes and methods are problems too")
    void malformed() throws Exception {
        HttpResponse<String> badStart = post(holds(), "tables=" + t1.id() + "&start=tonight&minutes=120&party=2"
                + "&ttlSeconds=300");
        assertThat(badStart.statusCode()).isEqualTo(400);
        assertThat(contentType(badStart)).isEqualTo("application/problem+json");
        assertThat(badStart.body()).contains("\"code\":\"INVALID_REQUEST\"", "'start' must be an ISO-8601 instant");

        HttpResponse<String> badTtl = post(holds(), "tables=" + t1.id() + "&start=" + EIGHT_PM
                + "&minutes=120&party=2&ttlSeconds=7200");
        assertThat(badTtl.statusCode()).as("longer than the 30-minute hold lifetime").isEqualTo(400);
        assertThat(badTtl.body()).contains("\"code\":\"INVALID_TTL\"");

        HttpResponse<String> nowhere = post("/restaurants/" + restaurant + "/tables", "");
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.body()).contains("\"title\":\"Not Found\"");

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(api.baseUri() + holds())).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
    }
}
