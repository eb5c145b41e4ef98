package io.llmio.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A tiny JSON client for the admin routes of a server started in-process. */
final class AdminHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    AdminHttp(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    AdminHttp as(String otherToken) {
        return new AdminHttp(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherToken);
    }

    record Resp(int status, String text, String contentType) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text, e);
            }
        }

        String errorMessage() {
            return json().path("error").path("message").asText();
        }
    }

    Resp get(String path) {
        return send("GET", path, null, null);
    }

    Resp delete(String path) {
        return send("DELETE", path, null, null);
    }

    Resp post(String path, String body) {
        return send("POST", path, body, "application/json");
    }

    Resp put(String path, String body) {
        return send("PUT", path, body, "application/json");
    }

    Resp patch(String path, String body) {
        return send("PATCH", path, body, "application/json");
    }

    Resp send(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls GET {@code path} until {@code done} holds for its JSON, or fails after 10 s. */
    JsonNode await(String path, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plusSeconds(10);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Resp r = get(path);
            if (r.status() == 200) {
                last = r.json();
                if (done.test(last)) {
                    return last;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("condition not met on " + path + " within 10 s; last: " + last);
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
